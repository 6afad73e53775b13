"""Rebuild a Pemda's service-record rollups from the raw records (after a restore, a bulk load, a fix).

    python manage.py rebuild_service_rollups --pemda SLUG [--from YYYY-MM-DD] [--to YYYY-MM-DD]

Runs as the Pemda's system actor; the rebuild is exact and idempotent (`bina.quality.rollups`).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.models import Pemda
from bina.quality.rollups import rollups_rebuild


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}.", returncode=2) from None


class Command(BaseCommand):
    help = "Recompute the day and month rollups of a Pemda's service records (optionally for a period)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--pemda", required=True, help="Pemda slug")
        parser.add_argument("--from", dest="start", help="first arrival date, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last arrival date, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        pemda = Pemda.objects.filter(slug=options["pemda"]).first()
        if pemda is None:
            raise CommandError(f"No Pemda with slug {options['pemda']!r}.", returncode=2)
        start = _day(options["start"]) if options["start"] else None
        end = _day(options["end"]) if options["end"] else None
        if start and end and start > end:
            raise CommandError("--from is after --to.", returncode=2)
        began = time.perf_counter()
        records = rollups_rebuild(pemda_id=pemda.pk, start=start, end=end)
        audit_record(
            action="quality.rollups_rebuild",
            actor=Actor.system(pemda.pk, label="rebuild_service_rollups"),
            detail={"from": str(start) if start else None, "to": str(end) if end else None, "records": records},
        )
        self.stdout.write(f"records={records} seconds={time.perf_counter() - began:.1f}")
