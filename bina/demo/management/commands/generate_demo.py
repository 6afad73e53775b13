from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bina.core.errors import BinaError
from bina.demo.data import DEMO_SLUGS
from bina.demo.generator import generate
from bina.demo.services import demo_data_check_allowed


class Command(BaseCommand):
    help = "Generate demo Pemda with N employees each (seeded; re-running only adds what is missing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, required=True, help="Employees per Pemda (total, not added).")
        parser.add_argument(
            "--pemda", action="append", choices=DEMO_SLUGS, help="Pemda slug; repeat for several (default: all)."
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo_data_check_allowed()
        except BinaError as exc:
            raise CommandError(str(exc.message)) from exc
        if options["scale"] < 0:
            raise CommandError("--scale must be 0 or more.")
        started = time.perf_counter()
        for slug in options["pemda"] or DEMO_SLUGS:
            result = generate(slug, employees=options["scale"], seed=options["seed"])
            self.stdout.write(
                f"{result.pemda.name}: {'created' if result.pemda_created else 'found'}; "
                f"{result.units_created} units and {result.employees_created} employees created; "
                f"now {result.units_total} units and {result.employees_total} employees ({result.seconds:.1f} s)."
            )
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")
