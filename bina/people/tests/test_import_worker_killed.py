"""A worker killed mid-job (a real `kill -9` of a real `manage.py db_worker`): the job is reclaimed,
retried by the next worker until it completes, or failed with a reason once its attempts are used up.

The database is the test database itself (committed data: `transaction=True`), shared with the worker
processes through DATABASE_URL, on SQLite (a file in var/) and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation

from bina.bench.csvgen import write_employee_csv
from bina.core.models import AuditEvent
from bina.imports.jobs import import_job_create
from bina.imports.models import ImportJob
from bina.jobs.models import JobStatus
from bina.jobs.services import jobs_reclaim
from bina.people.models import Employee

pytestmark = pytest.mark.django_db(transaction=True)

DB_BACKEND = "django_tasks_db.DatabaseBackend"
ROWS = 20_000  # enough that the import runs for a few seconds: the kill lands mid-job


def database_url() -> str:
    """The test database, as the worker process must reach it."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def start_worker() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> subprocess.Popen[bytes]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "bina.settings.test",
            "DATABASE_URL": database_url(),
            "TEST_TASKS_BACKEND": DB_BACKEND,
            "JOBS_HEARTBEAT_SECONDS": "0.2",
        }
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay", *args],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(process)
        return process

    yield start
    for process in started:  # only the workers this test started
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def queue_big_import(world, tmp_path: Path, settings) -> ImportJob:
    settings.TASKS = {"default": {"BACKEND": DB_BACKEND}}  # queued for the worker, not run here
    path = write_employee_csv(tmp_path / "pegawai.csv", ROWS, [world.units["dinas"].code, world.units["bidang"].code])
    upload = SimpleUploadedFile("pegawai.csv", path.read_bytes(), content_type="text/csv")
    return import_job_create(actor=world.actor("admin"), kind="employees", upload=upload)


def kill_while_heartbeating(job: ImportJob, worker: subprocess.Popen[bytes]) -> None:
    """Wait until the worker runs the job and its heartbeat has moved on from the claim, then kill -9."""
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING, timeout=60, what="the claim")
    claimed = ImportJob.objects.get(pk=job.pk)
    wait_for(
        lambda: (ImportJob.objects.get(pk=job.pk).heartbeat_at or claimed.started_at) > claimed.started_at,
        timeout=30,
        what="a heartbeat",
    )
    assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
    os.kill(worker.pid, signal.SIGKILL)
    assert worker.wait(timeout=10) == -signal.SIGKILL


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
