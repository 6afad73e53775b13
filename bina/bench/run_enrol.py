"""Enrolment rush benchmark: `python -m bina.bench enrol` (or `python -m bina.bench.run_enrol`).

On PostgreSQL (DATABASE_URL if it points at PostgreSQL, else a fresh `bina_bench` database next to
PG_URL): migrate, create a Pemda with 200 employees (each with a user and an API token) and an open
class of 30 seats; start gunicorn serving `bina.wsgi` with the bench settings on a free port; then
200 threads, released together by a barrier, each POST /api/v1/classes/{id}/enrolments with their
own bearer token. Reports enrolled / waitlisted / errors / duplicates, wall time and requests/s, and
exits non-zero when the counts are not exactly capacity enrolled and the rest waitlisted.

Environment: BENCH_RUSH_PEOPLE (200), BENCH_RUSH_SEATS (30), BENCH_GUNICORN_WORKERS (4),
BENCH_GUNICORN_THREADS (8). Workers × threads bounds the database connections (PostgreSQL's default
max_connections is 100); the other requests queue in the socket backlog, as in production.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    from bina.bench.db import fresh_database_url

    return fresh_database_url("postgres", "bina_bench")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _setup(people: int, seats: int) -> tuple[int, list[str]]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bina.accounts.services import token_create, user_create
    from bina.core.actor import Actor
    from bina.core.models import Pemda
    from bina.people.factories import EmployeeFactory, OrgUnitFactory
    from bina.people.models import Employee
    from bina.training.classes.models import TrainingClass
    from bina.training.factories import CourseFactory, SessionFactory, TrainingClassFactory

    run_id = int(time.time())
    pemda = Pemda.objects.create(
        slug=f"rush-{run_id}", name=f"Pemerintah Rush {run_id}", bps_code=f"{run_id % 10000:04d}"
    )
    unit = OrgUnitFactory(pemda=pemda, code=f"RUSH-{run_id}", name="Dinas Rush")
    klass = cast(
        TrainingClass, TrainingClassFactory(course=CourseFactory(pemda=pemda), capacity=seats, code=f"RUSH-{run_id}")
    )
    SessionFactory(klass=klass)
    tokens = []
    for i in range(people):
        employee = cast(Employee, EmployeeFactory(pemda=pemda, unit=unit, name=f"Peserta Rush {i:03d}"))
        user = user_create(
            actor=Actor.system(pemda.pk, label="bench"),
            pemda=pemda,
            username=f"rush{run_id}.{i:03d}",
            password=None,
            employee=employee,
        )
        tokens.append(token_create(actor=Actor.system(pemda.pk, label="bench"), user=user)[1])
    return klass.pk, tokens


def _start_server(port: int, db_url: str) -> subprocess.Popen[bytes]:
    workers = os.environ.get("BENCH_GUNICORN_WORKERS", "4")
    threads = os.environ.get("BENCH_GUNICORN_THREADS", "8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bina.settings.bench", "DATABASE_URL": db_url}
    cmd = [
        sys.executable, "-m", "gunicorn", "bina.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", workers, "--threads", threads, "--worker-class", "gthread",
        "--backlog", "2048", "--log-level", "warning", "--timeout", "120",
    ]  # fmt: skip
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=sys.stderr)


def _wait_ready(base: str, token: str, class_id: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited before it answered")
        try:
            req = urllib.request.Request(
                f"{base}/api/v1/classes/{class_id}", headers={"Authorization": f"Bearer {token}"}
            )
            with urllib.request.urlopen(req, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def _warm_up(base: str, token: str, class_id: int) -> None:
    """Touch every worker once (imports, URL resolver, schemas) so the figure is the rush, not start-up."""
    req = urllib.request.Request(f"{base}/api/v1/classes/{class_id}", headers={"Authorization": f"Bearer {token}"})

    def get() -> None:
        with urllib.request.urlopen(req, timeout=30) as response:
            response.read()

    threads = [threading.Thread(target=get) for _ in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _rush(base: str, class_id: int, tokens: list[str]) -> dict[str, object]:
    url = f"{base}/api/v1/classes/{class_id}/enrolments"
    barrier = threading.Barrier(len(tokens) + 1)
    lock = threading.Lock()
    statuses: Counter[str] = Counter()
    errors: list[str] = []
    latencies: list[float] = []

    def one(token: str) -> None:
        req = urllib.request.Request(
            url,
            data=b"{}",
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        barrier.wait()
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=120) as response:
                body = json.loads(response.read())
                outcome, ok = body.get("status", "?"), response.status == 201
        except urllib.error.HTTPError as exc:
            outcome, ok = f"{exc.code} {exc.read()[:200]!r}", False
        except Exception as exc:
            outcome, ok = repr(exc), False
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if ok:
                statuses[outcome] += 1
            else:
                errors.append(outcome)

    threads = [threading.Thread(target=one, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "statuses": statuses,
        "errors": errors,
        "wall": wall,
        "p50": statistics.median(latencies) if latencies else 0.0,
        "p95": latencies[int(len(latencies) * 0.95) - 1] if latencies else 0.0,
    }


def main() -> None:
    people = int(os.environ.get("BENCH_RUSH_PEOPLE", "200"))
    seats = int(os.environ.get("BENCH_RUSH_SEATS", "30"))
    db_url = _database_url()
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bina.settings.bench"
    import django

    django.setup()
    from django.db import connections

    class_id, tokens = _setup(people, seats)
    connections.close_all()
    port = _free_port()
    proc = _start_server(port, db_url)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, tokens[0], class_id, proc)
        _warm_up(base, tokens[0], class_id)
        outcome = _rush(base, class_id, tokens)
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    from bina.training.classes.models import Enrolment, TrainingClass

    klass = TrainingClass.objects.get(pk=class_id)
    rows = Enrolment.objects.filter(klass_id=class_id)
    enrolled_rows = rows.filter(status="enrolled").count()
    waitlisted_rows = rows.filter(status="waitlisted").count()
    duplicates = rows.count() - rows.values("employee").distinct().count()
    statuses: Counter[str] = outcome["statuses"]  # type: ignore[assignment]
    errors: list[str] = outcome["errors"]  # type: ignore[assignment]
    result = {
        "engine": "postgres",
        "requests": people,
        "capacity": seats,
        "enrolled": statuses.get("enrolled", 0),
        "waitlisted": statuses.get("waitlisted", 0),
        "errors": len(errors),
        "duplicates": duplicates,
        "enrolled_rows": enrolled_rows,
        "waitlisted_rows": waitlisted_rows,
        "counters": [klass.enrolled_count, klass.waitlist_count],
        "wall_seconds": round(float(outcome["wall"]), 3),  # type: ignore[arg-type]
        "requests_per_s": round(people / float(outcome["wall"]), 1),  # type: ignore[arg-type]
        "p50_ms": round(float(outcome["p50"]) * 1000, 1),  # type: ignore[arg-type]
        "p95_ms": round(float(outcome["p95"]) * 1000, 1),  # type: ignore[arg-type]
        "gunicorn": f"{os.environ.get('BENCH_GUNICORN_WORKERS', '4')}x{os.environ.get('BENCH_GUNICORN_THREADS', '8')}",
    }
    exact = (
        result["enrolled"] == seats == enrolled_rows == klass.enrolled_count
        and result["waitlisted"] == people - seats == waitlisted_rows == klass.waitlist_count
        and not errors
        and duplicates == 0
    )
    if errors:
        print("first errors:", errors[:5], file=sys.stderr)
    print(json.dumps(result))
    if not exact:
        sys.exit(1)


if __name__ == "__main__":
    main()
