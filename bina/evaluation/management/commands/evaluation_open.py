"""One round of the periodic evaluation work by hand: `manage.py evaluation_open [--pemda SLUG]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bina.evaluation.tasks import evaluation_round


class Command(BaseCommand):
    help = "Open reaction surveys and behaviour follow-ups that are due, and send reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pemda", help="Slug of one Pemda (all when omitted).")

    def handle(self, *args: Any, **options: Any) -> None:
        totals = evaluation_round(slug=options.get("pemda"))
        self.stdout.write(" ".join(f"{k}={v}" for k, v in totals.items()))
