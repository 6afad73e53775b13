"""`manage.py portal_publication --pemda SLUG [--publish impact,ikm] [--withdraw service]`: what the
Pemda's transparency portal publishes (prints the sections and whether each is published)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bina.core.actor import Actor
from bina.core.models import Pemda
from bina.portal.access import publication_of
from bina.portal.models import SECTION_KEYS
from bina.portal.services import publication_update


def _sections(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in SECTION_KEYS]
    if unknown:
        raise CommandError(
            f"Unknown section {', '.join(unknown)}; the sections are {', '.join(SECTION_KEYS)}.", returncode=2
        )
    return names


class Command(BaseCommand):
    help = "Show, publish or withdraw the sections of a Pemda's transparency portal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pemda", required=True)
        parser.add_argument("--publish", default="", help=f"comma-separated: {','.join(SECTION_KEYS)}")
        parser.add_argument("--withdraw", default="", help="comma-separated sections to withdraw")

    def handle(self, *args: Any, **options: Any) -> None:
        pemda = Pemda.objects.filter(slug=options["pemda"]).first()
        if pemda is None:
            raise CommandError(f"No Pemda with slug {options['pemda']!r}.", returncode=2)
        publish, withdraw = _sections(options["publish"]), _sections(options["withdraw"])
        both = set(publish) & set(withdraw)
        if both:
            raise CommandError(f"Both published and withdrawn: {', '.join(sorted(both))}.", returncode=2)
        if publish or withdraw:
            data = {**dict.fromkeys(publish, True), **dict.fromkeys(withdraw, False)}
            publication_update(actor=Actor.system(pemda.pk, label="portal_publication"), data=data)
        current = publication_of(pemda.pk)
        for key in SECTION_KEYS:
            self.stdout.write(f"{key}\t{'published' if getattr(current, key) else 'not published'}")
