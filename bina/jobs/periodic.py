"""Periodic work without cron: one loop (`manage.py run_periodic`) runs every registered task at its interval.

`make serve` and `make worker` start it next to `db_worker`; a real installation runs it as one more
long-lived process (README, "Production deployment"). Apps register in their `AppConfig.ready()`:

    register_periodic(Periodic("complaints.escalate", every=900, run=escalate_every_pemda))

`run` does one round over every Pemda and returns a line for the log. Each task must be safe to run
twice, and in two processes at once (several app servers may each run the loop): claim with a
conditional UPDATE, give notifications a unique `event_key` (see `bina.complaints.services.complaints_escalate`
and `bina.jobs.services.jobs_reclaim`). `settings.BINA_PERIODIC_EVERY` ({key: seconds}) overrides an interval.
A task that raises is logged and tried again at its next interval; the others go on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    key: str
    every: float  # seconds between two rounds (`settings.BINA_PERIODIC_EVERY` may override)
    run: Callable[[], str]

    @property
    def interval(self) -> float:
        return float(getattr(settings, "BINA_PERIODIC_EVERY", {}).get(self.key, self.every))


_TASKS: dict[str, Periodic] = {}


def register_periodic(task: Periodic) -> None:
    _TASKS[task.key] = task


def periodic_tasks() -> list[Periodic]:
    return list(_TASKS.values())


class PeriodicRunner:
    """Which tasks are due and when the next one is: each runs at once on start, then every `interval`."""

    def __init__(self, tasks: Iterable[Periodic], clock: Callable[[], float] = time.monotonic) -> None:
        self.tasks = list(tasks)
        self.clock = clock
        self.next_at = {t.key: 0.0 for t in self.tasks}

    def run_due(self) -> list[tuple[str, str]]:
        """Run every task whose time has come; (key, its log line) for each, a failure's line too."""
        done: list[tuple[str, str]] = []
        for task in self.tasks:
            now = self.clock()
            if now < self.next_at[task.key]:
                continue
            try:
                line = task.run()
            except Exception as exc:  # one task's failure must not stop the others
                logger.exception("periodic task %s failed", task.key)
                line = f"failed: {exc.__class__.__name__}: {exc}"
            self.next_at[task.key] = now + task.interval
            done.append((task.key, line))
        return done

    def seconds_to_next(self) -> float:
        if not self.tasks:
            return 60.0
        return max(0.0, min(self.next_at.values()) - self.clock())
