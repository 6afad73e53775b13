"""Enrolment rush benchmark: `python -m bina.bench enrol` (or `python -m bina.bench.run_enrol`).

On PostgreSQL (DATABASE_URL if it points at PostgreSQL, else a fresh `bina_bench` database next to
PG_URL): migrate, create a Pemda with 200 employees (each with a user and an API token) and an open
class of 30 seats; start gunicorn serving `bina.wsgi` with the bench settings on a free port; then
200 threads, released together by a barrier, each POST /api/v1/classes/{id}/enrolments with their
own bearer token. Then, on the same server, the spread rush: 2,000 more employees, released together,
each asking for one of 20 open classes of 30 seats (100 requests per class). Reports enrolled /
waitlisted / errors / duplicates, wall time, requests/s, p50/p95 latency for each rush, and exits
non-zero unless every class has exactly its capacity enrolled, the rest waitlisted, the class counters
equal to the rows, no error and no duplicate. Last, the floor: 200 GET /api/v1/notifications with fresh tokens,
a cheap authenticated request, whose server CPU bounds what any API request reaches on the machine.

Environment: BENCH_RUSH_PEOPLE (200), BENCH_RUSH_SEATS (30), BENCH_SPREAD_REQUESTS (2000; 0 skips the
spread rush), BENCH_SPREAD_CLASSES (20), BENCH_GUNICORN_WORKERS (4), BENCH_GUNICORN_THREADS (8).
Workers × threads bounds the database connections (PostgreSQL's default max_connections is 100); the
other requests queue in the socket backlog, as in production.
"""

from __future__ import annotations

import json
import math
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


def _setup(people: int, seats: int, classes: int, tag: str) -> tuple[list[int], list[str]]:
    """A Pemda with CLASSES open classes of SEATS (sessions on different days) and PEOPLE employees with tokens."""
    from datetime import timedelta

    from bina.accounts.services import token_create, user_create
    from bina.core.actor import Actor
    from bina.core.models import Pemda
    from bina.people.factories import EmployeeFactory, OrgUnitFactory
    from bina.people.models import Employee
    from bina.training.classes.models import TrainingClass
    from bina.training.factories import CourseFactory, SessionFactory, TrainingClassFactory

    run_id = f"{tag}{int(time.time())}"
    pemda = Pemda.objects.create(
        slug=f"rush-{run_id}", name=f"Pemerintah Rush {run_id}", bps_code=f"{int(time.time() * 1000) % 10000:04d}"
    )
    system = Actor.system(pemda.pk, label="bench")
    unit = OrgUnitFactory(pemda=pemda, code=f"RUSH-{run_id}", name="Dinas Rush")
    course = CourseFactory(pemda=pemda)
    class_ids = []
    for c in range(classes):
        klass = cast(TrainingClass, TrainingClassFactory(course=course, capacity=seats, code=f"RUSH-{run_id}-{c:02d}"))
        klass.starts_on = klass.ends_on = klass.starts_on + timedelta(days=2 * c)
        klass.save(update_fields=["starts_on", "ends_on"])
        SessionFactory(klass=klass)
        class_ids.append(klass.pk)
    tokens = []
    for i in range(people):
        employee = cast(Employee, EmployeeFactory(pemda=pemda, unit=unit, name=f"Peserta Rush {i:04d}"))
        user = user_create(
            actor=system, pemda=pemda, username=f"rush{run_id}.{i:04d}", password=None, employee=employee
        )
        tokens.append(token_create(actor=system, user=user)[1])
    return class_ids, tokens


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


def _rush(base: str, requests: list[tuple[int, str]]) -> dict[str, object]:
    """One thread per (class id, token), released together by a barrier, each POSTing one enrolment."""
    barrier = threading.Barrier(len(requests) + 1)
    lock = threading.Lock()
    statuses: Counter[str] = Counter()
    errors: list[str] = []
    latencies: list[float] = []

    def one(class_id: int, token: str) -> None:
        req = urllib.request.Request(
            f"{base}/api/v1/classes/{class_id}/enrolments",
            data=b"{}",
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        barrier.wait()
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=600) as response:
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

    threading.stack_size(512 * 1024)  # thousands of client threads
    threads = [threading.Thread(target=one, args=r) for r in requests]
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
        # Nearest-rank p95: the smallest latency with at least 95% of the requests at or below it.
        "p95": latencies[math.ceil(len(latencies) * 0.95) - 1] if latencies else 0.0,
    }


