"""The official figures of public services, read from the rollups (issue 10, §2 "Figures").

`service_stats` answers one item per group (month, ISO week, day, unit, officer) with counts,
median and p90 of the waiting, processing and total times, and the share within the SLA:

- `transactions` every ticket; `completed` / `cancelled` / `refused` by status (selesai, batal, ditolak);
- waiting times over every ticket that was called; processing and total times over completed tickets;
- quantiles in minutes, one decimal, by the definition in `bina.quality.histograms` (numpy's default
  linear interpolation, Hyndman & Fan 7), estimated from one-minute bins: within 0.55 min of the exact
  value over the raw records;
- `within_sla_pct` = completed tickets within the SLA ÷ completed tickets measured × 100, one decimal
  (None without any).

A unit means the unit and its whole subtree, inside the actor's read reach; no unit: the whole reach.
Months fully inside the period are read from the Pemda tier (one row per service × month) when the
figures cover the whole Pemda, else from the month tier (one row per unit × service × month); the days
at its edges and the week/day/officer groupings from the day tier. Group `unit` gives one
item per unit with records (the unit's own records, not its subtree), `officer` one per officer's
NIP (only rows with an officer), visible as `bina.quality.access.officer_rollups_for` says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import PermissionDenied, ValidationFailed, invalid_reference
from bina.people.access import org_units_for
from bina.people.models import Employee, OrgUnit
from bina.quality import access, permissions
from bina.quality import histograms as h
from bina.quality.models import ServiceType
from bina.quality.rollups import month_end, month_start

GROUPS = ("month", "week", "day", "unit", "officer")
# A figure asked for more than this many days is refused (and the day group for more than a year).
MAX_DAYS = 366 * 10
MAX_DAY_GROUP_DAYS = 366
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
_COUNTS = ("transactions", "completed", "cancelled", "refused", "sla_measured", "within_sla")
_HISTS = ("wait_hist", "process_hist", "total_hist")


@dataclass(frozen=True)
class StatItem:
    key: str
    transactions: int
    completed: int
    cancelled: int
    refused: int
    wait_median_min: float | None
    wait_p90_min: float | None
    process_median_min: float | None
    process_p90_min: float | None
    total_median_min: float | None
    total_p90_min: float | None
    within_sla_pct: float | None
    sla_breaches: int


@dataclass(frozen=True)
class Scope:
    """What one figure request covers, resolved and checked."""

    units: list[int] | None  # None: the whole reach, no unit filter
    service: ServiceType | None
    start: dt.date
    end: dt.date


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def resolve_scope(
    *, actor: Actor, service_code: str | None, unit_code: str | None, start: dt.date, end: dt.date, officers: bool
) -> Scope:
    """Check the actor may read these figures and name the unit subtree and service (422 when unknown)."""
    if officers:
        if not permissions.can_read_officer_figures(actor):
            raise PermissionDenied(
                _("Figures per officer are personal data: only the officer, their supervisors and the admin see them.")
            )
    elif not permissions.can_read_service_figures(actor):
        raise PermissionDenied(_("Your role does not read service figures."))
    if start > end:
        raise ValidationFailed(_("The period starts after it ends."), code="invalid_period")
    if start < EARLIEST or end > LATEST:
        # Also keeps month and week arithmetic far from date.max (9999-12-31 would overflow it: a 500).
        raise ValidationFailed(_("The period must lie between 1990 and 2100."), code="invalid_period")
    if (end - start).days >= MAX_DAYS:
        raise ValidationFailed(_("The period is longer than ten years."), code="invalid_period")
    service = None
    if service_code:
        service = access.service_types_for(actor).filter(code=service_code).first()
        if service is None:
            raise invalid_reference("service", service_code)
    units: list[int] | None = None
    if unit_code:
        unit = org_units_for(actor).filter(code=unit_code).first()
        if unit is None:
            raise invalid_reference("unit", unit_code)
        if not officers and not actor.read_reach().covers(unit.path):
            raise PermissionDenied(_("The figures of %(unit)s are outside your reach.") % {"unit": unit.name})
        units = list(org_units_for(actor).filter(path__startswith=unit.path).values_list("pk", flat=True))
    return Scope(units=units, service=service, start=start, end=end)


def _narrow(qs: QuerySet[Any], scope: Scope) -> QuerySet[Any]:
    if scope.units is not None:
        qs = qs.filter(unit_id__in=scope.units)
    if scope.service is not None:
        qs = qs.filter(service_id=scope.service.pk)
    return qs


def _full_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last month lying wholly inside [start, end], or None."""
    first = start if start.day == 1 else month_end(start) + dt.timedelta(days=1)
    last = month_start(end) if end == month_end(end) else month_start(end) - dt.timedelta(days=1)
    last = month_start(last)
    return (first, last) if first <= last else None


