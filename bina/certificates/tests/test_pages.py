"""Certificate pages: scoped list/detail/PDF, revoke, batch progress, settings, public verification."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bina.certificates.models import CertificateBatch, CertificateSettings
from bina.certificates.services import certificate_issue
from bina.certificates.tests.test_services import completed_class
from bina.core.actor import Actor
from bina.training.classes.models import EnrolmentStatus
from bina.training.factories import EnrolmentFactory


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


def test_participant_lists_only_own_certificates(world, certs, client_as):
    _, mine, staff = certs
    r = client_as(world.users["participant"]).get(reverse("certificates:list"))
    assert r.status_code == 200
    assert mine.number.encode() in r.content and staff.number.encode() not in r.content


def test_supervisor_sees_reports_and_admin_sees_all(world, certs, client_as, django_assert_max_num_queries):
    _, mine, staff = certs
    r = client_as(world.users["supervisor"]).get(reverse("certificates:list"))
    assert staff.number.encode() in r.content and mine.number.encode() not in r.content
    c = client_as(world.users["admin"])
    with django_assert_max_num_queries(12):
        r = c.get(reverse("certificates:list"))
    assert staff.number.encode() in r.content and mine.number.encode() in r.content


def test_list_filters_by_year_and_class(world, certs, client_as):
    klass, mine, _ = certs
    c = client_as(world.users["admin"])
    assert mine.number.encode() in c.get(reverse("certificates:list"), {"year": 2026}).content
    assert mine.number.encode() not in c.get(reverse("certificates:list"), {"year": 2025}).content
    assert mine.number.encode() in c.get(reverse("certificates:list"), {"klass": klass.pk}).content


def test_operator_of_other_unit_and_other_pemda_get_404(world, other_world, certs, client_as):
    _, mine, _ = certs
    for user in (world.users["operator"], other_world.users["admin"]):
        c = client_as(user)
        assert c.get(reverse("certificates:detail", args=[mine.pk])).status_code == 404
        assert c.get(reverse("certificates:pdf", args=[mine.pk])).status_code == 404
    assert mine.number.encode() not in client_as(other_world.users["admin"]).get(reverse("certificates:list")).content


def test_holder_downloads_pdf_rendered_on_demand(world, certs, client_as):
    _, mine, _ = certs
    r = client_as(world.users["participant"]).get(reverse("certificates:pdf", args=[mine.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and len(r.content) > 1500
    assert "attachment" in r["Content-Disposition"]
    assert r["Content-Disposition"].endswith(f'filename="sertifikat-{mine.number.replace("/", "-")}.pdf"')
    assert "no-store" in r["Cache-Control"]


def test_admin_revokes_with_reason(world, certs, client_as):
    _, mine, _ = certs
    c = client_as(world.users["admin"])
    url = reverse("certificates:revoke", args=[mine.pk])
    assert c.post(url, {"reason": ""}).status_code == 422
    ask = c.post(url, {"reason": "Data kehadiran keliru"})  # asks first (issue 9.2), changes nothing
    assert ask.status_code == 200 and 'data-testid="confirm"' in ask.content.decode()
    mine.refresh_from_db()
    assert mine.revoked_at is None
    assert c.post(url, {"reason": "Data kehadiran keliru", "confirmed": "yes"}).status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None and mine.revoked_reason == "Data kehadiran keliru"


def test_participant_cannot_revoke(world, certs, client_as):
    _, mine, _ = certs
    r = client_as(world.users["participant"]).post(reverse("certificates:revoke", args=[mine.pk]), {"reason": "x"})
    assert r.status_code == 403
    mine.refresh_from_db()
    assert mine.revoked_at is None


def test_batch_start_and_status_partial(world, client_as, client_as_en, django_capture_on_commit_callbacks):
    klass, _ = completed_class(world, 3)
    c = client_as_en(world.users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post(reverse("certificates:batch_create", args=[klass.pk])).status_code == 302
    batch = CertificateBatch.objects.get()
    r = c.get(reverse("certificates:batch_status", args=[batch.pk]))
    assert (r.status_code == 200 and b"3 of 3" in r.content) or b"3 dari 3" in r.content
    assert (
        client_as(world.users["participant"]).get(reverse("certificates:batch_status", args=[batch.pk])).status_code
        == 404
    )


def test_batch_status_polls_while_running(world, client_as):
    klass, _ = completed_class(world, 1)
    batch = CertificateBatch.objects.create(pemda=world.pemda, klass=klass, total=1, status="running")
    r = client_as(world.users["admin"]).get(reverse("certificates:batch_status", args=[batch.pk]))
    assert b'hx-trigger="every 2s"' in r.content


def test_settings_page_is_admin_only(world, client_as):
    c = client_as(world.users["admin"])
    r = c.get(reverse("certificates:settings"))
    assert r.status_code == 200 and b"BKPSDM Pemerintah Alfa" in r.content
    r = c.post(
        reverse("certificates:settings"),
        {"issuer_name": "BKPSDM Kota Alfa", "signer_name": "Drs. Budi", "signer_title": "Kepala BKPSDM",
         "signer_nip": "", "number_prefix": "", "city": "Alfa"},
    )  # fmt: skip
    assert r.status_code == 302
    assert CertificateSettings.objects.get(pemda=world.pemda).issuer_name == "BKPSDM Kota Alfa"
    assert client_as(world.users["operator"]).get(reverse("certificates:settings")).status_code == 403


def verify_url(pemda, number: str) -> str:
    return reverse("public:verify:certificate", kwargs={"pemda_slug": pemda.slug, "number": number})


def test_public_verify_page_masks_name_without_key(world, certs, client):
    _, mine, _ = certs
    url = verify_url(world.pemda, mine.number)
    assert url == f"/p/alfa/verify/{mine.number}/"
    r = client.get(url)
    assert r.status_code == 200 and r["X-Robots-Tag"].startswith("noindex")
    html = r.content.decode()
    assert 'data-result="valid"' in html and mine.course_title in html
    assert mine.holder_name not in html and mine.holder_nip not in html
    r = client.get(url, {"k": mine.verify_key})
    html = r.content.decode()
    assert mine.holder_name in html and mine.holder_nip not in html and mine.holder_nip[-3:] in html


def test_public_verify_page_revoked_and_not_found(world, certs, client):
    _, mine, _ = certs
    from bina.certificates.services import certificate_revoke

    certificate_revoke(actor=world.actor("admin"), certificate=mine, reason="keliru")
    r = client.get(verify_url(world.pemda, mine.number))
    assert b'data-result="revoked"' in r.content
    # An unknown number: the Pemda's page, and the old address (which has no Pemda to send it to).
    for url in (
        verify_url(world.pemda, "BINA-9101/2026/99999"),
        reverse("verify:certificate", args=["BINA-9101/2026/99999"]),
    ):
        r = client.get(url)
        assert r.status_code == 404 and b'data-result="not-found"' in r.content
        assert r["X-Robots-Tag"].startswith("noindex")
