"""Attendance of an enrolled participant at a session (QR check-in or marked by the instructor)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel
from bina.training.classes.models import Enrolment, Session


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("QR check-in")
    MANUAL = "manual", _("Marked by instructor")


class Attendance(TenantModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("status"), max_length=8, choices=AttendanceStatus.choices)
    method = models.CharField(_("method"), max_length=8, choices=AttendanceMethod.choices)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_unique")]
