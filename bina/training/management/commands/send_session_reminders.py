"""Send the day-before session reminders. Run daily from cron or a systemd timer, e.g. at 07:00 WIB:

0 7 * * *  cd /srv/bina && .venv/bin/python manage.py send_session_reminders
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bina.training.learning.reminders import session_reminders_send


class Command(BaseCommand):
    help = "Remind participants and instructors of sessions starting tomorrow (in each Pemda's time zone)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = session_reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
