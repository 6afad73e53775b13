"""One import benchmark in its own process: `python -m bina.bench.run_import ENGINE ROWS [--baseline]`.

Prints one JSON line: rows, seconds, rows/s, peak RSS, and (with --baseline) the raw bulk-load rate of the
same rows (executemany in one transaction on SQLite, COPY on PostgreSQL) and the ratio.
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
    from bina.core.services import pemda_create
    from bina.imports.service import import_file
    from bina.people.services import org_unit_create

    pemda = pemda_create(actor=None, slug="bench", name="Pemerintah Kota Bench", kind="kota", bps_code="9999")
    root = org_unit_create(actor=None, pemda=pemda, code="ROOT", name="Sekretariat Daerah", kind="sekretariat")
    codes = []
    for i in range(200):
        unit = org_unit_create(actor=None, pemda=pemda, code=f"U{i:03d}", name=f"Unit {i}", kind="bidang", parent=root)
        codes.append(unit.code)
    csv_path = BENCH_DIR / f"employees_{rows}.csv"
    if not csv_path.exists():
        write_employee_csv(csv_path, rows, codes)

    started = time.perf_counter()
    report = import_file(actor=None, pemda=pemda, kind="employees", path=csv_path, file_name=csv_path.name)
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
    """Load the same rows into the employee table as fast as the database allows, without validation."""
    from django.db import connection, transaction

    from bina.core.models import Pemda
    from bina.people.models import OrgUnit

    other = Pemda.objects.create(slug="raw", name="Raw", kind="kota", bps_code="9998")
    unit_id = OrgUnit.objects.filter(pemda_id=pemda_id).values_list("pk", flat=True).first()
    now = datetime.now().astimezone()
    cols = (
        "pemda_id, nip, name, sort_name, gender, birth_date, asn_type, golongan, position_name, position_kind,"
        " unit_id, education, status, email, phone, created_at, updated_at"
    )

    def tuples():
        with csv_path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            next(reader)
            for r in reader:
                d, m, y = r[3].split("-")
                yield (
                    other.pk,
                    r[0],
                    r[1],
                    r[1].lower(),
                    r[2],
                    date(int(y), int(m), int(d)),
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    unit_id,
                    r[10],
                    "aktif",
                    r[11],
                    r[12],
                    now,
                    now,
                )

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if engine == "postgres":
            with cursor.cursor.copy(f"COPY people_employee ({cols}) FROM STDIN") as copy:
                for row in tuples():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * 17)
            cursor.executemany(f"INSERT INTO people_employee ({cols}) VALUES ({placeholders})", list(tuples()))
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
