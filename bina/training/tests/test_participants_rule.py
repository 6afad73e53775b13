"""One rule for "who may see a class's participants", asked of every face: page, XLSX/PDF downloads, API.

`permissions.can_view_participants` + `selectors.classes.class_participants` decide; each face only renders.
For every persona the faces answer alike: all allowed (200, the same people), or all refused with the same
status (403 when the actor sees the class but not its participants, 404 when it does not see the class).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bina.accounts.factories import RoleAssignmentFactory, UserFactory
from bina.accounts.models import Role
from bina.partners.factories import InstructorFactory
from bina.training.classes.models import ClassStatus
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory


def _faces(pk: int) -> dict[str, str]:
    return {
        "page": reverse("training:class_participants", args=[pk]),
        "xlsx page": reverse("training:class_participants_xlsx", args=[pk]),
        "pdf page": reverse("training:class_participants_pdf", args=[pk]),
        "api list": f"/api/v1/classes/{pk}/enrolments",
        "api xlsx": f"/api/v1/classes/{pk}/participants.xlsx",
    }


@pytest.fixture
def setting(world, other_world, partners):
    klass = TrainingClassFactory(
        course=CourseFactory(pemda=world.pemda), code="PESERTA-1", status=ClassStatus.RUNNING, organiser=partners.uni
    )
    other_klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), code="LAIN-1")
    teacher = InstructorFactory(pemda=world.pemda, user=world.users["instructor"])
    SessionFactory(klass=klass, instructor=teacher)
    other_teacher = UserFactory(username="guru.lain.alfa", pemda=world.pemda)
    RoleAssignmentFactory(user=other_teacher, pemda=world.pemda, role=Role.INSTRUCTOR)
    SessionFactory(klass=other_klass, instructor=InstructorFactory(pemda=world.pemda, user=other_teacher))
    operator_out = UserFactory(username="operator.kecb.alfa", pemda=world.pemda)
    RoleAssignmentFactory(user=operator_out, pemda=world.pemda, role=Role.OPERATOR, org_unit=world.units["kec_b"])
    # Participants from the operator's Dinas, the supervisor's reports and the participant persona.
    for key in ("staff_bidang", "kel_a1_staff", "head_bidang"):
        EnrolmentFactory(klass=klass, employee=world.employees[key], status="enrolled")
    personas = {
        "admin": (world.users["admin"], 200),
        "instructor of the class": (world.users["instructor"], 200),
        "partner coordinator": (partners.coordinator, 200),
        "operator in scope": (world.users["operator"], 403),
        "operator out of scope": (operator_out, 403),
        "leader": (world.users["leader"], 403),
        "participant": (world.users["participant"], 403),
        "supervisor": (world.users["supervisor"], 403),
        "other instructor": (other_teacher, 404),
        "other Pemda admin": (other_world.users["admin"], 404),
        "other Pemda participant": (other_world.users["participant"], 404),
    }
    return klass, personas


def test_every_face_gives_every_persona_the_same_answer(setting, client_as):
    klass, personas = setting
    for persona, (user, expected) in personas.items():
        client = client_as(user)
        answers = {face: client.get(url).status_code for face, url in _faces(klass.pk).items()}
        assert set(answers.values()) == {expected}, f"{persona}: {answers}"


def test_allowed_faces_list_the_same_people(setting, client_as, world):
    klass, personas = setting
    expected = sorted(world.employees[k].nip for k in ("staff_bidang", "kel_a1_staff", "head_bidang"))
    for persona in ("admin", "instructor of the class", "partner coordinator"):
        client = client_as(personas[persona][0])
        api = client.get(f"/api/v1/classes/{klass.pk}/enrolments").json()
        assert sorted(i["employee"]["nip"] for i in api["items"]) == expected, persona
        page = client.get(reverse("training:class_participants", args=[klass.pk])).content.decode()
        assert all(nip in page for nip in expected), persona


def test_refusals_use_the_one_error_shape_on_the_api(setting, client_as):
    klass, personas = setting
    body = client_as(personas["participant"][0]).get(f"/api/v1/classes/{klass.pk}/enrolments").json()
    assert body["error"]["code"] == "permission_denied" and body["error"]["message"]


def test_the_participants_link_shows_exactly_to_those_allowed(setting, client_as):
    klass, personas = setting
    link = reverse("training:class_participants", args=[klass.pk])
    for persona, (user, expected) in personas.items():
        if expected == 404:
            continue
        page = client_as(user).get(reverse("training:class_detail", args=[klass.pk])).content.decode()
        assert (f'href="{link}"' in page) == (expected == 200), persona
