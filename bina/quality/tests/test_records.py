"""Service records (issue 10, §2): the import kind, its command and the rules of `bina.quality.records`."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from bina.core.actor import Actor
from bina.core.audit import AuditEvent
from bina.imports.service import import_file
from bina.quality.models import Holiday, ServiceRecord, ServiceType
from bina.quality.records import parse_local_time

pytestmark = pytest.mark.django_db

HEADER = "nomor_tiket,kode_layanan,kode_unit,nip_petugas,waktu_datang,waktu_dipanggil,waktu_selesai,status,kanal"
UTC = dt.UTC


@pytest.fixture
def services(world):
    return {
        "menit": ServiceType.objects.create(pemda=world.pemda, code="T-MENIT", name="Loket", sla_minutes=60),
        "hari": ServiceType.objects.create(pemda=world.pemda, code="T-HARI", name="Dokumen", sla_working_days=1),
    }


def write(tmp_path: Path, *rows: str, name: str = "records.csv", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run_import(world, path: Path, *, actor: Actor | None = None, dry_run=False, partial=False):
    return import_file(
        actor=actor or Actor.system(world.pemda.pk, label="test"),
        pemda=world.pemda,
        kind="service_records",
        path=path,
        file_name=path.name,
        dry_run=dry_run,
        partial=partial,
    )


def row(world, ticket="A001", service="T-MENIT", unit="kel_a1", nip=None, came="2026-11-16 08:00",
        called="2026-11-16 08:10", done="2026-11-16 08:25", status="selesai", channel="loket"):  # fmt: skip
    nip = world.employees["kel_a1_staff"].nip if nip is None else nip
    return f"{ticket},{service},{world.units[unit].code},{nip},{came},{called},{done},{status},{channel}"


def command(*args):
    out = StringIO()
    code = 0
    try:
        call_command(*args, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().strip().splitlines()


def test_a_valid_file_is_stored_with_derived_values_and_one_audit_entry(world, services, tmp_path):
    path = write(tmp_path, row(world), row(world, ticket="A002", status="batal", called="", done="", channel=""))
    report = run_import(world, path)
    assert report.summary_line() == "created=2 updated=0 unchanged=0 errors=0"
    rec = ServiceRecord.objects.get(ticket="A001")
    assert rec.unit_id == world.units["kel_a1"].pk and rec.officer_id == world.employees["kel_a1_staff"].pk
    assert rec.wait_seconds == 600 and rec.process_seconds == 900 and rec.total_seconds == 1500
    assert rec.within_sla is True and rec.arrival_date == dt.date(2026, 11, 16)
    # WIB (the default zone): 08:00 local is 01:00 UTC.
    assert rec.arrived_at == dt.datetime(2026, 11, 16, 1, 0, tzinfo=UTC)
    cancelled = ServiceRecord.objects.get(ticket="A002")
    assert cancelled.channel == "loket" and cancelled.within_sla is None and cancelled.wait_seconds is None
    assert AuditEvent.objects.filter(action="import.service_records").count() == 1


def test_reimport_changes_nothing_and_a_changed_row_updates(world, services, tmp_path):
    first = write(tmp_path, row(world), row(world, ticket="A002"))
    assert run_import(world, first).summary_line() == "created=2 updated=0 unchanged=0 errors=0"
    stamp = ServiceRecord.objects.get(ticket="A001").updated_at
    assert run_import(world, first).summary_line() == "created=0 updated=0 unchanged=2 errors=0"
    assert ServiceRecord.objects.get(ticket="A001").updated_at == stamp
    changed = write(tmp_path, row(world, done="2026-11-16 09:30"), row(world, ticket="A002"), name="b.csv")
    assert run_import(world, changed).summary_line() == "created=0 updated=1 unchanged=1 errors=0"
    rec = ServiceRecord.objects.get(ticket="A001")
    assert rec.total_seconds == 90 * 60 and rec.within_sla is False
    assert ServiceRecord.objects.count() == 2
    # The same ticket number on another day is another record (queue numbers restart daily).
    other_day = write(tmp_path, row(world, came="2026-11-17 08:00", called="", done="", status="batal"), name="c.csv")
    assert run_import(world, other_day).summary_line() == "created=1 updated=0 unchanged=0 errors=0"


@pytest.mark.parametrize(
    ("fields", "column", "code"),
    [
        ({"called": "2026-11-16 07:59"}, "waktu_dipanggil", "called_before_arrival"),
        ({"done": "2026-11-16 08:09"}, "waktu_selesai", "finished_before_called"),
        ({"called": "", "done": "2026-11-16 07:00"}, "waktu_selesai", "finished_before_arrival"),
        ({"came": "2030-01-01 08:00", "called": "", "done": "", "status": "batal"}, "waktu_datang", "future_time"),
        ({"done": "2030-01-01 08:00"}, "waktu_selesai", "future_time"),
        ({"service": "NOPE"}, "kode_layanan", "unknown_service"),
        ({"nip": "199001012015011999"}, "nip_petugas", "unknown_officer"),
        ({"done": ""}, "waktu_selesai", "finish_required"),
        ({"status": "hilang"}, "status", "unknown_status"),
        ({"channel": "pos"}, "kanal", "unknown_channel"),
        ({"came": "16-11-2026 08:00"}, "waktu_datang", "invalid_time"),
        ({"came": "2026-02-30 08:00"}, "waktu_datang", "invalid_time"),
        ({"came": ""}, "waktu_datang", "required"),
        ({"ticket": ""}, "nomor_tiket", "required"),
    ],
)
def test_each_rejection_names_row_column_and_reason_and_writes_nothing(world, services, tmp_path, fields, column, code):
    path = write(tmp_path, row(world, ticket="OK1"), row(world, ticket=fields.pop("ticket", "BAD"), **fields))
    report = run_import(world, path)
    assert report.summary_line() == "created=0 updated=0 unchanged=0 errors=1"
    (error,) = report.errors
    assert (error.row, error.column, error.code) == (3, column, code)
    assert error.reason
    assert ServiceRecord.objects.count() == 0


def test_unknown_unit_and_an_officer_of_another_pemda(world, other_world, services, tmp_path):
    path = write(
        tmp_path,
        row(world, ticket="X1").replace(world.units["kel_a1"].code, other_world.units["kel_a1"].code),
        row(world, ticket="X2", nip=other_world.employees["kel_a1_staff"].nip),
    )
    report = run_import(world, path)
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (2, "kode_unit", "unknown_unit"),
        (3, "nip_petugas", "unknown_officer"),
    ]
    assert other_world.units["kel_a1"].code in report.errors[0].reason


def test_nip_is_normalised_and_the_dmy_format_is_read(world, services, tmp_path):
    nip = world.employees["kel_a1_staff"].nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    path = write(tmp_path, row(world, nip=spaced, came="16/11/2026 08:00:30", called="16/11/2026 08:10", done=""
                               , status="ditolak"))  # fmt: skip
    report = run_import(world, path)
    assert report.summary_line() == "created=1 updated=0 unchanged=0 errors=0", report.errors
    rec = ServiceRecord.objects.get()
    assert rec.officer_id == world.employees["kel_a1_staff"].pk
    assert rec.arrived_at == dt.datetime(2026, 11, 16, 1, 0, 30, tzinfo=UTC) and rec.wait_seconds == 570


def test_times_are_read_in_the_pemdas_zone_and_the_local_date_is_the_key(world, services, tmp_path):
    world.pemda.timezone = "Asia/Jayapura"  # WIT, UTC+9
    world.pemda.save()
    path = write(tmp_path, row(world, came="2026-11-16 00:30", called="2026-11-16 00:40", done="2026-11-16 00:50"))
    assert run_import(world, path).summary_line() == "created=1 updated=0 unchanged=0 errors=0"
    rec = ServiceRecord.objects.get()
    assert rec.arrived_at == dt.datetime(2026, 11, 15, 15, 30, tzinfo=UTC)
    assert rec.arrival_date == dt.date(2026, 11, 16)


def test_parse_local_time_formats():
    wita = ZoneInfo("Asia/Makassar")
    assert parse_local_time("2026-01-02 03:04", wita) == dt.datetime(2026, 1, 2, 3, 4, tzinfo=wita)
    assert parse_local_time("02/01/2026 03:04:05", wita) == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=wita)
    assert parse_local_time("", wita) is None
    assert parse_local_time(dt.datetime(2026, 1, 2, 3, 4), wita) == dt.datetime(2026, 1, 2, 3, 4, tzinfo=wita)


def test_working_day_sla_uses_the_holiday_calendar(world, services, tmp_path):
    # Friday 20 Nov 2026 + 1 working day is Monday 23; Monday is a holiday, so Tuesday 24 is the last day.
    Holiday.objects.create(pemda=world.pemda, date=dt.date(2026, 11, 23), description="Libur")
    path = write(
        tmp_path,
        row(world, ticket="T1", service="T-HARI", came="2026-11-20 09:00", called="2026-11-20 09:05",
            done="2026-11-24 10:00"),
        row(world, ticket="T2", service="T-HARI", came="2026-11-20 09:01", called="2026-11-20 09:30",
            done="2026-11-25 10:00"),
    )  # fmt: skip
    assert run_import(world, path).summary_line() == "created=2 updated=0 unchanged=0 errors=0"
    assert dict(ServiceRecord.objects.values_list("ticket", "within_sla")) == {"T1": True, "T2": False}


def test_a_ticket_given_twice_is_an_error_on_its_second_row(world, services, tmp_path):
    path = write(tmp_path, row(world), row(world, done="2026-11-16 08:30"))
    report = run_import(world, path)
    assert [(e.row, e.code) for e in report.errors] == [(3, "duplicate_ticket")]


def test_partial_writes_the_valid_rows_and_dry_run_writes_nothing(world, services, tmp_path):
    path = write(tmp_path, row(world), row(world, ticket="B", service="NOPE"))
    assert run_import(world, path, dry_run=True).created == 1
    assert ServiceRecord.objects.count() == 0
    report = run_import(world, path, partial=True)
    assert report.summary_line() == "created=1 updated=0 unchanged=0 errors=1"
    assert ServiceRecord.objects.count() == 1


def test_an_operator_imports_only_within_their_units(world, services, tmp_path):
    operator = world.actor("operator")  # Dinas Dukcapil's subtree
    path = write(tmp_path, row(world, ticket="D1", unit="bidang"), row(world, ticket="K1"))
    report = run_import(world, path, actor=operator)
    assert [(e.row, e.column, e.code) for e in report.errors] == [(3, "kode_unit", "out_of_scope")]
    assert world.units["kel_a1"].code in report.errors[0].reason
    assert ServiceRecord.objects.count() == 0
    report = run_import(world, write(tmp_path, row(world, ticket="D1", unit="bidang"), name="ok.csv"), actor=operator)
    assert report.summary_line() == "created=1 updated=0 unchanged=0 errors=0"


def test_warnings_for_suspicious_but_valid_rows(world, services, tmp_path):
    same = [
        row(world, ticket=f"S{i}", nip="", came="2026-11-16 10:00", called="", done="", status="batal")
        for i in range(5)
    ]
    path = write(
        tmp_path,
        *same,
        row(world, ticket="Q1", came="2026-11-16 09:00", called="2026-11-16 09:01", done="2026-11-16 09:01:10"),
        row(world, ticket="O1", came="2026-11-16 11:00", called="2026-11-16 11:00", done="2026-11-16 11:30"),
        row(world, ticket="O2", came="2026-11-16 11:05", called="2026-11-16 11:10", done="2026-11-16 11:40"),
    )
    report = run_import(world, path)
    assert report.summary_line() == "created=8 updated=0 unchanged=0 errors=0"
    codes = [(w.row, w.column, w.code) for w in report.warnings]
    assert (2, "waktu_datang", "identical_times") in codes
    assert (7, "waktu_selesai", "short_processing") in codes
    assert (9, "nip_petugas", "officer_overlap") in codes
    assert report.warnings_total == 3
    assert report.as_dict()["warnings_total"] == 3


def test_command_exit_codes_and_last_line(world, services, tmp_path):
    good = write(tmp_path, row(world))
    code, lines = command("import_service_records", str(good), "--pemda", world.pemda.slug, "--dry-run")
    assert code == 0 and lines[-1] == "created=0 updated=0 unchanged=0 errors=0"
    code, lines = command("import_service_records", str(good), "--pemda", world.pemda.slug)
    assert code == 0 and lines[-1] == "created=1 updated=0 unchanged=0 errors=0"
    bad = write(tmp_path, row(world, ticket="Z", status="x"), name="bad.csv")
    code, lines = command("import_service_records", str(bad), "--pemda", world.pemda.slug)
    assert code == 1 and lines[-1] == "created=0 updated=0 unchanged=0 errors=1"
    assert any("bad.csv:2:status:" in line for line in lines)


def test_missing_column_refuses_the_file(world, services, tmp_path):
    path = write(tmp_path, "A1,T-MENIT", header="nomor_tiket,kode_layanan")
    report = run_import(world, path)
    assert report.file_rejected and {e.column for e in report.errors} >= {"kode_unit", "waktu_datang"}


def test_every_write_keeps_the_rollups_current(world, services, tmp_path):
    from bina.quality.models import ServiceDayRollup

    path = write(tmp_path, row(world), row(world, ticket="A002", status="batal", called="", done=""))
    run_import(world, path)
    day = ServiceDayRollup.objects.get(unit=world.units["kel_a1"], service=services["menit"], officer__isnull=False)
    assert (day.transactions, day.completed, day.cancelled) == (2, 1, 1)
    # Moving a record to another service refreshes both keys.
    run_import(world, write(tmp_path, row(world, service="T-HARI"), name="moved.csv"))
    assert ServiceDayRollup.objects.get(service=services["hari"]).completed == 1
    assert ServiceDayRollup.objects.get(service=services["menit"]).transactions == 1


def test_rollups_are_handed_over_in_bounded_groups(world, services, tmp_path, monkeypatch):
    from bina.quality import records
    from bina.quality.models import ServiceDayRollup

    monkeypatch.setattr(records, "ROLLUP_FLUSH_KEYS", 1)
    calls = []
    refresh = records.rollups_refresh
    monkeypatch.setattr(records, "rollups_refresh", lambda **kw: (calls.append(kw), refresh(**kw)))
    path = write(tmp_path, row(world), row(world, ticket="A2", came="2026-11-17 08:00", called="", done="",
                                            status="batal"))  # fmt: skip
    run_import(world, path)
    assert len(calls) == 1  # one batch: flushed once when it passed the bound, nothing left for the end
    assert ServiceDayRollup.objects.count() == 2


def test_xlsx_with_date_time_cells(world, services, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    nip = world.employees["kel_a1_staff"].nip
    sheet.append([17, "T-MENIT", world.units["kel_a1"].code, nip, dt.datetime(2026, 11, 16, 8, 0),
                  dt.datetime(2026, 11, 16, 8, 5), dt.datetime(2026, 11, 16, 8, 20), "Selesai", "Loket"])  # fmt: skip
    path = tmp_path / "antrean.xlsx"
    book.save(path)
    report = run_import(world, path)
    assert report.summary_line() == "created=1 updated=0 unchanged=0 errors=0", report.errors
    rec = ServiceRecord.objects.get()
    assert rec.ticket == "17" and rec.arrived_at == dt.datetime(2026, 11, 16, 1, 0, tzinfo=UTC)
    assert rec.status == "selesai" and rec.channel == "loket"
