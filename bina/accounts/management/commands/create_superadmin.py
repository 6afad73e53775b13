from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bina.accounts.management.commands._password import read_password
from bina.accounts.services import user_create
from bina.core.actor import Actor
from bina.core.errors import BinaError


class Command(BaseCommand):
    help = (
        "Create a platform superadmin (manages the Pemda and their admins). The password comes from "
        "--password-file or an interactive prompt and must pass the password rules."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-file", dest="password_file", help="File whose first line is the password.")

    def handle(self, *args: Any, **options: Any) -> None:
        password = read_password(options["password_file"])
        try:
            user = user_create(
                actor=Actor.platform(label="create_superadmin"),
                pemda=None,
                username=options["username"],
                password=password,
                email=options["email"],
                is_superadmin=True,
            )
        except BinaError as exc:
            raise CommandError(f"{exc.message} Nothing was created.") from exc
        self.stdout.write(f"Created the superadmin {user.username}, id={user.pk}.")
