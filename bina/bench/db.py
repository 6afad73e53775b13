"""Fresh databases for benchmark runs (a file for SQLite, a database for PostgreSQL)."""

from __future__ import annotations

import os
import time
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


def demo_database(engine: str, name: str, employees: int) -> float:
    """A fresh database `name`, Django set up on it (bench settings) and migrated, then EMPLOYEES demo
    employees generated for Surabaya. Returns the seconds the generation took."""
    os.environ["DATABASE_URL"] = fresh_database_url(engine, name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bina.settings.bench"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("generate_demo", scale=employees, pemda=["surabaya"], verbosity=0)
    return time.perf_counter() - started
