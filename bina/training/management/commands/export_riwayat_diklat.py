"""Export a Pemda's training history in the SIASN riwayat-diklat shape (CSV or XLSX) from the command line.

Runs as the Pemda's BKPSDM scope (the whole Pemda), like an admin download from the export page.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.models import Pemda
from bina.training import exports


class Command(BaseCommand):
    help = "Write the SIASN riwayat diklat export of one Pemda and year to a file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--pemda", required=True, help="Pemda slug")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("--output", required=True, help="File to write")

    def handle(self, *args: Any, **options: Any) -> None:
        pemda = Pemda.objects.filter(slug=options["pemda"]).first()
        if pemda is None:
            raise CommandError(f"No Pemda with slug {options['pemda']!r}.")
        actor = Actor.system(pemda.pk, label="export_riwayat_diklat")
        rows = exports.riwayat_diklat_rows(actor, year=options["year"], fmt=options["format"])
        count = 0

        def counted(source: Any) -> Any:
            nonlocal count
            for row in source:
                count += 1
                yield row

        if options["format"] == "csv":
            with open(options["output"], "w", encoding="utf-8", newline="") as fh:
                for chunk in exports.csv_stream(exports.SIASN_COLUMNS, counted(rows)):
                    fh.write(chunk)
        else:
            with open(options["output"], "wb") as binary:
                binary.write(exports.xlsx_bytes(exports.SIASN_COLUMNS, counted(rows), title="Riwayat Diklat"))
        audit_record(
            action="training.export_riwayat_diklat",
            actor=actor,
            detail={"year": options["year"], "format": options["format"], "rows": count},
        )
        self.stdout.write(f"{count} row(s) written to {options['output']}.")
