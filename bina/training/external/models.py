"""External learning an employee claims JP for, with its evidence and review."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel
from bina.training.catalogue.models import Method, TrainingType


class ExternalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def external_upload_path(item: ExternalLearning, filename: str) -> str:
    return f"external/{item.pemda_id}/{item.employee_id}/{filename}"


class ExternalLearning(TenantModel):
    """Learning done outside Bina, claimed by the ASN with a certificate, reviewed by an admin."""

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="external_learning")
    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    training_type = models.CharField(
        _("training type"), max_length=16, choices=TrainingType.choices, default=TrainingType.TEKNIS
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    jp_claimed = models.DecimalField(
        _("JP claimed"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    jp_approved = models.DecimalField(_("JP approved"), max_digits=6, decimal_places=1, null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    certificate_file = models.FileField(_("certificate"), upload_to=external_upload_path, max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=ExternalStatus.choices, default=ExternalStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("external learning")
        verbose_name_plural = _("external learning")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="external_dates")
        ]


class TrainingHistory(TenantModel):
    """Training an employee completed before Bina, imported from the Pemda's records (SIASN riwayat diklat).

    Counts as completed training: its JP is credited (one `JpCredit`, source `import`) to the year it ended,
    like an approved external claim. The key of a record is NIP + certificate number, or NIP + name + end date
    when there is no certificate number (`bina.training.external.history`).
    """

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="training_history")
    title = models.CharField(_("name of the training"), max_length=200)
    training_type = models.CharField(_("training type"), max_length=16, choices=TrainingType.choices, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0.1)])
    course = models.ForeignKey(
        "training.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )
    source_file = models.CharField(_("imported from"), max_length=255)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-ends_on", "-pk"]
        verbose_name = _("imported training")
        verbose_name_plural = _("imported training history")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="history_dates"),
            models.UniqueConstraint(
                fields=["employee", "certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="history_certificate_unique",
            ),
            models.UniqueConstraint(
                fields=["employee", "title", "ends_on"],
                condition=models.Q(certificate_number=""),
                name="history_name_date_unique",
            ),
        ]
        indexes = [models.Index(fields=["pemda", "ends_on"], name="history_pemda_ends")]

    def __str__(self) -> str:
        return self.title
