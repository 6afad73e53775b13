"""Data-quality warnings (issue 10 §2): counted per unit × day × kind from the stored records, shown on the
figures page for the unit's subtree and the period, the same after a second import, scoped by reach."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bina.core.actor import Actor
from bina.imports.service import import_file
from bina.quality.models import ServiceDataWarningDay, ServiceType
from bina.quality.rollups import rollups_rebuild

pytestmark = pytest.mark.django_db

HEADER = "nomor_tiket,kode_layanan,kode_unit,nip_petugas,waktu_datang,waktu_dipanggil,waktu_selesai,status,kanal"
PERIOD = "from=2026-11-01&to=2026-11-30"


@pytest.fixture
def service(world):
    return ServiceType.objects.create(pemda=world.pemda, code="T-MENIT", name="Loket", sla_minutes=60)


def row(world, ticket, *, unit="kel_a1", nip=None, came, called="", done="", status="selesai"):
    nip = world.employees["kel_a1_staff"].nip if nip is None else nip
    return f"{ticket},T-MENIT,{world.units[unit].code},{nip},{came},{called},{done},{status},loket"


def suspicious_rows(world) -> list[str]:
    """One group of 5 identical arrival times, one 10-second processing and one officer on two tickets."""
    same = [row(world, f"S{i}", nip="", came="2026-11-16 10:00", status="batal") for i in range(5)]
    return [
        *same,
        row(world, "Q1", came="2026-11-16 09:00", called="2026-11-16 09:01", done="2026-11-16 09:01:10"),
        row(world, "O1", came="2026-11-16 11:00", called="2026-11-16 11:00", done="2026-11-16 11:30"),
        row(world, "O2", came="2026-11-16 11:05", called="2026-11-16 11:10", done="2026-11-16 11:40"),
        row(
            world,
            "B1",
            unit="kel_b1",
            nip="",
            came="2026-11-17 09:00",
            called="2026-11-17 09:05",
            done="2026-11-17 09:05:20",
        ),
    ]


def run_import(world, tmp_path: Path, rows: list[str], name: str = "records.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return import_file(
        actor=Actor.system(world.pemda.pk, label="test"), pemda=world.pemda, kind="service_records",
        path=path, file_name=path.name,
    )  # fmt: skip


def stored(world) -> set[tuple[str, str, str, int]]:
    return {
        (w.day.isoformat(), w.unit.code, w.kind, w.count)
        for w in ServiceDataWarningDay.objects.filter(pemda=world.pemda).select_related("unit")
    }


def warning_count(html: str, kind: str) -> str:
    """The count cell of one kind's row in the warnings table."""
    cells = html.split(f'id="warning-{kind}"', 1)[1].split("</tr>", 1)[0]
    return cells.rsplit('<td class="num">', 1)[1].split("</td>", 1)[0]


def test_an_import_stores_the_counts_and_a_second_import_leaves_them(world, service, tmp_path):
    report = run_import(world, tmp_path, suspicious_rows(world))
    assert report.summary_line() == "created=9 updated=0 unchanged=0 errors=0"
    a1, b1 = world.units["kel_a1"].code, world.units["kel_b1"].code
    expected = {
        ("2026-11-16", a1, "identical_times", 1),
        ("2026-11-16", a1, "short_processing", 1),
        ("2026-11-16", a1, "officer_overlap", 1),
        ("2026-11-17", b1, "short_processing", 1),
    }
    assert stored(world) == expected
    # The counts agree with what the import reported row by row.
    assert report.warnings_total == sum(n for *_k, n in expected)
    again = run_import(world, tmp_path, suspicious_rows(world), name="again.csv")
    assert again.summary_line() == "created=0 updated=0 unchanged=9 errors=0"
    assert stored(world) == expected
    assert rollups_rebuild(pemda_id=world.pemda.pk) == 9
    assert stored(world) == expected  # the rebuild computes the same counts


def test_counts_follow_the_stored_records_not_the_batches(world, service, tmp_path):
    rows = suspicious_rows(world)
    run_import(world, tmp_path, rows[:3], name="first.csv")  # three of the five identical times
    assert not ServiceDataWarningDay.objects.filter(kind="identical_times").exists()
    run_import(world, tmp_path, rows[3:5], name="second.csv")  # the other two: now a group of five
    assert ServiceDataWarningDay.objects.get(kind="identical_times").count == 1
    # A corrected row (served for 10 minutes) takes its warning away.
    fixed = row(world, "Q1", came="2026-11-16 09:00", called="2026-11-16 09:01", done="2026-11-16 09:11")
    run_import(world, tmp_path, [rows[5]], name="short.csv")
    assert ServiceDataWarningDay.objects.filter(kind="short_processing").count() == 1
    assert run_import(world, tmp_path, [fixed], name="fixed.csv").summary_line().startswith("created=0 updated=1")
    assert not ServiceDataWarningDay.objects.filter(kind="short_processing").exists()


