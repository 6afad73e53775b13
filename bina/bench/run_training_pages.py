"""Training pages at scale in their own process: `python -m bina.bench.run_training_pages ENGINE [EMPLOYEES] [ENROLMENTS]`.

Generates EMPLOYEES (60,000) employees for Surabaya with the demo generator and ENROLMENTS (1,000,000)
enrolments in ~33,000 classes (`bina.bench.training_data`), then measures the server time of the class,
enrolment, "my learning" and certificate pages, the home pages (leader, admin, participant) and API (full Django stack through the in-process test
client: middleware, session, scoping, templates; no network in the figure) for the admin and for a
participant with ~200 enrolments, and the SQL query count of each. Prints a table, then one JSON line;
exits with status 1 when a p95 is over the target (150 ms), 2 when a page is missing or fails.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

TARGET_P95_MS = 150.0


def _settle() -> None:
    """Bring a freshly bulk-loaded database to the state a running one is in.

    PostgreSQL: what autovacuum does after a bulk load (statistics and the visibility map, so counts use
    index-only scans). SQLite: planner statistics, as `PRAGMA optimize` does on every connection.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main() -> None:
    engine = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    employees = int(sys.argv[2]) if len(sys.argv) > 2 else int(os.environ.get("BENCH_TRAINING_EMPLOYEES", "60000"))
    enrolments = int(sys.argv[3]) if len(sys.argv) > 3 else int(os.environ.get("BENCH_ENROLMENTS", "1000000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "30"))
    from bina.bench.db import demo_database
    from bina.bench.timing import client_for, time_get

    # BENCH_DB_SUFFIX keeps engineers sharing one PostgreSQL server off each other's bench database.
    name = f"bench_training_{engine}{os.environ.get('BENCH_DB_SUFFIX', '')}"
    generate_seconds = demo_database(engine, name, employees)
    from django.urls import NoReverseMatch, reverse

    from bina.accounts.models import Role
    from bina.accounts.services import role_assign, token_create, user_create
    from bina.bench.training_data import build_training_data
    from bina.certificates.models import Certificate
    from bina.core.actor import Actor
    from bina.core.models import Pemda
    from bina.people.models import Employee

    pemda = Pemda.objects.get(slug="surabaya")
    stats = build_training_data(pemda=pemda, enrolments=enrolments)
    _settle()
    log = sys.stderr
    print(
        f"Generated {stats.employees:,} employees in {generate_seconds:.1f} s; training data in {stats.seconds:.1f} s: "
        f"{stats.classes:,} classes, {stats.sessions:,} sessions, {stats.enrolments:,} enrolments, "
        f"{stats.attendance:,} attendance rows, {stats.jp_credits:,} JP credits, {stats.certificates:,} certificates.",
        file=log,
        flush=True,
    )

    admin = user_create(actor=Actor.system(pemda.pk, label="bench"), pemda=pemda, username="bench.admin", password=None)
    role_assign(actor=Actor.system(pemda.pk, label="bench"), user=admin, role=Role.ADMIN)
    heavy = Employee.objects.get(pk=stats.heavy_employee_id)
    participant = user_create(
        actor=Actor.system(pemda.pk, label="bench"),
        pemda=pemda,
        username="bench.participant",
        password=None,
        employee=heavy,
    )
    role_assign(actor=Actor.system(pemda.pk, label="bench"), user=participant, role=Role.PARTICIPANT)
    # The Sekda's view: a leader over the whole Pemda (the home page's dashboard at full size).
    leader = user_create(
        actor=Actor.system(pemda.pk, label="bench"), pemda=pemda, username="bench.leader", password=None
    )
    role_assign(actor=Actor.system(pemda.pk, label="bench"), user=leader, role=Role.LEADER)
    _, admin_token = token_create(actor=Actor.system(pemda.pk, label="bench"), user=admin)
    _, participant_token = token_create(actor=Actor.system(pemda.pk, label="bench"), user=participant)
    sample, open_class = stats.sample_class_id, stats.open_class_id
    certificate = Certificate.objects.filter(enrolment__employee=heavy).order_by("pk").first()

    def url(name: str, **kwargs: Any) -> str | None:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None

    admin_s, part_s = ("session", admin), ("session", participant)
    admin_t, part_t = ("token", admin_token), ("token", participant_token)
    cases: list[tuple[str, tuple[str, Any], str | None, dict[str, Any]]] = [
        ("page: home (leader, whole Pemda)", ("session", leader), url("shell:home"), {}),
        ("page: home (admin)", admin_s, url("shell:home"), {}),
        ("page: home (participant)", part_s, url("shell:home"), {}),
        ("page: class list (admin)", admin_s, url("training:classes"), {}),
        ("page: class list, page 100 (admin)", admin_s, url("training:classes"), {"page": 100}),
        ("page: class list (participant)", part_s, url("training:classes"), {}),
        ("page: class detail (admin)", admin_s, url("training:class_detail", pk=sample), {}),
        ("page: class detail, open (participant)", part_s, url("training:class_detail", pk=open_class), {}),
        ("page: participants (admin)", admin_s, url("training:class_participants", pk=sample), {}),
        ("page: my learning (participant)", part_s, url("training:my_learning"), {}),
        ("page: certificates (admin)", admin_s, url("certificates:list"), {}),
        ("page: certificates (participant)", part_s, url("certificates:list"), {}),
        ("api: classes (admin)", admin_t, "/api/v1/classes", {}),
        ("api: classes (participant)", part_t, "/api/v1/classes", {}),
        ("api: class enrolments (admin)", admin_t, f"/api/v1/classes/{sample}/enrolments", {}),
    ]
    if certificate is not None:
        cases.append(
            ("page: certificate detail (participant)", part_s, url("certificates:detail", pk=certificate.pk), {})
        )
    results: list[dict[str, Any]] = []
    problems: list[str] = []
    for label, (auth, who), path, params in cases:
        if path is None:
            problems.append(f"{label}: URL not found")
            results.append({"case": label, "missing": True})
            continue
        client, headers = client_for(who) if auth == "session" else client_for(token=who)
        response = client.get(path, params, headers=headers)  # warm caches, compile templates
        if response.status_code != 200:
            problems.append(f"{label}: HTTP {response.status_code} at {path}")
            results.append({"case": label, "status": response.status_code})
            continue
        results.append(time_get(label, client, path, params, headers, repeat))
    slow = [r for r in results if r.get("p95_ms", 0) > TARGET_P95_MS]
    print(render(engine, stats.as_dict(), results, repeat), file=log, flush=True)
    for problem in problems:
        print(f"PROBLEM {problem}", file=log)
    for r in slow:
        print(f"SLOW {r['case']}: p95 {r['p95_ms']} ms > {TARGET_P95_MS:.0f} ms", file=log)
    print(
        json.dumps(
            {
                "engine": engine,
                "employees": stats.employees,
                "enrolments": stats.enrolments,
                "generate_seconds": round(generate_seconds, 1),
                "build": stats.as_dict(),
                "repeat": repeat,
                "cases": results,
                "problems": problems,
            }
        )
    )
    sys.exit(2 if problems else 1 if slow else 0)


def render(engine: str, build: dict[str, Any], results: list[dict[str, Any]], repeat: int) -> str:
    lines = [
        f"Training pages on {engine}: {build['employees']:,} employees, {build['enrolments']:,} enrolments, "
        f"{build['classes']:,} classes ({repeat} requests per case, target p95 < {TARGET_P95_MS:.0f} ms):",
        "",
        "| case | p50 ms | p95 ms | SQL queries |",
        "|---|---|---|---|",
    ]
    for r in results:
        if "p95_ms" in r:
            lines.append(f"| {r['case']} | {r['p50_ms']} | {r['p95_ms']} | {r['queries']} |")
        else:
            lines.append(f"| {r['case']} | – | – | {'missing' if r.get('missing') else 'HTTP ' + str(r['status'])} |")
    return "\n".join(lines)


def run_engines(engines: list[str]) -> list[dict[str, Any]]:
    """For `python -m bina.bench training-pages`: one process per engine, its table shown as it runs.

    Returns the results for the bench log; when a page is slow or missing, records them itself and
    exits non-zero so `make bench` fails.
    """
    import subprocess
    from pathlib import Path

    from bina.bench.db import record_results

    results, worst = [], 0
    for engine in engines:
        cmd = [sys.executable, "-m", "bina.bench.run_training_pages", engine]
        print("$", " ".join(cmd[1:]), flush=True)
        out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
        lines = out.stdout.strip().splitlines()
        if not lines:
            raise SystemExit(f"{' '.join(cmd[1:])} failed with status {out.returncode}")
        results.append({"bench": "training-pages", **json.loads(lines[-1])})
        worst = max(worst, out.returncode)
    if worst:
        record_results(results)
        raise SystemExit(worst)
    return results


if __name__ == "__main__":
    main()
