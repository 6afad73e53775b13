"""Tenancy (Pemda) and the append-only audit log.

Every tenant-owned row carries its Pemda (`TenantModel`), so every query made on a
user's behalf can be scoped by one mechanism (`bina.core.actor.Actor`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PemdaKind(models.TextChoices):
    KOTA = "kota", _("Kota")
    KABUPATEN = "kabupaten", _("Kabupaten")
    PROVINSI = "provinsi", _("Provinsi")


class TimeZone(models.TextChoices):
    """Indonesia's three civil time zones (WIB, WITA, WIT)."""

    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


class Pemda(models.Model):
    """A local government (kota, kabupaten or provinsi): one tenant of Bina."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("official name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PemdaKind.choices)
    bps_code = models.CharField(
        _("BPS region code"),
        max_length=4,
        unique=True,
        help_text=_("2 digits for a provinsi, 4 digits for a kota/kabupaten (Kode Wilayah BPS)."),
    )
    timezone = models.CharField(_("time zone"), max_length=32, choices=TimeZone.choices, default=TimeZone.WIB)
    is_active = models.BooleanField(_("active"), default=True)
    # The Pemda's emblem (lambang daerah) for its header, PDFs and certificates: a name chosen by Bina
    # (`bina.core.emblem`), never the uploader's; served by `core:pemda_emblem` to the Pemda's own users.
    emblem = models.FileField(_("emblem"), upload_to="emblems/", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Pemda")
        verbose_name_plural = _("Pemda")

    def __str__(self) -> str:
        return self.name


class TenantModel(models.Model):
    """Base for every row that belongs to one Pemda."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+", verbose_name=_("Pemda"))

    class Meta:
        abstract = True


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")


class AuditEvent(models.Model):
    """Who did what, when and from where. Append-only (UU 27/2022 PDP: log access to personal data)."""

    pemda = models.ForeignKey(Pemda, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True, help_text="Username at the time, kept if the user goes.")
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=255, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pemda", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")
