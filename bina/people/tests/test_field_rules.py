"""One rule per employee field (issue 8.8): the API, the edit form and the import refuse the same values
with the same message, and a refused value is never stored."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from bina.accounts.services import token_create
from bina.people import validators
from bina.people.models import Employee
from bina.people.tests.test_import_support import employee_row, run_import, write_csv
from bina.people.validators import FieldInvalid
from conftest import token_issuer

# (field, refused value, the rule's message for it). staff_bidang is a PNS: IX is a PPPK grade only.
CASES = {
    "golongan": ("IX", lambda: validators.employee_golongan("IX", asn_type="PNS")),
    "phone": ("0812-ABC-999", lambda: validators.employee_phone("0812-ABC-999")),
    "name": ("Budi\x00Santoso", lambda: validators.employee_name("Budi\x00Santoso")),
}


def message_for(field: str) -> str:
    with pytest.raises(FieldInvalid) as caught:
        CASES[field][1]()
    return caught.value.message


def api_as(user) -> Client:
    _, secret = token_create(actor=token_issuer(user), user=user)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def stored(employee: Employee) -> tuple[str, str, str]:
    employee.refresh_from_db()
    return employee.golongan, employee.phone, employee.name


@pytest.mark.parametrize("field", CASES)
def test_patch_refuses_the_value_and_stores_nothing(world, field):
    staff = world.employees["staff_bidang"]
    before = stored(staff)
    response = api_as(world.users["admin"]).patch(
        f"/api/v1/employees/{staff.nip}", {field: CASES[field][0]}, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert message_for(field) in [error["message"], *(d.get("message") for d in error["details"])]
    assert [d["field"] for d in error["details"]] == [field]
    assert stored(staff) == before


@pytest.mark.parametrize("field", CASES)
def test_edit_form_refuses_the_value_with_the_same_message(world, client_as, field):
    staff = world.employees["staff_bidang"]
    before = stored(staff)
    data = {
        "name": staff.name,
        "unit": staff.unit.code,
        "position_name": staff.position_name,
        "position_kind": staff.position_kind,
        "golongan": staff.golongan,
        "supervisor_nip": staff.supervisor.nip if staff.supervisor else "",
        "education": staff.education,
        "status": staff.status,
        "email": staff.email,
        "phone": staff.phone,
        field: CASES[field][0],
    }
    response = client_as(world.users["admin"]).post(reverse("people:employee_detail", args=[staff.nip]), data)
    assert response.status_code == 422
    assert html.escape(message_for(field)) in response.content.decode()
    assert stored(staff) == before


@pytest.mark.parametrize("field", CASES)
def test_import_refuses_the_value_with_the_same_message(world, tmp_path, field):
    staff = world.employees["staff_bidang"]
    before = stored(staff)
    values = {"golongan": staff.golongan or "III/a", "phone": staff.phone, "name": staff.name}
    values[field] = CASES[field][0]
    row = employee_row(staff.nip, values["name"], staff.unit.code, golongan=values["golongan"], phone=values["phone"])
    report = run_import(world, write_csv(tmp_path / "staff.csv", [row]))
    column = {"golongan": "golongan", "phone": "telepon", "name": "nama"}[field]
    assert [(e.column, e.reason) for e in report.errors] == [(column, message_for(field))]
    assert "\x00" not in report.errors[0].value  # the report is stored as JSON: PostgreSQL refuses a NUL
    assert stored(staff) == before


def test_service_applies_the_rules_for_every_face(world):
    from bina.core.errors import ValidationFailed
    from bina.people.services import employee_update

    staff = world.employees["staff_bidang"]
    with pytest.raises(ValidationFailed) as caught:
        employee_update(actor=world.actor("admin"), employee=staff, data={"golongan": "III/e"})
    assert caught.value.details[0]["field"] == "golongan"
    staff.refresh_from_db()
    assert staff.golongan != "III/e"


def test_a_value_an_import_stored_stays_when_other_fields_change(world):
    """Rules apply to changed values: a legacy golongan does not block editing the phone."""
    from bina.people.services import employee_update

    staff = world.employees["staff_bidang"]
    Employee.objects.filter(pk=staff.pk).update(golongan="III/x")
    staff.refresh_from_db()
    employee_update(actor=world.actor("admin"), employee=staff, data={"golongan": "III/x", "phone": "0812 3456 789"})
    staff.refresh_from_db()
    assert (staff.golongan, staff.phone) == ("III/x", "0812 3456 789")


def test_api_name_is_stored_as_the_import_stores_it(world):
    staff = world.employees["staff_bidang"]
    response = api_as(world.users["admin"]).patch(
        f"/api/v1/employees/{staff.nip}", {"name": "Siti   Rahma\n S.Kom."}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Siti Rahma S.Kom."


def test_create_refuses_a_grade_of_the_other_asn_type(world):
    from bina.people.factories import make_nip

    response = api_as(world.users["admin"]).post(
        "/api/v1/employees",
        {"nip": make_nip(), "name": "Baru", "unit": world.units["bidang"].code, "golongan": "XVII"},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert response.json()["error"]["details"][0]["field"] == "golongan"
    assert not Employee.objects.filter(name="Baru").exists()
