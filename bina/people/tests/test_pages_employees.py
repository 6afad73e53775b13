"""Employee list and profile pages, through the real stack (session, middleware, templates)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bina.core.models import AuditEvent
from bina.people.factories import EmployeeFactory
from bina.people.models import Employee, EmploymentRecord

LIST = reverse("people:employees")


@pytest.fixture
def client_as(client_as_en):
    return client_as_en


def detail(employee: Employee) -> str:
    return reverse("people:employee_detail", args=[employee.nip])


# --- list: access -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin", "operator", "leader", "supervisor"])
def test_roles_with_registry_access_get_the_list(world, client_as, persona):
    assert client_as(world.users[persona]).get(LIST).status_code == 200


def test_list_is_served_in_indonesian_by_default(world):
    client = Client()
    client.force_login(world.users["admin"], backend="bina.accounts.backends.NipOrUsernameBackend")
    assert '<html lang="id">' in client.get(LIST).content.decode()


@pytest.mark.parametrize("persona", ["instructor", "participant"])
def test_roles_without_registry_access_get_403(world, client_as, persona):
    assert client_as(world.users[persona]).get(LIST).status_code == 403


def test_superadmin_has_no_employee_registry(world, superadmin, client_as):
    assert client_as(superadmin).get(LIST).status_code == 403


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_admin_list_never_shows_other_pemda(world, other_world, client_as):
    body = client_as(world.users["admin"]).get(LIST).content.decode()
    for employee in world.employees.values():
        assert employee.nip in body
    for employee in other_world.employees.values():
        assert employee.nip not in body


def test_operator_sees_only_own_subtree_not_other_unit(world, client_as):
    body = client_as(world.users["operator"]).get(LIST).content.decode()
    assert world.employees["staff_bidang"].nip in body
    assert world.employees["kel_b1_staff"].nip not in body
    assert world.employees["setda_staff"].nip not in body


def test_leader_sees_only_own_subtree_not_other_unit(world, client_as):
    body = client_as(world.users["leader"]).get(LIST).content.decode()
    assert world.employees["kel_a1_staff"].nip in body
    assert world.employees["kel_b1_staff"].nip not in body


def test_operator_filter_by_unit_outside_scope_is_refused_not_leaked(world, client_as):
    response = client_as(world.users["operator"]).get(LIST, {"unit": world.units["kec_b"].code})
    assert response.status_code == 422
    body = response.content.decode()
    assert world.employees["kel_b1_staff"].nip not in body
    assert 'id="id_unit_errors"' in body


def test_supervisor_sees_reports_and_self(world, client_as):
    body = client_as(world.users["supervisor"]).get(LIST).content.decode()
    for key in ("head_dinas", "head_bidang", "staff_bidang"):
        assert world.employees[key].nip in body
    assert world.employees["setda_staff"].nip not in body


# --- list: search, filters, htmx, pagination ------------------------------------------------


def test_search_by_name_and_by_nip_prefix(world, client_as):
    client = client_as(world.users["admin"])
    body = client.get(LIST, {"q": "camat"}).content.decode()
    assert world.employees["camat_a"].nip in body
    assert world.employees["staff_bidang"].nip not in body
    nip = world.employees["staff_bidang"].nip
    body = client.get(LIST, {"q": f"{nip[:8]} {nip[8:14]}"}).content.decode()
    assert nip in body


def test_filters_unit_subtree_asn_type_golongan_kind_status(world, client_as):
    client = client_as(world.users["admin"])
    body = client.get(LIST, {"unit": world.units["kec_a"].code}).content.decode()
    assert world.employees["kel_a1_staff"].nip in body and world.employees["camat_a"].nip in body
    assert world.employees["staff_bidang"].nip not in body
    body = client.get(LIST, {"asn_type": "PPPK"}).content.decode()
    assert world.employees["kel_a1_staff"].nip in body and world.employees["camat_a"].nip not in body
    body = client.get(LIST, {"golongan": "IV/b"}).content.decode()
    assert world.employees["head_dinas"].nip in body and world.employees["head_bidang"].nip not in body
    body = client.get(LIST, {"position_kind": "struktural"}).content.decode()
    assert world.employees["head_bidang"].nip in body and world.employees["staff_bidang"].nip not in body
    Employee.objects.filter(pk=world.employees["setda_staff"].pk).update(status="cuti")
    body = client.get(LIST, {"status": "cuti"}).content.decode()
    assert world.employees["setda_staff"].nip in body and world.employees["camat_a"].nip not in body


def test_bad_filter_value_is_explained_and_other_filters_still_apply(world, client_as):
    response = client_as(world.users["admin"]).get(LIST, {"asn_type": "XYZ", "q": "camat"})
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="id_asn_type_errors"' in body
    assert world.employees["camat_a"].nip in body
    assert world.employees["staff_bidang"].nip not in body


def test_htmx_request_gets_only_the_results_partial(world, client_as):
    response = client_as(world.users["admin"]).get(LIST, {"q": "camat"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "<form" not in body
    assert world.employees["camat_a"].nip in body
    assert "HX-Request" in response["Vary"]


def test_page_without_js_has_get_form_and_htmx_attributes(world, client_as):
    body = client_as(world.users["admin"]).get(LIST).content.decode()
    assert 'method="get"' in body
    assert 'hx-trigger="input changed delay:300ms, search"' in body
    assert 'hx-push-url="true"' in body
    assert '<div class="table-wrap">' in body


def test_pagination_50_per_page(world, client_as):
    EmployeeFactory.create_batch(55, pemda=world.pemda, unit=world.units["bidang"], name="Batch Pegawai")
    client = client_as(world.users["admin"])
    first = client.get(LIST, {"q": "batch"})
    assert first.content.decode().count("Batch Pegawai") == 50
    second = client.get(LIST, {"q": "batch", "page": 2}).content.decode()
    assert second.count("Batch Pegawai") == 5
    assert "page=1" in second  # the previous link keeps the search
    assert "q=batch" in second


@pytest.mark.parametrize("persona", ["admin", "operator", "leader", "supervisor"])
def test_list_query_count_does_not_grow_with_data(world, client_as, django_assert_max_num_queries, persona):
    client = client_as(world.users[persona])
    client.get(LIST)  # warm the session
    EmployeeFactory.create_batch(5, pemda=world.pemda, unit=world.units["bidang"])
    with django_assert_max_num_queries(11):  # +1: unread-notifications badge
        assert client.get(LIST).status_code == 200
    EmployeeFactory.create_batch(55, pemda=world.pemda, unit=world.units["bidang"])
    with django_assert_max_num_queries(11):  # +1: unread-notifications badge
        assert client.get(LIST).status_code == 200


# --- profile ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "key", "status"),
    [
        ("admin", "kel_b1_staff", 200),
        ("operator", "staff_bidang", 200),
        ("operator", "kel_b1_staff", 404),
        ("leader", "kel_a1_staff", 200),
        ("leader", "staff_bidang", 404),
        ("supervisor", "staff_bidang", 200),
        ("supervisor", "setda_staff", 404),
        ("participant", "kel_a1_staff", 200),
        ("participant", "camat_a", 404),
        ("instructor", "camat_a", 404),
    ],
)
def test_profile_access_by_role(world, client_as, persona, key, status):
    assert client_as(world.users[persona]).get(detail(world.employees[key])).status_code == status


def test_other_pemda_profile_is_404_like_a_missing_one(world, other_world, client_as):
    client = client_as(world.users["admin"])
    foreign = client.get(detail(other_world.employees["head_dinas"]))
    missing = client.get(reverse("people:employee_detail", args=["199001012015011999"]))
    assert foreign.status_code == missing.status_code == 404


def test_superadmin_cannot_open_a_profile(world, superadmin, client_as):
    assert client_as(superadmin).get(detail(world.employees["camat_a"])).status_code == 404


def test_profile_shows_history_newest_first_supervisor_and_reports(world, client_as):
    head = world.employees["head_bidang"]
    EmploymentRecord.objects.filter(employee=head).update(valid_to="2023-12-31")
    EmploymentRecord.objects.create(
        pemda=world.pemda,
        employee=head,
        unit=world.units["bidang"],
        position_name="Kepala Bidang Baru",
        valid_from="2024-01-01",
    )
    body = client_as(world.users["admin"]).get(detail(head)).content.decode()
    assert body.index("Kepala Bidang Baru") < body.index("31 Dec 2023")
    assert world.employees["head_dinas"].name in body
    assert world.employees["staff_bidang"].name in body
    assert head.nip in body  # not masked for an authorised viewer


def test_each_profile_view_is_audited(world, client_as):
    employee = world.employees["camat_a"]
    client_as(world.users["leader"]).get(detail(employee))
    event = AuditEvent.objects.get(action="employee.view")
    assert event.target_id == str(employee.pk)
    assert event.actor_id == world.users["leader"].pk
    assert event.pemda_id == world.pemda.pk


def test_edit_form_only_for_writers(world, client_as):
    staff = world.employees["staff_bidang"]
    assert "Edit profile" in client_as(world.users["operator"]).get(detail(staff)).content.decode()
    assert "Edit profile" not in client_as(world.users["supervisor"]).get(detail(staff)).content.decode()


def edit_payload(employee: Employee, **changes: str) -> dict[str, str]:
    data = {
        "name": employee.name,
        "unit": employee.unit.code,
        "position_name": employee.position_name,
        "position_kind": employee.position_kind,
        "golongan": employee.golongan,
        "supervisor_nip": employee.supervisor.nip if employee.supervisor else "",
        "education": employee.education,
        "status": employee.status,
        "email": employee.email,
        "phone": employee.phone,
    }
    data.update(changes)
    return data


def test_operator_edits_profile_and_history_is_recorded(world, client_as):
    staff = world.employees["staff_bidang"]
    response = client_as(world.users["operator"]).post(
        detail(staff),
        edit_payload(staff, unit=world.units["dinas"].code, golongan="III/b", phone="0812 345", name="Staf  Baru"),
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.unit_id, staff.golongan, staff.phone, staff.name) == (
        world.units["dinas"].pk,
        "III/b",
        "0812 345",
        "Staf Baru",
    )
    assert EmploymentRecord.objects.filter(employee=staff).count() >= 2
    assert AuditEvent.objects.filter(action="employee.update", target_id=str(staff.pk)).exists()


def test_edit_supervisor_by_nip(world, client_as):
    staff = world.employees["staff_bidang"]
    client_as(world.users["admin"]).post(
        detail(staff), edit_payload(staff, supervisor_nip=world.employees["head_dinas"].nip)
    )
    staff.refresh_from_db()
    assert staff.supervisor_id == world.employees["head_dinas"].pk


def test_edit_errors_are_explained_and_nothing_is_changed(world, client_as):
    staff = world.employees["staff_bidang"]
    before = (staff.name, staff.unit_id, staff.supervisor_id, staff.golongan)
    client = client_as(world.users["operator"])
    # a supervisor outside the operator's reach, a bad email, and a unit outside the write scope
    response = client.post(
        detail(staff),
        edit_payload(staff, supervisor_nip=world.employees["setda_staff"].nip, email="not-an-email", name="Changed"),
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was saved" in body and 'value="Changed"' in body
    response = client.post(detail(staff), edit_payload(staff, unit=world.units["kec_b"].code))
    assert response.status_code == 422
    staff.refresh_from_db()
    assert (staff.name, staff.unit_id, staff.supervisor_id, staff.golongan) == before


def test_reporting_loop_is_refused_by_the_service_and_shown(world, client_as):
    head = world.employees["head_dinas"]
    response = client_as(world.users["admin"]).post(
        detail(head), edit_payload(head, supervisor_nip=world.employees["staff_bidang"].nip)
    )
    assert response.status_code == 422
    assert "reporting loop" in response.content.decode()
    head.refresh_from_db()
    assert head.supervisor_id is None


def test_reader_without_write_gets_403_on_post(world, client_as):
    camat = world.employees["camat_a"]
    response = client_as(world.users["leader"]).post(detail(camat), edit_payload(camat, name="Hacked"))
    assert response.status_code == 403
    camat.refresh_from_db()
    assert camat.name != "Hacked"


def test_operator_post_to_other_unit_employee_is_404(world, client_as):
    other = world.employees["kel_b1_staff"]
    response = client_as(world.users["operator"]).post(detail(other), edit_payload(other, name="Hacked"))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name != "Hacked"


def test_admin_post_to_other_pemda_employee_is_404(world, other_world, client_as):
    other = other_world.employees["camat_a"]
    response = client_as(world.users["admin"]).post(detail(other), edit_payload(other, name="Hacked"))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name != "Hacked"
