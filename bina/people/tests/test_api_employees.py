"""Employees over the REST API: each role's view, tenancy, pagination, search, filters, writes, history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bina.accounts.services import token_create
from bina.core.models import AuditEvent
from bina.people.factories import EmployeeFactory, make_nip
from bina.people.models import Employee, EmploymentRecord
from conftest import token_issuer

URL = "/api/v1/employees"


def api_as(user) -> Client:
    _, secret = token_create(actor=token_issuer(user), user=user)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def nips(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["nip"] for item in response.json()["items"]}


def error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"]["code"] == code
    return body["error"]


def patch(client: Client, nip: str, data: dict):
    return client.patch(f"{URL}/{nip}", data, content_type="application/json")


# --- who sees whom ------------------------------------------------------------------------


def test_admin_lists_every_employee_of_own_pemda_only(world, other_world):
    seen = nips(api_as(world.users["admin"]).get(URL))
    assert seen == {e.nip for e in world.employees.values()}


def test_operator_lists_only_own_subtree(world):
    e = world.employees
    seen = nips(api_as(world.users["operator"]).get(URL))
    assert seen == {e["head_dinas"].nip, e["head_bidang"].nip, e["staff_bidang"].nip}


def test_leader_lists_own_subtree(world):
    e = world.employees
    assert nips(api_as(world.users["leader"]).get(URL)) == {e["camat_a"].nip, e["kel_a1_staff"].nip}


def test_supervisor_lists_self_and_direct_and_indirect_reports(world):
    e = world.employees
    seen = nips(api_as(world.users["supervisor"]).get(URL))
    assert seen == {e["head_dinas"].nip, e["head_bidang"].nip, e["staff_bidang"].nip}


def test_participant_cannot_list_but_can_open_own_record(world):
    client = api_as(world.users["participant"])
    error(client.get(URL), 403, "permission_denied")
    own = world.employees["kel_a1_staff"]
    response = client.get(f"{URL}/{own.nip}")
    assert response.status_code == 200
    assert response.json()["nip"] == own.nip


def test_participant_cannot_open_a_colleague(world):
    client = api_as(world.users["participant"])
    error(client.get(f"{URL}/{world.employees['camat_a'].nip}"), 404, "not_found")


def test_instructor_has_no_employee_registry(world):
    client = api_as(world.users["instructor"])
    error(client.get(URL), 403, "permission_denied")
    error(client.get(f"{URL}/{world.employees['camat_a'].nip}"), 404, "not_found")


def test_other_pemda_employee_is_404_like_a_missing_one(world, other_world):
    client = api_as(world.users["admin"])
    foreign = other_world.employees["head_dinas"]
    missing = error(client.get(f"{URL}/000000000000000000"), 404, "not_found")
    hidden = error(client.get(f"{URL}/{foreign.nip}"), 404, "not_found")
    assert set(missing) == set(hidden)
    error(patch(client, foreign.nip, {"golongan": "IV/e"}), 404, "not_found")
    foreign.refresh_from_db()
    assert foreign.golongan != "IV/e"


def test_other_pemda_employees_never_appear_in_lists_or_search(world, other_world):
    client = api_as(world.users["admin"])
    foreign = other_world.employees["head_dinas"]
    assert foreign.nip not in nips(client.get(URL, {"page_size": 200}))
    assert nips(client.get(URL, {"search": foreign.nip})) == set()
    # Same names exist in both worlds: only own Pemda's are found.
    assert nips(client.get(URL, {"search": "Kepala Dinas"})) == {world.employees["head_dinas"].nip}


def test_other_pemda_unit_code_as_filter_is_refused(world, other_world):
    client = api_as(world.users["admin"])
    detail = error(client.get(URL, {"unit": other_world.units["dinas"].code}), 422, "invalid_reference")
    assert detail["details"][0]["field"] == "unit"


def test_operator_cannot_see_other_unit(world):
    client = api_as(world.users["operator"])
    outside = world.employees["kel_b1_staff"]
    error(client.get(f"{URL}/{outside.nip}"), 404, "not_found")
    assert nips(client.get(URL, {"unit": world.units["kec_b"].code})) == set()


def test_operator_cannot_change_other_unit(world):
    client = api_as(world.users["operator"])
    outside = world.employees["kel_b1_staff"]
    error(patch(client, outside.nip, {"golongan": "IV/e"}), 404, "not_found")
    outside.refresh_from_db()
    assert outside.golongan == "III/a"


def test_leader_is_read_only(world):
    client = api_as(world.users["leader"])
    inside, outside = world.employees["kel_a1_staff"], world.employees["staff_bidang"]
    assert client.get(f"{URL}/{inside.nip}").status_code == 200
    error(patch(client, inside.nip, {"golongan": "X"}), 403, "permission_denied")
    error(patch(client, outside.nip, {"golongan": "X"}), 404, "not_found")
    inside.refresh_from_db()
    assert inside.golongan == "IX"


def test_supervisor_reads_reports_but_cannot_change_them(world):
    client = api_as(world.users["supervisor"])
    report = world.employees["staff_bidang"]
    assert client.get(f"{URL}/{report.nip}").status_code == 200
    error(patch(client, report.nip, {"golongan": "III/b"}), 403, "permission_denied")


# --- pagination, search, filters ----------------------------------------------------------


def test_pagination_count_and_items(world):
    for _ in range(60):
        EmployeeFactory(pemda=world.pemda, unit=world.units["kel_b1"])
    client = api_as(world.users["admin"])
    first = client.get(URL).json()
    assert set(first) == {"items", "count"}
    assert first["count"] == 67 and len(first["items"]) == 50
    second = client.get(URL, {"page": 2}).json()
    assert len(second["items"]) == 17
    assert not {i["nip"] for i in first["items"]} & {i["nip"] for i in second["items"]}
    big = client.get(URL, {"page_size": 200}).json()
    assert len(big["items"]) == 67
    assert client.get(URL, {"page": 9}).json() == {"items": [], "count": 67}


@pytest.mark.parametrize("params", [{"page_size": 201}, {"page": 0}, {"page_size": 0}, {"page": "x"}])
def test_pagination_out_of_range_is_422(world, params):
    detail = error(api_as(world.users["admin"]).get(URL, params), 422, "validation_failed")
    assert detail["details"][0]["field"] == next(iter(params))


def test_list_query_count_does_not_grow_with_data(world, django_assert_max_num_queries):
    client = api_as(world.users["supervisor"])  # the most expensive scope: recursive reports
    admin = api_as(world.users["admin"])
    with django_assert_max_num_queries(9):
        assert len(client.get(URL).json()["items"]) == 3
    with django_assert_max_num_queries(9):
        assert len(admin.get(URL).json()["items"]) == 7
    head = world.employees["head_bidang"]
    for _ in range(60):
        EmployeeFactory(pemda=world.pemda, unit=world.units["bidang"], supervisor=head)
    with django_assert_max_num_queries(9):
        assert len(client.get(URL).json()["items"]) == 50
    with django_assert_max_num_queries(9):
        assert len(admin.get(URL, {"page_size": 200}).json()["items"]) == 67


def test_search_by_name_ignores_case_and_titles(world):
    client = api_as(world.users["admin"])
    assert nips(client.get(URL, {"search": "camat alfa"})) == {world.employees["camat_a"].nip}


def test_search_by_nip_prefix(world):
    client = api_as(world.users["admin"])
    target = world.employees["setda_staff"]
    found = nips(client.get(URL, {"search": target.nip[:15]}))
    assert target.nip in found
    assert all(nip.startswith(target.nip[:15]) for nip in found)
    assert nips(client.get(URL, {"search": f"{target.nip[:8]} {target.nip[8:14]}"})) >= {target.nip}


def test_filters_by_unit_subtree_type_golongan_kind_status(world):
    e = world.employees
    client = api_as(world.users["admin"])
    assert nips(client.get(URL, {"unit": world.units["dinas"].code})) == {
        e["head_dinas"].nip,
        e["head_bidang"].nip,
        e["staff_bidang"].nip,
    }
    assert nips(client.get(URL, {"asn_type": "PPPK"})) == {e["kel_a1_staff"].nip}
    assert nips(client.get(URL, {"golongan": "IV/a"})) == {e["head_bidang"].nip, e["camat_a"].nip}
    assert nips(client.get(URL, {"position_kind": "struktural", "unit": world.units["kec_a"].code})) == {
        e["camat_a"].nip
    }
    Employee.objects.filter(pk=e["setda_staff"].pk).update(status="cuti")
    assert nips(client.get(URL, {"status": "cuti"})) == {e["setda_staff"].nip}


def test_unknown_filter_value_is_422_listing_the_choices(world):
    detail = error(api_as(world.users["admin"]).get(URL, {"asn_type": "honorer"}), 422, "validation_failed")
    assert detail["details"][0]["field"] == "asn_type"
    assert "PNS" in detail["details"][0]["message"]


# --- detail ---------------------------------------------------------------------------------


def test_detail_has_unit_supervisor_and_history(world):
    staff = world.employees["staff_bidang"]
    body = api_as(world.users["operator"]).get(f"{URL}/{staff.nip}").json()
    assert body["unit"] == {"code": world.units["bidang"].code, "name": world.units["bidang"].name}
    assert body["supervisor"] == {"nip": world.employees["head_bidang"].nip, "name": "Kepala Bidang, S.H."}
    assert body["history"] == [
        {
            "unit": {"code": world.units["bidang"].code, "name": world.units["bidang"].name},
            "position_name": "Analis Kebijakan",
            "position_kind": "pelaksana",
            "golongan": "III/a",
            "valid_from": staff.appointed_on.isoformat(),
            "valid_to": None,
        }
    ]


# --- create ---------------------------------------------------------------------------------


def test_operator_creates_employee_in_subtree_with_supervisor_by_nip(world):
    client = api_as(world.users["operator"])
    nip = make_nip(gender="P")
    response = client.post(
        URL,
        {
            "nip": nip,
            "name": "Dra. Siti Rahayu, M.M.",
            "unit": world.units["bidang"].code,
            "supervisor": world.employees["head_bidang"].nip,
            "golongan": "III/c",
            "position_kind": "fungsional",
            "email": "siti@example.go.id",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nip"] == nip and body["gender"] == "P"  # filled from the NIP
    assert body["supervisor"]["nip"] == world.employees["head_bidang"].nip
    assert len(body["history"]) == 1
    created = Employee.objects.get(nip=nip)
    assert created.pemda == world.pemda
    assert AuditEvent.objects.filter(action="employee.create", target_id=str(created.pk)).exists()


def test_operator_cannot_create_in_other_unit(world):
    client = api_as(world.users["operator"])
    nip = make_nip()
    response = client.post(
        URL, {"nip": nip, "name": "Orang Luar", "unit": world.units["kel_b1"].code}, content_type="application/json"
    )
    error(response, 403, "permission_denied")
    assert not Employee.objects.filter(nip=nip).exists()


def test_create_with_other_pemda_unit_or_supervisor_names_the_field(world, other_world):
    client = api_as(world.users["admin"])
    nip = make_nip()
    base = {"nip": nip, "name": "Pegawai Baru"}
    bad_unit = client.post(URL, {**base, "unit": other_world.units["dinas"].code}, content_type="application/json")
    assert error(bad_unit, 422, "invalid_reference")["details"][0]["field"] == "unit"
    bad_sup = client.post(
        URL,
        {**base, "unit": world.units["dinas"].code, "supervisor": other_world.employees["head_dinas"].nip},
        content_type="application/json",
    )
    assert error(bad_sup, 422, "invalid_reference")["details"][0]["field"] == "supervisor"
    assert not Employee.objects.filter(nip=nip).exists()


def test_create_with_invalid_nip_says_which_part(world):
    client = api_as(world.users["admin"])
    bad = "19871315" + "201001" + "1" + "001"  # month 13
    response = client.post(
        URL, {"nip": bad, "name": "X", "unit": world.units["dinas"].code}, content_type="application/json"
    )
    detail = error(response, 422, "validation_failed")
    assert detail["details"] == [{"field": "nip", "part": "birth_date"}]


def test_create_duplicate_nip_is_409(world):
    client = api_as(world.users["admin"])
    existing = world.employees["camat_a"]
    response = client.post(
        URL, {"nip": existing.nip, "name": "Kembar", "unit": world.units["kec_a"].code}, content_type="application/json"
    )
    error(response, 409, "conflict")
    assert Employee.objects.filter(nip=existing.nip).count() == 1


def test_create_missing_fields_lists_each_one(world):
    response = api_as(world.users["admin"]).post(URL, {"name": "   "}, content_type="application/json")
    detail = error(response, 422, "validation_failed")
    assert {d["field"] for d in detail["details"]} == {"nip", "unit", "name"}
    assert all(d["location"] == "body" for d in detail["details"])


# --- patch ----------------------------------------------------------------------------------


def test_patch_changes_only_sent_fields_and_records_history(world):
    staff = world.employees["staff_bidang"]
    before = Employee.objects.get(pk=staff.pk)
    client = api_as(world.users["operator"])
    response = patch(client, staff.nip, {"golongan": "III/b", "position_name": "Pranata Komputer"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["golongan"] == "III/b" and body["position_name"] == "Pranata Komputer"
    after = Employee.objects.get(pk=staff.pk)
    for field in ("name", "unit_id", "supervisor_id", "email", "phone", "status", "birth_date"):
        assert getattr(after, field) == getattr(before, field)
    today = timezone.localdate()
    records = list(EmploymentRecord.objects.filter(employee=staff).order_by("valid_from"))
    assert [(r.golongan, r.valid_to) for r in records] == [("III/a", today - timedelta(days=1)), ("III/b", None)]
    assert [h["golongan"] for h in body["history"]] == ["III/b", "III/a"]
    event = AuditEvent.objects.get(action="employee.update", target_id=str(staff.pk))
    assert event.detail["changes"]["golongan"] == ["III/a", "III/b"]


def test_patch_moves_unit_by_code_and_supervisor_by_nip(world):
    staff = world.employees["staff_bidang"]
    client = api_as(world.users["admin"])
    response = patch(
        client, staff.nip, {"unit": world.units["dinas"].code, "supervisor": world.employees["head_dinas"].nip}
    )
    assert response.status_code == 200, response.content
    staff.refresh_from_db()
    assert staff.unit == world.units["dinas"] and staff.supervisor == world.employees["head_dinas"]
    assert response.json()["history"][0]["unit"]["code"] == world.units["dinas"].code
    response = patch(client, staff.nip, {"supervisor": None})
    assert response.json()["supervisor"] is None


def test_operator_cannot_move_employee_to_other_unit(world):
    staff = world.employees["staff_bidang"]
    error(
        patch(api_as(world.users["operator"]), staff.nip, {"unit": world.units["kel_b1"].code}),
        403,
        "permission_denied",
    )
    staff.refresh_from_db()
    assert staff.unit == world.units["bidang"]


def test_patch_with_other_pemda_unit_is_refused_and_changes_nothing(world, other_world):
    staff = world.employees["staff_bidang"]
    response = patch(
        api_as(world.users["admin"]), staff.nip, {"golongan": "IV/e", "unit": other_world.units["dinas"].code}
    )
    assert error(response, 422, "invalid_reference")["details"][0]["field"] == "unit"
    staff.refresh_from_db()
    assert staff.golongan == "III/a" and staff.unit == world.units["bidang"]


def test_patch_validation_errors_name_each_field_and_change_nothing(world):
    staff = world.employees["staff_bidang"]
    response = patch(
        api_as(world.users["admin"]),
        staff.nip,
        {"name": None, "golongan": "TOO-LONG-VALUE", "email": "not-an-email", "nip": "1", "gender": "X"},
    )
    detail = error(response, 422, "validation_failed")
    assert {d["field"] for d in detail["details"]} == {"name", "golongan", "email", "nip", "gender"}
    for field in ("name", "golongan", "email", "nip", "gender"):
        assert field in detail["message"]
    staff.refresh_from_db()
    assert staff.name == "Staf Bidang" and staff.golongan == "III/a"


def test_patch_contradicting_the_nip_is_422(world):
    staff = world.employees["staff_bidang"]  # a woman by NIP
    detail = error(patch(api_as(world.users["admin"]), staff.nip, {"gender": "L"}), 422, "validation_failed")
    assert detail["details"] == [{"field": "nip"}]


def test_patch_supervisor_loop_is_422_naming_supervisor(world):
    head = world.employees["head_dinas"]
    response = patch(api_as(world.users["admin"]), head.nip, {"supervisor": world.employees["staff_bidang"].nip})
    assert error(response, 422, "validation_failed")["details"] == [{"field": "supervisor"}]
    head.refresh_from_db()
    assert head.supervisor is None


def test_empty_patch_changes_nothing(world):
    staff = world.employees["staff_bidang"]
    response = patch(api_as(world.users["admin"]), staff.nip, {})
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="employee.update").exists()


def test_session_browser_cannot_patch(world, client_as):
    staff = world.employees["staff_bidang"]
    response = client_as(world.users["admin"]).patch(
        f"{URL}/{staff.nip}", {"golongan": "IV/e"}, content_type="application/json"
    )
    error(response, 401, "authentication_required")


def test_session_browser_can_read(world, client_as):
    assert nips(client_as(world.users["operator"]).get(URL)) == {
        world.employees[k].nip for k in ("head_dinas", "head_bidang", "staff_bidang")
    }


def test_reading_a_profile_is_logged_but_listing_is_not(world):
    client = api_as(world.users["admin"])
    target = world.employees["staff_bidang"]
    client.get(URL)
    assert not AuditEvent.objects.filter(action="employee.view").exists()
    assert client.get(f"{URL}/{target.nip}").status_code == 200
    event = AuditEvent.objects.get(action="employee.view")
    assert (event.actor_label, event.target_id) == ("admin.alfa", str(target.pk))
