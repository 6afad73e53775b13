from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bina.core.errors import BinaError
from bina.demo.services import DEMO_PASSWORD, demo_data_check_allowed, demo_load


class Command(BaseCommand):
    help = "Load the standard demo (Surabaya and Serang, their people and demo accounts). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            # Checked before anything touches the database.
            demo_data_check_allowed()
            started = time.perf_counter()
            result = demo_load()
        except BinaError as exc:
            raise CommandError(str(exc.message)) from exc
        seconds = time.perf_counter() - started
        if result.already_there:
            self.stdout.write(f"The demo is already there; nothing to do ({seconds:.1f} s).")
        else:
            for g in result.generations:
                self.stdout.write(
                    f"{g.pemda.name}: {g.units_created} units and {g.employees_created} employees created "
                    f"({g.units_total} units, {g.employees_total} employees in total)."
                )
            for s in result.services:
                if s.created:
                    self.stdout.write(
                        f"{s.pemda.name}: {s.records} service records in {s.units} kelurahan "
                        f"({s.treated_officers} officers trained in public service)."
                    )
            for v in result.voices:
                if v.responses or v.complaints:
                    self.stdout.write(f"{v.responses} SKM responses and {v.complaints} complaints.")
            self.stdout.write(f"{result.accounts_created} accounts created. Done in {seconds:.1f} s.")
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        rows = [("username", "Pemda", "role", "reach", "employee")]
        rows += [(a.username, a.pemda or "-", a.role, a.reach, a.employee or "-") for a in result.accounts]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for number, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
