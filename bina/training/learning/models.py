"""JP credits: the hours of competency development an employee earned.

Every PNS gets at least 20 JP per year (PP 11/2017 art. 203(4) as amended by PP 17/2020); 1 JP = 45 minutes
(Peraturan LAN 10/2018)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel
from bina.training.classes.models import Enrolment

YEARLY_JP_TARGET = 20  # PP 11/2017 art. 203(4) as amended by PP 17/2020: at least 20 JP per year.


MINUTES_PER_JP = 45  # Peraturan LAN 10/2018: 1 JP = 45 minutes.


class JpSource(models.TextChoices):
    CLASS = "class", _("Class in Bina")
    EXTERNAL = "external", _("External learning")


class JpCredit(TenantModel):
    """JP credited to an employee's yearly record (PP 11/2017: 20 JP per year).

    One row per completed enrolment or approved external learning (OneToOne), so a credit can
    never be counted twice however often completion runs.
    """

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="jp_credits")
    year = models.PositiveSmallIntegerField()
    jp = models.DecimalField(max_digits=6, decimal_places=1)
    source = models.CharField(max_length=10, choices=JpSource.choices)
    enrolment = models.OneToOneField(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="jp_credit"
    )
    external = models.OneToOneField(
        "training.ExternalLearning", null=True, blank=True, on_delete=models.CASCADE, related_name="jp_credit"
    )
    title = models.CharField(max_length=200)
    credited_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-credited_on"]
        indexes = [models.Index(fields=["employee", "year"]), models.Index(fields=["pemda", "year"])]