def _floor(base: str, tokens: list[str], proc: subprocess.Popen[bytes], db_name: str) -> dict[str, object]:
    """A cheap authenticated request on the same server (GET /api/v1/notifications, an empty page, with a
    token used for the first time, as in the rush): its server CPU bounds what any API request reaches here."""
    lock = threading.Lock()
    todo = iter(tokens)
    failures: list[str] = []
    pids = _server_pids(proc, db_name)
    before = {pid: _cpu_seconds([pid]) for pid in pids}

    def worker() -> None:
        while True:
            with lock:
                token = next(todo, None)
            if token is None:
                return
            req = urllib.request.Request(f"{base}/api/v1/notifications", headers={"Authorization": f"Bearer {token}"})
            try:
                with urllib.request.urlopen(req, timeout=60) as response:
                    response.read()
            except Exception as exc:
                with lock:
                    failures.append(repr(exc))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    used = sum(_cpu_seconds([pid]) - before.get(pid, 0.0) for pid in _server_pids(proc, db_name))
    return {
        "requests": len(tokens),
        "errors": len(failures),
        "requests_per_s": round(len(tokens) / wall, 1),
        "server_cpu_ms_per_request": round(used * 1000 / len(tokens), 1),
    }


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes PIDS have used so far (Linux /proc; 0 for one that is gone)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _server_pids(proc: subprocess.Popen[bytes], db_name: str) -> list[int]:
    """The gunicorn master and workers, and the PostgreSQL backends serving the bench database."""
    import psycopg

    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    pids = [proc.pid, *(int(p) for p in children.read_text().split())] if children.exists() else [proc.pid]
    from bina.bench.db import PG_BASE

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [db_name]).fetchall()
    return pids + [int(r[0]) for r in rows]


def _measured_rush(
    base: str, requests: list[tuple[int, str]], proc: subprocess.Popen[bytes], db_name: str
) -> dict[str, object]:
    """`_rush`, plus the server's CPU per request (gunicorn + PostgreSQL): what bounds requests/s on a
    machine whose cores are all busy, and a figure other load on the machine hardly changes."""
    before = {pid: _cpu_seconds([pid]) for pid in _server_pids(proc, db_name)}
    outcome = _rush(base, requests)
    after = _server_pids(proc, db_name)
    used = sum(_cpu_seconds([pid]) - before.get(pid, 0.0) for pid in after)
    outcome["server_cpu_ms_per_request"] = used * 1000 / len(requests)
    return outcome


