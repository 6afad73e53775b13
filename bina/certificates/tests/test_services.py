"""Certificate services: numbering, issuing (idempotent, snapshots, notification), PDF, revoke, batches."""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.urls import reverse

from bina.certificates.models import BatchStatus, Certificate, CertificateBatch, CertificateSettings
from bina.certificates.pdf import date_id, date_range_id, render_certificate_pdf, verify_url
from bina.certificates.selectors import certificate_public, mask_name
from bina.certificates.services import (
    certificate_batch_create,
    certificate_batch_run,
    certificate_issue,
    certificate_pdf_bytes,
    certificate_revoke,
    certificate_settings_for,
    certificate_settings_update,
)
from bina.core.actor import Actor
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.notifications.models import Notification
from bina.people.factories import EmployeeFactory
from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, TrainingClassFactory


def completed_class(world, n=0, **kwargs):
    klass = TrainingClassFactory(
        course__pemda=world.pemda,
        course__title="Komunikasi Efektif",
        course__jp=16,
        status=ClassStatus.COMPLETED,
        starts_on=date(2026, 8, 17),
        ends_on=date(2026, 8, 19),
        **kwargs,
    )
    extra = [
        EnrolmentFactory(
            klass=klass, employee=EmployeeFactory(unit=world.units["kel_b1"]), status=EnrolmentStatus.COMPLETED
        )
        for _ in range(n)
    ]
    return klass, extra


def test_defaults_come_from_the_pemda_name(world):
    s = certificate_settings_for(world.pemda)
    assert s.pk is None
    assert s.issuer_name == "BKPSDM Pemerintah Alfa" and s.signer_title == "Kepala BKPSDM"


def test_settings_update_is_admin_only_and_validated(world, other_world):
    with pytest.raises(PermissionDenied):
        certificate_settings_update(actor=other_world.actor("admin"), pemda=world.pemda, data={"signer_name": "X"})
    with pytest.raises(ValidationFailed):
        certificate_settings_update(actor=world.actor("admin"), pemda=world.pemda, data={"number_prefix": "A/B"})
    s = certificate_settings_update(
        actor=world.actor("admin"), pemda=world.pemda, data={"signer_name": "Drs. Budi", "number_prefix": "800"}
    )
    assert CertificateSettings.objects.get(pk=s.pk).signer_name == "Drs. Budi"


def test_issue_numbers_per_pemda_and_year_and_snapshots(world, other_world):
    _klass, (a, b) = completed_class(world, 2)
    _other_klass, (c,) = completed_class(other_world, 1)
    ca = certificate_issue(enrolment=a, actor=Actor.system(a.pemda_id, label="test"), render_pdf=False)
    cb = certificate_issue(enrolment=b, actor=Actor.system(b.pemda_id, label="test"), render_pdf=False)
    cc = certificate_issue(enrolment=c, actor=Actor.system(c.pemda_id, label="test"), render_pdf=False)
    assert (ca.number, cb.number) == ("BINA-9101/2026/00001", "BINA-9101/2026/00002")
    assert cc.number == "BINA-9102/2026/00001"
    assert (ca.holder_name, ca.holder_nip) == (a.employee.name, a.employee.nip)
    assert (ca.course_title, ca.jp, ca.starts_on, ca.ends_on) == (
        "Komunikasi Efektif",
        16,
        date(2026, 8, 17),
        date(2026, 8, 19),
    )
    assert ca.issuer_name == "BKPSDM Pemerintah Alfa"
    # a rename later does not change the issued certificate
    a.employee.name = "Nama Baru"
    a.employee.save()
    assert certificate_issue(enrolment=a, actor=Actor.system(a.pemda_id, label="test")).holder_name != "Nama Baru"


def test_issue_uses_prefix_and_is_idempotent(world):
    certificate_settings_update(actor=world.actor("admin"), pemda=world.pemda, data={"number_prefix": "800.2"})
    _, (a,) = completed_class(world, 1)
    first = certificate_issue(enrolment=a, actor=Actor.system(a.pemda_id, label="test"), render_pdf=False)
    assert first.number == "800.2/2026/00001"
    assert certificate_issue(enrolment=a, actor=Actor.system(a.pemda_id, label="test"), render_pdf=False).pk == first.pk
    assert Certificate.objects.count() == 1


