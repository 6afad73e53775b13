"""`manage.py complaints_escalate [--pemda SLUG]`: close followed-up complaints without a reply and escalate
overdue ones by email, once per deadline (safe to run every few minutes, e.g. from cron)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bina.complaints.services import complaints_escalate
from bina.core.actor import Actor
from bina.core.models import Pemda


class Command(BaseCommand):
    help = "Close followed-up complaints without a reply and escalate overdue complaints (each escalation once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pemda", help="slug of one Pemda (default: every active Pemda)")

    def handle(self, *args: Any, **options: Any) -> None:
        pemdas = Pemda.objects.filter(is_active=True)
        if options["pemda"]:
            pemdas = pemdas.filter(slug=options["pemda"])
            if not pemdas.exists():
                raise CommandError(f"No Pemda with slug {options['pemda']!r}.", returncode=2)
        for pemda in pemdas.order_by("pk"):
            result = complaints_escalate(actor=Actor.system(pemda.pk, label="complaints_escalate"))
            self.stdout.write(f"{pemda.slug}: escalated={result.escalated} closed={result.closed}")
