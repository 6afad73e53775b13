"""`manage.py skm_report --pemda SLUG --unit KODE --from YYYY-MM-DD --to YYYY-MM-DD --format json|xlsx|pdf`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from bina.core.actor import Actor
from bina.core.errors import BinaError
from bina.core.models import Pemda
from bina.reports.registry import report_file
from bina.skm.reports import KEY
from bina.skm.selectors import skm_results


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).", returncode=2) from None


class Command(BaseCommand):
    help = "A unit's SKM results over a period (PermenPANRB 14/2017) as JSON, XLSX or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pemda", required=True)
        parser.add_argument("--unit", required=True)
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--service", default="")
        parser.add_argument("--format", choices=("json", "xlsx", "pdf"), default="json")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        pemda = Pemda.objects.filter(slug=options["pemda"]).first()
        if pemda is None:
            raise CommandError(f"No Pemda with slug {options['pemda']!r}.", returncode=2)
        actor = Actor.system(pemda.pk, label="skm_report")
        start, end = _day(options["start"]), _day(options["end"])
        fmt = options["format"]
        try:
            if fmt == "json":
                results = skm_results(
                    actor, unit_code=options["unit"], start=start, end=end, service_code=options["service"]
                )
                text = json.dumps(results.as_json(), ensure_ascii=False, indent=2) + "\n"
                if options["output"]:
                    with open(options["output"], "w", encoding="utf-8") as out:
                        out.write(text)
                else:
                    self.stdout.write(text, ending="")
                return
            params = {"unit": options["unit"], "from": start, "to": end, "service": options["service"]}
            if options["output"]:
                with open(options["output"], "wb") as binary:
                    report_file(KEY, actor=actor, fmt=fmt, output=binary, params=params)
            else:
                report_file(KEY, actor=actor, fmt=fmt, output=sys.stdout.buffer, params=params)
        except BinaError as exc:
            raise CommandError(str(exc.message), returncode=1) from exc
