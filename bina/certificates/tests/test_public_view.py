"""The public certificate check has one declaration (`selectors.PublicCertificate`) behind the page and the API."""

from __future__ import annotations

from dataclasses import fields

import pytest
from django.urls import reverse

from bina.certificates.selectors import PublicCertificate, certificate_public
from bina.certificates.services import certificate_issue
from bina.certificates.tests.test_services import completed_class
from bina.core.actor import Actor
from bina.training.classes.models import EnrolmentStatus
from bina.training.factories import EnrolmentFactory

PUBLIC_FIELDS = [f.name for f in fields(PublicCertificate)]


@pytest.fixture
def certificate(world):
    klass, _ = completed_class(world)
    enrolment = EnrolmentFactory(
        klass=klass, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.COMPLETED
    )
    return certificate_issue(
        enrolment=enrolment, actor=Actor.system(enrolment.pemda_id, label="test"), render_pdf=False
    )


@pytest.mark.parametrize("with_key", [False, True])
def test_api_answers_exactly_the_public_view_the_page_renders(certificate, client, with_key):
    key = {"k": certificate.verify_key} if with_key else {}
    info = certificate_public(certificate.number, key.get("k"))
    assert info is not None

    body = client.get(f"/api/v1/certificates/verify/{certificate.number}", key).json()
    assert list(body) == PUBLIC_FIELDS
    assert body["holder_name"] == info.holder_name and body["number"] == info.number
    assert (body["valid"], body["jp"], body["course_title"]) == (info.valid, info.jp, info.course_title)
    assert (body["starts_on"], body["ends_on"]) == (info.starts_on.isoformat(), info.ends_on.isoformat())

    page = client.get(reverse("verify:certificate", args=[certificate.number]), key, follow=True).content.decode()
    for value in (info.holder_name, info.course_title, info.issuer_name):
        assert value in page
    # Only the page, and only for the key holder, adds the masked NIP.
    assert "holder_nip" not in body
    assert (info.holder_nip is not None) == with_key


def test_openapi_documents_the_public_view_by_its_one_name(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    response = schema["paths"]["/api/v1/certificates/verify/{number}"]["get"]["responses"]["200"]
    ref = response["content"]["application/json"]["schema"]["$ref"]
    assert ref.rsplit("/", 1)[1] == "PublicCertificate"
    assert list(schema["components"]["schemas"]["PublicCertificate"]["properties"]) == PUBLIC_FIELDS
