"""`manage.py complaints_escalate [--pemda SLUG]`: one round of closing followed-up complaints without a reply
and escalating overdue ones, once per deadline. The periodic loop (`manage.py run_periodic`, started by
`make serve` and `make worker`) runs the same round every 15 minutes; this command is for a round by hand."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bina.complaints.tasks import escalate_pemdas


class Command(BaseCommand):
    help = "Close followed-up complaints without a reply and escalate overdue complaints (each escalation once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pemda", help="slug of one Pemda (default: every active Pemda)")

    def handle(self, *args: Any, **options: Any) -> None:
        results = escalate_pemdas(slug=options["pemda"] or None)
        if options["pemda"] and not results:
            raise CommandError(f"No Pemda with slug {options['pemda']!r}.", returncode=2)
        for slug, result in results:
            self.stdout.write(f"{slug}: escalated={result.escalated} closed={result.closed}")
