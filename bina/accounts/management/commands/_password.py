"""How the account commands get a password: from a file (scripts, secrets) or typed twice at a prompt."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from django.core.management.base import CommandError


def read_password(password_file: str | None) -> str:
    if password_file:
        try:
            # One line; the trailing newline an editor or `echo` adds is not part of the password.
            password = Path(password_file).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise CommandError(f"Cannot read the password file {password_file}: {exc.strerror}.") from exc
        if not password:
            raise CommandError(f"The password file {password_file} is empty.")
        return password
    if not sys.stdin.isatty():
        raise CommandError("No password given: use --password-file PATH, or run the command in a terminal.")
    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Password (again): "):
        raise CommandError("The two passwords differ; nothing was created.")
    if not password:
        raise CommandError("An empty password is not allowed.")
    return password
