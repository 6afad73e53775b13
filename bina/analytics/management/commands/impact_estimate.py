"""Estimate the effect of a training on a public service as the Pemda's system actor (issue 11, §2).

    python manage.py impact_estimate --pemda SLUG --service KODE --metric process|wait|total|within_sla \\
        --level officer|unit --training X [--training Y] --from YYYY-MM --to YYYY-MM [--threshold 0.5] \\
        --format json
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bina.analytics.panels import LEVELS, METRICS
from bina.analytics.selectors import impact_estimate, impact_query_parse
from bina.core.actor import Actor
from bina.core.errors import BinaError
from bina.core.models import Pemda


class Command(BaseCommand):
    help = "Effect of a training on a service's times: staggered difference-in-differences, as one JSON object."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--pemda", required=True, help="Pemda slug")
        parser.add_argument("--service", required=True, help="service code, e.g. KTP-EL")
        parser.add_argument("--metric", required=True, choices=METRICS)
        parser.add_argument("--level", required=True, choices=LEVELS)
        parser.add_argument("--training", action="append", required=True, help="course code or training name")
        parser.add_argument("--from", dest="start", required=True, help="first month, YYYY-MM")
        parser.add_argument("--to", dest="end", required=True, help="last month, YYYY-MM")
        parser.add_argument("--threshold", default="0.5", help="unit level: share of officers trained (0-1]")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        pemda = Pemda.objects.filter(slug=options["pemda"]).first()
        if pemda is None:
            raise CommandError(f"No Pemda with slug {options['pemda']!r}.", returncode=2)
        try:
            query = impact_query_parse(
                service=options["service"],
                metric=options["metric"],
                level=options["level"],
                trainings=options["training"],
                start=options["start"],
                end=options["end"],
                threshold=options["threshold"],
            )
            result = impact_estimate(actor=Actor.system(pemda.pk, label="impact_estimate"), query=query)
        except BinaError as exc:
            details = "; ".join(f"{d.get('field')}: {d.get('message')}" for d in exc.details or [])
            raise CommandError(f"{exc.message}{' ' + details if details else ''}", returncode=2) from exc
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
