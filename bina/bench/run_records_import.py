"""Service-record import benchmark in its own process: `python -m bina.bench.run_records_import ENGINE ROWS [--baseline]`.

A Pemda with `UNITS` kelurahan, two officers each and the default catalogue; a CSV of ROWS tickets
(two years, a few tickets per kelurahan per day, 90 % completed) imported through the import kind
(`import_file`, checks, key lookups, bulk writes, partitions, rollups). Prints one JSON line: rows,
seconds, rows/s, peak RSS, and (with --baseline) the raw bulk load of the same rows into the same
table through the one bulk loader (`bina.core.sql.bulk_insert`: executemany on SQLite, COPY on
PostgreSQL), without checks or rollups, and the ratio import/raw (rows per second).
"""

from __future__ import annotations

import csv
import json
import random
import resource
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

UNITS = 300
OFFICERS_PER_UNIT = 2
START = date(2024, 1, 1)
HEADER = "nomor_tiket,kode_layanan,kode_unit,nip_petugas,waktu_datang,waktu_dipanggil,waktu_selesai,status,kanal"
SERVICES = ("KTP-EL", "KK", "AKTA-LAHIR", "AKTA-MATI", "PINDAH-DATANG", "KIA")


def officer_nip(unit: int, k: int) -> str:
    return f"1980{(unit % 12) + 1:02d}{(unit % 28) + 1:02d}2005{(k % 12) + 1:02d}{1 + k % 2}{unit:03d}"


def write_records_csv(path: Path, rows: int, seed: int = 11) -> None:
    rnd = random.Random(seed)
    per_day = max(1, rows // (UNITS * 730))
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER + "\n")
        written, day = 0, START
        while written < rows:
            for unit in range(UNITS):
                for n in range(per_day):
                    if written >= rows:
                        break
                    came = datetime(day.year, day.month, day.day, 8) + timedelta(seconds=rnd.randrange(7 * 3600))
                    status = "selesai" if rnd.random() < 0.9 else ("batal" if rnd.random() < 0.6 else "ditolak")
                    called = came + timedelta(seconds=rnd.randrange(60, 3600))
                    done = called + timedelta(seconds=rnd.randrange(120, 1800))
                    fmt = "%Y-%m-%d %H:%M:%S"
                    fh.write(
                        f"A{n + 1:03d},{SERVICES[rnd.randrange(len(SERVICES))]},KEL-{unit:03d},"
                        f"{officer_nip(unit, n % OFFICERS_PER_UNIT) if status != 'batal' else ''},"
                        f"{came.strftime(fmt)},{called.strftime(fmt) if status != 'batal' else ''},"
                        f"{done.strftime(fmt) if status == 'selesai' else ''},{status},loket\n"
                    )
                    written += 1
            day += timedelta(days=1)


def setup_pemda():
    from bina.core.actor import Actor
    from bina.core.services import pemda_create
    from bina.core.sql import bulk_insert
    from bina.people.models import Employee
    from bina.people.services import org_unit_create

    pemda = pemda_create(
        actor=Actor.platform(label="bench"), slug="bench", name="Pemerintah Kota Bench", kind="kota", bps_code="9999"
    )
    system = Actor.system(pemda.pk, label="bench")
    kec = org_unit_create(actor=system, pemda=pemda, code="KEC", name="Kecamatan Bench", kind="kecamatan")
    now = datetime.now().astimezone()
    officers = []
    for i in range(UNITS):
        unit = org_unit_create(
            actor=system, pemda=pemda, code=f"KEL-{i:03d}", name=f"Kelurahan {i}", kind="kelurahan", parent=kec
        )
        for k in range(OFFICERS_PER_UNIT):
            officers.append(
                {
                    "pemda_id": pemda.pk,
                    "nip": officer_nip(i, k),
                    "name": f"Petugas {i}-{k}",
                    "sort_name": f"petugas {i}-{k}",
                    "gender": "L",
                    "birth_date": date(1980, 1, 1),
                    "asn_type": "PNS",
                    "unit_id": unit.pk,
                    "status": "aktif",
                }
            )
    bulk_insert(Employee, officers, now=now)
    return pemda


