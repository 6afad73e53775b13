"""Partner institutions, their cooperation agreements, and instructors (internal or from a partner)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel


class PartnerKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    LAN_BPSDM = "lan_bpsdm", _("LAN / BPSDM")
    PROFESSIONAL = "professional", _("Professional body")
    GOVERNMENT = "government", _("Government agency")
    OTHER = "other", _("Other")


class Partner(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    address = models.TextField(_("address"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        constraints = [models.UniqueConstraint(fields=["pemda", "name"], name="partner_name_unique_per_pemda")]

    def __str__(self) -> str:
        return self.short_name or self.name


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


def agreement_upload_path(agreement: Agreement, filename: str) -> str:
    return f"agreements/{agreement.pemda_id}/{filename}"


class Agreement(TenantModel):
    """A cooperation agreement (perjanjian kerja sama / MoU) with a partner."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements")
    number = models.CharField(_("number"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("scope"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    document = models.FileField(_("document"), upload_to=agreement_upload_path, blank=True, max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-ends_on"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["pemda", "number"], name="agreement_number_unique_per_pemda"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="agreement_dates"),
        ]

    def __str__(self) -> str:
        return self.number


class InstructorKind(models.TextChoices):
    WIDYAISWARA = "widyaiswara", _("Widyaiswara")
    ASN = "asn", _("ASN (internal)")
    PARTNER = "partner", _("Partner (academic)")
    EXTERNAL = "external", _("External practitioner")


class Instructor(TenantModel):
    """Someone who teaches sessions. Internal instructors link to their Employee; partner ones to the partner."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=InstructorKind.choices)
    employee = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="instructor_profiles"
    )
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="instructors", verbose_name=_("partner")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="instructor"
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    expertise = models.TextField(_("expertise"), blank=True)
    competencies = models.ManyToManyField(
        "competencies.Competency", blank=True, related_name="instructors", verbose_name=_("competencies")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instructor")
        verbose_name_plural = _("instructors")

    def __str__(self) -> str:
        return self.name
