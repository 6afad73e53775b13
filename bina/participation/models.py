"""Campaigns (sosialisasi and nudges) that ask a group of ASN to train, and who was asked (issue 11, §3).

- A `Campaign` names its target (units, position kinds, "never trained in two years", "declined technology
  courses"), a message signed by a leader, an optional sosialisasi class, how often to remind and for how long
  to count enrolments (`window_weeks`). Its `status` moves only through `workflows.CAMPAIGN_WORKFLOW`.
- A `CampaignMember` is one person matched at launch, in the `targeted` arm (told and reminded) or the
  `comparison` arm (not told: the randomised second wave, or comparable people outside the targeted units).
  The arms are fixed at launch, so the result compares the groups as they were drawn, not as they turned out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Arm(models.TextChoices):
    TARGETED = "targeted", _("Targeted")
    COMPARISON = "comparison", _("Comparison")


class Campaign(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    message = models.TextField(_("message"), max_length=2000)
    signed_by = models.CharField(_("signed by"), max_length=200)
    # Target: people in these units' subtrees (none: the whole reach of whoever launches it) ...
    units = models.ManyToManyField("people.OrgUnit", blank=True, related_name="+", verbose_name=_("units"))
    # ... with these position kinds (empty: any), and optionally only those never trained / who refused daring.
    position_kinds = models.JSONField(_("position kinds"), default=list, blank=True)
    never_trained = models.BooleanField(_("only people never trained in two years"), default=False)
    declined_technology = models.BooleanField(_("only people who refused a technology-based course"), default=False)
    randomised = models.BooleanField(_("randomised rollout"), default=False)
    seed = models.PositiveIntegerField(default=0)
    window_weeks = models.PositiveSmallIntegerField(_("weeks to count enrolments"), default=8)
    reminder_days = models.PositiveSmallIntegerField(_("days between reminders"), default=7)
    max_reminders = models.PositiveSmallIntegerField(_("reminders at most"), default=2)
    sosialisasi_class = models.ForeignKey(
        "training.TrainingClass",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sosialisasi class"),
    )
    status = models.CharField(max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class CampaignMember(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    arm = models.CharField(max_length=12, choices=Arm.choices)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "employee"], name="campaign_member_once")]
        indexes = [models.Index(fields=["campaign", "arm"], name="campaign_member_arm")]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.employee_id}:{self.arm}"
