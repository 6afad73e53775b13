"""JP credits: the hours of competency development an employee earned.

Every PNS gets at least 20 JP per year (PP 11/2017 art. 203(4) as amended by PP 17/2020); 1 JP = 45 minutes
(Peraturan LAN 10/2018)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel
from bina.training.classes.models import Enrolment

YEARLY_JP_TARGET = 20  # PP 11/2017 art. 203(4) as amended by PP 17/2020: at least 20 JP per year.


MINUTES_PER_JP = 45  # Peraturan LAN 10/2018: 1 JP = 45 minutes.


class JpSource(models.TextChoices):
    CLASS = "class", _("Class in Bina")
    EXTERNAL = "external", _("External learning")
    IMPORT = "import", _("Imported history")
    SIMULATION = "simulation", _("Simulation practice")


class JpCredit(TenantModel):
    """JP credited to an employee's yearly record (PP 11/2017: 20 JP per year).

    One row per completed enrolment, approved external learning or imported training record (OneToOne), so a
    credit can never be counted twice however often completion runs or a file is imported.
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
    history = models.OneToOneField(
        "training.TrainingHistory", null=True, blank=True, on_delete=models.CASCADE, related_name="jp_credit"
    )
    title = models.CharField(max_length=200)
    credited_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-credited_on"]
        indexes = [models.Index(fields=["employee", "year"]), models.Index(fields=["pemda", "year"])]

    # Writers go through `learning.services` (`jp_credits_add` / `jp_credits_remove`, batched). A single row
    # saved or deleted on its own (admin, shell, a test's fixture) keeps its yearly total right too.
    def save(self, *args: Any, **kwargs: Any) -> None:
        from bina.training.learning.services import jp_totals_refresh

        before = set(JpCredit.objects.filter(pk=self.pk).values_list("employee_id", "year")) if self.pk else set()
        with transaction.atomic():
            super().save(*args, **kwargs)
            jp_totals_refresh(pairs=before | {(self.employee_id, self.year)})

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        from bina.training.learning.services import jp_totals_refresh

        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            jp_totals_refresh(pairs={(self.employee_id, self.year)})
        return deleted


class EmployeeYearJp(TenantModel):
    """An employee's JP of one year: the sum of their `JpCredit` rows of that year, kept by the only writer of
    credits (`bina.training.learning.services`), so compliance reads one row per employee instead of summing.

    There is no row for a year without credits (read it as 0 JP).
    """

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="jp_years")
    year = models.PositiveSmallIntegerField()
    jp = models.DecimalField(max_digits=6, decimal_places=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="employee_year_jp_unique")]
        indexes = [
            models.Index(fields=["pemda", "year"], name="employee_year_jp_pemda_year"),
            # The compliance aggregates look up one row per employee and read only `jp`: index-only lookups.
            models.Index(fields=["employee", "year", "jp"], name="employee_year_jp_cover"),
        ]
