"""`manage.py reclaim_jobs [--every SECONDS]`: retry or fail jobs whose worker stopped heartbeating.

Once, or in a loop next to `db_worker` (`make serve`, `make worker`). Safe to run from several
machines: every reclaim is a conditional UPDATE.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from bina.jobs.services import jobs_reclaim


class Command(BaseCommand):
    help = "Retry (or fail, after the last attempt) background jobs whose worker died."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=float, default=0, help="repeat every SECONDS (0: run once)")
        parser.add_argument(
            "--stale-after", type=float, default=None, help="seconds without a heartbeat (default: settings)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stale = dt.timedelta(seconds=options["stale_after"]) if options["stale_after"] else None
        while True:
            for item in jobs_reclaim(stale_after=stale):
                self.stdout.write(f"{item.model} {item.pk}: {item.outcome} after {item.attempts} attempt(s)")
            if not options["every"]:
                return
            time.sleep(options["every"])
            close_old_connections()  # a long-running loop: drop connections the database closed
