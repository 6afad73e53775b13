"""Print the figures of public services (the API's `service-stats`) as the Pemda's system actor.

    python manage.py service_stats --pemda SLUG [--service KODE] [--unit KODE] \\
        --from YYYY-MM-DD --to YYYY-MM-DD [--group month] [--format json|csv]
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bina.core.actor import Actor
from bina.core.errors import BinaError
from bina.core.models import Pemda
from bina.quality.stats import GROUPS, StatItem, service_stats


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}.", returncode=2) from None


class Command(BaseCommand):
    help = "Service figures (counts, median/p90 minutes, % within SLA) per month, week, day, unit or officer."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--pemda", required=True, help="Pemda slug")
        parser.add_argument("--service", default="", help="service code; default every service")
        parser.add_argument("--unit", default="", help="unit code (with its subtree); default the whole Pemda")
        parser.add_argument("--from", dest="start", required=True, help="first arrival date, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last arrival date, YYYY-MM-DD")
        parser.add_argument("--group", choices=GROUPS, default="month")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        pemda = Pemda.objects.filter(slug=options["pemda"]).first()
        if pemda is None:
            raise CommandError(f"No Pemda with slug {options['pemda']!r}.", returncode=2)
        try:
            items = service_stats(
                actor=Actor.system(pemda.pk, label="service_stats"),
                service_code=options["service"] or None,
                unit_code=options["unit"] or None,
                start=_day(options["start"]),
                end=_day(options["end"]),
                group=options["group"],
            )
        except BinaError as exc:
            raise CommandError(str(exc.message), returncode=2) from exc
        rows = [dataclasses.asdict(item) for item in items]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=[f.name for f in dataclasses.fields(StatItem)])
        writer.writeheader()
        writer.writerows(rows)
