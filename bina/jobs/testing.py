"""Test helpers for background jobs: real `db_worker` processes on the test database.

The test must commit its data (`pytest.mark.django_db(transaction=True)`) so the worker sees it; the
worker reaches the same database (an SQLite file in var/, or the PostgreSQL test database) through
DATABASE_URL and reads the database task queue, not the in-process backend of the test settings.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection

DB_BACKEND = "django_tasks_db.DatabaseBackend"


def database_url() -> str:
    """The test database, as a worker process must reach it."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_db_worker(*args: str, heartbeat_seconds: float = 0.2) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "bina.settings.test",
        "DATABASE_URL": database_url(),
        "TEST_TASKS_BACKEND": DB_BACKEND,
        "JOBS_HEARTBEAT_SECONDS": str(heartbeat_seconds),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def kill_9(worker: subprocess.Popen[bytes]) -> None:
    assert worker.poll() is None, worker.stderr.read() if worker.stderr else "the worker had already exited"
    os.kill(worker.pid, signal.SIGKILL)
    assert worker.wait(timeout=10) == -signal.SIGKILL


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    """Kill what a test started and is still running (only those processes)."""
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
        worker.wait(timeout=10)
