"""Strict request bodies over real HTTP (issue 8.8): what pydantic's lax mode would have turned into a
value (`"starts_on": 0` as 1970-01-01, `"capacity": true` as 1, 2^31 seats) is a 422 naming the field,
and nothing is stored; text with a control character is refused by every schema and the participants
XLSX survives one stored before the rule."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bina.accounts.services import token_create
from bina.partners.models import Partner
from bina.people.models import Employee
from bina.reports.formats import xlsx_bytes
from bina.training.classes.models import EnrolmentStatus, TrainingClass
from bina.training.factories import CourseFactory, EnrolmentFactory, TrainingClassFactory
from conftest import token_issuer


@pytest.fixture
def api(client):
    def call(user, method, path, body):
        _, token = token_create(actor=token_issuer(user), user=user)
        return getattr(client, method)(
            f"/api/v1{path}", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    return call


def class_body(course, **changes):
    start = timezone.localdate() + timedelta(days=14)
    body = {
        "course_id": course.pk,
        "code": "STRICT-1",
        "name": "Angkatan I",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=1)).isoformat(),
        "capacity": 20,
    }
    return body | changes


def refused_fields(response) -> list[str]:
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    return [d["field"] for d in error["details"]]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": 0}, "starts_on"),
        ({"starts_on": "0"}, "starts_on"),
        ({"starts_on": "2026-02-30"}, "starts_on"),
        ({"ends_on": 1_700_000_000}, "ends_on"),
        ({"capacity": True}, "capacity"),
        ({"capacity": 2**31}, "capacity"),
        ({"capacity": 10_001}, "capacity"),
        ({"capacity": 20.0}, "capacity"),
        ({"capacity": "20"}, "capacity"),
        ({"course_id": True}, "course_id"),
        ({"course_id": 2**63}, "course_id"),
        ({"requires_approval": 1}, "requires_approval"),
        ({"registration_opens_at": 0}, "registration_opens_at"),
        ({"registration_opens_at": "2026-01-01"}, "registration_opens_at"),
        ({"quotas": {"X": True}}, "quotas.X"),
        ({"name": "Angkatan\x00I"}, "name"),
        ({"eligible_units": ["A\x01"]}, "eligible_units"),
    ],
)
def test_class_create_refuses_lax_values_and_stores_nothing(world, api, changes, field):
    course = CourseFactory(pemda=world.pemda)
    response = api(world.users["admin"], "post", "/classes", class_body(course, **changes))
    assert refused_fields(response) == [field] or field in refused_fields(response)
    assert not TrainingClass.objects.filter(code="STRICT-1").exists()


def test_class_create_still_takes_the_json_spelling_of_each_value(world, api):
    course = CourseFactory(pemda=world.pemda)
    body = class_body(
        course, capacity=10_000, requires_approval=True, registration_opens_at="2026-01-01T08:00:00+07:00"
    )
    response = api(world.users["admin"], "post", "/classes", body)
    assert response.status_code == 201, response.content
    assert response.json()["capacity"] == 10_000


def test_class_patch_refuses_lax_values(world, api):
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), capacity=5)
    for body in ({"capacity": True}, {"capacity": 2**31}, {"starts_on": 0}):
        assert refused_fields(api(world.users["admin"], "patch", f"/classes/{klass.pk}", body)) == [next(iter(body))]
    klass.refresh_from_db()
    assert klass.capacity == 5


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"jp": True}, "jp"),
        ({"jp": 40_000}, "jp"),
        ({"min_post_test_score": True}, "min_post_test_score"),
        ({"min_post_test_score": "1e3"}, "min_post_test_score"),
        ({"min_post_test_score": 100.001}, "min_post_test_score"),
        ({"has_post_test": "yes"}, "has_post_test"),
        ({"prerequisite_ids": [True]}, "prerequisite_ids.0"),
    ],
)
def test_course_patch_refuses_lax_values(world, api, body, field):
    course = CourseFactory(pemda=world.pemda, jp=8)
    assert refused_fields(api(world.users["admin"], "patch", f"/courses/{course.pk}", body)) == [field]
    course.refresh_from_db()
    assert course.jp == 8


def test_a_control_character_is_refused_in_every_app(world, api):
    response = api(world.users["admin"], "post", "/partners", {"name": "LAN\x00RI", "kind": "university"})
    assert refused_fields(response) == ["name"]
    assert response.json()["error"]["details"][0]["code"] == "control_character"
    assert not Partner.objects.filter(name__startswith="LAN").exists()


def test_xlsx_writer_drops_control_characters_stored_before_the_rule(world, client_as):
    # (PostgreSQL cannot hold a NUL at all; SQLite can, and both hold these.)
    Employee.objects.filter(pk=world.employees["staff_bidang"].pk).update(name="Staf\x07Bidang\x1b")
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda))
    EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.ENROLLED)
    response = client_as(world.users["admin"]).get(reverse("training:class_participants_xlsx", args=[klass.pk]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "StafBidang"


def test_xlsx_bytes_drops_every_character_xml_cannot_carry():
    data = xlsx_bytes(["a", "b"], [["x\x00y\ud800z", "n\x0bm"]], text_columns=(1,))
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[1] == ("xyz", "nm")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "Bimtek\x00SIASN"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"certificate_number": "A\x07"}, "certificate_number"),
        ({"starts_on": "0"}, "starts_on"),
        ({"jp_claimed": "true"}, "jp_claimed"),
        ({"jp_claimed": "1e9"}, "jp_claimed"),
    ],
)
def test_multipart_external_claim_is_as_strict_as_a_json_body(world, client, changes, field):
    from bina.training.external.models import ExternalLearning
    from bina.training.tests.test_external import bearer, pdf

    day = (timezone.localdate() - timedelta(days=2)).isoformat()
    data = {"title": "Bimtek SIASN", "organiser": "BKN", "method": "bimtek", "starts_on": day, "ends_on": day}
    data |= {"jp_claimed": "6", "certificate_file": pdf()} | changes
    response = client.post("/api/v1/external-learning", data, **bearer(world.users["participant"]))
    assert field in refused_fields(response)
    assert not ExternalLearning.objects.exists()
