"""What the transparency portal shows: aggregates only, each cell of fewer than 5 people withheld.

Every figure is the one its app already computes, read with the Pemda's system actor (`Actor.system(pemda,
label="public")`, the admin's reach) and reduced here to plain values — names of units, counts, medians,
shares — so nothing personal and no model leaves this module:
- the programme: `bina.training.facade.programme_year` (classes, participants, JP, the 20 JP rule per OPD);
- the IKM per unit and its trend: `bina.skm.selectors.skm_ikm_by_unit` (the regulation's `ikm_compute` over each unit's
  tallies, grouped in one query per period; the 5-respondent rule `MIN_RESPONDENTS`);
- service times per unit and per month: `bina.quality.stats.service_stats` (from the rollups);
- complaints: `bina.complaints.selectors.complaint_figures`;
- impact: the latest finished credible run of each question asked over the whole Pemda
  (`bina.analytics.selectors.impact_published_runs`), worded by `impact_sentence`.

Suppression (`MIN_CELL_PEOPLE`): a row resting on 1-4 people (employees, respondents, transactions,
complaints) shows no figures, and when exactly one row of a table is withheld the next smallest is withheld
too, so the total minus the others cannot give it back.

Caching: `portal_data` keeps the computed aggregates in Django's cache under the Pemda, the day and the data
version (`portal_data_version`: a handful of indexed aggregates over the tables the figures read); a new
record, answer, complaint, credit or run changes the version, so the next visit computes afresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.analytics.selectors import (
    LEVEL_SUBJECTS,
    METRIC_NAMES,
    impact_data_version,
    impact_published_runs,
    impact_runs_version,
    impact_sentence,
)
from bina.charts.specs import Bar, BarChart, LineChart, Point, ValueFormat
from bina.complaints.selectors import complaint_data_version, complaint_figures
from bina.core.actor import Actor
from bina.core.numbers import format_number
from bina.core.public import MIN_CELL_PEOPLE
from bina.people.access import org_units_for
from bina.quality.access import service_types_for
from bina.quality.figures import default_period, month_label
from bina.quality.stats import service_stats
from bina.skm.selectors import period_label, skm_data_version, skm_ikm_by_unit, skm_semesters
from bina.training.facade import programme_data_version, programme_year

CACHE_SECONDS = 24 * 3600  # an upper bound only: a data change gives a new key at once
CACHE_PREFIX = "portal:v1"
MAX_BARS = 25  # a chart of more units is no longer read on a phone


def withheld(n: int | None) -> bool:
    """A count of 1-4 people is withheld (0 says nothing about anyone)."""
    return n is not None and 0 < n < MIN_CELL_PEOPLE


# --- the rows ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeRow:
    name: str
    employees: int | None  # None: withheld
    compliant: int | None
    percent: float | None
    average_jp: float | None


@dataclass(frozen=True)
class Programme:
    year: int
    classes_run: int
    participants: int | None
    jp_delivered: float | None  # withheld with the participants: it is their JP
    total: ProgrammeRow
    units: list[ProgrammeRow]


@dataclass(frozen=True)
class IkmRow:
    code: str
    name: str
    respondents: int | None
    ikm: float | None  # converted IKM (IKM × 25)
    mutu: str | None
    trend: tuple[tuple[str, float | None], ...] = ()  # (period key, converted IKM or None when withheld)


@dataclass(frozen=True)
class ServiceRow:
    code: str
    name: str
    kind: str
    transactions: int | None
    median_min: float | None
    p90_min: float | None
    within_sla_pct: float | None


@dataclass(frozen=True)
class ServiceMonth:
    key: str  # YYYY-MM
    transactions: int | None
    median_min: float | None
    within_sla_pct: float | None


@dataclass(frozen=True)
class ComplaintRow:
    name: str
    received: int | None
    resolved: int | None
    resolved_in_time: int | None
    median_days: float | None

    @property
    def in_time_percent(self) -> float | None:
        if not self.resolved or self.resolved_in_time is None:
            return None
        return round(100 * self.resolved_in_time / self.resolved, 1)


@dataclass(frozen=True)
class ImpactItem:
    service_code: str
    service_name: str
    finished_on: dt.date | None
    result: dict[str, Any]  # the run's figures only: no officer, no unit

    @property
    def sentence(self) -> str:
        return impact_sentence(self.result, service_name=self.service_name)

    @property
    def uncertainty(self) -> str:
        return uncertainty_words(self.result)


@dataclass(frozen=True)
class PortalData:
    pemda_id: int
    version: str
    start: dt.date
    end: dt.date
    programme: Programme | None = None
    ikm: list[IkmRow] = field(default_factory=list)
    service: list[ServiceRow] = field(default_factory=list)
    service_trend: list[ServiceMonth] = field(default_factory=list)
    complaints_total: ComplaintRow | None = None
    complaints: list[ComplaintRow] = field(default_factory=list)
    impacts: list[ImpactItem] = field(default_factory=list)

    # charts (built from the values above, at render time, in the reader's language)
    @property
    def compliance_chart(self) -> BarChart | None:
        if self.programme is None:
            return None
        bars = [Bar(label=r.name, value=r.percent) for r in self.programme.units if r.percent is not None]
        if not bars or len(bars) > MAX_BARS * 2:
            return None
        return BarChart(
            title=_("Share of ASN with at least 20 JP in %(year)s, by OPD") % {"year": self.programme.year},
            bars=bars,
            description=_("Units with fewer than 5 employees are left out."),
            category_name=_("Unit"),
            value_name=_("Share at 20 JP"),
            max_value=100,
            value_format=ValueFormat(decimals=1, percent=True),
            chart_id="portal-jp",
        )

    @property
    def ikm_chart(self) -> BarChart | None:
        """The units' IKM, one bar each; past `MAX_BARS` units (a city's 150 kelurahan), units per mutu grade."""
        bars = [Bar(label=r.name, value=r.ikm) for r in self.ikm if r.ikm is not None]
        if not bars:
            return None
        if len(bars) > MAX_BARS:
            grades = [r.mutu for r in self.ikm if r.mutu]
            return BarChart(
                title=_("Units by service quality (mutu)"),
                bars=[Bar(label=grade, value=grades.count(grade)) for grade in ("A", "B", "C", "D")],
                description=_("A very good, B good, C fair, D poor; units with fewer than 5 answers are left out."),
                category_name=_("Quality"),
                value_name=_("Units"),
                chart_id="portal-ikm",
            )
        return BarChart(
            title=_("Converted IKM per unit"),
            bars=bars,
            description=_(
                "IKM × 25; A from 88,31, B from 76,61, C from 65,00. Units with fewer than 5 answers are left out."
            ),
            category_name=_("Unit"),
            value_name=_("Converted IKM"),
            max_value=100,
            value_format=ValueFormat(decimals=2),
            chart_id="portal-ikm",
        )

    @property
    def ikm_trend_chart(self) -> LineChart | None:
        """The Pemda's IKM per semester: the mean of the units' converted IKM shown in that period."""
        by_period: dict[str, list[float]] = {}
        for row in self.ikm:
            for key, value in row.trend:
                if value is not None:
                    by_period.setdefault(key, []).append(value)
        keys = sorted(by_period)
        if len(keys) < 2:
            return None
        return LineChart(
            title=_("IKM per semester (mean of the units)"),
            description=_("The mean converted IKM of the units with at least 5 answers in each semester."),
            points=[
                Point(x=float(i), y=round(sum(by_period[k]) / len(by_period[k]), 2), label=period_label(k))
                for i, k in enumerate(keys)
            ],
            x_name=_("Period"),
            y_name=_("Converted IKM"),
            series_name=_("Converted IKM"),
            value_format=ValueFormat(decimals=2),
        )

    @property
    def latest_service(self) -> tuple[str, float] | None:
        """The latest month with a shown median: (its name, the median in minutes)."""
        for month in reversed(self.service_trend):
            if month.median_min is not None:
                return month_label(month.key, with_year=True), month.median_min
        return None

    @property
    def service_trend_chart(self) -> LineChart | None:
        shown = [m for m in self.service_trend if m.median_min is not None]
        if len(shown) < 2:
            return None
        return LineChart(
            title=_("Median service time per month"),
            description=_("Minutes from arrival to completion; half of the visitors were served faster."),
            points=[
                Point(x=float(i), y=m.median_min or 0.0, label=month_label(m.key, with_year=True))
                for i, m in enumerate(shown)
            ],
            x_name=_("Month"),
            y_name=_("Minutes"),
            series_name=_("Median time"),
            value_format=ValueFormat(decimals=1),
        )

    @property
    def service_sla_chart(self) -> BarChart | None:
        bars = [
            Bar(label=month_label(m.key, with_year=True), value=m.within_sla_pct)
            for m in self.service_trend
            if m.within_sla_pct is not None
        ]
        if not bars:
            return None
        return BarChart(
            title=_("Share served within the service standard, per month"),
            bars=bars,
            category_name=_("Month"),
            value_name=_("Within the standard"),
            max_value=100,
            value_format=ValueFormat(decimals=1, percent=True),
            chart_id="portal-sla",
        )


def uncertainty_words(result: dict[str, Any]) -> str:
    """The 95% interval in plain words for a visitor: how far the true change may lie from the estimate."""
    low, high = result.get("ci_low"), result.get("ci_high")
    if low is None or high is None:
        return ""
    minutes = result.get("outcome_unit") == "minutes"
    values = {
        "low": format_number(min(abs(low), abs(high)), 1),
        "high": format_number(max(abs(low), abs(high)), 1),
        "down": format_number(abs(low), 1),
        "up": format_number(abs(high), 1),
        "treated": format_number(result.get("n_treated") or 0),
        "controls": format_number(result.get("n_control") or 0),
    }
    if low < 0 < high:
        text = (
            _("No measurement is exact: the true change lies most likely between a fall of %(down)s and a rise of "
              "%(up)s minutes, so it may also be no change at all.")
            if minutes
            else _("No measurement is exact: the true change lies most likely between a fall of %(down)s and a rise "
                   "of %(up)s percentage points, so it may also be no change at all.")
        )  # fmt: skip
    else:
        text = (
            _("No measurement is exact: the true change lies most likely between %(low)s and %(high)s minutes.")
            if minutes
            else _("No measurement is exact: the true change lies most likely between %(low)s and %(high)s "
                   "percentage points.")
        )  # fmt: skip
    how = _(
        "It was measured by comparing %(treated)s trained with %(controls)s not yet trained, before and after the "
        "training, so changes that touched everyone (a new system, a holiday season) are not counted as its effect."
    )
    return f"{text % values} {how % values}"


# --- computing -----------------------------------------------------------------------------------------------


def _suppress_second(rows: list[Any], size: str, blank: Any) -> list[Any]:
    """When exactly one row is withheld, withhold the smallest shown one too (no subtraction gives it back)."""
    hidden = [r for r in rows if getattr(r, size) is None]
    shown = [r for r in rows if getattr(r, size) not in (None, 0)]
    if len(hidden) != 1 or not shown:
        return rows
    smallest = min(shown, key=lambda r: getattr(r, size))
    return [blank(r) if r is smallest else r for r in rows]


def _programme_row(name: str, employees: int, compliant: int, percent: float, average_jp: float) -> ProgrammeRow:
    if withheld(employees):
        return ProgrammeRow(name, None, None, None, None)
    return ProgrammeRow(name, employees, compliant, percent, average_jp)


def _programme(system: Actor, year: int) -> Programme:
    figures = programme_year(system, year)
    total = figures.compliance.total
    rows = [_programme_row(r.label, r.employees, r.compliant, r.percent, r.average_jp) for r in figures.units]
    rows = _suppress_second(rows, "employees", lambda r: ProgrammeRow(r.name, None, None, None, None))
    participants = figures.participants
    return Programme(
        year=year,
        classes_run=figures.classes_run,
        participants=None if withheld(participants) else participants,
        jp_delivered=None if withheld(participants) else float(figures.jp_delivered),
        total=_programme_row(_("All units"), total.employees, total.compliant, total.percent, total.average_jp),
        units=rows,
    )


def _ikm(system: Actor, start: dt.date, end: dt.date, today: dt.date) -> list[IkmRow]:
    """Each unit that received answers itself: its IKM over the period and per semester of the last three
    years (two grouped queries per period, `skm_ikm_by_unit`; withheld below 5 respondents)."""
    period = skm_ikm_by_unit(system, start=start, end=end)
    semesters = [
        (label, skm_ikm_by_unit(system, start=a, end=b))
        for label, a, b in skm_semesters(dt.date(today.year - 2, 1, 1), today)
    ]
    units = org_units_for(system).filter(pk__in=list(period)).only("pk", "code", "name", "path").order_by("path")
    rows = []
    for unit in units:
        figures = period[unit.pk]
        trend = tuple(
            (label, float(by_unit[unit.pk].result.converted or 0) if by_unit[unit.pk].shown else None)
            for label, by_unit in semesters
            if unit.pk in by_unit
        )
        if not figures.shown:
            rows.append(IkmRow(unit.code, unit.name, None, None, None, trend))
            continue
        converted = figures.result.converted
        rows.append(
            IkmRow(
                unit.code,
                unit.name,
                figures.respondents,
                float(converted) if converted is not None else None,
                figures.result.mutu,
                trend,
            )
        )
    return rows


def _minutes(value: float | None) -> float | None:
    return None if value is None else float(value)


def _service(system: Actor, start: dt.date, end: dt.date) -> list[ServiceRow]:
    items = service_stats(actor=system, service_code=None, unit_code=None, start=start, end=end, group="unit")
    units = {
        u.code: u for u in org_units_for(system).filter(code__in=[i.key for i in items]).only("code", "name", "kind")
    }
    rows = []
    for item in items:
        unit = units.get(item.key)
        if unit is None or not item.transactions:
            continue
        if withheld(item.transactions):
            rows.append(ServiceRow(unit.code, unit.name, unit.get_kind_display(), None, None, None, None))
            continue
        rows.append(
            ServiceRow(
                unit.code,
                unit.name,
                str(unit.get_kind_display()),
                item.transactions,
                _minutes(item.total_median_min),
                _minutes(item.total_p90_min),
                item.within_sla_pct,
            )
        )
    blank = lambda r: replace(r, transactions=None, median_min=None, p90_min=None, within_sla_pct=None)  # noqa: E731
    rows = _suppress_second(rows, "transactions", blank)
    kelurahan_first = {"kelurahan": 0, "kecamatan": 1}
    kinds = {u.code: u.kind for u in units.values()}
    return sorted(rows, key=lambda r: (kelurahan_first.get(kinds.get(r.code, ""), 2), r.name))


def _service_trend(system: Actor, today: dt.date) -> list[ServiceMonth]:
    start = dt.date(today.year - 2, today.month, 1)
    items = service_stats(actor=system, service_code=None, unit_code=None, start=start, end=today, group="month")
    months = []
    for item in items:
        if not item.transactions:
            continue
        if withheld(item.transactions):
            months.append(ServiceMonth(item.key, None, None, None))
        else:
            months.append(
                ServiceMonth(item.key, item.transactions, _minutes(item.total_median_min), item.within_sla_pct)
            )
    return months


def _complaint_row(name: str, received: int, resolved: int, in_time: int, median: float | None) -> ComplaintRow:
    if withheld(received):
        return ComplaintRow(name, None, None, None, None)
    return ComplaintRow(name, received, resolved, in_time, median)


def _complaints(system: Actor, start: dt.date, end: dt.date) -> tuple[ComplaintRow | None, list[ComplaintRow]]:
    figures = complaint_figures(system, start=start, end=end)
    if not figures or not figures[0].received:
        return None, []
    total = figures[0]
    rows = [
        _complaint_row(r.unit_name, r.received, r.resolved, r.resolved_in_time, r.median_days_to_resolve)
        for r in figures[1:]
    ]
    rows = _suppress_second(rows, "received", lambda r: ComplaintRow(r.name, None, None, None, None))
    return (
        _complaint_row(
            _("All units"), total.received, total.resolved, total.resolved_in_time, total.median_days_to_resolve
        ),
        rows,
    )


# What of a run's result the portal keeps: its figures, never its panel.
_IMPACT_KEYS = (
    "credible",
    "att",
    "ci_low",
    "ci_high",
    "pct_change",
    "metric",
    "level",
    "outcome_unit",
    "n_treated",
    "n_control",
    "service",
)


def _impacts(system: Actor) -> list[ImpactItem]:
    runs = impact_published_runs(system)
    codes = {str(run.result.get("service", "")) for run in runs}
    names = dict(service_types_for(system).filter(code__in=codes).values_list("code", "name"))
    items = []
    for run in runs:
        result = {key: run.result.get(key) for key in _IMPACT_KEYS}
        if result["metric"] not in METRIC_NAMES or result["level"] not in LEVEL_SUBJECTS:
            continue
        if withheld(result.get("n_treated")):
            continue
        code = str(result["service"] or "")
        finished = timezone.localdate(run.finished_at) if run.finished_at else None
        items.append(ImpactItem(code, names.get(code, code), finished, result))
    return items


def _system(pemda_id: int) -> Actor:
    return Actor.system(pemda_id, label="public")


def portal_data_version(pemda_id: int) -> str:
    """The data version of a Pemda's portal: a few indexed aggregates over every table its figures read."""
    system = _system(pemda_id)
    parts = (
        programme_data_version(system),
        skm_data_version(system),
        impact_data_version(system),
        complaint_data_version(system),
        impact_runs_version(system),
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def portal_compute(pemda_id: int, *, today: dt.date, version: str = "") -> PortalData:
    """Every section's aggregates, computed now (`portal_data` caches them)."""
    system = _system(pemda_id)
    start, end = default_period(today)
    total, complaints = _complaints(system, start, end)
    return PortalData(
        pemda_id=pemda_id,
        version=version,
        start=start,
        end=end,
        programme=_programme(system, today.year),
        ikm=_ikm(system, start, end, today),
        service=_service(system, start, end),
        service_trend=_service_trend(system, today),
        complaints_total=total,
        complaints=complaints,
        impacts=_impacts(system),
    )


def portal_cache_key(pemda_id: int, today: dt.date, version: str) -> str:
    return f"{CACHE_PREFIX}:{pemda_id}:{today.isoformat()}:{version}"


def portal_data(actor: Actor, *, today: dt.date | None = None) -> PortalData | None:
    """The aggregates of the public page's Pemda (`actor.public_pemda_id`), from the cache while the data
    have not changed; None for an actor without a public Pemda."""
    pemda_id = actor.public_pemda_id
    if pemda_id is None:
        return None
    today = today or timezone.localdate()
    version = portal_data_version(pemda_id)
    key = portal_cache_key(pemda_id, today, version)
    data = cache.get(key)
    if isinstance(data, PortalData):
        return data
    data = portal_compute(pemda_id, today=today, version=version)
    cache.set(key, data, CACHE_SECONDS)
    return data


# --- open data -----------------------------------------------------------------------------------------------

SUPPRESSED = "<5"


def _cell(value: Any) -> Any:
    if value is None:
        return SUPPRESSED
    if isinstance(value, Decimal):
        return float(value)
    return value


@dataclass(frozen=True)
class Table:
    key: str
    section: str
    title: str
    header: list[str]
    rows: list[list[Any]]


def open_data_tables(data: PortalData, published: list[str]) -> list[Table]:
    """The aggregate tables of the published sections, suppressed cells written `<5` (a reader who sorts
    the file sees at once that they are withheld, not zero)."""
    tables: list[Table] = []
    if "programme" in published and data.programme is not None:
        p = data.programme
        tables.append(
            Table(
                "jp",
                "programme",
                _("Share of ASN with at least 20 JP, by OPD (%(year)s)") % {"year": p.year},
                [_("Unit"), _("Employees"), _("At least 20 JP"), _("Share (%)"), _("Average JP")],
                [
                    [r.name, _cell(r.employees), _cell(r.compliant), _cell(r.percent), _cell(r.average_jp)]
                    for r in [*p.units, p.total]
                ],
            )
        )
    if "ikm" in published:
        tables.append(
            Table(
                "ikm",
                "ikm",
                _("IKM per unit"),
                [_("Unit code"), _("Unit"), _("Respondents"), _("Converted IKM"), _("Quality")],
                [[r.code, r.name, _cell(r.respondents), _cell(r.ikm), _cell(r.mutu)] for r in data.ikm],
            )
        )
    if "service" in published:
        tables.append(
            Table(
                "service",
                "service",
                _("Service times per unit"),
                [
                    _("Unit code"),
                    _("Unit"),
                    _("Kind"),
                    _("Transactions"),
                    _("Median time (minutes)"),
                    _("90th percentile (minutes)"),
                    _("Within the service standard (%)"),
                ],
                [
                    [
                        r.code,
                        r.name,
                        r.kind,
                        _cell(r.transactions),
                        _cell(r.median_min),
                        _cell(r.p90_min),
                        _cell(r.within_sla_pct),
                    ]
                    for r in data.service
                ],
            )
        )
        tables.append(
            Table(
                "service_months",
                "service",
                _("Service times per month"),
                [_("Month"), _("Transactions"), _("Median time (minutes)"), _("Within the service standard (%)")],
                [
                    [m.key, _cell(m.transactions), _cell(m.median_min), _cell(m.within_sla_pct)]
                    for m in data.service_trend
                ],
            )
        )
    if "complaints" in published:
        rows = [*data.complaints, data.complaints_total] if data.complaints_total else []
        tables.append(
            Table(
                "complaints",
                "complaints",
                _("Complaints received and resolved"),
                [
                    _("Unit"),
                    _("Received"),
                    _("Resolved"),
                    _("Resolved within the time limit"),
                    _("Median days to resolve"),
                ],
                [
                    [r.name, _cell(r.received), _cell(r.resolved), _cell(r.resolved_in_time), _cell(r.median_days)]
                    for r in rows
                ],
            )
        )
    if "impact" in published:
        tables.append(
            Table(
                "impact",
                "impact",
                _("Impact of training (credible estimates)"),
                [
                    _("Service"),
                    _("Measure"),
                    _("Level"),
                    _("Change"),
                    _("%(level)s%% interval, low") % {"level": 95},
                    _("%(level)s%% interval, high") % {"level": 95},
                    _("Unit of the change"),
                    _("Estimated on"),
                ],
                [
                    [
                        i.service_name,
                        str(METRIC_NAMES[i.result["metric"]]),
                        i.result["level"],
                        i.result["att"],
                        i.result["ci_low"],
                        i.result["ci_high"],
                        i.result["outcome_unit"],
                        i.finished_on.isoformat() if i.finished_on else "",
                    ]
                    for i in data.impacts
                ],
            )
        )
    return tables
