"""Issuing, rendering and revoking certificates, and generating a whole class's in the background.

Rules
- Numbers run per Pemda and calendar year of the class's end, without gaps: the (Pemda, year)
  `CertificateSequence` row is locked (`select_for_update`) while the next serial is taken, so two
  workers issuing at once wait for each other instead of reusing or skipping a number.
- A certificate snapshots holder, course and signer at issue time: later renames do not change a
  document already handed out. Only completed enrolments get one, and never two.
- The public check (`/verify/<number>/`) shows validity and course data; the holder's name only
  masked unless the QR's key is presented (UU 27/2022 on personal data protection: minimise).
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateSequence,
    CertificateSettings,
)
from bina.certificates.permissions import (
    can_edit_certificate_settings,
    can_issue_certificate,
    can_issue_certificates,
    can_revoke_certificate,
)
from bina.core.actor import Actor
from bina.core.audit import audit_changes, audit_record, track_changes
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import Pemda
from bina.jobs.models import ACTIVE
from bina.jobs.services import Heartbeat, job_claim, job_fail, job_finish
from bina.notifications.services import notify_employee
from bina.training.facade import Enrolment, EnrolmentStatus, TrainingClass

PROGRESS_EVERY = 10  # the batch writes its progress every N certificates (one UPDATE, not one per item)

ISSUED_TITLE = gettext_lazy("Your certificate for %(course)s is ready")
ISSUED_BODY = gettext_lazy("Certificate %(number)s was issued. You can download it from Bina.")
REVOKED_TITLE = gettext_lazy("Your certificate %(number)s was revoked")
REVOKED_BODY = gettext_lazy("Reason: %(reason)s")


# --- settings ------------------------------------------------------------------------------


def certificate_settings_for(pemda: Pemda) -> CertificateSettings:
    """The Pemda's saved settings, or (unsaved) defaults derived from its name."""
    found = CertificateSettings.objects.filter(pemda=pemda).first()
    if found is not None:
        return found
    # Printed on an Indonesian official document: institution names, not UI text, so not translated.
    return CertificateSettings(
        pemda=pemda, issuer_name=f"BKPSDM {pemda.name}", signer_name="", signer_title="Kepala BKPSDM"
    )


@transaction.atomic
def certificate_settings_update(*, actor: Actor, pemda: Pemda, data: dict[str, Any]) -> CertificateSettings:
    if not can_edit_certificate_settings(actor, pemda.pk):
        raise PermissionDenied(_("Only a BKPSDM admin can change the certificate settings."))
    item = certificate_settings_for(pemda)
    fields = ("issuer_name", "signer_name", "signer_title", "signer_nip", "number_prefix", "city")
    changes = track_changes(item, {name: (data[name] or "").strip() for name in fields if name in data})
    if not item.issuer_name or not item.signer_title:
        raise ValidationFailed(_("Issuer and signer title are required."), details=[{"field": "issuer_name"}])
    if "/" in item.number_prefix:
        raise ValidationFailed(
            _("The number prefix cannot contain '/': it separates prefix, year and serial."),
            details=[{"field": "number_prefix"}],
        )
    item.save()
    audit_changes(action="certificate.settings_update", actor=actor, target=item, changes=changes)
    return item


# --- numbering -----------------------------------------------------------------------------


def _next_serial(pemda_id: int, year: int) -> int:
    """Take the next serial of (Pemda, year) under a row lock: gap-free and unique under concurrency."""
    if not CertificateSequence.objects.filter(pemda_id=pemda_id, year=year).exists():
        try:
            with transaction.atomic():  # savepoint: a concurrent creator wins, we then lock its row
                CertificateSequence.objects.create(pemda_id=pemda_id, year=year, last_serial=0)
        except IntegrityError:
            pass
    seq = CertificateSequence.objects.select_for_update().get(pemda_id=pemda_id, year=year)
    seq.last_serial += 1
    seq.save(update_fields=["last_serial"])
    return seq.last_serial


def certificate_number(pemda: Pemda, cert_settings: CertificateSettings, year: int, serial: int) -> str:
    prefix = cert_settings.number_prefix or f"BINA-{pemda.bps_code}"
    return f"{prefix}/{year}/{serial:05d}"


# --- issuing -------------------------------------------------------------------------------


