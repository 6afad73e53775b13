"""Public services of a Pemda: the catalogue with SLAs, the holiday calendar, one record per ticket.

Rollups over the records (daily aggregates per unit × service × officer × channel) are kept by
`bina.quality.rollups`; pages and the API read those, never the raw records.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel
from bina.people.models import OrgUnitKind
from bina.quality.data_warnings import DataWarningKind


class Channel(models.TextChoices):
    """How the citizen was served; data, not a fixed list of systems (Surabaya's Klampid is `online`)."""

    LOKET = "loket", _("Counter")
    ONLINE = "online", _("Online")
    JEMPUT_BOLA = "jemput_bola", _("Mobile service (jemput bola)")


class ServiceType(TenantModel):
    """A service the Pemda offers, with its SLA: minutes (counter services) or working days (documents).

    Exactly one of `sla_minutes` and `sla_working_days` is set. `sla_source` says where a default value
    came from (docs/glossary.md): no national maximum is confirmed, each Pemda sets its own standard.
    """

    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    unit_kind = models.CharField(_("owning unit kind"), max_length=20, choices=OrgUnitKind.choices, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    sla_minutes = models.PositiveIntegerField(_("SLA (minutes)"), null=True, blank=True)
    sla_working_days = models.PositiveSmallIntegerField(_("SLA (working days)"), null=True, blank=True)
    sla_source = models.CharField(_("source of the SLA"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="servicetype_code_unique_per_pemda"),
            models.CheckConstraint(
                condition=(Q(sla_minutes__isnull=False) & Q(sla_working_days__isnull=True))
                | (Q(sla_minutes__isnull=True) & Q(sla_working_days__isnull=False)),
                name="servicetype_one_sla",
            ),
        ]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class HolidayKind(models.TextChoices):
    NATIONAL = "nasional", _("National holiday")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LOCAL = "lokal", _("Local day off")


class Holiday(TenantModel):
    """A day that is not a working day in this Pemda (besides Saturdays and Sundays)."""

    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=HolidayKind.choices, default=HolidayKind.NATIONAL)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["pemda", "date"], name="holiday_date_unique_per_pemda")]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.description}"


class RecordStatus(models.TextChoices):
    SELESAI = "selesai", _("Completed")
    BATAL = "batal", _("Left before being served")
    DITOLAK = "ditolak", _("Refused")


class ServiceRecord(TenantModel):
    """One queue ticket: who was served where, by whom, and when (issue 10, §2).

    The key is (unit, ticket, arrival_date): queue machines restart their numbering every day.
    `arrival_date` is the arrival's local date in the Pemda's zone; on PostgreSQL the table is
    partitioned by it per month. Durations and `within_sla` are derived once on write
    (`bina.quality.sla`) so rollups never recompute them.
    """

    id = models.BigAutoField(primary_key=True)
    # No single-column indexes on pemda, unit and officer: the (pemda, arrival_date) and
    # (officer, arrival_date) indexes and the record key (unit, ...) lead with them, and every index
    # costs each of the millions of inserts an import makes.
    pemda = models.ForeignKey(
        "core.Pemda", on_delete=models.PROTECT, related_name="+", verbose_name=_("Pemda"), db_index=False
    )
    service = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("people.OrgUnit", on_delete=models.PROTECT, related_name="+", db_index=False)
    officer = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    ticket = models.CharField(_("ticket number"), max_length=40)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.LOKET)
    arrival_date = models.DateField(_("arrival date"))
    arrived_at = models.DateTimeField(_("arrival"))
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=RecordStatus.choices)
    wait_seconds = models.IntegerField(null=True, blank=True)
    process_seconds = models.IntegerField(null=True, blank=True)
    total_seconds = models.IntegerField(null=True, blank=True)
    within_sla = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "ticket", "arrival_date"], name="servicerecord_key"),
        ]
        indexes = [
            models.Index(fields=["pemda", "arrival_date"], name="servicerecord_pemda_day"),
            models.Index(fields=["officer", "arrival_date"], name="servicerecord_officer_day"),
        ]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")


