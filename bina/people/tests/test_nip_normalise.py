"""One NIP normalisation (`bina.people.nip.nip_normalise`) behind every face that takes a typed NIP.

The same typed value (spaces, dots or dashes between the parts) must reach the same employee
through a form, an API path, an API body, an import file, the search box and the login form.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from bina.accounts.factories import PASSWORD
from bina.people.models import Employee
from bina.people.nip import NipError, nip_normalise, parse_nip
from bina.people.selectors import EmployeeFilters, employee_search
from bina.people.tests.test_import_support import employee_row, run_import, write_csv


def typed(nip: str, sep: str) -> str:
    """The NIP grouped the way people write it: birth date, TMT, gender, serial."""
    return sep.join([nip[0:8], nip[8:14], nip[14], nip[15:18]])


SEPARATORS = [" ", ".", "-", " - ", "\u00a0"]


@pytest.mark.parametrize("sep", SEPARATORS)
def test_separators_between_the_parts_are_removed(sep):
    nip = "198703122010011001"
    assert nip_normalise(typed(nip, sep)) == nip
    assert nip_normalise(f"  {typed(nip, sep)}  ") == nip


def test_digits_are_never_repaired():
    assert nip_normalise("19870312201001100") == "19870312201001100"  # one digit short stays short
    assert nip_normalise("1987O312201001100l") == "1987O312201001100l"  # letters stay for parse_nip to refuse
    # Excel's number form keeps its dot, so parse_nip can give its "format the column as Text" advice.
    assert nip_normalise("1.98703E+17") == "1.98703E+17"
    with pytest.raises(NipError) as exc:
        parse_nip(nip_normalise("1.98703E+17"))
    assert exc.value.part == "format" and "Excel" in exc.value.message


def test_parse_nip_accepts_what_nip_normalise_accepts(world):
    nip = world.employees["staff_bidang"].nip
    for sep in SEPARATORS:
        assert parse_nip(typed(nip, sep)).nip == nip


@pytest.mark.parametrize("sep", [".", "-", " "])
def test_the_same_typed_nip_reaches_the_same_employee_through_every_face(world, client_as, api_as, tmp_path, sep):
    staff, head = world.employees["staff_bidang"], world.employees["head_dinas"]
    admin = world.users["admin"]

    # API path parameter
    response = api_as(admin).get(f"/api/v1/employees/{typed(staff.nip, sep)}")
    assert response.status_code == 200 and response.json()["nip"] == staff.nip

    # API body (a supervisor given by NIP)
    response = api_as(admin).patch(
        f"/api/v1/employees/{staff.nip}", {"supervisor": typed(head.nip, sep)}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    staff.refresh_from_db()
    assert staff.supervisor_id == head.pk

    # Page form (the profile's supervisor field), back to the direct head
    bidang = world.employees["head_bidang"]
    page = client_as(admin).post(
        reverse("people:employee_detail", args=[typed(staff.nip, sep)]),
        {
            "name": staff.name,
            "unit": staff.unit.code,
            "position_name": staff.position_name,
            "position_kind": staff.position_kind,
            "golongan": staff.golongan,
            "supervisor_nip": typed(bidang.nip, sep),
            "education": staff.education,
            "status": staff.status,
            "email": staff.email,
            "phone": staff.phone,
        },
    )
    assert page.status_code == 302
    staff.refresh_from_db()
    assert staff.supervisor_id == bidang.pk

    # Search box
    found = employee_search(Employee.objects.filter(pemda=world.pemda), EmployeeFilters(search=typed(staff.nip, sep)))
    assert list(found) == [staff]
    listed = client_as(admin).get(reverse("people:employees"), {"q": typed(staff.nip, sep)}).content.decode()
    assert staff.nip in listed and head.nip not in listed

    # Import: the typed NIP updates the stored employee, it does not create a second one
    row = employee_row(
        typed(staff.nip, sep),
        staff.name,
        staff.unit.code,
        asn=staff.asn_type,
        golongan=staff.golongan,
        supervisor=typed(bidang.nip, sep),
    )
    report = run_import(world, write_csv(tmp_path / "typed.csv", [row]))
    assert report.errors == [] and report.created == 0 and report.updated + report.unchanged == 1
    staff.refresh_from_db()
    assert staff.supervisor_id == bidang.pk

    # Login by NIP
    request = RequestFactory().post("/login/")
    world.users["participant"].employee = staff
    world.users["participant"].save()
    assert authenticate(request, username=typed(staff.nip, sep), password=PASSWORD) == world.users["participant"]
