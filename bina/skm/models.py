"""The Pemda's SKM settings (everything else is the survey engine's data, `bina.surveys.models`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel


class WeightMode(models.TextChoices):
    EXACT = "exact", _("Exactly 1/9 (the guideline's 1 ÷ number of elements)")
    PRINTED = "printed", _("0,111 as printed in older reports")


class SkmSetting(TenantModel):
    """Per Pemda: which weight its IKM uses (`bina.skm.index.Weight`); a missing row means the default (1/9)."""

    weight = models.CharField(_("weight"), max_length=8, choices=WeightMode.choices, default=WeightMode.EXACT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pemda"], name="skmsetting_one_per_pemda")]
        verbose_name = _("SKM setting")
        verbose_name_plural = _("SKM settings")
