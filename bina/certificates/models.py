"""Certificates (sertifikat) of completed classes: numbered per Pemda and year, verifiable, revocable."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import Pemda, TenantModel
from bina.jobs.models import Job, JobStatus


class CertificateSettings(models.Model):
    """Per-Pemda issuer and signer printed on certificates, and the number prefix."""

    pemda = models.OneToOneField(Pemda, on_delete=models.CASCADE, related_name="certificate_settings")
    issuer_name = models.CharField(_("issuer"), max_length=200, help_text=_('For example "BKPSDM Kota Surabaya".'))
    signer_name = models.CharField(_("signer name"), max_length=200)
    signer_title = models.CharField(_("signer title"), max_length=200)
    signer_nip = models.CharField(_("signer NIP"), max_length=18, blank=True)
    number_prefix = models.CharField(_("number prefix"), max_length=40, blank=True)
    city = models.CharField(_("city of signing"), max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.pemda_id} {self.issuer_name}"


class CertificateSequence(models.Model):
    """Last serial used for (Pemda, year); locked row so concurrent issuing never reuses a number."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pemda", "year"], name="certificate_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.pemda_id}/{self.year}: {self.last_serial}"


def new_verify_key() -> str:
    return secrets.token_urlsafe(9)


def certificate_upload_path(cert: Certificate, filename: str) -> str:
    return f"certificates/{cert.pemda_id}/{cert.year}/{filename}"


class Certificate(TenantModel):
    """A certificate for one completed enrolment. Holder and course data are snapshots at issue time."""

    enrolment = models.OneToOneField("training.Enrolment", on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("number"), max_length=80, unique=True)
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    verify_key = models.CharField(max_length=16, default=new_verify_key, editable=False)
    holder_name = models.CharField(max_length=200)
    holder_nip = models.CharField(max_length=18)
    course_title = models.CharField(max_length=200)
    jp = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    issuer_name = models.CharField(max_length=200)
    signer_name = models.CharField(max_length=200)
    signer_title = models.CharField(max_length=200)
    pdf = models.FileField(upload_to=certificate_upload_path, blank=True, max_length=255)
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    # Why the system revoked it: "class_reopened" (the completion was reopened; completing the class again
    # reinstates it). Empty for an admin's revocation, which nothing undoes.
    revoked_code = models.CharField(max_length=40, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["pemda", "year", "serial"], name="certificate_serial_unique")]
        # The certificate list: newest first within a Pemda.
        indexes = [models.Index(fields=["pemda", "-issued_at", "-id"], name="certificate_pemda_issued")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


BatchStatus = JobStatus


class CertificateBatch(TenantModel, Job):
    """Generating the certificates of a whole class in the background, with progress (a `bina.jobs` job)."""

    klass = models.ForeignKey("training.TrainingClass", on_delete=models.CASCADE, related_name="certificate_batches")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"certificates of class {self.klass_id} ({self.status})"

    # The names the pages and the API used before the job base.
    @property
    def total(self) -> int:
        return self.progress_total or 0

    @total.setter
    def total(self, value: int) -> None:
        self.progress_total = value

    @property
    def done(self) -> int:
        return self.progress_done

    @done.setter
    def done(self, value: int) -> None:
        self.progress_done = value

    @property
    def error(self) -> str:
        return self.failure_message
