"""Fail loudly when the PostgreSQL server for the test suite is not reachable (never skip)."""

import sys

import psycopg

url = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/postgres"
# Connect to the maintenance database: the test database is created by pytest-django.
base = url.rsplit("/", 1)[0] + "/postgres"
try:
    with psycopg.connect(base, connect_timeout=5) as conn:
        version = conn.execute("show server_version").fetchone()[0]
except psycopg.OperationalError as exc:
    sys.exit(f"PostgreSQL is required for `make test` and is not reachable at {base}: {exc}")
print(f"PostgreSQL {version} at {base}")
