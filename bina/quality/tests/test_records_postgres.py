"""On PostgreSQL the raw records are partitioned by month of arrival_date (migration 0004)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from bina.core.actor import Actor
from bina.imports.service import import_file
from bina.quality.models import ServiceRecord, ServiceType
from bina.quality.records import partitions_ensure

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
HEADER = "nomor_tiket,kode_layanan,kode_unit,nip_petugas,waktu_datang,waktu_dipanggil,waktu_selesai,status"


def rows_per_partition() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text, count(*) FROM quality_servicerecord GROUP BY 1")
        return dict(cursor.fetchall())


def test_the_table_is_partitioned_with_the_key_and_indexes():
    assert connection.vendor == "postgresql", "run this test with DATABASE_URL=postgres://… (make test-postgres)"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT partstrat, pg_get_partkeydef('quality_servicerecord'::regclass) FROM pg_partitioned_table "
            "WHERE partrelid = 'quality_servicerecord'::regclass"
        )
        assert cursor.fetchone() == ("r", "RANGE (arrival_date)")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'quality_servicerecord'::regclass AND contype IN ('p', 'u')"
        )
        constraints = dict(cursor.fetchall())
        assert constraints["quality_servicerecord_pkey"] == "PRIMARY KEY (id, arrival_date)"
        assert constraints["servicerecord_key"] == "UNIQUE (unit_id, ticket, arrival_date)"
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'quality_servicerecord'")
        assert {"servicerecord_pemda_day", "servicerecord_officer_day"} <= {n for (n,) in cursor.fetchall()}
        cursor.execute("SELECT to_regclass('quality_servicerecord_default') IS NOT NULL")
        assert cursor.fetchone()[0]


def test_an_import_creates_the_month_partitions_it_needs(world, tmp_path):
    ServiceType.objects.create(pemda=world.pemda, code="T", name="Loket", sla_minutes=60)
    unit = world.units["kel_a1"].code
    path = tmp_path / "r.csv"
    path.write_text(
        f"{HEADER}\nA1,T,{unit},,2026-10-31 23:50,,,batal\nA1,T,{unit},,2026-11-01 00:10,,,batal\n", encoding="utf-8"
    )
    actor = Actor.system(world.pemda.pk, label="test")
    report = import_file(actor=actor, pemda=world.pemda, kind="service_records", path=path, file_name="r.csv")
    assert report.summary_line() == "created=2 updated=0 unchanged=0 errors=0"
    counts = rows_per_partition()
    assert counts == {"quality_servicerecord_y2026m10": 1, "quality_servicerecord_y2026m11": 1}
    again = import_file(actor=actor, pemda=world.pemda, kind="service_records", path=path, file_name="r.csv")
    assert again.summary_line() == "created=0 updated=0 unchanged=2 errors=0"
    assert ServiceRecord.objects.count() == 2


def test_rows_saved_without_a_partition_are_moved_out_of_default(world):
    service = ServiceType.objects.create(pemda=world.pemda, code="T", name="Loket", sla_minutes=60)
    arrived = dt.datetime(2024, 2, 5, 1, 0, tzinfo=dt.UTC)
    ServiceRecord.objects.create(
        pemda=world.pemda, service=service, unit=world.units["kel_a1"], ticket="X", arrival_date=arrived.date(),
        arrived_at=arrived, status="batal",
    )  # fmt: skip
    assert rows_per_partition() == {"quality_servicerecord_default": 1}
    assert partitions_ensure([dt.date(2024, 2, 20)]) == ["quality_servicerecord_y2024m02"]
    assert rows_per_partition() == {"quality_servicerecord_y2024m02": 1}
    assert partitions_ensure([dt.date(2024, 2, 1)]) == []
    assert ServiceRecord.objects.get(ticket="X").arrival_date == dt.date(2024, 2, 5)


@pytest.mark.django_db(transaction=True)
def test_two_machines_sending_the_same_tickets_at_once_write_them_once(world):
    """The later writer meets the unique key, is checked again and answers unchanged: no error, no duplicate."""
    import threading

    from django.db import connections

    from bina.quality.records import service_records_write

    ServiceType.objects.create(pemda=world.pemda, code="T", name="Loket", sla_minutes=60)
    unit = world.units["kel_a1"].code
    batch = [
        {"nomor_tiket": f"C{i}", "kode_layanan": "T", "kode_unit": unit, "waktu_datang": "2026-11-02 08:00",
         "status": "batal"}
        for i in range(200)
    ]  # fmt: skip
    actor = Actor.system(world.pemda.pk, label="test")
    barrier = threading.Barrier(4)
    outcomes: list[object] = []

    def send() -> None:
        try:
            barrier.wait()
            outcomes.append(service_records_write(actor=actor, records=batch))
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert ServiceRecord.objects.filter(pemda=world.pemda).count() == 200
    created = sum(o.count("created") for o in outcomes)  # type: ignore[union-attr]
    assert created == 200


@pytest.mark.django_db(transaction=True)
def test_an_import_meeting_a_queue_machines_ticket_writes_nothing_and_says_so(world, tmp_path):
    """A queue machine commits a ticket the file also holds while the file is being written: the import's
    insert meets the unique key; the run reports a file error (no crash) and leaves only the machine's row."""
    import threading
    import time

    from django.db import connections, transaction

    service = ServiceType.objects.create(pemda=world.pemda, code="T", name="Loket", sla_minutes=60)
    unit = world.units["kel_a1"]
    partitions_ensure([dt.date(2026, 11, 2)])
    arrived = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)  # 08:00 WIB
    inserted = threading.Event()

    def machine() -> None:
        try:
            with transaction.atomic():
                ServiceRecord.objects.create(
                    pemda=world.pemda, service=service, unit=unit, ticket="A1", arrival_date=arrived.date(),
                    arrived_at=arrived, status="batal",
                )  # fmt: skip
                inserted.set()
                time.sleep(1.5)  # the import reads the file, finds no A1 stored, and waits on the key
        finally:
            connections.close_all()

    thread = threading.Thread(target=machine)
    thread.start()
    assert inserted.wait(10)
    path = tmp_path / "r.csv"
    path.write_text(
        f"{HEADER}\nA0,T,{unit.code},,2026-11-02 08:00,,,batal\nA1,T,{unit.code},,2026-11-02 08:00,,,batal\n",
        encoding="utf-8",
    )
    actor = Actor.system(world.pemda.pk, label="test")
    report = import_file(actor=actor, pemda=world.pemda, kind="service_records", path=path, file_name="r.csv")
    thread.join()
    assert report.summary_line() == "created=0 updated=0 unchanged=0 errors=1"
    assert [e.code for e in report.errors] == ["concurrent_write"]
    assert list(ServiceRecord.objects.values_list("ticket", flat=True)) == ["A1"]
    again = import_file(actor=actor, pemda=world.pemda, kind="service_records", path=path, file_name="r.csv")
    assert again.summary_line() == "created=1 updated=0 unchanged=1 errors=0"