def main() -> None:
    engine, rows = sys.argv[1], int(sys.argv[2])
    baseline = "--baseline" in sys.argv
    from bina.bench.db import BENCH_DIR, migrated_database

    migrated_database(engine, f"bench_records_{engine}")
    from bina.core.actor import Actor
    from bina.imports.service import import_file

    pemda = setup_pemda()
    rollup_seconds = time_rollups()
    csv_path = BENCH_DIR / f"service_records_{rows}.csv"
    if not csv_path.exists():
        write_records_csv(csv_path, rows)

    started = time.perf_counter()
    report = import_file(
        actor=Actor.system(pemda.pk, label="bench"),
        pemda=pemda,
        kind="service_records",
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
        "warnings": report.warnings_total,
        "rollups_seconds": round(rollup_seconds[0], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if baseline:
        raw_seconds = raw_bulk_load(csv_path, pemda)
        result["raw_seconds"] = round(raw_seconds, 2)
        result["raw_rows_per_s"] = round(rows / raw_seconds)
        result["ratio_import_to_raw"] = round(raw_seconds / seconds, 3)
        # The import's own work, without the rollup recomputation it triggers (bina.quality.rollups).
        result["ratio_without_rollups"] = round(raw_seconds / (seconds - rollup_seconds[0]), 3)
    print(json.dumps(result))


def time_rollups() -> list[float]:
    """Accumulate the seconds spent in `rollups_refresh` (called by the import in its transaction)."""
    from bina.quality import records

    spent = [0.0]
    refresh = records.rollups_refresh

    def timed(**kwargs):
        started = time.perf_counter()
        try:
            refresh(**kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    records.rollups_refresh = timed
    return spent


def raw_bulk_load(csv_path: Path, pemda) -> float:
    """The same rows into the emptied record table through the bulk loader: codes mapped to ids, times
    parsed, durations subtracted, nothing checked, no lookups, no rollups. The floor of the import."""
    from django.db import connection, transaction

    from bina.core.sql import bulk_insert
    from bina.people.models import Employee, OrgUnit
    from bina.quality.models import ServiceRecord, ServiceType

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM quality_servicerecord")
    units = dict(OrgUnit.objects.filter(pemda=pemda).values_list("code", "id"))
    services = dict(ServiceType.objects.filter(pemda=pemda).values_list("code", "id"))
    officers = dict(Employee.objects.filter(pemda=pemda).values_list("nip", "id"))
    tz = ZoneInfo(pemda.timezone)
    now = datetime.now().astimezone()

    def parse(text: str) -> datetime | None:
        return datetime.fromisoformat(text).replace(tzinfo=tz) if text else None

    def seconds(a: datetime | None, b: datetime | None) -> int | None:
        return None if a is None or b is None else int((b - a).total_seconds())

    def rows():
        with csv_path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            next(reader)
            for r in reader:
                came, called, done = parse(r[4]), parse(r[5]), parse(r[6])
                assert came is not None
                yield {
                    "pemda_id": pemda.pk,
                    "service_id": services[r[1]],
                    "unit_id": units[r[2]],
                    "officer_id": officers.get(r[3]),
                    "ticket": r[0],
                    "channel": r[8],
                    "arrival_date": came.date(),
                    "arrived_at": came,
                    "called_at": called,
                    "finished_at": done,
                    "status": r[7],
                    "wait_seconds": seconds(came, called),
                    "process_seconds": seconds(called, done),
                    "total_seconds": seconds(came, done),
                }

    started = time.perf_counter()
    with transaction.atomic():
        bulk_insert(ServiceRecord, rows(), now=now)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
