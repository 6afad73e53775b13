"""Export a Pemda's training history in the SIASN riwayat-diklat shape (CSV or XLSX) from the command line.

Runs as the Pemda's BKPSDM scope (the whole Pemda), like an admin download from the export page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.models import Pemda
from bina.reports.registry import EmptyReport, report_file


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
        try:
            with open(options["output"], "wb") as output:
                count = report_file(
                    "training.riwayat_diklat",
                    actor=actor,
                    fmt=options["format"],
                    output=output,
                    params={"year": options["year"]},
                )
        except EmptyReport as exc:
            Path(options["output"]).unlink(missing_ok=True)  # no empty file left behind
            raise CommandError(str(exc.message)) from exc
        audit_record(
            action="training.export_riwayat_diklat",
            actor=actor,
            detail={"year": options["year"], "format": options["format"], "rows": count},
        )
        self.stdout.write(f"{count} row(s) written to {options['output']}.")
