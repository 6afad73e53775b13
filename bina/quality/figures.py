"""The service-figures page and its exports: one unit (kelurahan → kecamatan → Pemda) and service over a
period, read only through `bina.quality.stats` (rollups; the rules for who sees what are its own).

- per month: counts, median/p90 times, within-SLA share and breaches (`service_stats(group="month")`);
- per unit inside the chosen one (`group="unit"`: each unit's own records), linking one level down;
- the queue by weekday and hour of arrival (`queue_profile`);
- per officer only when `can_read_officer_figures` holds, and then only the rows `stats` lets through;
- the data-quality warnings of the unit's subtree in the period, per kind (`bina.quality.data_warnings`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from bina.charts.specs import Bar, BarChart, ValueFormat
from bina.core.actor import Actor
from bina.core.dates import format_date
from bina.core.errors import PermissionDenied
from bina.people.access import employees_for, get_org_unit_for_user, org_units_for
from bina.people.models import OrgUnit
from bina.quality import access, permissions, stats
from bina.quality.data_warnings import DataWarningCount, warning_rows
from bina.quality.models import ServiceType
from bina.reports.registry import Report, ReportData, register

WEEKDAYS = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")


@dataclass(frozen=True)
class Figures:
    start: dt.date
    end: dt.date
    unit: OrgUnit | None
    service: ServiceType | None
    ancestors: list[OrgUnit]
    months: list[stats.StatItem]
    units: list[tuple[OrgUnit | None, stats.StatItem]]
    queue: list[stats.QueueSlot]
    officers: list[stats.StatItem] | None  # None: the actor may not see per-officer figures
    officer_names: dict[str, str] = field(default_factory=dict)  # NIP -> name, for the officers in reach
    services: list[ServiceType] = field(default_factory=list)
    units_visible: bool = True  # False: the actor reads per-officer figures only
    data_warnings: list[DataWarningCount] = field(default_factory=list)  # per kind; empty without unit figures

    @property
    def data_warnings_total(self) -> int:
        return sum(w.count for w in self.data_warnings)

    @property
    def total_transactions(self) -> int:
        return sum(m.transactions for m in self.months)

    @property
    def total_breaches(self) -> int:
        return sum(m.sla_breaches for m in self.months)

    def month_label(self, key: str) -> str:
        """`2026-01` as a reader writes it: `Jan` when the period is one year, else `Jan 2026`."""
        with_year = len({m.key[:4] for m in self.months}) > 1
        return month_label(key, with_year=with_year)

    @property
    def trend_chart(self) -> BarChart:
        return BarChart(
            title=_("Transactions per month"),
            bars=[Bar(label=self.month_label(m.key), value=m.transactions) for m in self.months],
            orientation="vertical",
            category_name=_("Month"),
            value_name=_("Transactions"),
            chart_id="trend-transactions",
        )

    @property
    def sla_chart(self) -> BarChart:
        """Within-SLA share per month with records, on a 0-100 scale (a line of one point tells nothing)."""
        return BarChart(
            title=_("Within SLA per month"),
            bars=[
                Bar(
                    label=self.month_label(m.key),
                    value=m.within_sla_pct,
                    tone="good" if m.within_sla_pct >= 90 else "alert",
                )
                for m in self.months
                if m.within_sla_pct is not None
            ],
            category_name=_("Month"),
            value_name=_("Within SLA"),
            max_value=100,
            value_format=ValueFormat(decimals=1, percent=True),
            chart_id="trend-sla",
        )

    @property
    def active_months(self) -> list[tuple[str, stats.StatItem]]:
        """The months with transactions, each with its label for the table (`Jan 2026`)."""
        return [(month_label(m.key, with_year=True), m) for m in self.months if m.transactions]

    @property
    def hour_chart(self) -> BarChart:
        by_hour = [0] * 24
        for slot in self.queue:
            by_hour[slot.hour] += slot.arrivals
        hours = [h for h in range(24) if by_hour[h]] or list(range(7, 16))
        return BarChart(
            title=_("Arrivals by hour of day"),
            bars=[Bar(label=f"{h:02d}", value=by_hour[h]) for h in range(min(hours), max(hours) + 1)],
            orientation="vertical",
            category_name=_("Hour"),
            value_name=_("Arrivals"),
            chart_id="queue-hour",
        )

    @property
    def weekday_chart(self) -> BarChart:
        by_day = [0] * 7
        for slot in self.queue:
            by_day[slot.weekday] += slot.arrivals
        return BarChart(
            title=_("Arrivals by day of week"),
            bars=[Bar(label=WEEKDAYS[d], value=by_day[d]) for d in range(7)],
            category_name=_("Day"),
            value_name=_("Arrivals"),
            chart_id="queue-weekday",
        )

    @property
    def officer_rows(self) -> list[tuple[str, str, stats.StatItem]]:
        """(name or NIP, NIP, figures) per officer, for the table."""
        return [(self.officer_names.get(o.key, o.key), o.key, o) for o in self.officers or []]

    @property
    def has_data(self) -> bool:
        return self.total_transactions > 0 or bool(self.officers)


def month_label(key: str, *, with_year: bool) -> str:
    """A `YYYY-MM` key of the monthly figures as `Jan` or `Jan 2026` (the reader's language)."""
    try:
        month = dt.date(int(key[:4]), int(key[5:7]), 1)
    except ValueError:
        return key
    return format_date(month, "M Y" if with_year else "M")


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve whole months up to today."""
    today = today or dt.date.today()
    start = dt.date(today.year - 1, today.month, 1)
    if today.month == 12:
        start = dt.date(today.year, 1, 1)
    return start, today


def service_figures(
    actor: Actor, *, unit_code: str | None, service_code: str | None, start: dt.date, end: dt.date
) -> Figures:
    """Everything the figures page shows; 403/422 as `stats` decides (reach, unknown unit or service)."""
    units_visible = permissions.can_read_service_figures(actor)
    if not permissions.can_open_service_figures(actor):
        raise PermissionDenied(_("Your role does not read service figures."))
    unit = get_org_unit_for_user(actor, unit_code) if unit_code else None
    reach = actor.read_reach()
    if unit is None and units_visible and not reach.whole_pemda and len(reach.paths) == 1:
        # One subtree (a lurah's kelurahan, a camat's kecamatan): its figures are that unit's, and say so.
        root = reach.paths[0].strip("/").split("/")[-1]
        unit = org_units_for(actor).filter(pk=int(root)).first() if root.isdigit() else None
        unit_code = unit.code if unit is not None else unit_code
    service = access.get_service_type_for_user(actor, service_code) if service_code else None
    ancestors: list[OrgUnit] = []
    if unit is not None:
        codes = [p for p in unit.path.strip("/").split("/") if p][:-1]
        by_pk = {str(u.pk): u for u in org_units_for(actor).filter(pk__in=[c for c in codes if c.isdigit()])}
        ancestors = [by_pk[c] for c in codes if c in by_pk]
    args: dict[str, Any] = {
        "service_code": service_code or None,
        "unit_code": unit_code or None,
        "start": start,
        "end": end,
    }
    # Without a unit reach (an officer, a supervisor): only the per-officer figures `stats` lets through.
    months = stats.service_stats(actor=actor, group="month", **args) if units_visible else []
    unit_items = stats.service_stats(actor=actor, group="unit", **args) if units_visible else []
    units_by_code = {u.code: u for u in org_units_for(actor).filter(code__in=[i.key for i in unit_items])}
    queue = stats.queue_profile(actor=actor, **args) if units_visible else []
    warnings = (
        warning_rows(stats.data_warning_counts(actor=actor, unit_code=unit_code or None, start=start, end=end))
        if units_visible
        else []
    )
    officers = None
    officer_names: dict[str, str] = {}
    if permissions.can_read_officer_figures(actor):
        officers = stats.service_stats(actor=actor, group="officer", **args)
        # A lurah or supervisor reads people by name, not by NIP; names come through the people reach.
        officer_names = dict(employees_for(actor).filter(nip__in=[o.key for o in officers]).values_list("nip", "name"))
    return Figures(
        start=start,
        end=end,
        unit=unit,
        service=service,
        ancestors=ancestors,
        months=months,
        units=[(units_by_code.get(i.key), i) for i in unit_items],
        queue=queue,
        officers=officers,
        officer_names=officer_names,
        services=list(access.service_types_for(actor).order_by("order", "code")),
        units_visible=units_visible,
        data_warnings=warnings,
    )


def queue_table(queue: list[stats.QueueSlot]) -> tuple[list[int], list[tuple[str, list[int]]]]:
    """(hours with any arrival, rows of (weekday, arrivals per hour)) for the weekday × hour table."""
    hours = sorted({s.hour for s in queue if s.arrivals})
    grid: dict[tuple[int, int], int] = {(s.weekday, s.hour): s.arrivals for s in queue}
    return hours, [(WEEKDAYS[d], [grid.get((d, h), 0) for h in hours]) for d in range(7)]


# --- the report ------------------------------------------------------------------------------------


def _columns() -> list[str]:
    return [
        _("Month"),
        _("Transactions"),
        _("Completed"),
        _("Left before being served"),
        _("Refused"),
        _("Median wait (min)"),
        _("Median total (min)"),
        _("p90 total (min)"),
        _("Within SLA (%)"),
        _("SLA breaches"),
    ]


def _build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    figures = service_figures(
        actor,
        unit_code=params.get("unit") or None,
        service_code=params.get("service") or None,
        start=params["start"],
        end=params["end"],
    )
    if not figures.units_visible:
        raise PermissionDenied(_("Your role does not read service figures."))
    rows = (
        [
            [
                m.key,
                m.transactions,
                m.completed,
                m.cancelled,
                m.refused,
                m.wait_median_min,
                m.total_median_min,
                m.total_p90_min,
                m.within_sla_pct,
                m.sla_breaches,
            ]
            for m in figures.months
        ]
        if figures.has_data
        else []
    )
    where = figures.unit.name if figures.unit else _("Whole Pemda")
    what = figures.service.name if figures.service else _("All services")
    return ReportData(
        rows=rows,
        filename=f"service-figures-{figures.unit.code if figures.unit else 'pemda'}-{figures.start}-{figures.end}",
        title=_("Service figures"),
        subtitle=[f"{where} · {what}", f"{format_date(figures.start)} – {format_date(figures.end)}"],
    )


SERVICE_FIGURES = register(
    Report(
        key="quality.service_figures",
        title=lambda: _("Service figures"),
        columns=_columns,
        build=_build,
        formats=("xlsx", "pdf"),
        permission=permissions.can_read_service_figures,
        personal=False,
        empty_message=lambda: _("There is nothing to export: no service records in this period."),
    )
)
