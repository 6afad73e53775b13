from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bina.accounts.management.commands._password import read_password
from bina.accounts.services import user_create_with_role
from bina.core.actor import Actor
from bina.core.errors import BinaError
from bina.core.roles import Role
from bina.core.selectors import pemdas_for


class Command(BaseCommand):
    help = (
        "Create an account in a Pemda with its first role (e.g. the first BKPSDM admin of a real installation). "
        "The password comes from --password-file or an interactive prompt and must pass the password rules."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--pemda", required=True, help="Slug of the Pemda (see create_pemda).")
        parser.add_argument("--role", required=True, choices=[r for r in Role.values if r != Role.PARTNER])
        parser.add_argument("--nip", default="", help="NIP of the employee the account belongs to.")
        parser.add_argument("--unit", default="", help="Unit code: required for an operator, optional for a leader.")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-file", dest="password_file", help="File whose first line is the password.")

    def handle(self, *args: Any, **options: Any) -> None:
        pemda = pemdas_for(Actor.platform(label="create_user")).filter(slug=options["pemda"]).first()
        if pemda is None:
            raise CommandError(f"No Pemda with slug {options['pemda']!r}; create it first with create_pemda.")
        password = read_password(options["password_file"])
        try:
            user = user_create_with_role(
                actor=Actor.system(pemda.pk, label="create_user"),
                pemda=pemda,
                username=options["username"],
                password=password,
                role=options["role"],
                email=options["email"],
                employee_nip=options["nip"],
                unit_code=options["unit"],
            )
        except BinaError as exc:
            raise CommandError(f"{exc.message} Nothing was created.") from exc
        self.stdout.write(f"Created {user.username} in {pemda.slug} with the role {options['role']}, id={user.pk}.")
