"""One import benchmark in its own process: `python -m bina.bench.run_import ENGINE ROWS [--baseline]`.

Prints one JSON line: rows, seconds, rows/s, peak RSS, and (with --baseline) the raw bulk-load rate of the
same rows through the one bulk loader (`bina.core.sql`: executemany on SQLite, COPY on PostgreSQL)
and the ratio.
"""

from __future__ import annotations

import csv
import json
import resource
import sys
import time
from datetime import date, datetime


def main() -> None:
    engine, rows = sys.argv[1], int(sys.argv[2])
    baseline = "--baseline" in sys.argv
    from bina.bench.db import BENCH_DIR, migrated_database

    migrated_database(engine, f"bench_import_{engine}")
    from bina.bench.csvgen import write_employee_csv
    from bina.core.actor import Actor
    from bina.core.services import pemda_create
    from bina.imports.service import import_file
    from bina.people.services import org_unit_create

    pemda = pemda_create(
        actor=Actor.platform(label="bench"), slug="bench", name="Pemerintah Kota Bench", kind="kota", bps_code="9999"
    )
    root = org_unit_create(
        actor=Actor.system(pemda.pk, label="bench"),
        pemda=pemda,
        code="ROOT",
        name="Sekretariat Daerah",
        kind="sekretariat",
    )
    codes = []
    for i in range(200):
        unit = org_unit_create(
            actor=Actor.system(pemda.pk, label="bench"),
            pemda=pemda,
            code=f"U{i:03d}",
            name=f"Unit {i}",
            kind="bidang",
            parent=root,
        )
        codes.append(unit.code)
    csv_path = BENCH_DIR / f"employees_{rows}.csv"
    if not csv_path.exists():
        write_employee_csv(csv_path, rows, codes)

    started = time.perf_counter()
    report = import_file(
        actor=Actor.system(pemda.pk, label="bench"),
        pemda=pemda,
        kind="employees",
        path=csv_path,
        file_name=csv_path.name,
    )
    seconds = time.perf_counter() - started
    result = {
        "engine": engine,
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        "summary": report.summary_line(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if baseline:
        raw_seconds = raw_bulk_load(engine, csv_path, pemda.pk)
        result["raw_seconds"] = round(raw_seconds, 2)
        result["raw_rows_per_s"] = round(rows / raw_seconds)
        result["ratio_import_to_raw"] = round(raw_seconds / seconds, 3)
    print(json.dumps(result))


def raw_bulk_load(engine: str, csv_path, pemda_id: int) -> float:
    """Load the same rows into the employee table through the imports' bulk loader (`bina.core.sql`:
    executemany on SQLite, COPY on PostgreSQL), without validation: the floor the import is measured against."""
    from django.db import transaction

    from bina.core.models import Pemda
    from bina.core.sql import bulk_insert
    from bina.people.models import Employee, OrgUnit

    other = Pemda.objects.create(slug="raw", name="Raw", kind="kota", bps_code="9998")
    unit_id = OrgUnit.objects.filter(pemda_id=pemda_id).values_list("pk", flat=True).first()
    now = datetime.now().astimezone()

    def rows():
        with csv_path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            next(reader)
            for r in reader:
                d, m, y = r[3].split("-")
                yield {
                    "pemda_id": other.pk,
                    "nip": r[0],
                    "name": r[1],
                    "sort_name": r[1].lower(),
                    "gender": r[2],
                    "birth_date": date(int(y), int(m), int(d)),
                    "asn_type": r[4],
                    "golongan": r[5],
                    "position_name": r[6],
                    "position_kind": r[7],
                    "unit_id": unit_id,
                    "education": r[10],
                    "status": "aktif",
                    "email": r[11],
                    "phone": r[12],
                }

    started = time.perf_counter()
    with transaction.atomic():
        bulk_insert(Employee, rows(), now=now)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
