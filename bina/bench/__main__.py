"""`make bench`: run every benchmark in its own process and print/record the figures.

    python -m bina.bench all            # import 100k (SQLite, PostgreSQL), import 1M memory, list at 100k
    python -m bina.bench import         # import benchmarks only
    python -m bina.bench list           # list/search benchmarks only
    python -m bina.bench records        # service-record import, 1M rows, SQLite and PostgreSQL, with the raw load
    python -m bina.bench service-stats  # service figures at BENCH_SERVICE_RECORDS (1M) records, both engines
    python -m bina.bench skm            # public SKM submissions through gunicorn (PostgreSQL)
    python -m bina.bench sitting        # 200 participants answering a 40-question test at once (autosave)
Environment: BENCH_ROWS (100000), BENCH_BIG_ROWS (1000000), BENCH_RECORDS (1000000), BENCH_EMPLOYEES (100000),
BENCH_SERVICE_RECORDS (1000000), PG_URL.
Results are appended as JSON lines to var/bench/results.jsonl and printed as Markdown.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from bina.bench.db import record_results
from bina.bench.run_service_stats import run_engines as run_service_stats
from bina.bench.run_training_pages import run_engines as run_training_pages


def run(module: str, *args: str) -> dict:
    cmd = [sys.executable, "-m", module, *args]
    print("$", " ".join(cmd[1:]), flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    line = out.stdout.strip().splitlines()[-1]
    return json.loads(line)


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    rows = os.environ.get("BENCH_ROWS", "100000")
    big = os.environ.get("BENCH_BIG_ROWS", "1000000")
    employees = os.environ.get("BENCH_EMPLOYEES", "100000")
    engines = os.environ.get("BENCH_ENGINES", "sqlite,postgres").split(",")
    results: list[dict] = []
    if what in ("all", "import"):
        for engine in engines:
            results.append({"bench": "import", **run("bina.bench.run_import", engine, rows, "--baseline")})
        results.append({"bench": "import-memory", **run("bina.bench.run_import", "sqlite", big)})
    if what in ("all", "records"):
        records = os.environ.get("BENCH_RECORDS", "1000000")
        for engine in engines:
            results.append(
                {"bench": "import-records", **run("bina.bench.run_records_import", engine, records, "--baseline")}
            )
    if what in ("all", "list"):
        for engine in engines:
            results.append({"bench": "list", **run("bina.bench.run_list", engine, employees)})
    results += run_training_pages(engines) if what in ("all", "training-pages") else []
    results += [{"bench": "enrol", **run("bina.bench.run_enrol")}] if what in ("all", "enrol") else []
    results += [{"bench": "skm", **run("bina.bench.run_skm")}] if what in ("all", "skm") else []
    results += [{"bench": "sitting", **run("bina.bench.run_sitting")}] if what in ("all", "sitting") else []
    results += (
        [{"bench": "certificates", **run("bina.bench.run_certificates")}] if what in ("all", "certificates") else []
    )
    if what in ("all", "service-stats"):
        results += run_service_stats(engines)
    stamp = record_results(results)
    print(render(results, stamp))


def render(results: list[dict], stamp: str) -> str:
    lines = [f"Run {stamp} on {os.cpu_count()} CPUs, Python {platform.python_version()}", ""]
    imports = [r for r in results if r["bench"].startswith("import")]
    if imports:
        lines += [
            "| import | engine | rows | seconds | rows/s | raw bulk-load rows/s | import/raw ratio | peak RSS MB |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in imports:
            lines.append(
                f"| {r['bench']} | {r['engine']} | {r['rows']:,} | {r['seconds']} | {r['rows_per_s']:,} | "
                f"{r.get('raw_rows_per_s', '–'):{',' if 'raw_rows_per_s' in r else ''}} | "
                f"{r.get('ratio_import_to_raw', '–')} | {r['peak_rss_mb']} |"
            )
        lines.append("")
    for r in (r for r in results if r["bench"] == "list"):
        lines += [
            f"Employee list on {r['engine']} with {r['employees']:,} employees ({r['repeat']} requests per case):",
            "",
            "| case | p50 ms | p95 ms | SQL queries |",
            "|---|---|---|---|",
        ]
        lines += [f"| {c['case']} | {c['p50_ms']} | {c['p95_ms']} | {c['queries']} |" for c in r["cases"]]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
