"""Reads of the catalogue and the holiday calendar for pages and the API (scoped by `bina.quality.access`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bina.core.actor import Actor
from bina.core.numbers import format_number
from bina.quality import access
from bina.quality.holidays_data import SOURCES
from bina.quality.models import Channel, Holiday, ServiceType


def sla_label(service: ServiceType) -> str:
    """The SLA as people say it: "30 menit" or "5 hari kerja"."""
    if service.sla_minutes is not None:
        n = service.sla_minutes
        return ngettext("%(n)s minute", "%(n)s minutes", n) % {"n": format_number(n)}
    n = service.sla_working_days or 0
    return ngettext("%(n)s working day", "%(n)s working days", n) % {"n": format_number(n)}


def channels_label(channels: list[str]) -> str:
    labels = dict(Channel.choices)
    return ", ".join(str(labels.get(c, c)) for c in channels) or "—"


def service_type_list(actor: Actor, *, active_only: bool = False) -> QuerySet[ServiceType]:
    qs = access.service_types_for(actor)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("order", "code")


@dataclass(frozen=True)
class HolidayYear:
    year: int
    holidays: list[Holiday]
    years: list[int]  # the years the calendar holds, for the year links
    source: str  # where the year's defaults came from ("" when Bina has none for it)

    @property
    def national_count(self) -> int:
        return sum(1 for h in self.holidays if h.kind == "nasional")

    @property
    def cuti_bersama_count(self) -> int:
        return sum(1 for h in self.holidays if h.kind == "cuti_bersama")


def holiday_list(actor: Actor, *, year: int | None = None) -> QuerySet[Holiday]:
    qs = access.holidays_for(actor)
    if year is not None:
        qs = qs.filter(date__year=year)
    return qs.order_by("date")


def holiday_year(actor: Actor, year: int) -> HolidayYear:
    """One year of the calendar (2 queries), with the years around it that hold holidays."""
    years = sorted({d.year for d in access.holidays_for(actor).dates("date", "year")} | {year})
    return HolidayYear(year, list(holiday_list(actor, year=year)), years, SOURCES.get(year, ""))


def default_year(today: dt.date | None = None) -> int:
    return (today or dt.date.today()).year


def holiday_source(year: int) -> str:
    return SOURCES.get(year) or _("No default holidays for this year: add them by hand or import a file.")
