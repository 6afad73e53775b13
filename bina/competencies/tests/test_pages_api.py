"""Competency dictionary pages and API: everyone in the Pemda reads; the admin edits; other Pemda is 404."""

from __future__ import annotations

import pytest
from django.test import Client

from bina.accounts.services import token_create
from bina.competencies.models import Competency
from bina.competencies.services import competency_dictionary_load
from conftest import token_issuer

LEVELS = {f"level_{i}": f"Deskripsi {i}" for i in range(1, 6)}


@pytest.fixture
def loaded(world, other_world):
    competency_dictionary_load(pemda=world.pemda)
    competency_dictionary_load(pemda=other_world.pemda)
    return Competency.objects.get(pemda=world.pemda, code="M.1")


@pytest.fixture
def api_as():
    def make(user) -> Client:
        _, secret = token_create(actor=token_issuer(user), user=user)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return make


def test_list_grouped_by_type(world, loaded, client_as_en, django_assert_max_num_queries):
    client = client_as_en(world.users["participant"])
    with django_assert_max_num_queries(12):  # layout ~8, the dictionary itself 1
        response = client.get("/competencies/")
    assert response.status_code == 200
    groups = {kind: [c.name for c in items] for kind, _label, items in response.context["groups"]}
    assert len(groups["manajerial"]) == 8 and groups["sosial_kultural"] == ["Perekat Bangsa"]
    assert groups["teknis"] == []


def test_detail_shows_five_levels(world, loaded, client_as):
    response = client_as(world.users["participant"]).get(f"/competencies/{loaded.pk}/")
    assert response.status_code == 200
    assert [lv.level for lv in response.context["competency"].levels.all()] == [1, 2, 3, 4, 5]


def test_other_pemda_competency_404(world, other_world, loaded, client_as, api_as):
    foreign = Competency.objects.get(pemda=other_world.pemda, code="M.1")
    assert client_as(world.users["admin"]).get(f"/competencies/{foreign.pk}/").status_code == 404
    assert api_as(world.users["admin"]).get(f"/api/v1/competencies/{foreign.pk}").status_code == 404


def test_admin_creates_and_edits_through_pages(world, loaded, client_as):
    client = client_as(world.users["admin"])
    response = client.post("/competencies/new/", {"code": "T.01", "name": "Pelayanan Adminduk", **LEVELS})
    comp = Competency.objects.get(pemda=world.pemda, code="T.01")
    assert response.status_code == 302 and comp.levels.count() == 5
    incomplete = client.post("/competencies/new/", {"code": "T.02", "name": "X", "level_1": "a"})
    assert incomplete.status_code == 422
    edit = client.post(
        f"/competencies/{loaded.pk}/edit/", {"code": "HACK", "name": "Integritas", **LEVELS, "level_1": "Lokal"}
    )
    assert edit.status_code == 302
    loaded.refresh_from_db()
    assert loaded.code == "M.1"  # a standard code is not editable
    assert loaded.levels.get(level=1).description == "Lokal"


def test_non_admin_cannot_edit(world, loaded, client_as):
    client = client_as(world.users["operator"])
    assert client.get("/competencies/new/").status_code == 403
    assert client.get(f"/competencies/{loaded.pk}/edit/").status_code == 403


def test_api_list_detail_create_patch(world, loaded, api_as):
    client = api_as(world.users["admin"])
    body = client.get("/api/v1/competencies").json()
    assert body["count"] == 9
    detail = client.get(f"/api/v1/competencies/{loaded.pk}").json()
    assert [lv["level"] for lv in detail["levels"]] == [1, 2, 3, 4, 5]
    created = client.post(
        "/api/v1/competencies",
        {"code": "T.01", "name": "Teknis", "levels": {str(i): f"L{i}" for i in range(1, 6)}},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["kind"] == "teknis"
    patched = client.patch(
        f"/api/v1/competencies/{created.json()['id']}",
        {"levels": {"2": "Baru"}, "is_active": False},
        content_type="application/json",
    )
    assert patched.json()["levels"][1]["description"] == "Baru" and patched.json()["is_active"] is False
    refused = client.patch(f"/api/v1/competencies/{loaded.pk}", {"code": "X"}, content_type="application/json")
    assert refused.status_code == 422


def test_api_non_admin_read_only(world, loaded, api_as):
    client = api_as(world.users["participant"])
    assert client.get("/api/v1/competencies").json()["count"] == 9
    response = client.post(
        "/api/v1/competencies",
        {"code": "T.01", "name": "Teknis", "levels": {str(i): "x" for i in range(1, 6)}},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_api_list_filters_by_kind_and_name_or_code(world, loaded, api_as):
    client = api_as(world.users["participant"])
    by_code = client.get("/api/v1/competencies", {"search": "m.1"}).json()["items"]
    assert [c["code"] for c in by_code] == ["M.1"]
    by_name = client.get("/api/v1/competencies", {"search": "perekat"}).json()["items"]
    assert [c["kind"] for c in by_name] == ["sosial_kultural"]
    assert client.get("/api/v1/competencies", {"kind": "teknis"}).json()["items"] == []
