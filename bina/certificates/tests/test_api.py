"""Certificates API: scoped list/detail/PDF, revoke, batches, and the public verification endpoint."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from bina.accounts.services import token_create
from bina.certificates.models import CertificateBatch
from bina.certificates.services import certificate_issue
from bina.certificates.tests.test_services import completed_class
from bina.core.actor import Actor
from bina.training.classes.models import EnrolmentStatus
from bina.training.factories import EnrolmentFactory
from conftest import token_issuer


def bearer(user):
    return {"Authorization": f"Bearer {token_create(actor=token_issuer(user), user=user)[1]}"}


@pytest.fixture
def certs(world):
    klass, _ = completed_class(world)
    mine = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.COMPLETED)
    staff = EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.COMPLETED)
    return (
        klass,
        certificate_issue(enrolment=mine, actor=Actor.system(mine.pemda_id, label="test"), render_pdf=False),
        certificate_issue(enrolment=staff, actor=Actor.system(staff.pemda_id, label="test"), render_pdf=False),
    )


def test_public_verify_needs_no_login_and_masks(certs, client):
    _, mine, _ = certs
    r = client.get(f"/api/v1/certificates/verify/{mine.number}")
    assert r.status_code == 200
    body = r.json()
    assert body["valid"] is True and body["revoked_at"] is None and body["jp"] == 16
    assert body["holder_name"] != mine.holder_name and "*" in body["holder_name"]
    assert set(body) == {
        "number",
        "valid",
        "revoked_at",
        "course_title",
        "jp",
        "starts_on",
        "ends_on",
        "issuer_name",
        "holder_name",
    }
    keyed = client.get(f"/api/v1/certificates/verify/{mine.number}", {"k": mine.verify_key}).json()
    assert keyed["holder_name"] == mine.holder_name


def test_public_verify_accepts_url_encoded_number(certs, client):
    _, mine, _ = certs
    r = client.get(f"/api/v1/certificates/verify/{quote(mine.number, safe='')}")
    assert r.status_code == 200 and r.json()["number"] == mine.number


def test_public_verify_not_found(db, client):
    r = client.get("/api/v1/certificates/verify/BINA-0000/2026/00001")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_list_is_scoped_and_paginated(world, certs, client_as):
    _, mine, _staff = certs
    r = client_as(world.users["participant"]).get("/api/v1/certificates")
    assert r.status_code == 200
    assert [c["number"] for c in r.json()["items"]] == [mine.number] and r.json()["count"] == 1
    r = client_as(world.users["admin"]).get("/api/v1/certificates", {"year": 2026, "page_size": 1})
    assert r.json()["count"] == 2 and len(r.json()["items"]) == 1


def test_detail_and_pdf_with_slashes_and_encoded(world, certs, client_as):
    _, mine, _ = certs
    c = client_as(world.users["participant"])
    assert c.get(f"/api/v1/certificates/{mine.number}").json()["number"] == mine.number
    assert c.get(f"/api/v1/certificates/{quote(mine.number, safe='')}").json()["number"] == mine.number
    r = c.get(f"/api/v1/certificates/{mine.number}/pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_other_pemda_and_other_unit_get_404(world, other_world, certs, client_as):
    _, mine, _ = certs
    for user in (other_world.users["admin"], world.users["operator"]):
        c = client_as(user)
        assert c.get(f"/api/v1/certificates/{mine.number}").status_code == 404
        assert c.get(f"/api/v1/certificates/{mine.number}/pdf").status_code == 404


def test_revoke_needs_admin_token_and_reason(world, other_world, certs, client):
    _, mine, _ = certs
    url = f"/api/v1/certificates/{mine.number}/revoke"
    r = client.post(url, {"reason": "x"}, content_type="application/json", headers=bearer(world.users["participant"]))
    assert r.status_code == 403
    r = client.post(url, {"reason": "x"}, content_type="application/json", headers=bearer(other_world.users["admin"]))
    assert r.status_code == 404
    admin = bearer(world.users["admin"])
    assert client.post(url, {"reason": ""}, content_type="application/json", headers=admin).status_code == 422
    r = client.post(url, {"reason": "keliru"}, content_type="application/json", headers=admin)
    assert r.status_code == 200 and r.json()["revoked_at"] is not None
    assert client.post(url, {"reason": "again"}, content_type="application/json", headers=admin).status_code == 409
    assert client.get(f"/api/v1/certificates/verify/{mine.number}").json()["valid"] is False


def test_batch_start_answers_202_and_progress(world, other_world, client, django_capture_on_commit_callbacks):
    klass, _ = completed_class(world, 4)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/api/v1/classes/{klass.pk}/certificates", headers=bearer(world.users["admin"]))
    assert r.status_code == 202
    batch_id = r.json()["id"]
    r = client.get(f"/api/v1/certificate-batches/{batch_id}", headers=bearer(world.users["admin"]))
    assert r.status_code == 200 and r.json()["status"] == "done" and r.json()["done"] == 4
    assert (
        client.get(f"/api/v1/certificate-batches/{batch_id}", headers=bearer(other_world.users["admin"])).status_code
        == 404
    )
    r = client.post(f"/api/v1/classes/{klass.pk}/certificates", headers=bearer(other_world.users["admin"]))
    assert r.status_code == 404
    assert CertificateBatch.objects.count() == 1


def _resolve(schema, node):
    ref = node.get("$ref")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else node


def test_openapi_documents_certificate_endpoints_and_public_verify(world, certs, client, client_as):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path, method in (
        ("/api/v1/certificates", "get"),
        ("/api/v1/certificates/{number}", "get"),
        ("/api/v1/certificates/{number}/pdf", "get"),
        ("/api/v1/certificates/{number}/revoke", "post"),
        ("/api/v1/certificates/verify/{number}", "get"),
        ("/api/v1/classes/{class_id}/certificates", "post"),
        ("/api/v1/certificate-batches/{batch_id}", "get"),
    ):
        assert method in paths[path], path
    assert "security" not in paths["/api/v1/certificates/verify/{number}"]["get"]
    assert "202" in paths["/api/v1/classes/{class_id}/certificates"]["post"]["responses"]
    # responses carry exactly the documented fields
    _, mine, _ = certs
    verify_schema = _resolve(
        schema,
        paths["/api/v1/certificates/verify/{number}"]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ],
    )
    body = client.get(f"/api/v1/certificates/verify/{mine.number}").json()
    assert set(verify_schema["required"]) <= set(body) <= set(verify_schema["properties"])
    detail_schema = _resolve(
        schema,
        paths["/api/v1/certificates/{number}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
    )
    body = client_as(world.users["admin"]).get(f"/api/v1/certificates/{mine.number}").json()
    assert set(detail_schema["required"]) <= set(body) <= set(detail_schema["properties"])