def _day_ranges(start: dt.date, end: dt.date, months: tuple[dt.date, dt.date] | None) -> list[Q]:
    if months is None:
        return [Q(day__range=(start, end))]
    ranges = []
    if start < months[0]:
        ranges.append(Q(day__range=(start, months[0] - dt.timedelta(days=1))))
    if end > month_end(months[1]):
        ranges.append(Q(day__range=(month_end(months[1]) + dt.timedelta(days=1), end)))
    return ranges


def _rows(
    actor: Actor, scope: Scope, group: str, fields: tuple[str, ...]
) -> tuple[list[Hashable], list[tuple[Any, ...]]]:
    """(group label per row, values of `fields` per row) for every rollup row of the scope, from the cheapest tiers.

    Whole months come from the Pemda tier when the figures cover the whole Pemda, else from the month
    tier; the days at the period's edges, weeks, days and officers from the day tier.
    """
    labels: list[Hashable] = []
    values: list[tuple[Any, ...]] = []

    def add(qs: QuerySet[Any], by: str, label: Any) -> None:
        cache: dict[Any, Hashable] = {}
        for row in qs.values_list(by, *fields):
            key = row[0]
            name = cache.get(key)
            if name is None:
                name = cache[key] = label(key)
            labels.append(name)
            values.append(row[1:])

    if group == "officer":
        add(
            _narrow(access.officer_rollups_for(actor), scope).filter(day__range=(scope.start, scope.end)),
            "officer_id",
            lambda v: v,
        )
        return labels, values
    months = _full_months(scope.start, scope.end) if group in ("month", "unit") else None
    if months is not None:
        if group == "month" and scope.units is None and actor.read_reach().whole_pemda:
            qs: QuerySet[Any] = access.pemda_rollups_for(actor)
            if scope.service is not None:
                qs = qs.filter(service_id=scope.service.pk)
        else:
            qs = _narrow(access.month_rollups_for(actor), scope)
        by = "month" if group == "month" else "unit_id"
        add(qs.filter(month__range=months), by, (lambda v: f"{v:%Y-%m}") if group == "month" else (lambda v: v))
    ranges = _day_ranges(scope.start, scope.end, months)
    if ranges:
        q = ranges[0]
        for extra in ranges[1:]:
            q |= extra
        day_qs = _narrow(access.day_rollups_for(actor), scope).filter(q)
        by = "unit_id" if group == "unit" else "day"
        add(day_qs, by, lambda v: _label(group, v))
    return labels, values


def _label(group: str, value: Any) -> Hashable:
    if group == "month":
        return f"{value:%Y-%m}"
    if group == "week":
        year, week, _ = value.isocalendar()
        return f"{year}-W{week:02d}"
    if group == "day":
        return value.isoformat()
    return value


def _period_keys(group: str, start: dt.date, end: dt.date) -> list[str]:
    """Every month/week/day of the period, so a trend shows its empty periods too."""
    keys: list[str] = []
    step = {"month": 28, "week": 7, "day": 1}[group]
    day = start
    while day <= end:
        label = str(_label(group, day))
        if not keys or keys[-1] != label:
            keys.append(label)
        day += dt.timedelta(days=step)
    last = str(_label(group, end))
    if keys[-1] != last:
        keys.append(last)
    return keys