@transaction.atomic
def certificate_issue(*, enrolment: Enrolment, actor: Actor, render_pdf: bool = True) -> Certificate:
    """The certificate of a completed enrolment; returns the existing one when already issued."""
    if not can_issue_certificate(actor, enrolment):
        raise PermissionDenied(_("Only a BKPSDM admin can issue certificates."))
    existing = Certificate.objects.filter(enrolment_id=enrolment.pk).first()
    if existing is not None:
        return existing
    # Lock the enrolment so two issuers of the same enrolment cannot both take a number.
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("klass", "klass__course", "employee", "pemda")
        .get(pk=enrolment.pk)
    )
    existing = Certificate.objects.filter(enrolment_id=enrolment.pk).first()
    if existing is not None:
        return existing
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise ValidationFailed(
            _("Only a completed enrolment gets a certificate; complete the class first."), code="not_completed"
        )
    klass, employee, pemda = enrolment.klass, enrolment.employee, enrolment.pemda
    cert_settings = certificate_settings_for(pemda)
    year = klass.ends_on.year
    serial = _next_serial(pemda.pk, year)
    certificate = Certificate.objects.create(
        pemda=pemda,
        enrolment=enrolment,
        number=certificate_number(pemda, cert_settings, year, serial),
        year=year,
        serial=serial,
        holder_name=employee.name,
        holder_nip=employee.nip,
        course_title=klass.course.title,
        jp=klass.course.jp,
        starts_on=klass.starts_on,
        ends_on=klass.ends_on,
        issuer_name=cert_settings.issuer_name,
        signer_name=cert_settings.signer_name,
        signer_title=cert_settings.signer_title,
        issued_at=timezone.now(),
    )
    audit_record(
        action="certificate.issue",
        actor=actor,
        pemda_id=pemda.pk,
        target=certificate,
        detail={"enrolment": enrolment.pk, "number": certificate.number},
    )
    notify_employee(
        employee=employee,
        kind="certificate_issued",
        event_key=f"certificate:{certificate.pk}",
        title=ISSUED_TITLE,
        body=ISSUED_BODY,
        params={"course": certificate.course_title, "number": certificate.number},
        url=reverse("certificates:detail", kwargs={"pk": certificate.pk}),
    )
    if render_pdf:
        certificate_pdf_render(certificate, cert_settings=cert_settings)
    return certificate


