"""The competency dictionary of a Pemda (PermenPANRB 38/2017 on ASN competency standards).

Every Pemda starts with the 8 managerial competencies and the socio-cultural one (Perekat Bangsa),
each with levels 1-5; technical competencies are defined by the Pemda itself for its positions.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel


class CompetencyKind(models.TextChoices):
    """Competency types of PermenPANRB 38/2017 (and PP 11/2017 art. 203)."""

    MANAGERIAL = "manajerial", _("Manajerial")
    SOCIOCULTURAL = "sosial_kultural", _("Sosial kultural")
    TECHNICAL = "teknis", _("Teknis")


LEVELS = (1, 2, 3, 4, 5)


class Competency(TenantModel):
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=16, choices=CompetencyKind.choices)
    definition = models.TextField(_("definition"), blank=True)
    is_standard = models.BooleanField(
        default=False, editable=False, help_text="Loaded from PermenPANRB 38/2017; its code cannot change."
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="competency_code_unique_per_pemda"),
            models.UniqueConstraint(fields=["pemda", "name"], name="competency_name_unique_per_pemda"),
        ]

    def __str__(self) -> str:
        return self.name


class CompetencyLevel(models.Model):
    """What a competency looks like at one level (1-5): the behavioural description."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"))

    class Meta:
        ordering = ["competency", "level"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="competency_level_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="competency_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.competency} {self.level}"