def service_stats(
    *, actor: Actor, service_code: str | None, unit_code: str | None, start: dt.date, end: dt.date, group: str
) -> list[StatItem]:
    """Figures per group over the rollups (see the module docstring for every definition)."""
    if group not in GROUPS:
        raise ValidationFailed(_("Unknown grouping %(group)s.") % {"group": group}, code="invalid_group")
    scope = resolve_scope(
        actor=actor,
        service_code=service_code,
        unit_code=unit_code,
        start=start,
        end=end,
        officers=group == "officer",
    )
    if group == "day" and (end - start).days >= MAX_DAY_GROUP_DAYS:
        raise ValidationFailed(_("Figures per day cover at most a year."), code="invalid_period")
    labels, rows = _rows(actor, scope, group, (*_COUNTS, *_HISTS))
    counts: dict[Hashable, np.ndarray] = {}
    if rows:
        index = {label: i for i, label in enumerate(dict.fromkeys(labels))}
        gid = np.fromiter((index[label] for label in labels), dtype=np.int64, count=len(labels))
        values = np.array([r[: len(_COUNTS)] for r in rows], dtype=np.int64).reshape(-1, len(_COUNTS))
        sums = np.zeros((len(index), len(_COUNTS)), dtype=np.int64)
        np.add.at(sums, gid, values)
        counts = {label: sums[i] for label, i in index.items()}
    hists = {name: h.merge_grouped(labels, [r[len(_COUNTS) + i] for r in rows]) for i, name in enumerate(_HISTS)}
    if group in ("month", "week", "day"):
        keys: list[Hashable] = list(_period_keys(group, start, end))
        names: dict[Hashable, str] = {k: str(k) for k in keys}
    elif group == "unit":
        names = dict(OrgUnit.objects.filter(pk__in=list(counts)).values_list("pk", "code"))
        keys = sorted(counts, key=lambda k: names[k])
    else:
        names = dict(Employee.objects.filter(pk__in=list(counts)).values_list("pk", "nip"))
        keys = sorted(counts, key=lambda k: names[k])
    return [_item(names[k], counts.get(k), {n: hists[n].get(k) for n in _HISTS}) for k in keys]


_NONE = (np.empty(0, np.int64), np.empty(0, np.int64))


def _item(key: str, c: np.ndarray | None, hists: dict[str, Any]) -> StatItem:
    values = [int(x) for x in c] if c is not None else [0] * len(_COUNTS)
    transactions, completed, cancelled, refused, measured, within = values
    wait, process, total = (hists[n] or _NONE for n in _HISTS)
    return StatItem(
        key=key,
        transactions=transactions,
        completed=completed,
        cancelled=cancelled,
        refused=refused,
        wait_median_min=_round(h.quantile(wait, 0.5)),
        wait_p90_min=_round(h.quantile(wait, 0.9)),
        process_median_min=_round(h.quantile(process, 0.5)),
        process_p90_min=_round(h.quantile(process, 0.9)),
        total_median_min=_round(h.quantile(total, 0.5)),
        total_p90_min=_round(h.quantile(total, 0.9)),
        within_sla_pct=round(100 * within / measured, 1) if measured else None,
        sla_breaches=measured - within,
    )


def completed_count(
    *, actor: Actor, unit_code: str | None, service_code: str | None, start: dt.date, end: dt.date
) -> int:
    """Completed transactions (selesai) of the unit's subtree in the period: the SKM population."""
    scope = resolve_scope(
        actor=actor, service_code=service_code, unit_code=unit_code, start=start, end=end, officers=False
    )
    return sum(int(row[0]) for row in _rows(actor, scope, "month", ("completed",))[1])


@dataclass(frozen=True)
class QueueSlot:
    weekday: int  # Monday = 0
    hour: int
    arrivals: int
    mean_wait_min: float | None


def queue_profile(
    *, actor: Actor, unit_code: str | None, service_code: str | None, start: dt.date, end: dt.date
) -> list[QueueSlot]:
    """Arrivals and mean wait per weekday × hour of the arrival (local time): the queue by hour and day."""
    scope = resolve_scope(
        actor=actor, service_code=service_code, unit_code=unit_code, start=start, end=end, officers=False
    )
    dense = h.merge_slots(row[0] for row in _rows(actor, scope, "month", ("slots",))[1])
    return [
        QueueSlot(
            weekday=slot // 24,
            hour=slot % 24,
            arrivals=int(dense[slot, 0]),
            mean_wait_min=_round(dense[slot, 2] / dense[slot, 1] / 60) if dense[slot, 1] else None,
        )
        for slot in range(h.SLOTS)
    ]


def data_warning_counts(*, actor: Actor, unit_code: str | None, start: dt.date, end: dt.date) -> dict[str, int]:
    """Data-quality warnings per kind of the unit's subtree (None: the whole reach) in the period, over
    every service (a group of identical arrival times may span services): one aggregate query."""
    scope = resolve_scope(actor=actor, service_code=None, unit_code=unit_code, start=start, end=end, officers=False)
    qs = access.data_warnings_for(actor).filter(day__range=(scope.start, scope.end))
    if scope.units is not None:
        qs = qs.filter(unit_id__in=scope.units)
    return {kind: int(n) for kind, n in qs.order_by().values_list("kind").annotate(n=Sum("count"))}


__all__ = [
    "GROUPS",
    "QueueSlot",
    "StatItem",
    "completed_count",
    "data_warning_counts",
    "queue_profile",
    "service_stats",
]