def test_issue_notifies_the_holder_once(world):
    klass, _ = completed_class(world)
    e = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.COMPLETED)
    cert = certificate_issue(enrolment=e, actor=Actor.system(e.pemda_id, label="test"), render_pdf=False)
    certificate_issue(enrolment=e, actor=Actor.system(e.pemda_id, label="test"), render_pdf=False)
    n = Notification.objects.get(user=world.users["participant"])
    assert n.kind == "certificate_issued" and n.event_key == f"certificate:{cert.pk}"
    assert n.url == reverse("certificates:detail", kwargs={"pk": cert.pk})


@pytest.mark.parametrize("status", [EnrolmentStatus.ENROLLED, EnrolmentStatus.FAILED, EnrolmentStatus.WITHDRAWN])
def test_only_completed_enrolments_get_a_certificate(world, status):
    klass, _ = completed_class(world)
    e = EnrolmentFactory(klass=klass, employee=world.employees["camat_a"], status=status)
    with pytest.raises(ValidationFailed):
        certificate_issue(enrolment=e, actor=Actor.system(e.pemda_id, label="test"))
    assert not Certificate.objects.exists()


def test_pdf_is_a_real_pdf_with_the_number_and_qr(world, settings):
    settings.SITE_URL = "https://bina.example.go.id"
    _, (a,) = completed_class(world, 1)
    cert = certificate_issue(enrolment=a, actor=Actor.system(a.pemda_id, label="test"), render_pdf=False)
    raw = render_certificate_pdf(cert, certificate_settings_for(world.pemda), page_compression=0)
    assert raw.startswith(b"%PDF")
    assert cert.number.encode() in raw
    assert b"SERTIFIKAT" in raw and a.employee.nip.encode() in raw
    assert b"17" in raw and b"Agustus 2026" in raw
    # the QR is drawn as vector rectangles (many `re` operators), not an embedded image
    assert raw.count(b" re") > 50 and b"/Subtype /Image" not in raw
    # New certificates point at the check on their Pemda's public site (old `/verify/…` still redirects there).
    assert verify_url(cert) == f"https://bina.example.go.id/p/alfa/verify/{cert.number}/?k={cert.verify_key}"


def test_pdf_issue_date_is_the_pemda_local_date(world):
    """Issued at 20:00 UTC on 31 August is 1 September in WIB: the paper shows the Pemda's date."""
    _, (a,) = completed_class(world, 1)
    cert = certificate_issue(enrolment=a, actor=Actor.system(a.pemda_id, label="test"), render_pdf=False)
    cert.issued_at = datetime(2026, 8, 31, 20, 0, tzinfo=UTC)
    raw = render_certificate_pdf(cert, certificate_settings_for(world.pemda), page_compression=0)
    assert b"1 September 2026" in raw and b"31 Agustus 2026" not in raw


def test_pdf_qr_modules_match_the_verify_url(world):
    """The rectangles drawn in the PDF are exactly the dark modules of the QR code of the verify URL."""
    import segno

    _, (a,) = completed_class(world, 1)
    cert = certificate_issue(enrolment=a, actor=Actor.system(a.pemda_id, label="test"), render_pdf=False)
    raw = render_certificate_pdf(cert, certificate_settings_for(world.pemda), page_compression=0).decode("latin-1")
    rects = re.findall(r"^(\d+) (\d+) (\d+) 1 re$", raw, flags=re.MULTILINE)
    expected = [list(row) for row in segno.make(verify_url(cert), error="m", mask=0, micro=False).matrix]
    n, quiet = len(expected), 2
    drawn = [[0] * n for _ in range(n)]
    for x, y, w in (map(int, r) for r in rects):
        for col in range(x - quiet, x - quiet + w):
            drawn[n + quiet - 1 - y][col] = 1
    assert drawn == [[1 if v else 0 for v in row] for row in expected]


def test_stored_pdf_is_rendered_lazily_when_missing(world):
    _, (a,) = completed_class(world, 1)
    cert = certificate_issue(enrolment=a, actor=Actor.system(a.pemda_id, label="test"), render_pdf=False)
    assert not cert.pdf
    data = certificate_pdf_bytes(cert)
    assert data.startswith(b"%PDF") and len(data) > 1500
    cert.refresh_from_db()
    assert cert.pdf.name.endswith(".pdf")
    with cert.pdf.open("rb") as fh:
        assert fh.read() == data


def test_indonesian_dates():
    assert date_id(date(2026, 8, 17)) == "17 Agustus 2026"
    assert date_range_id(date(2026, 8, 17), date(2026, 8, 19)) == "17–19 Agustus 2026"
    assert date_range_id(date(2026, 1, 30), date(2026, 2, 2)) == "30 Januari 2026 – 2 Februari 2026"


