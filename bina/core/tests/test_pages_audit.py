"""Audit log page: admins see their Pemda's events, the superadmin all; filters and pagination."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.core.audit import audit_record
from bina.core.models import AuditEvent

AUDIT = reverse("core:audit")


@pytest.fixture
def client_as(client_as_en):
    return client_as_en


@pytest.fixture
def events(world, other_world):
    audit_record(
        action="employee.update", pemda_id=world.pemda.pk, actor_label="admin.alfa", target_label="Alfa target"
    )
    audit_record(action="role.assign", pemda_id=world.pemda.pk, actor_label="someone.alfa", target_label="Alfa role")
    audit_record(
        action="employee.update", pemda_id=other_world.pemda.pk, actor_label="admin.beta", target_label="Beta target"
    )
    audit_record(action="auth.login_failed", actor_label="unknown", target_label="Platform event")


def test_admin_sees_only_own_pemda_events(world, events, client_as):
    response = client_as(world.users["admin"]).get(AUDIT)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Alfa target" in body and "Alfa role" in body
    assert "Beta target" not in body and "Platform event" not in body


def test_superadmin_sees_every_event(events, superadmin, client_as):
    body = client_as(superadmin).get(AUDIT).content.decode()
    assert "Alfa target" in body and "Beta target" in body and "Platform event" in body


@pytest.mark.parametrize("persona", ["operator", "leader", "instructor", "supervisor", "participant"])
def test_non_admins_get_403(world, events, client_as, persona):
    response = client_as(world.users[persona]).get(AUDIT)
    assert response.status_code == 403
    assert "Alfa target" not in response.content.decode()


def test_other_pemda_admin_does_not_see_this_pemda(world, other_world, events, client_as):
    body = client_as(other_world.users["admin"]).get(AUDIT).content.decode()
    assert "Beta target" in body and "Alfa target" not in body


def test_filter_by_action_user_and_dates(world, events, client_as):
    client = client_as(world.users["admin"])
    body = client.get(AUDIT, {"action": "role.assign"}).content.decode()
    assert "Alfa role" in body and "Alfa target" not in body
    body = client.get(AUDIT, {"user": "ADMIN.alfa"}).content.decode()
    assert "Alfa target" in body and "Alfa role" not in body
    today = timezone.localdate()
    body = client.get(AUDIT, {"date_from": today.isoformat(), "date_to": today.isoformat()}).content.decode()
    assert "Alfa target" in body
    body = client.get(AUDIT, {"date_to": (today - timedelta(days=1)).isoformat()}).content.decode()
    assert "Alfa target" not in body


def test_reversed_date_range_is_explained(world, events, client_as):
    today = timezone.localdate()
    response = client_as(world.users["admin"]).get(
        AUDIT, {"date_from": today.isoformat(), "date_to": (today - timedelta(days=3)).isoformat()}
    )
    assert response.status_code == 422
    assert "on or after the start date" in response.content.decode()


def test_pagination_and_constant_queries(world, client_as, django_assert_max_num_queries):
    client = client_as(world.users["admin"])
    client.get(AUDIT)
    for i in range(60):
        audit_record(action="demo.bulk", pemda_id=world.pemda.pk, actor_label="bulk", target_label=f"row-{i:02d}")
    with django_assert_max_num_queries(10):  # +1: unread-notifications badge
        first = client.get(AUDIT).content.decode()
    assert first.count("demo.bulk") >= 50
    second = client.get(AUDIT, {"page": 2}).content.decode()
    assert AuditEvent.objects.filter(pemda_id=world.pemda.pk).count() > 50
    assert "row-00" in second and "row-59" not in second


def test_admin_sees_what_an_update_changed_and_the_superadmin_does_not(world, superadmin, client_as):
    from bina.people.services import employee_update

    staff = world.employees["staff_bidang"]
    employee_update(actor=world.actor("admin"), employee=staff, data={"golongan": "III/d", "phone": "0812 999"})
    body = client_as(world.users["admin"]).get(AUDIT, {"action": "employee.update"}).content.decode()
    assert "<code>golongan</code>: III/a → III/d" in body and "0812 999" in body
    platform = client_as(superadmin).get(AUDIT, {"action": "employee.update"}).content.decode()
    assert "0812 999" not in platform and "<code>golongan</code>" not in platform


def test_filter_by_nip_finds_the_import_that_created_or_changed_the_person(world, client_as, superadmin, tmp_path):
    """An employee import writes one audit entry for the run (issue 8.2), listing the NIPs it created
    and updated; filtering the log by a NIP finds that entry, and not the imports without the person."""
    from bina.people.factories import make_nip
    from bina.people.tests.test_import_support import employee_row, run_import, write_csv

    staff = world.employees["staff_bidang"]
    new_nip, other_nip = make_nip(), make_nip()
    rows = [employee_row(new_nip, "Pegawai Baru", "ALF-DKP"), employee_row(staff.nip, "Nama Diubah", "ALF-DKP")]
    report = run_import(world, write_csv(tmp_path / "pegawai-maret.csv", rows))
    assert (report.created, report.updated) == (1, 1), report.errors
    run_import(world, write_csv(tmp_path / "pegawai-lain.csv", [employee_row(other_nip, "Orang Lain", "ALF-DKP")]))

    admin = client_as(world.users["admin"])
    for nip in (new_nip, staff.nip):
        response = admin.get(AUDIT, {"subject": nip})
        assert response.status_code == 200
        body = response.content.decode()
        assert "pegawai-maret.csv" in body, nip
        assert "pegawai-lain.csv" not in body
    # The selector answers the same (the page is a face over it).
    from bina.core.selectors import AuditFilters, audit_events_for

    found = audit_events_for(world.actor("admin"), AuditFilters(subject=new_nip, action="import.employees"))
    assert [e.target_label for e in found] == ["pegawai-maret.csv"]
    # The platform superadmin reads no NIP lists: the filter does not look into the import's detail.
    assert "pegawai-maret.csv" not in client_as(superadmin).get(AUDIT, {"subject": new_nip}).content.decode()
