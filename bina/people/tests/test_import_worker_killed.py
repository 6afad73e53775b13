"""A worker killed mid-job (a real `kill -9` of a real `manage.py db_worker`): the job is reclaimed,
retried by the next worker until it completes, or failed with a reason once its attempts are used up.

The database is the test database itself (committed data: `transaction=True`), shared with the worker
processes through DATABASE_URL, on SQLite (a file in var/) and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation

from bina.bench.csvgen import write_employee_csv
from bina.core.models import AuditEvent
from bina.imports.jobs import import_job_create
from bina.imports.models import ImportJob
from bina.jobs.models import JobStatus
from bina.jobs.services import jobs_reclaim
from bina.jobs.testing import DB_BACKEND, kill_9, start_db_worker, stop, wait_for
from bina.people.models import Employee

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 20_000  # enough that the import runs for a few seconds: the kill lands mid-job


@pytest.fixture
def start_worker() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> subprocess.Popen[bytes]:
        started.append(start_db_worker(*args))
        return started[-1]

    yield start
    stop(started)


def queue_big_import(world, tmp_path: Path, settings) -> ImportJob:
    settings.TASKS = {"default": {"BACKEND": DB_BACKEND}}  # queued for the worker, not run here
    path = write_employee_csv(tmp_path / "pegawai.csv", ROWS, [world.units["dinas"].code, world.units["bidang"].code])
    upload = SimpleUploadedFile("pegawai.csv", path.read_bytes(), content_type="text/csv")
    return import_job_create(actor=world.actor("admin"), kind="employees", upload=upload)


def kill_while_heartbeating(job: ImportJob, worker: subprocess.Popen[bytes]) -> None:
    """Wait until the worker runs the job (and, on PostgreSQL, its heartbeat has moved on), then kill -9.

    On SQLite the heartbeat cannot be written while the import's transaction holds the write lock, so a
    heartbeat that moved means the import has already committed; there the kill comes shortly after the
    claim instead, while the file is still being read (the reclaim logic is the same either way).
    """
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING, timeout=60, what="the claim")
    claimed = ImportJob.objects.get(pk=job.pk)
    if connection.vendor == "sqlite":
        time.sleep(0.3)
    else:
        wait_for(
            lambda: (ImportJob.objects.get(pk=job.pk).heartbeat_at or claimed.started_at) > claimed.started_at,
            timeout=30,
            what="a heartbeat",
        )
    kill_9(worker)


def test_killed_import_worker_is_reclaimed_and_the_next_worker_completes_it(world, tmp_path, settings, start_worker):
    job = queue_big_import(world, tmp_path, settings)
    kill_while_heartbeating(job, start_worker())

    dead = ImportJob.objects.get(pk=job.pk)
    assert (dead.status, dead.attempts) == (JobStatus.RUNNING, 1)  # nobody moves a dead worker's job by itself
    time.sleep(1.2)
    reclaimed = jobs_reclaim(stale_after=dt.timedelta(seconds=1))

    assert [(r.model, r.pk, r.outcome) for r in reclaimed] == [("imports.importjob", job.pk, "retried")]
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert jobs_reclaim(stale_after=dt.timedelta(seconds=1)) == []  # a second reclaimer finds nothing to take
    assert AuditEvent.objects.filter(action="job.reclaim_retried", target_id=str(job.pk)).count() == 1

    worker = start_worker("--batch")  # runs what is queued, then exits
    assert worker.wait(timeout=300) == 0, worker.stderr.read() if worker.stderr else ""
    done = ImportJob.objects.get(pk=job.pk)
    assert (done.status, done.attempts, done.failure_code) == (JobStatus.DONE, 2, "")
    assert done.report["status"] == "accepted" and done.report["created"] == ROWS
    assert Employee.objects.filter(pemda=world.pemda).count() == len(world.employees) + ROWS


def test_killed_worker_on_the_last_attempt_fails_the_job_with_the_reason(world, tmp_path, settings, start_worker):
    settings.JOBS_MAX_ATTEMPTS = 1
    job = queue_big_import(world, tmp_path, settings)
    kill_while_heartbeating(job, start_worker())
    time.sleep(1.2)

    reclaimed = jobs_reclaim(stale_after=dt.timedelta(seconds=1))

    assert [(r.pk, r.outcome, r.attempts) for r in reclaimed] == [(job.pk, "failed", 1)]
    failed = ImportJob.objects.get(pk=job.pk)
    assert (failed.status, failed.failure_code, failed.failure_params) == (
        JobStatus.FAILED,
        "worker_lost",
        {"attempts": 1},
    )
    with translation.override("en"):
        assert failed.failure_message.startswith(
            "The worker running this job stopped responding; the job was given up after 1 attempt(s)."
        )
    # The all-or-nothing import died inside its transaction: nothing of it was stored.
    assert Employee.objects.filter(pemda=world.pemda).count() == len(world.employees)
