"""`manage.py run_periodic [--once] [--only KEY ...]`: the loop that runs every registered periodic task
(`bina.jobs.periodic`) at its interval: retrying jobs whose worker died, escalating overdue complaints, ...

Started by `make serve` and `make worker` next to `db_worker`; in production one long-lived process (or
one per machine: every task is safe to run concurrently). `--once` runs each task one time and stops.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from bina.jobs.periodic import PeriodicRunner, periodic_tasks


class Command(BaseCommand):
    help = "Run the periodic tasks (reclaiming jobs, escalating complaints, ...) each at its interval."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every task once and stop")
        parser.add_argument("--only", action="append", default=[], metavar="KEY", help="run only this task")

    def handle(self, *args: Any, **options: Any) -> None:
        tasks = periodic_tasks()
        known = {t.key for t in tasks}
        unknown = [k for k in options["only"] if k not in known]
        if unknown:
            raise CommandError(
                f"Unknown periodic task {', '.join(unknown)}; known: {', '.join(sorted(known))}.", returncode=2
            )
        if options["only"]:
            tasks = [t for t in tasks if t.key in options["only"]]
        runner = PeriodicRunner(tasks)
        while True:
            for key, line in runner.run_due():
                self.stdout.write(f"{key}: {line}")
            self.stdout.flush()
            if options["once"]:
                return
            time.sleep(max(runner.seconds_to_next(), 1.0))
            close_old_connections()  # a long-running loop: drop connections the database closed