def test_an_officer_on_two_tickets_in_two_units_is_counted_in_the_later_ones_unit(world, service, tmp_path):
    nip = world.employees["kel_a1_staff"].nip
    run_import(
        world, tmp_path,
        [row(world, "X1", nip=nip, came="2026-11-18 08:00", called="2026-11-18 08:00", done="2026-11-18 08:40"),
         row(world, "X2", unit="kel_b1", nip=nip, came="2026-11-18 08:10", called="2026-11-18 08:20",
             done="2026-11-18 08:50")],
    )  # fmt: skip
    assert stored(world) == {("2026-11-18", world.units["kel_b1"].code, "officer_overlap", 1)}


def test_the_api_batch_keeps_the_counts_too(world, service, api_as):
    client = api_as(world.users["admin"])
    batch = [
        {"nomor_tiket": f"API{i}", "kode_layanan": "T-MENIT", "kode_unit": world.units["kel_a1"].code,
         "waktu_datang": "2026-11-19 08:00", "status": "batal"}
        for i in range(5)
    ]  # fmt: skip
    for _ in range(2):
        body = client.post("/api/v1/service-records", {"records": batch}, content_type="application/json").json()
        assert body["written"] is True
        assert stored(world) == {("2026-11-19", world.units["kel_a1"].code, "identical_times", 1)}


def test_the_figures_page_shows_the_counts_of_the_subtree_and_period(world, service, tmp_path, client_as):
    run_import(world, tmp_path, suspicious_rows(world))
    admin = client_as(world.users["admin"])
    whole = admin.get(f"/quality/figures/?{PERIOD}").content.decode()
    assert "Peringatan kualitas data" in whole
    assert [warning_count(whole, k) for k in ("identical_times", "short_processing", "officer_overlap")] == [
        "1",
        "2",
        "1",
    ]
    kec_a = admin.get(f"/quality/figures/?unit={world.units['kec_a'].code}&{PERIOD}").content.decode()
    assert warning_count(kec_a, "short_processing") == "1"  # Beta Satu's is outside Kecamatan Alfa
    assert "jam datang yang persis sama" in kec_a  # the plain explanation of each kind
    run_import(world, tmp_path, suspicious_rows(world), name="again.csv")
    assert admin.get(f"/quality/figures/?{PERIOD}").content.decode().count('id="warning-') == 3
    assert warning_count(admin.get(f"/quality/figures/?{PERIOD}").content.decode(), "short_processing") == "2"
    december = admin.get("/quality/figures/?from=2026-12-01&to=2026-12-31").content.decode()
    assert 'id="warning-' not in december  # another period: none


def test_the_leader_reads_their_reach_and_another_pemda_reads_nothing(world, other_world, service, tmp_path, client_as):
    run_import(world, tmp_path, suspicious_rows(world))
    leader = client_as(world.users["leader"]).get(f"/quality/figures/?{PERIOD}").content.decode()
    assert warning_count(leader, "short_processing") == "1" and warning_count(leader, "identical_times") == "1"
    other = client_as(other_world.users["admin"]).get(f"/quality/figures/?{PERIOD}").content.decode()
    assert 'id="warning-' not in other
    from bina.quality.access import data_warnings_for

    assert not data_warnings_for(other_world.actor("admin")).exists()
    assert data_warnings_for(world.actor("admin")).count() == 4


def test_the_figures_page_runs_a_fixed_number_of_queries(world, service, tmp_path, client_as):
    client = client_as(world.users["admin"])
    url = f"/quality/figures/?unit={world.units['kec_a'].code}&{PERIOD}"
    rows = suspicious_rows(world)
    run_import(world, tmp_path, rows[5:8])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    more_days = [r.replace("2026-11-16", "2026-11-20").replace(",O", ",P").replace(",S", ",T") for r in rows[:-1]]
    run_import(world, tmp_path, [*rows, *more_days], name="all.csv")
    assert ServiceDataWarningDay.objects.count() > 3
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few) <= 28
