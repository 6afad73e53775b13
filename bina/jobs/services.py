"""Moving jobs through their states, keeping heartbeats, and reclaiming jobs whose worker died.

Every move is a conditional UPDATE on the state it leaves (healthchecks' `sendalerts` claim pattern):
`UPDATE ... SET status='running' WHERE id=%s AND status='queued'` matches one row for exactly one
caller, so two workers never both run a job and two reclaimers never both take a stale one. Moves
out of `running` are also guarded by the attempt number, so a worker that was presumed dead and
wakes up after its job was retried cannot overwrite the new attempt's outcome.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.audit import audit_record
from bina.core.errors import Conflict
from bina.jobs.models import TRANSITIONS, Job, JobStatus
from bina.jobs.registry import JobKind, job_kinds

J = TypeVar("J", bound=Job)


def _move(
    model: type[Job], pk: int, *, source: str, target: str, guard: dict[str, Any] | None = None, **fields: Any
) -> bool:
    """One transition of the table, as a conditional UPDATE; False when another caller moved it first."""
    if target not in TRANSITIONS[source]:
        raise Conflict(
            _("A job cannot go from %(source)s to %(target)s.") % {"source": source, "target": target},
            code="job_transition",
        )
    return bool(model._default_manager.filter(pk=pk, status=source, **(guard or {})).update(status=target, **fields))


def job_claim(model: type[J], pk: int) -> J | None:
    """Take a queued job for this worker (queued -> running), or None when it is not queued any more."""
    now = timezone.now()
    claimed = _move(
        model,
        pk,
        source=JobStatus.QUEUED,
        target=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    return model._default_manager.get(pk=pk) if claimed else None


def job_finish(job: Job, *, result: Any = None, done: int | None = None, total: int | None = None) -> bool:
    """running -> done, with the result and final progress. False when this attempt lost the job."""
    now = timezone.now()
    fields: dict[str, Any] = {"finished_at": now, "heartbeat_at": now}
    if result is not None:
        fields["result"] = result
    if done is not None:
        fields["progress_done"] = done
    if total is not None:
        fields["progress_total"] = total
    ok = _move(type(job), job.pk, source=job.status, target=JobStatus.DONE, guard={"attempts": job.attempts}, **fields)
    job.refresh_from_db()
    return ok


def job_fail(
    job: Job, *, code: str, params: dict[str, Any] | None = None, done: int | None = None, result: Any = None
) -> bool:
    """-> failed with a reason (a code of `bina.jobs.registry` and its params). False when lost."""
    fields: dict[str, Any] = {"finished_at": timezone.now(), "failure_code": code, "failure_params": params or {}}
    if done is not None:
        fields["progress_done"] = done
    if result is not None:
        fields["result"] = result
    guard = {"attempts": job.attempts} if job.status == JobStatus.RUNNING else {}
    ok = _move(type(job), job.pk, source=job.status, target=JobStatus.FAILED, guard=guard, **fields)
    job.refresh_from_db()
    return ok


class Heartbeat:
    """While a job runs, a thread writes its heartbeat and latest progress every few seconds.

    A thread with its own database connection, because the work itself may sit in one long
    transaction (an all-or-nothing import): writes from the worker's connection would stay invisible
    to the reclaimer until the end. On SQLite the beat waits for that transaction's write lock and
    skips a beat when it times out; PostgreSQL beats freely.

        with Heartbeat(job) as beat:
            for item in items:
                ...
                beat.progress(done, total)
    """

    def __init__(self, job: Job, *, every: float | None = None):
        self.job = job
        self.every = float(every if every is not None else settings.JOBS_HEARTBEAT_SECONDS)
        self.done: int | None = None
        self.total: int | None = None
        self.beats = 0
        self._stop = threading.Event()
        # Test runs may share the worker's connection with threads; never close that one.
        self._worker_connection = connections[DEFAULT_DB_ALIAS]
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{job._meta.label_lower}-{job.pk}")
        self._thread.daemon = True

    def progress(self, done: int, total: int | None = None) -> None:
        self.done, self.total = done, total

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    self.beat()
                except DatabaseError:
                    continue  # a locked SQLite database: the next beat tries again
        finally:
            own = connections[DEFAULT_DB_ALIAS]
            if own is not self._worker_connection:
                own.close()

    def beat(self) -> bool:
        fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
        if self.done is not None:
            fields["progress_done"] = self.done
            fields["progress_total"] = self.total
        job = self.job
        found = (
            type(job)
            ._default_manager.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)
            .update(**fields)
        )
        self.beats += 1
        return bool(found)


@dataclass(frozen=True)
class Reclaimed:
    model: str
    pk: int
    outcome: str  # "retried" or "failed"
    attempts: int


def jobs_reclaim(*, stale_after: dt.timedelta | None = None, now: dt.datetime | None = None) -> list[Reclaimed]:
    """Running jobs without a heartbeat for `stale_after` (settings.JOBS_STALE_AFTER_MINUTES) go back to
    the queue and are queued again, or fail with `worker_lost` once they used up their attempts.
    Safe to run from several processes at once: each move is a conditional UPDATE."""
    now = now or timezone.now()
    cutoff = now - (stale_after or dt.timedelta(minutes=settings.JOBS_STALE_AFTER_MINUTES))
    found: list[Reclaimed] = []
    for kind in job_kinds():
        found.extend(_reclaim_kind(kind, cutoff=cutoff, now=now))
    return found


def _reclaim_kind(kind: JobKind, *, cutoff: dt.datetime, now: dt.datetime) -> list[Reclaimed]:
    model = kind.model
    limit = kind.max_attempts or settings.JOBS_MAX_ATTEMPTS
    stale = model._default_manager.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    found: list[Reclaimed] = []
    for pk, attempts, beat in stale.values_list("pk", "attempts", "heartbeat_at"):
        # Guarded by what was read: a heartbeat (or another reclaimer) in between makes this match nothing.
        guard = {"attempts": attempts, "heartbeat_at": beat}
        with transaction.atomic():
            if attempts < limit:
                if not _move(
                    model, pk, source=JobStatus.RUNNING, target=JobStatus.QUEUED, guard=guard, heartbeat_at=None
                ):
                    continue
                transaction.on_commit(partial(kind.enqueue, pk))
                outcome = "retried"
            else:
                params = {"attempts": attempts}
                if not _move(
                    model,
                    pk,
                    source=JobStatus.RUNNING,
                    target=JobStatus.FAILED,
                    guard=guard,
                    failure_code="worker_lost",
                    failure_params=params,
                    finished_at=now,
                ):
                    continue
                outcome = "failed"
            job = model._default_manager.get(pk=pk)
            audit_record(
                action=f"job.reclaim_{outcome}",
                pemda_id=getattr(job, "pemda_id", None),
                target=job,
                actor_label="system",
                detail={"attempts": attempts, "last_heartbeat": beat.isoformat() if beat else None},
            )
        found.append(Reclaimed(model=model._meta.label_lower, pk=pk, outcome=outcome, attempts=attempts))
    return found