class RollupCounts(TenantModel):
    """What every rollup tier holds for its key: counts by outcome, the SLA tally, and the sparse one-minute
    duration histograms and weekday × hour slots (`bina.quality.histograms`) the figures are read from."""

    transactions = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    sla_measured = models.IntegerField(default=0)
    within_sla = models.IntegerField(default=0)
    wait_hist = models.BinaryField(default=b"")
    process_hist = models.BinaryField(default=b"")
    total_hist = models.BinaryField(default=b"")
    slots = models.BinaryField(default=b"")

    class Meta:
        abstract = True


class ServiceDayRollup(RollupCounts):
    """One day of one unit × service × officer × channel: counts and duration histograms (issue 10, §2).

    Kept exactly equal to the raw records by `bina.quality.rollups` (recomputed, never incremented).
    Histograms are sparse one-minute bins (`bina.quality.histograms`): `wait_hist` over every ticket
    that was called, `process_hist` and `total_hist` over completed tickets (`selesai`), the population
    the SLA is measured on. `slots` holds the arrivals per weekday × hour with their waits.
    """

    id = models.BigAutoField(primary_key=True)
    day = models.DateField()
    unit = models.ForeignKey("people.OrgUnit", on_delete=models.PROTECT, related_name="+", db_index=False)
    service = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+", db_index=False)
    officer = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    channel = models.CharField(max_length=12, choices=Channel.choices)

    class Meta:
        indexes = [
            models.Index(fields=["pemda", "day"], name="svcdayrollup_pemda_day"),
            # (pemda, unit, day): a kecamatan's units are an IN list; SQLite picked (pemda, day) otherwise.
            models.Index(fields=["pemda", "unit", "day"], name="svcdayrollup_pemda_unit_day"),
            models.Index(fields=["officer", "day"], name="svcdayrollup_officer_day"),
        ]


class ServiceMonthRollup(RollupCounts):
    """The day rollups of one calendar month of one unit × service, merged (officer and channel summed).

    The coarse tier that Pemda-wide and kecamatan figures by month read: about 30× fewer rows. Recomputed
    from the day rollups by the same refresh, so both tiers always agree.
    """

    id = models.BigAutoField(primary_key=True)
    month = models.DateField()  # the first day of the month
    unit = models.ForeignKey("people.OrgUnit", on_delete=models.PROTECT, related_name="+", db_index=False)
    service = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        indexes = [
            models.Index(fields=["pemda", "month"], name="svcmonthrollup_pemda_month"),
            models.Index(fields=["pemda", "unit", "month"], name="svcmonthrollup_pemda_unit_mon"),
        ]


class ServicePemdaMonthRollup(RollupCounts):
    """The month rollups of every unit of the Pemda merged, per service: the Pemda-wide trend in a few rows.

    Read when the figures cover the whole Pemda (an admin, a Pemda-wide leader, the system actor, no
    unit asked for); recomputed from the month tier by the same refresh.
    """

    id = models.BigAutoField(primary_key=True)
    month = models.DateField()
    service = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        indexes = [models.Index(fields=["pemda", "month"], name="svcpemdarollup_pemda_month")]


class ServiceDataWarningDay(TenantModel):
    """How many data-quality warnings of one kind the stored records of one unit and day raise.

    Kept by `bina.quality.rollups` like the rollups: recomputed from the raw records of every day a write
    touched (delete + insert, never incremented), so importing a file again leaves the same counts. The
    kinds and their rules: `bina.quality.data_warnings`.
    """

    id = models.BigAutoField(primary_key=True)
    day = models.DateField()
    unit = models.ForeignKey("people.OrgUnit", on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=20, choices=DataWarningKind.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day", "kind"], name="svcdatawarning_key"),
        ]
        indexes = [models.Index(fields=["pemda", "day"], name="svcdatawarning_pemda_day")]
