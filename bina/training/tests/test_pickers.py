"""Issue 9 point 13: forms that scale to a real Pemda.

Search pickers (`bina.core.forms.SearchPicker`) in place of long selects: units (several, each with its
subtree) in the class form, employees by name or NIP for assign and nominate, instructors in the session
form. Their endpoints are scoped through `access.py` and bounded; without JavaScript the *Cari* button
renders the same results and saves nothing. The SIASN export picks its unit from a list: a bad choice is a
form error, never a 404 page; the year is this year by default.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.core.forms import PICKER_LIMIT
from bina.partners.factories import InstructorFactory
from bina.people.factories import EmployeeFactory, OrgUnitFactory
from bina.training.classes.models import Enrolment, TrainingClass
from bina.training.factories import CourseFactory, SessionFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


def test_unit_picker_lists_only_the_actors_units_with_their_subtree_size(world, other_world, client_as_en):
    url = reverse("people:pick_units")
    admin = client_as_en(world.users["admin"]).get(url, {"field": "eligible_units", "eligible_units__q": "Kecamatan"})
    body = admin.content.decode()
    assert admin.status_code == 200
    assert 'name="eligible_units" value="ALF-KEC-A"' in body and "with 1 sub-units" in body
    assert "BET-" not in body  # the other Pemda's units of the same name
    # Units already chosen (sent along by the picker) are not listed again among the results.
    again = client_as_en(world.users["admin"]).get(
        url, {"field": "eligible_units", "eligible_units__q": "Kecamatan", "eligible_units": "ALF-KEC-A"}
    )
    assert 'value="ALF-KEC-A"' not in again.content.decode() and 'value="ALF-KEC-B"' in again.content.decode()
    # The org chart is the Pemda's (`access.org_units_for`): an operator finds its units, never another Pemda's.
    operator = client_as_en(world.users["operator"]).get(url, {"q": "a"}).content.decode()
    assert "ALF-DKP" in operator and "BET-" not in operator
    assert client_as_en(world.users["participant"]).get(url, {"q": "Kecamatan"}).status_code == 200


def test_unit_picker_is_bounded(world, client_as_en):
    for i in range(PICKER_LIMIT + 5):
        OrgUnitFactory(
            pemda=world.pemda, code=f"ALF-KEL-X{i:02}", name=f"Kelurahan Uji {i}", parent=world.units["kec_b"]
        )
    body = client_as_en(world.users["admin"]).get(reverse("people:pick_units"), {"q": "Uji"}).content.decode()
    assert body.count('type="checkbox"') + body.count('type="radio"') == PICKER_LIMIT
    assert "type more to narrow the search" in body


def test_employee_picker_searches_by_name_or_nip_within_scope(world, other_world, client_as_en):
    url = reverse("people:pick_employees")
    staff = world.employees["staff_bidang"]
    twin = EmployeeFactory(pemda=other_world.pemda, unit=other_world.units["bidang"], name=staff.name)
    admin = client_as_en(world.users["admin"])
    by_name = admin.get(url, {"field": "assign-nip", "assign-nip__q": "staf bid"}).content.decode()
    assert f'name="assign-nip" value="{staff.nip}"' in by_name and twin.nip not in by_name
    by_nip = admin.get(url, {"q": staff.nip[:10]}).content.decode()
    assert staff.nip in by_nip and twin.nip not in by_nip
    # A supervisor's team only: the head of the Dinas finds his reports, not the kelurahan staff.
    team = client_as_en(world.users["supervisor"])
    assert staff.nip in team.get(url, {"scope": "reports", "q": "Staf"}).content.decode()
    outside = team.get(url, {"scope": "reports", "q": "Pelayan"}).content.decode()
    assert world.employees["kel_b1_staff"].nip not in outside
    # A hostile field name is not echoed into the page.
    assert "<script" not in admin.get(url, {"field": "<script>", "q": "Staf"}).content.decode()


def test_class_form_takes_units_from_the_picker_and_refuses_another_pemdas(world, other_world, client_as_en):
    course = CourseFactory(pemda=world.pemda)
    start = timezone.localdate() + timedelta(days=7)
    client = client_as_en(world.users["admin"])
    form = client.get(reverse("training:class_create")).content.decode()
    assert 'name="eligible_units__q"' in form and '<select name="eligible_units"' not in form
    data = {
        "course": course.pk, "code": "PICK-1", "name": "Angkatan I", "starts_on": start.isoformat(),
        "ends_on": start.isoformat(), "capacity": 25,
    }  # fmt: skip
    # Without JavaScript, *Cari* renders the results and saves nothing.
    searched = client.post(
        reverse("training:class_create"), {**data, "eligible_units__q": "Kelurahan", "eligible_units__search": "1"}
    )
    assert searched.status_code == 200 and not TrainingClass.objects.filter(code="PICK-1").exists()
    assert 'value="ALF-KEL-A1"' in searched.content.decode()
    bad = client.post(reverse("training:class_create"), {**data, "eligible_units": ["BET-KEC-A"]})
    assert bad.status_code == 422 and "eligible_units" in bad.context["form"].errors
    ok = client.post(reverse("training:class_create"), {**data, "eligible_units": ["ALF-KEC-A", "ALF-DKP"]})
    assert ok.status_code == 302
    klass = TrainingClass.objects.get(code="PICK-1")
    assert {u.code for u in klass.eligible_units.all()} == {"ALF-KEC-A", "ALF-DKP"}
    # Editing shows the chosen units checked, by name.
    edit = client.get(reverse("training:class_edit", args=[klass.pk])).content.decode()
    assert 'value="ALF-KEC-A" checked' in edit and "Kecamatan Alfa" in edit


def test_assign_picks_an_employee_and_never_one_of_another_pemda(world, other_world, client_as_en):
    klass = TrainingClassFactory(course__pemda=world.pemda, status="open")
    client = client_as_en(world.users["admin"])
    url = reverse("training:class_assign", args=[klass.pk])
    found = client.post(url, {"assign-nip__q": "Camat", "assign-nip__search": "1"})
    assert found.status_code == 200 and world.employees["camat_a"].nip in found.content.decode()
    foreign = client.post(url, {"assign-nip": other_world.employees["camat_a"].nip})
    assert foreign.status_code == 422 and not Enrolment.objects.filter(klass=klass).exists()
    assert client.post(url, {"assign-nip": world.employees["camat_a"].nip}).status_code == 302
    assert Enrolment.objects.get(klass=klass).employee == world.employees["camat_a"]


def test_session_form_picks_an_instructor_by_name(world, other_world, client_as_en):
    klass = TrainingClassFactory(course__pemda=world.pemda)
    mine = InstructorFactory(pemda=world.pemda, name="Widyaiswara Utama Alfa")
    theirs = InstructorFactory(pemda=other_world.pemda, name="Widyaiswara Utama Beta")
    client = client_as_en(world.users["admin"])
    body = client.get(reverse("partners:pick_instructors"), {"q": "Widyaiswara"}).content.decode()
    assert f'value="{mine.pk}"' in body and "Beta" not in body
    session = SessionFactory(klass=klass)
    day = timezone.localtime(session.starts_at)
    data = {
        "starts_at": day.strftime("%Y-%m-%dT%H:%M"), "ends_at": (day + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "topic": "Pembukaan",
    }  # fmt: skip
    refused = client.post(reverse("training:session_edit", args=[session.pk]), {**data, "instructor": theirs.pk})
    assert refused.status_code == 422
    saved = client.post(reverse("training:session_edit", args=[session.pk]), {**data, "instructor": mine.pk})
    assert saved.status_code == 302
    session.refresh_from_db()
    assert session.instructor == mine


def test_siasn_export_defaults_to_this_year_and_a_bad_unit_is_a_form_error(world, client_as_en):
    client = client_as_en(world.users["admin"])
    url = reverse("training:export_siasn")
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["year"].value() == timezone.localdate().year
    assert "Kecamatan Alfa (ALF-KEC-A)" in page.content.decode()  # units picked from a list
    bad = client.get(url, {"year": 2026, "format": "csv", "unit": "NOPE"})
    assert bad.status_code == 422 and "unit" in bad.context["form"].errors
    assert b"Not found" not in bad.content
    operator = client_as_en(world.users["operator"]).get(url, {"year": 2026, "format": "csv", "unit": "ALF-KEC-A"})
    assert operator.status_code == 422 and "unit" in operator.context["form"].errors  # outside the operator's reach
