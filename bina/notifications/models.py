"""In-app notifications (and the record that their email went out), one per user and event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import Pemda


class NotificationKind(models.TextChoices):
    NOMINATION = "nomination", _("Nomination")
    ENROLMENT = "enrolment", _("Enrolment")
    APPROVAL = "approval", _("Approval")
    WAITLIST_PROMOTION = "waitlist_promotion", _("Waitlist promotion")
    SESSION_REMINDER = "session_reminder", _("Session reminder")
    CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
    CLASS_CANCELLED = "class_cancelled", _("Class cancelled")
    EXTERNAL_REVIEWED = "external_reviewed", _("External learning reviewed")
    AGREEMENT_EXPIRING = "agreement_expiring", _("Agreement expiring")
    MONTHLY_REPORT = "monthly_report", _("Monthly report")
    CAMPAIGN = "campaign", _("Outreach campaign")
    OTHER = "other", _("Other")


class Notification(models.Model):
    """`event_key` names the event (e.g. "promoted:enrolment:42"); unique per user, so it is never sent twice."""

    pemda = models.ForeignKey(Pemda, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    event_key = models.CharField(max_length=120)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "event_key"], name="notification_once_per_event")]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event_key}"
