"""Service figures at scale in their own process: `python -m bina.bench.run_service_stats ENGINE [RECORDS] [EMPLOYEES]`.

Generates EMPLOYEES (20,000) demo employees for Surabaya (its 31 kecamatan and 154 kelurahan), then
RECORDS (BENCH_SERVICE_RECORDS, 1,000,000) service records over 2024-01 .. 2026-11 with their rollups
(`bina.bench.service_data`; BENCH_SERVICE_REBUILD=1 builds the rollups with `rollups_rebuild` and
times it), and measures the server time of `GET /api/v1/service-stats` (full Django stack through the
in-process test client: auth, scoping, serialisation; no network in the figure) for a kecamatan and
for the whole Pemda. Prints a table, then one JSON line; exits 1 when a target case's p95 is over
150 ms, 2 when a request fails.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

TARGET_P95_MS = 150.0


def main() -> None:
    engine = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    records = int(sys.argv[2]) if len(sys.argv) > 2 else int(os.environ.get("BENCH_SERVICE_RECORDS", "1000000"))
    employees = int(sys.argv[3]) if len(sys.argv) > 3 else int(os.environ.get("BENCH_SERVICE_EMPLOYEES", "20000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "30"))
    rebuild = os.environ.get("BENCH_SERVICE_REBUILD") == "1"
    from bina.bench.db import demo_database
    from bina.bench.timing import client_for, time_get

    generate_seconds = demo_database(engine, f"bench_service_{engine}", employees)
    from django.db import connection

    from bina.accounts.models import Role
    from bina.accounts.services import role_assign, token_create, user_create
    from bina.bench.service_data import build_service_data
    from bina.core.actor import Actor
    from bina.core.models import Pemda
    from bina.people.models import OrgUnit

    pemda = Pemda.objects.get(slug="surabaya")
    stats = build_service_data(pemda=pemda, records=records, rebuild=rebuild)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"Generated {employees:,} employees in {generate_seconds:.1f} s; {stats.records:,} records in "
        f"{stats.seconds_records:.1f} s; rollups ({stats.day_rollups:,} day rows, {stats.month_rollups:,} month "
        f"rows) in {stats.seconds_rollups:.1f} s{' by rollups_rebuild' if rebuild else ''}.",
        file=sys.stderr,
        flush=True,
    )
    system = Actor.system(pemda.pk, label="bench")
    admin = user_create(actor=system, pemda=pemda, username="bench.admin", password=None)
    role_assign(actor=system, user=admin, role=Role.ADMIN)
    # The kecamatan with the most kelurahan: the largest subtree a camat reads.
    kecamatan = max(
        OrgUnit.objects.filter(pemda=pemda, kind="kecamatan"),
        key=lambda u: OrgUnit.objects.filter(pemda=pemda, path__startswith=u.path).count(),
    )
    camat = user_create(actor=system, pemda=pemda, username="bench.camat", password=None)
    role_assign(actor=system, user=camat, role=Role.LEADER, org_unit=kecamatan)
    _, admin_token = token_create(actor=system, user=admin)
    _, camat_token = token_create(actor=system, user=camat)
    year = {"from": "2025-01-01", "to": "2025-12-31", "group": "month"}
    span = {"from": "2024-01-01", "to": "2026-11-30", "group": "month"}
    url = "/api/v1/service-stats"
    # (label, token, params, is a target case)
    cases: list[tuple[str, str, dict[str, Any], bool]] = [
        ("kecamatan by month, 2025, every service (camat)", camat_token, {**year, "unit": kecamatan.code}, True),
        ("kecamatan by month, 2025, KTP-EL (admin)", admin_token, {**year, "unit": kecamatan.code, "service": "KTP-EL"}, True),
        ("Pemda by month, 2025, every service (admin)", admin_token, year, True),
        ("Pemda by month, 2025, KTP-EL (admin)", admin_token, {**year, "service": "KTP-EL"}, True),
        ("Pemda by month, 35 months, every service (admin)", admin_token, span, True),
        ("Pemda by month, 2025-01-15..2025-12-10 (edges from the day tier)", admin_token,
         {"from": "2025-01-15", "to": "2025-12-10", "group": "month"}, False),
        ("Pemda by unit, 2025 (admin)", admin_token, {**year, "group": "unit"}, False),
        ("kecamatan by week, 2025 (camat)", camat_token, {**year, "group": "week", "unit": kecamatan.code}, False),
        ("kecamatan by officer, 2025 (admin)", admin_token, {**year, "group": "officer", "unit": kecamatan.code}, False),
    ]  # fmt: skip
    results: list[dict[str, Any]] = []
    problems: list[str] = []
    for label, token, params, target in cases:
        client, headers = client_for(token=token)
        response = client.get(url, params, headers=headers)  # warm-up
        if response.status_code != 200:
            problems.append(f"{label}: HTTP {response.status_code} {response.content[:200]!r}")
            continue
        results.append({**time_get(label, client, url, params, headers, repeat), "target": target})
    slow = [r for r in results if r["target"] and r["p95_ms"] > TARGET_P95_MS]
    print(render(engine, stats.as_dict(), results, repeat), file=sys.stderr, flush=True)
    for problem in problems:
        print(f"PROBLEM {problem}", file=sys.stderr)
    for r in slow:
        print(f"SLOW {r['case']}: p95 {r['p95_ms']} ms > {TARGET_P95_MS:.0f} ms", file=sys.stderr)
    print(
        json.dumps(
            {
                "engine": engine,
                "employees": employees,
                "generate_seconds": round(generate_seconds, 1),
                "build": stats.as_dict(),
                "rebuild": rebuild,
                "kecamatan_units": OrgUnit.objects.filter(pemda=pemda, path__startswith=kecamatan.path).count(),
                "repeat": repeat,
                "cases": results,
                "problems": problems,
            }
        )
    )
    sys.exit(2 if problems else 1 if slow else 0)


def render(engine: str, build: dict[str, Any], results: list[dict[str, Any]], repeat: int) -> str:
    lines = [
        f"service-stats on {engine}: {build['records']:,} records, {build['day_rollups']:,} day rollups, "
        f"{build['month_rollups']:,} month rollups ({repeat} requests per case, target p95 < {TARGET_P95_MS:.0f} ms "
        "for the cases marked *):",
        "",
        "| case | p50 ms | p95 ms | SQL queries |",
        "|---|---|---|---|",
    ]
    for r in results:
        mark = " *" if r["target"] else ""
        lines.append(f"| {r['case']}{mark} | {r['p50_ms']} | {r['p95_ms']} | {r['queries']} |")
    return "\n".join(lines)


def run_engines(engines: list[str]) -> list[dict[str, Any]]:
    """For `python -m bina.bench service-stats`: one process per engine, its table shown as it runs.

    When a target case is slow or a request fails, records the results itself and exits non-zero.
    """
    import subprocess
    from pathlib import Path

    from bina.bench.db import record_results

    results, worst = [], 0
    for engine in engines:
        cmd = [sys.executable, "-m", "bina.bench.run_service_stats", engine]
        print("$", " ".join(cmd[1:]), flush=True)
        out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
        lines = out.stdout.strip().splitlines()
        if not lines:
            raise SystemExit(f"{' '.join(cmd[1:])} failed with status {out.returncode}")
        results.append({"bench": "service-stats", **json.loads(lines[-1])})
        worst = max(worst, out.returncode)
    if worst:
        record_results(results)
        raise SystemExit(worst)
    return results


if __name__ == "__main__":
    main()
