"""The certificate check on a Pemda's public site (`/p/<slug>/verify/`), and the old `/verify/` address."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from bina.certificates.pdf import verify_url
from bina.certificates.services import certificate_issue, certificate_revoke
from bina.certificates.tests.test_services import completed_class
from bina.core.actor import Actor
from bina.people.nip import mask_nip
from bina.training.classes.models import EnrolmentStatus
from bina.training.factories import EnrolmentFactory


@pytest.fixture
def cert(world):
    klass, _ = completed_class(world)
    enrolment = EnrolmentFactory(
        klass=klass, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.COMPLETED
    )
    return certificate_issue(
        enrolment=enrolment, actor=Actor.system(enrolment.pemda_id, label="test"), render_pdf=False
    )


@pytest.fixture
def other_cert(other_world):
    klass, _ = completed_class(other_world)
    klass.course.title = "Kepemimpinan Beta"
    klass.course.save(update_fields=["title"])
    enrolment = EnrolmentFactory(
        klass=klass, employee=other_world.employees["kel_a1_staff"], status=EnrolmentStatus.COMPLETED
    )
    return certificate_issue(
        enrolment=enrolment, actor=Actor.system(enrolment.pemda_id, label="test"), render_pdf=False
    )


def search_url(pemda) -> str:
    return reverse("public:verify:search", kwargs={"pemda_slug": pemda.slug})


def cert_url(pemda, number: str) -> str:
    return reverse("public:verify:certificate", kwargs={"pemda_slug": pemda.slug, "number": number})


def test_the_box_needs_no_login_and_speaks_indonesian_first(world, client):
    r = client.get(search_url(world.pemda))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'method="get"' in html and 'name="number"' in html
    assert "Nomor sertifikat" in html and world.pemda.name in html
    assert "data-result" not in html  # nothing asked, nothing answered
    r = client.get(search_url(world.pemda), {"utm_source": "qr"})
    assert r.status_code == 200 and b"field-errors" not in r.content
    assert "no-store" in r["Cache-Control"] and r["X-Robots-Tag"].startswith("noindex")


def test_typing_a_number_shows_valid_with_the_name_masked(world, cert, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        r = client.get(search_url(world.pemda), {"number": f"  {cert.number} "})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-result="valid"' in html and cert.course_title in html
    # Only what today's check shows without the key: masked name, no NIP at all.
    assert cert.holder_name not in html and "P****** K******** A***" in html
    assert cert.holder_nip not in html and mask_nip(cert.holder_nip) not in html
    assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"]


def test_the_key_only_works_from_the_qr_code_not_the_box(world, cert, client):
    r = client.get(search_url(world.pemda), {"number": cert.number, "k": cert.verify_key})
    assert cert.holder_name not in r.content.decode()
    r = client.get(cert_url(world.pemda, cert.number), {"k": cert.verify_key})
    html = r.content.decode()
    assert cert.holder_name in html and cert.holder_nip not in html and mask_nip(cert.holder_nip) in html
    assert "no-store" in r["Cache-Control"] and r["Referrer-Policy"] == "no-referrer"


def test_revoked_and_unknown_numbers(world, cert, client):
    certificate_revoke(actor=world.actor("admin"), certificate=cert, reason="keliru")
    r = client.get(search_url(world.pemda), {"number": cert.number})
    assert r.status_code == 200 and b'data-result="revoked"' in r.content
    r = client.get(search_url(world.pemda), {"number": "BINA-9101/2026/99999"})
    assert r.status_code == 404 and b'data-result="not-found"' in r.content


def test_another_pemdas_certificate_is_not_found_under_this_pemda(world, other_world, cert, other_cert, client):
    for r in (
        client.get(search_url(world.pemda), {"number": other_cert.number}),
        client.get(cert_url(world.pemda, other_cert.number), {"k": other_cert.verify_key}),
    ):
        assert r.status_code == 404 and b'data-result="not-found"' in r.content
        html = r.content.decode()
        assert other_cert.course_title not in html and other_cert.holder_name not in html
        assert other_world.pemda.name not in html
    # Under its own Pemda the same number is valid.
    r = client.get(search_url(other_world.pemda), {"number": other_cert.number})
    assert b'data-result="valid"' in r.content


def test_a_number_too_long_is_refused_with_the_reason(world, client):
    r = client.get(search_url(world.pemda), {"number": "X" * 81})
    assert r.status_code == 422 and b"field-errors" in r.content and b"data-result" not in r.content


def test_old_address_redirects_permanently_to_the_pemdas_page_keeping_the_key(world, cert, client):
    old = reverse("verify:certificate", args=[cert.number])
    assert old == f"/verify/{cert.number}/"
    r = client.get(old, {"k": cert.verify_key})
    assert r.status_code == 301
    assert r["Location"] == f"{cert_url(world.pemda, cert.number)}?k={cert.verify_key}"
    assert r["Referrer-Policy"] == "no-referrer"
    assert client.get(old)["Location"] == cert_url(world.pemda, cert.number)


def test_qr_code_printed_on_an_old_certificate_still_opens_the_check(world, cert, client, settings):
    """What an already printed QR code holds (the address before public pages had a Pemda) still works."""
    settings.SITE_URL = "https://bina.example.go.id"
    printed = f"https://bina.example.go.id/verify/{cert.number}/?k={cert.verify_key}"
    parts = urlsplit(printed)
    r = client.get(f"{parts.path}?{parts.query}", follow=True)
    assert r.status_code == 200 and r.redirect_chain[0][1] == 301
    html = r.content.decode()
    assert 'data-result="valid"' in html and cert.holder_name in html
    # Without a trailing slash too (hand-typed), through APPEND_SLASH.
    r = client.get(f"/verify/{cert.number}", follow=True)
    assert r.status_code == 200 and b'data-result="valid"' in r.content


def test_new_certificates_qr_points_at_the_pemdas_page(world, cert, client, settings):
    settings.SITE_URL = "https://bina.example.go.id"
    url = verify_url(cert)
    assert url == f"https://bina.example.go.id/p/alfa/verify/{cert.number}/?k={cert.verify_key}"
    parts = urlsplit(url)
    r = client.get(f"{parts.path}?{parts.query}")
    assert r.status_code == 200 and cert.holder_name.encode() in r.content


def test_the_public_api_check_keeps_working(world, cert, client):
    r = client.get(f"/api/v1/certificates/verify/{cert.number}")
    assert r.status_code == 200 and r.json()["valid"] is True and r.json()["holder_name"] != cert.holder_name
