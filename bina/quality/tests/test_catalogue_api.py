"""The catalogue and holiday API: members read, the admin writes; refused writes change nothing."""

import pytest

from bina.core.models import AuditEvent
from bina.quality.models import Holiday, ServiceType
from bina.quality.tests.conftest import load_defaults

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ("admin", "operator", "leader", "participant"))
def test_members_read_the_catalogue_and_the_calendar(catalogue, api_as, persona):
    client = api_as(catalogue.users[persona])
    items = client.get("/api/v1/service-types").json()
    by_code = {i["code"]: i for i in items}
    assert by_code["AKTA-MATI"]["sla_minutes"] == 30 and by_code["AKTA-MATI"]["sla_label"] == "30 menit"
    assert by_code["KK"]["sla_working_days"] == 5 and by_code["KK"]["sla_label"] == "5 hari kerja"
    assert client.get("/api/v1/service-types/KIA").json()["sla_working_days"] == 7
    days = client.get("/api/v1/holidays?year=2024").json()
    assert {"date": "2024-04-10", "description": "Idul Fitri 1445 H", "kind": "nasional"}.items() <= next(
        d for d in days if d["date"] == "2024-04-10"
    ).items()
    assert all(d["date"].startswith("2024-") for d in days)


def test_the_admin_writes_through_the_api(catalogue, api_as):
    client = api_as(catalogue.users["admin"])
    created = client.post(
        "/api/v1/service-types",
        {"code": "SKTM", "name": "Surat keterangan tidak mampu", "sla_minutes": 20, "channels": ["loket"]},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["sla_label"] == "20 menit"
    changed = client.patch("/api/v1/service-types/SKTM", {"sla_working_days": 2}, content_type="application/json")
    assert changed.status_code == 200
    assert (changed.json()["sla_minutes"], changed.json()["sla_working_days"]) == (None, 2)
    both = client.post(
        "/api/v1/service-types",
        {"code": "DUA", "name": "Dua SLA", "sla_minutes": 20, "sla_working_days": 1},
        content_type="application/json",
    )
    assert both.status_code == 422 and not ServiceType.objects.filter(code="DUA").exists()
    day = client.post(
        "/api/v1/holidays", {"date": "2026-09-09", "description": "Hari jadi"}, content_type="application/json"
    )
    assert day.status_code == 201 and day.json()["kind"] == "lokal"
    again = client.post(
        "/api/v1/holidays", {"date": "2026-09-09", "description": "Lagi"}, content_type="application/json"
    )
    assert again.status_code == 409
    pk = day.json()["id"]
    assert (
        client.patch(
            f"/api/v1/holidays/{pk}", {"description": "Hari jadi kota"}, content_type="application/json"
        ).json()["description"]
        == "Hari jadi kota"
    )
    assert client.delete(f"/api/v1/holidays/{pk}").status_code == 204
    assert not Holiday.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("persona", ("operator", "leader", "participant"))
def test_others_are_refused_and_nothing_changes(catalogue, api_as, persona):
    client = api_as(catalogue.users[persona])
    holiday = Holiday.objects.filter(pemda=catalogue.pemda).first()
    before = (ServiceType.objects.count(), Holiday.objects.count(), AuditEvent.objects.count())
    body = {"code": "X", "name": "X", "sla_minutes": 1}
    assert client.post("/api/v1/service-types", body, content_type="application/json").status_code == 403
    assert client.patch("/api/v1/service-types/KK", {"name": "X"}, content_type="application/json").status_code == 403
    assert (
        client.post(
            "/api/v1/holidays", {"date": "2026-01-02", "description": "X"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.delete(f"/api/v1/holidays/{holiday.pk}").status_code == 403
    assert (ServiceType.objects.count(), Holiday.objects.count(), AuditEvent.objects.count()) == before


def test_another_pemdas_entries_are_404(catalogue, other_world, api_as):
    load_defaults(other_world.pemda.pk)
    theirs = Holiday.objects.filter(pemda=other_world.pemda).first()
    ServiceType.objects.filter(pemda=other_world.pemda, code="KIA").update(code="KIA-BETA")
    client = api_as(catalogue.users["admin"])
    assert client.get("/api/v1/service-types/KIA-BETA").status_code == 404
    assert (
        client.patch(f"/api/v1/holidays/{theirs.pk}", {"description": "X"}, content_type="application/json").status_code
        == 404
    )
    assert client.delete(f"/api/v1/holidays/{theirs.pk}").status_code == 404
    assert Holiday.objects.filter(pk=theirs.pk).exists()
    assert all(d["id"] != theirs.pk for d in client.get("/api/v1/holidays").json())