def certificate_pdf_render(certificate: Certificate, *, cert_settings: CertificateSettings | None = None) -> None:
    """Render and store the PDF (replacing any earlier file)."""
    from bina.certificates.pdf import render_certificate_pdf

    cert_settings = cert_settings or certificate_settings_for(certificate.pemda)
    data = render_certificate_pdf(certificate, cert_settings)
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    filename = f"{certificate.number.replace('/', '-')}-{certificate.verify_key}.pdf"
    certificate.pdf.save(filename, ContentFile(data), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The stored PDF; rendered now when it was never rendered (or the file is gone)."""
    if not certificate.pdf or not certificate.pdf.storage.exists(certificate.pdf.name or ""):
        certificate_pdf_render(certificate)
    with certificate.pdf.open("rb") as fh:
        return fh.read()


@transaction.atomic
def certificate_revoke(*, actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke (e.g. issued in error, or the completion was found fraudulent). The public check says so."""
    if not can_revoke_certificate(actor, certificate.pemda_id):
        raise PermissionDenied(_("Only a BKPSDM admin can revoke a certificate."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give the reason for revoking; it is kept in the audit log."), details=[{"field": "reason"}]
        )
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise Conflict(_("This certificate was already revoked."), code="already_revoked")
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by_id = actor.user_id
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    audit_record(action="certificate.revoke", actor=actor, target=certificate, detail={"reason": reason})
    enrolment = certificate.enrolment
    notify_employee(
        employee=enrolment.employee,
        kind="certificate_revoked",
        event_key=f"certificate-revoked:{certificate.pk}",
        title=REVOKED_TITLE,
        body=REVOKED_BODY,
        params={"number": certificate.number, "reason": reason},
        url=reverse("certificates:detail", kwargs={"pk": certificate.pk}),
    )
    return certificate


# --- a reopened class ----------------------------------------------------------------------

CLASS_REOPENED = "class_reopened"


def class_valid_certificate_count(klass: TrainingClass) -> int:
    return Certificate.objects.filter(enrolment__klass=klass, revoked_at__isnull=True).count()


def class_certificates_void(*, actor: Actor, klass: TrainingClass, reason: str) -> int:
    """Void every valid certificate of a reopened class (inside `class_reopen`'s transaction); returns how many.

    Revoked, not deleted: the number stays taken (gap-free numbering) and the public check says it is not
    valid. `revoked_code` marks them so that completing the class again reinstates exactly these.
    """
    certificates = Certificate.objects.select_for_update().filter(enrolment__klass=klass, revoked_at__isnull=True)
    numbers = list(certificates.values_list("number", flat=True))
    count = certificates.update(
        revoked_at=timezone.now(), revoked_reason=reason, revoked_by_id=actor.user_id, revoked_code=CLASS_REOPENED
    )
    if count:
        audit_record(
            action="certificate.void_reopened",
            actor=actor,
            target=klass,
            detail={"reason": reason, "numbers": numbers},
        )
    return count


def class_certificates_reinstate(*, actor: Actor, klass: TrainingClass) -> int:
    """Completing a reopened class again: the certificates it voided become valid again for those who completed
    again (same number, same document: no second certificate); those who now failed keep theirs voided."""
    certificates = Certificate.objects.select_for_update().filter(
        enrolment__klass=klass, enrolment__status=EnrolmentStatus.COMPLETED, revoked_code=CLASS_REOPENED
    )
    numbers = list(certificates.values_list("number", flat=True))
    count = certificates.update(revoked_at=None, revoked_reason="", revoked_by=None, revoked_code="")
    if count:
        audit_record(action="certificate.reinstate", actor=actor, target=klass, detail={"numbers": numbers})
    return count


# --- batches -------------------------------------------------------------------------------


def class_needs_certificates(klass: TrainingClass) -> bool:
    """Whether a class has graduates (completed enrolments) without a certificate yet."""
    return (
        Enrolment.objects.filter(klass=klass, status=EnrolmentStatus.COMPLETED)
        .exclude(pk__in=Certificate.objects.filter(enrolment__klass=klass).values("enrolment_id"))
        .exists()
    )


@transaction.atomic
def certificate_batch_create(*, actor: Actor, klass: TrainingClass) -> CertificateBatch:
    """Queue the certificates of every completed enrollee; a batch already queued or running is reused."""
    if not can_issue_certificates(actor, klass):
        raise PermissionDenied(_("Only a BKPSDM admin can issue certificates."))
    open_batch = CertificateBatch.objects.filter(klass=klass, status__in=ACTIVE).order_by("-created_at").first()
    if open_batch is not None:
        return open_batch
    total = Enrolment.objects.filter(klass=klass, status=EnrolmentStatus.COMPLETED).count()
    if total == 0:
        raise ValidationFailed(
            _("No participant of this class has completed it; complete the class first."), code="nothing_to_issue"
        )
    batch = CertificateBatch.objects.create(
        pemda_id=klass.pemda_id, klass=klass, progress_total=total, created_by_id=actor.user_id
    )
    audit_record(
        action="certificate.batch_create", actor=actor, target=batch, target_label=str(klass), detail={"total": total}
    )
    batch_id = batch.pk
    transaction.on_commit(lambda: certificate_batch_enqueue(batch_id))
    return batch


def certificate_batch_enqueue(batch_id: int) -> None:
    from bina.certificates.tasks import generate_class_certificates

    generate_class_certificates.enqueue(batch_id)


def certificate_batch_run(batch_id: int) -> CertificateBatch | None:
    """The task's body. Claims the batch (a second worker gets nothing), issues and renders each
    certificate in its own transaction while a heartbeat shows the worker is alive, and records
    progress. A retry after a dead worker skips the certificates already issued and rendered."""
    batch = job_claim(CertificateBatch, batch_id)
    if batch is None:
        return None
    enrolments = list(
        Enrolment.objects.filter(klass_id=batch.klass_id, status=EnrolmentStatus.COMPLETED).order_by("pk")
    )
    done = 0
    cert_settings = certificate_settings_for(batch.pemda)
    # The worker acts as the platform inside the batch's Pemda (audited as system:certificate_batch).
    actor = Actor.system(batch.pemda_id, label="certificate_batch")
    with Heartbeat(batch) as beat:
        try:
            for enrolment in enrolments:
                certificate = certificate_issue(enrolment=enrolment, actor=actor, render_pdf=False)
                if not certificate.pdf:
                    certificate_pdf_render(certificate, cert_settings=cert_settings)
                done += 1
                beat.progress(done, len(enrolments))
                if done % PROGRESS_EVERY == 0:
                    CertificateBatch.objects.filter(pk=batch_id, attempts=batch.attempts).update(progress_done=done)
        except Exception as exc:
            job_fail(batch, code="error", params={"error": str(exc)[:2000]}, done=done)
            audit_record(
                action="certificate.batch_failed",
                actor=actor,
                pemda_id=batch.pemda_id,
                target=batch,
                detail={"error": str(exc)[:500]},
            )
            return batch
    job_finish(batch, done=done, total=len(enrolments))
    return batch