def _report(outcome: dict[str, object], class_ids: list[int], seats: int) -> dict[str, object]:
    """The rush's figures, checked against the rows: per class exactly SEATS enrolled, the rest waitlisted."""
    from django.db.models import Count, Q

    from bina.training.classes.models import Enrolment, TrainingClass

    statuses: Counter[str] = outcome["statuses"]  # type: ignore[assignment]
    errors: list[str] = outcome["errors"]  # type: ignore[assignment]
    requests = sum(statuses.values()) + len(errors)
    rows = Enrolment.objects.filter(klass_id__in=class_ids)
    duplicates = rows.count() - rows.values("klass", "employee").distinct().count()
    per_class = {
        row["klass"]: row
        for row in rows.values("klass").annotate(
            enrolled=Count("pk", filter=Q(status="enrolled")), waitlisted=Count("pk", filter=Q(status="waitlisted"))
        )
    }
    overbooked = counters_off = 0
    for klass in TrainingClass.objects.filter(pk__in=class_ids):
        counted = per_class.get(klass.pk, {"enrolled": 0, "waitlisted": 0})
        overbooked += counted["enrolled"] > klass.capacity
        counters_off += (klass.enrolled_count, klass.waitlist_count) != (counted["enrolled"], counted["waitlisted"])
    enrolled_rows = sum(r["enrolled"] for r in per_class.values())
    waitlisted_rows = sum(r["waitlisted"] for r in per_class.values())
    wall = float(outcome["wall"])  # type: ignore[arg-type]
    result: dict[str, object] = {
        "requests": requests,
        "classes": len(class_ids),
        "capacity": seats,
        "enrolled": statuses.get("enrolled", 0),
        "waitlisted": statuses.get("waitlisted", 0),
        "errors": len(errors),
        "duplicates": duplicates,
        "enrolled_rows": enrolled_rows,
        "waitlisted_rows": waitlisted_rows,
        "overbooked_classes": overbooked,
        "classes_with_counters_off": counters_off,
        "wall_seconds": round(wall, 3),
        "requests_per_s": round(requests / wall, 1),
        "p50_ms": round(float(outcome["p50"]) * 1000, 1),  # type: ignore[arg-type]
        "p95_ms": round(float(outcome["p95"]) * 1000, 1),  # type: ignore[arg-type]
        "server_cpu_ms_per_request": round(float(outcome["server_cpu_ms_per_request"]), 1),  # type: ignore[arg-type]
    }
    seated = seats * len(class_ids)
    result["exact"] = (
        result["enrolled"] == seated == enrolled_rows
        and result["waitlisted"] == requests - seated == waitlisted_rows
        and overbooked == 0
        and counters_off == 0
        and not errors
        and duplicates == 0
    )
    if errors:
        print("first errors:", errors[:5], file=sys.stderr)
    return result


def main() -> None:
    people = int(os.environ.get("BENCH_RUSH_PEOPLE", "200"))
    seats = int(os.environ.get("BENCH_RUSH_SEATS", "30"))
    spread = int(os.environ.get("BENCH_SPREAD_REQUESTS", "2000"))
    spread_classes = int(os.environ.get("BENCH_SPREAD_CLASSES", "20"))
    db_url = _database_url()
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bina.settings.bench"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    class_ids, tokens = _setup(people, seats, 1, "a")
    _floor_class, floor_tokens = _setup(200, seats, 1, "f")
    spread_ids, spread_tokens = _setup(spread, seats, spread_classes, "b") if spread else ([], [])
    connections.close_all()
    port = _free_port()
    proc = _start_server(port, db_url)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, tokens[0], class_ids[0], proc)
        _warm_up(base, tokens[0], class_ids[0])
        load = os.getloadavg()[0]  # other work on the machine competes for the same cores
        db_name = db_url.rsplit("/", 1)[1]
        one_class = _measured_rush(base, [(class_ids[0], t) for t in tokens], proc, db_name)
        spread_requests = [(spread_ids[i % spread_classes], t) for i, t in enumerate(spread_tokens)]
        spread_out = _measured_rush(base, spread_requests, proc, db_name) if spread else None
        floor = _floor(base, floor_tokens, proc, db_name)
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    from bina.training.classes.models import TrainingClass

    single = _report(one_class, class_ids, seats)
    klass_counters = TrainingClass.objects.get(pk=class_ids[0])
    result: dict[str, object] = {
        "engine": "postgres",
        **{k: v for k, v in single.items() if k != "classes"},
        "counters": [klass_counters.enrolled_count, klass_counters.waitlist_count],
        "gunicorn": f"{os.environ.get('BENCH_GUNICORN_WORKERS', '4')}x{os.environ.get('BENCH_GUNICORN_THREADS', '8')}",
        "cpus": os.cpu_count(),
        "load_average_1m_before": round(load, 1),
    }
    result["floor_get_notifications"] = floor
    if spread_out is not None:
        result["spread"] = _report(spread_out, spread_ids, seats)
    print(json.dumps(result))
    if not single["exact"] or (spread_out is not None and not result["spread"]["exact"]):  # type: ignore[index]
        sys.exit(1)


if __name__ == "__main__":
    main()
