"""`POST /api/v1/service-records`: per-record results, idempotence, the token's write reach."""

from __future__ import annotations

import pytest

from bina.core.audit import AuditEvent
from bina.quality.models import ServiceDayRollup, ServiceRecord, ServiceType

pytestmark = pytest.mark.django_db
URL = "/api/v1/service-records"


@pytest.fixture
def service(world):
    return ServiceType.objects.create(pemda=world.pemda, code="T-MENIT", name="Loket", sla_minutes=60)


def record(world, ticket="A001", unit="bidang", **over):
    data = {
        "nomor_tiket": ticket,
        "kode_layanan": "T-MENIT",
        "kode_unit": world.units[unit].code,
        "nip_petugas": world.employees["staff_bidang"].nip,
        "waktu_datang": "2026-11-16 08:00",
        "waktu_dipanggil": "2026-11-16 08:10",
        "waktu_selesai": "2026-11-16 08:25",
        "status": "selesai",
        "kanal": "loket",
    }
    data.update(over)
    return data


def post(client, *records, **extra):
    return client.post(URL, {"records": list(records), **extra}, content_type="application/json")


def test_created_then_unchanged_then_updated_per_record(world, service, api_as):
    client = api_as(world.users["operator"])
    batch = [record(world), record(world, "A002", waktu_selesai=None, status="batal", waktu_dipanggil=None)]
    res = post(client, *batch)
    assert res.status_code == 200, res.json()
    body = res.json()
    assert body["written"] is True and (body["created"], body["updated"], body["unchanged"]) == (2, 0, 0)
    assert [(r["index"], r["status"]) for r in body["results"]] == [(0, "created"), (1, "created")]
    assert ServiceRecord.objects.count() == 2
    assert ServiceDayRollup.objects.filter(unit=world.units["bidang"]).exists()
    again = post(client, *batch).json()
    assert [r["status"] for r in again["results"]] == ["unchanged", "unchanged"]
    batch[0]["waktu_selesai"] = "2026-11-16 08:40"
    changed = post(client, *batch).json()
    assert [r["status"] for r in changed["results"]] == ["updated", "unchanged"]
    assert ServiceRecord.objects.get(ticket="A001").process_seconds == 30 * 60
    assert AuditEvent.objects.filter(action="quality.records_write").count() == 2  # the unchanged batch: none


def test_a_refused_record_refuses_the_batch_unless_partial(world, service, api_as):
    client = api_as(world.users["admin"])
    batch = [record(world), record(world, "A002", waktu_dipanggil="2026-11-16 07:00")]
    body = post(client, *batch).json()
    assert body["written"] is False and body["errors"] == 1
    assert body["results"][0]["status"] == "created"  # what it would have been
    (err,) = body["results"][1]["errors"]
    assert (err["column"], err["code"]) == ("waktu_dipanggil", "called_before_arrival") and err["reason"]
    assert ServiceRecord.objects.count() == 0
    body = post(client, *batch, partial=True).json()
    assert body["written"] is True and [r["status"] for r in body["results"]] == ["created", "error"]
    assert ServiceRecord.objects.count() == 1


def test_an_operator_writes_only_their_units(world, service, api_as):
    client = api_as(world.users["operator"])  # Dinas Dukcapil's subtree
    body = post(client, record(world), record(world, "K1", unit="kel_a1"), partial=True).json()
    assert [r["status"] for r in body["results"]] == ["created", "error"]
    (err,) = body["results"][1]["errors"]
    assert err["code"] == "out_of_scope" and world.units["kel_a1"].code in err["reason"]
    assert not ServiceRecord.objects.filter(unit=world.units["kel_a1"]).exists()


def test_another_pemdas_units_are_unknown_and_nothing_is_written(world, other_world, service, api_as):
    client = api_as(other_world.users["admin"])
    ServiceType.objects.create(pemda=other_world.pemda, code="T-MENIT", name="Loket", sla_minutes=60)
    body = post(client, record(world, nip_petugas="")).json()
    assert body["written"] is False
    assert body["results"][0]["errors"][0]["code"] == "unknown_unit"
    assert ServiceRecord.objects.count() == 0


@pytest.mark.parametrize("persona", ["leader", "participant", "instructor"])
def test_readers_cannot_write_records(world, service, api_as, persona):
    res = post(api_as(world.users[persona]), record(world))
    assert res.status_code == 403
    assert ServiceRecord.objects.count() == 0


def test_anonymous_is_refused(world, service, client):
    assert post(client, record(world)).status_code == 401


def test_batch_limits_and_strict_fields(world, service, api_as):
    client = api_as(world.users["admin"])
    assert post(client).status_code == 422
    assert post(client, *[record(world, f"T{i}") for i in range(1001)]).status_code == 422
    assert post(client, {**record(world), "extra": 1}).status_code == 422
    assert post(client, record(world, nomor_tiket="X" * 41)).status_code == 422
    assert ServiceRecord.objects.count() == 0


def test_warnings_are_answered_per_record(world, service, api_as):
    client = api_as(world.users["admin"])
    body = post(client, record(world, waktu_selesai="2026-11-16 08:10:10")).json()
    assert body["results"][0]["status"] == "created"
    assert [w["code"] for w in body["results"][0]["warnings"]] == ["short_processing"]
