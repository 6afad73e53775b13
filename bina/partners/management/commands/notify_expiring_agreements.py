"""Daily: warn each Pemda's admins of cooperation agreements ending within 90, 30 and 7 days."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bina.partners.services import agreements_notify_expiring


class Command(BaseCommand):
    help = "Notify admins of agreements that end soon (each agreement and threshold once)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = agreements_notify_expiring()
        self.stdout.write(f"{sent} notification(s) sent.")
