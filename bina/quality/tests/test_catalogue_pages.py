"""Catalogue and holiday pages: every member reads them, only the admin edits; refusals change nothing."""

import datetime as dt

import pytest

from bina.core.models import AuditEvent
from bina.quality.models import Holiday, ServiceType
from bina.quality.tests.conftest import load_defaults

pytestmark = pytest.mark.django_db

READERS = ("admin", "operator", "leader", "instructor", "supervisor", "participant")


@pytest.mark.parametrize("persona", READERS)
def test_every_member_reads_the_catalogue_and_the_calendar(catalogue, client_as, persona):
    client = client_as(catalogue.users[persona])
    html = client.get("/quality/services/").content.decode()
    assert "KTP-EL" in html and "Akta kematian" in html
    assert "<td>30 menit</td>" in html and "<td>5 hari kerja</td>" in html and "<td>1 hari kerja</td>" in html
    assert "standar pelayanan lokal" in html  # the source of a default
    assert ("/quality/services/new/" in html) == (persona == "admin")
    calendar = client.get("/quality/holidays/?year=2024").content.decode()
    assert "Idul Fitri 1445 H" in calendar and "Cuti bersama" in calendar and "SKB" in calendar
    assert ("/quality/holidays/new/" in calendar) == (persona == "admin")


def test_the_list_pages_run_a_fixed_number_of_queries(catalogue, client_as, django_assert_max_num_queries):
    client = client_as(catalogue.users["admin"])
    with django_assert_max_num_queries(12):
        assert client.get("/quality/services/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/quality/holidays/?year=2025").status_code == 200


def test_a_bad_year_shows_this_year(catalogue, client_as):
    client = client_as(catalogue.users["leader"])
    for raw in ("abc", "99999", "-1", "1800"):
        response = client.get(f"/quality/holidays/?year={raw}")
        assert response.status_code == 200
        assert str(dt.date.today().year) in response.content.decode()


def test_the_admin_edits_a_service_type(catalogue, client_as):
    client = client_as(catalogue.users["admin"])
    assert client.get("/quality/services/KK/edit/").status_code == 200
    response = client.post(
        "/quality/services/KK/edit/",
        {
            "name": "Kartu Keluarga (baru)",
            "unit_kind": "kelurahan",
            "channels": ["loket", "online"],
            "sla_minutes": "45",
            "sla_working_days": "",
            "sla_source": "SP Dispendukcapil 2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    kk = ServiceType.objects.get(pemda=catalogue.pemda, code="KK")
    assert (kk.name, kk.sla_minutes, kk.sla_working_days, kk.channels) == (
        "Kartu Keluarga (baru)",
        45,
        None,
        ["loket", "online"],
    )
    event = AuditEvent.objects.filter(action="quality.service_type_update").get()
    assert event.detail["changes"]["sla_minutes"] == [None, 45]


def test_two_slas_or_none_are_refused_on_the_form(catalogue, client_as):
    client = client_as(catalogue.users["admin"])
    for minutes, days in (("30", "2"), ("", "")):
        response = client.post(
            "/quality/services/KK/edit/",
            {"name": "KK", "channels": ["loket"], "sla_minutes": minutes, "sla_working_days": days},
        )
        assert response.status_code == 422
    assert ServiceType.objects.get(pemda=catalogue.pemda, code="KK").sla_working_days == 5


def test_the_admin_adds_a_service_type_and_a_duplicate_code_is_refused(catalogue, client_as):
    client = client_as(catalogue.users["admin"])
    data = {
        "code": "skck",
        "name": "Surat pengantar SKCK",
        "unit_kind": "kelurahan",
        "channels": ["loket"],
        "sla_minutes": "20",
        "sla_working_days": "",
    }
    assert client.post("/quality/services/new/", data).status_code == 302
    assert ServiceType.objects.get(pemda=catalogue.pemda, code="SKCK").sla_minutes == 20
    assert client.post("/quality/services/new/", data).status_code == 409
    assert ServiceType.objects.filter(pemda=catalogue.pemda, code="SKCK").count() == 1


@pytest.mark.parametrize("persona", ("operator", "leader", "participant", "instructor"))
def test_others_cannot_write_and_nothing_changes(catalogue, client_as, persona):
    client = client_as(catalogue.users[persona])
    holiday = Holiday.objects.filter(pemda=catalogue.pemda).first()
    before = (ServiceType.objects.count(), Holiday.objects.count(), AuditEvent.objects.count())
    assert client.get("/quality/services/new/").status_code == 403
    assert client.post("/quality/services/KK/edit/", {"name": "X", "sla_minutes": "1"}).status_code == 403
    assert client.post("/quality/services/new/", {"code": "X", "name": "X", "sla_minutes": "1"}).status_code == 403
    assert client.post("/quality/holidays/new/", {"date": "2026-07-01", "description": "X"}).status_code == 403
    assert (
        client.post(f"/quality/holidays/{holiday.pk}/edit/", {"date": "2026-07-01", "description": "X"}).status_code
        == 403
    )
    assert client.post(f"/quality/holidays/{holiday.pk}/delete/", {"confirmed": "yes"}).status_code == 403
    assert (ServiceType.objects.count(), Holiday.objects.count(), AuditEvent.objects.count()) == before
    assert ServiceType.objects.get(pemda=catalogue.pemda, code="KK").name == "Kartu Keluarga"


def test_the_admin_adds_edits_and_deletes_a_holiday_after_confirming(catalogue, client_as):
    client = client_as(catalogue.users["admin"])
    response = client.post(
        "/quality/holidays/new/", {"date": "2026-04-16", "description": "Hari jadi kota", "kind": "lokal"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    day = Holiday.objects.get(pemda=catalogue.pemda, date=dt.date(2026, 4, 16))
    assert (
        client.post(
            "/quality/holidays/new/", {"date": "2026-04-16", "description": "Lagi", "kind": "lokal"}
        ).status_code
        == 409
    )
    response = client.post(
        f"/quality/holidays/{day.pk}/edit/", {"date": "2026-04-17", "description": "Hari jadi", "kind": "lokal"}
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.date, day.description) == (dt.date(2026, 4, 17), "Hari jadi")
    asked = client.post(f"/quality/holidays/{day.pk}/delete/")
    assert asked.status_code == 200 and Holiday.objects.filter(pk=day.pk).exists()
    assert client.post(f"/quality/holidays/{day.pk}/delete/", {"confirmed": "yes"}).status_code == 302
    assert not Holiday.objects.filter(pk=day.pk).exists()


def test_another_pemdas_objects_answer_404(catalogue, other_world, client_as):
    load_defaults(other_world.pemda.pk)
    theirs = Holiday.objects.filter(pemda=other_world.pemda).first()
    ServiceType.objects.filter(pemda=other_world.pemda, code="KIA").update(code="KIA-BETA")
    client = client_as(catalogue.users["admin"])
    assert client.get("/quality/services/KIA-BETA/edit/").status_code == 404
    assert client.get(f"/quality/holidays/{theirs.pk}/edit/").status_code == 404
    assert client.post(f"/quality/holidays/{theirs.pk}/delete/", {"confirmed": "yes"}).status_code == 404
    assert Holiday.objects.filter(pk=theirs.pk).exists()


def test_the_navigation_offers_the_pages_under_mutu_layanan(catalogue, client_as):
    html = client_as(catalogue.users["participant"]).get("/quality/services/").content.decode()
    assert "Mutu layanan" in html and "/quality/holidays/" in html
