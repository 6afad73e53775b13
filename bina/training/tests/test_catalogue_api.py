"""Programmes and courses over the REST API, with the same scoping as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from bina.accounts.services import token_create
from bina.competencies.factories import CompetencyFactory
from bina.training.catalogue.models import ProgrammeStatus
from bina.training.factories import CourseFactory, ProgrammeFactory
from conftest import token_issuer


@pytest.fixture
def api_as():
    def make(user) -> Client:
        _, secret = token_create(actor=token_issuer(user), user=user)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return make


def test_programme_list_hides_drafts_from_non_admin(world, other_world, api_as):
    ProgrammeFactory(pemda=world.pemda, name="Aktif")
    ProgrammeFactory(pemda=world.pemda, name="Draf", status=ProgrammeStatus.DRAFT)
    ProgrammeFactory(pemda=other_world.pemda, name="Lain")
    names = lambda user: {p["name"] for p in api_as(user).get("/api/v1/programmes").json()["items"]}  # noqa: E731
    assert names(world.users["participant"]) == {"Aktif"}
    assert names(world.users["admin"]) == {"Aktif", "Draf"}


def test_other_pemda_404(world, other_world, api_as):
    programme = ProgrammeFactory(pemda=other_world.pemda)
    course = CourseFactory(pemda=other_world.pemda)
    client = api_as(world.users["admin"])
    assert client.get(f"/api/v1/programmes/{programme.pk}").status_code == 404
    assert client.get(f"/api/v1/courses/{course.pk}").status_code == 404
    assert client.patch(f"/api/v1/courses/{course.pk}", {"jp": 2}, content_type="application/json").status_code == 404


def test_admin_creates_programme_and_course(world, api_as):
    client = api_as(world.users["admin"])
    comp = CompetencyFactory(pemda=world.pemda)
    response = client.post(
        "/api/v1/programmes",
        {
            "name": "Pembinaan ASN 2027 — Pelayanan Prima",
            "year": 2027,
            "goals": ["service_quality"],
            "starts_on": "2027-01-10",
            "ends_on": "2027-12-10",
            "budget": "1000000",
            "target_units": [world.units["dinas"].code],
            "target_position_kinds": ["pelaksana"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    programme = response.json()
    assert programme["status"] == "draft" and programme["target_units"] == [world.units["dinas"].code]
    patched = client.patch(
        f"/api/v1/programmes/{programme['id']}", {"status": "active"}, content_type="application/json"
    )
    assert patched.json()["status"] == "active"
    course = client.post(
        "/api/v1/courses",
        {
            "programme_id": programme["id"],
            "code": "PP-01",
            "title": "Pelayanan Prima",
            "method": "elearning",
            "delivery_mode": "daring",
            "jp": 4,
            "competencies": [{"competency_id": comp.pk, "target_level": 2}],
        },
        content_type="application/json",
    )
    assert course.status_code == 201, course.content
    body = course.json()
    assert body["learning_path"] == "nonklasikal"
    assert body["competencies"] == [{"competency_id": comp.pk, "code": comp.code, "name": comp.name, "target_level": 2}]
    second = client.post(
        "/api/v1/courses",
        {"code": "PP-02", "title": "Lanjutan", "method": "workshop", "delivery_mode": "tatap_muka", "jp": 8,
         "prerequisite_ids": [body["id"]]},
        content_type="application/json",
    )  # fmt: skip
    assert second.json()["prerequisites"] == [{"id": body["id"], "code": "PP-01", "title": "Pelayanan Prima"}]
    cycle = client.patch(
        f"/api/v1/courses/{body['id']}", {"prerequisite_ids": [second.json()["id"]]}, content_type="application/json"
    )
    assert cycle.status_code == 422 and cycle.json()["error"]["details"] == [{"field": "prerequisites"}]


def test_course_rules_answer_422(world, api_as):
    client = api_as(world.users["admin"])
    response = client.post(
        "/api/v1/courses",
        {"code": "X", "title": "X", "method": "workshop", "delivery_mode": "daring", "jp": 2, "has_post_test": True},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [{"field": "min_post_test_score"}]


def test_non_admin_cannot_write(world, api_as):
    client = api_as(world.users["operator"])
    response = client.post(
        "/api/v1/courses",
        {"code": "X", "title": "X", "method": "workshop", "delivery_mode": "daring", "jp": 2},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_course_list_filters(world, api_as):
    CourseFactory(pemda=world.pemda, code="W")
    CourseFactory(pemda=world.pemda, code="C", method="coaching", learning_path="nonklasikal")
    client = api_as(world.users["participant"])
    codes = [c["code"] for c in client.get("/api/v1/courses?learning_path=nonklasikal").json()["items"]]
    assert codes == ["C"]
