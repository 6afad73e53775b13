from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bina.core.actor import Actor
from bina.core.errors import BinaError
from bina.core.models import PemdaKind, TimeZone
from bina.core.services import pemda_create


class Command(BaseCommand):
    help = "Create a Pemda (tenant)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=PemdaKind.values)
        parser.add_argument("--bps-code", required=True, dest="bps_code")
        parser.add_argument("--timezone", default=TimeZone.WIB, choices=TimeZone.values)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pemda = pemda_create(
                actor=Actor.platform(label="create_pemda"),
                slug=options["slug"],
                name=options["name"],
                kind=options["kind"],
                bps_code=options["bps_code"],
                timezone_name=options["timezone"],
            )
        except BinaError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"Created Pemda {pemda.slug} ({pemda.name}), id={pemda.pk}")
