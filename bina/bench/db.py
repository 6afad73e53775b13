"""Fresh databases for benchmark runs (a file for SQLite, a database for PostgreSQL)."""

from __future__ import annotations

import json
import os
import platform
import time
from datetime import datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent.parent / "var" / "bench"
PG_BASE = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/bina").rsplit("/", 1)[0]


def fresh_database_url(engine: str, name: str) -> str:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if engine == "sqlite":
        path = BENCH_DIR / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_BASE}/{name}"


def migrated_database(engine: str, name: str) -> None:
    """A fresh database `name`, Django set up on it (bench settings) and migrated."""
    os.environ["DATABASE_URL"] = fresh_database_url(engine, name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bina.settings.bench"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def demo_database(engine: str, name: str, employees: int) -> float:
    """`migrated_database`, then EMPLOYEES demo employees generated for Surabaya. Returns the seconds
    the generation took."""
    migrated_database(engine, name)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("generate_demo", scale=employees, pemda=["surabaya"], verbosity=0)
    return time.perf_counter() - started


def record_results(results: list[dict]) -> str:
    """Append RESULTS as JSON lines to var/bench/results.jsonl, stamped with the time and machine; returns the stamp."""
    stamp = datetime.now().isoformat(timespec="seconds")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    with (BENCH_DIR / "results.jsonl").open("a") as fh:
        for r in results:
            fh.write(json.dumps({"at": stamp, "machine": platform.node(), "cpus": os.cpu_count(), **r}) + "\n")
    return stamp