def test_public_view_masks_the_name_unless_key_matches(world):
    _, (a,) = completed_class(world, 1)
    a.employee.name = "Siti Aminah"
    a.employee.save()
    cert = certificate_issue(enrolment=a, actor=Actor.system(a.pemda_id, label="test"), render_pdf=False)
    assert mask_name("Siti Aminah") == "S*** A*****"
    public = certificate_public(cert.number)
    assert public.holder_name == "S*** A*****" and public.holder_nip is None and public.valid
    keyed = certificate_public(cert.number, cert.verify_key)
    assert keyed.holder_name == "Siti Aminah"
    assert keyed.holder_nip is not None and "*" in keyed.holder_nip and keyed.holder_nip != cert.holder_nip
    assert certificate_public(cert.number, "wrong").holder_name == "S*** A*****"
    assert certificate_public("BINA-9101/2026/99999") is None


def test_revoke_requires_admin_and_reason_and_only_once(world, other_world):
    _, (a,) = completed_class(world, 1)
    cert = certificate_issue(enrolment=a, actor=Actor.system(a.pemda_id, label="test"), render_pdf=False)
    with pytest.raises(PermissionDenied):
        certificate_revoke(actor=other_world.actor("admin"), certificate=cert, reason="x")
    with pytest.raises(PermissionDenied):
        certificate_revoke(actor=world.actor("operator"), certificate=cert, reason="x")
    with pytest.raises(ValidationFailed):
        certificate_revoke(actor=world.actor("admin"), certificate=cert, reason="  ")
    certificate_revoke(actor=world.actor("admin"), certificate=cert, reason="Diterbitkan keliru")
    cert.refresh_from_db()
    assert cert.revoked_at is not None and not cert.is_valid
    assert certificate_public(cert.number).valid is False
    with pytest.raises(Conflict):
        certificate_revoke(actor=world.actor("admin"), certificate=cert, reason="again")


def test_batch_issues_and_renders_every_completed_enrolment(world, django_capture_on_commit_callbacks):
    klass, _extra = completed_class(world, 12)
    EnrolmentFactory(klass=klass, employee=world.employees["camat_a"], status=EnrolmentStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        batch = certificate_batch_create(actor=world.actor("admin"), klass=klass)
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.done) == (BatchStatus.DONE, 12, 12)
    assert batch.started_at and batch.finished_at
    certs = list(Certificate.objects.order_by("serial"))
    assert [c.serial for c in certs] == list(range(1, 13))
    assert all(c.pdf for c in certs)


def test_batch_is_claimed_once(world):
    klass, _ = completed_class(world, 2)
    batch = certificate_batch_create(actor=world.actor("admin"), klass=klass)  # on_commit not run in this test
    assert certificate_batch_create(actor=world.actor("admin"), klass=klass).pk == batch.pk  # queued: reused
    assert certificate_batch_run(batch.pk) is not None
    assert certificate_batch_run(batch.pk) is None  # already claimed: a second worker does nothing
    assert Certificate.objects.count() == 2


def test_batch_failure_is_recorded(world, monkeypatch):
    klass, _ = completed_class(world, 3)
    batch = certificate_batch_create(actor=world.actor("admin"), klass=klass)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("bina.certificates.services.certificate_pdf_render", boom)
    certificate_batch_run(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "disk full" in batch.error


def test_batch_needs_admin_and_completed_participants(world, other_world):
    klass, _ = completed_class(world)
    with pytest.raises(PermissionDenied):
        certificate_batch_create(actor=other_world.actor("admin"), klass=klass)
    with pytest.raises(ValidationFailed):
        certificate_batch_create(actor=world.actor("admin"), klass=klass)
    assert not CertificateBatch.objects.exists()


def _issue_concurrently(enrolments):
    errors = []

    def work(e):
        try:
            certificate_issue(enrolment=e, actor=Actor.system(e.pemda_id, label="test"), render_pdf=False)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(e,)) for e in enrolments]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_numbers_are_gap_free_under_concurrency(world):
    _, extra = completed_class(world, 12)
    errors = _issue_concurrently(extra)
    assert errors == []
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 13))
    assert all(re.fullmatch(r"BINA-9101/2026/000\d\d", n) for n in Certificate.objects.values_list("number", flat=True))
