"""The panels the impact estimator reads, built from the service rollups and the training record.

Outcomes come from the day and month rollups (`bina.quality`), never from raw records; each cell is
weighted by the tickets behind it. Means are read from the one-minute histograms
(`bina.quality.histograms.grouped_means`: within half a minute of the exact mean, the same offset in
every cell, so differences are unaffected). Durations of `IMPACT_SAME_DAY_MINUTES` (a working day, 480) or
more are left out of the means: an online request picked up another day or a document issued days later
is not time an officer spent at the counter, and a few of them would swamp the mean.

Treatment (issue 11, §2):
- officer level: an officer is treated from the first full month after the day their first training of
  the set ended;
- unit level: a unit is treated from the first month by whose start at least `threshold` of its officers
  — those who served tickets there in the three months before — had completed a training of the set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import TruncMonth

from bina.core.actor import Actor
from bina.quality import access as quality_access
from bina.quality.histograms import grouped_means
from bina.quality.models import ServiceType

METRICS = ("process", "wait", "total", "within_sla")
LEVELS = ("officer", "unit")
HISTOGRAM = {"process": "process_hist", "wait": "wait_hist", "total": "total_hist"}
STAFF_LOOKBACK_MONTHS = 3


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> date:
    nxt = month_start(index + 1)
    return date.fromordinal(nxt.toordinal() - 1)


@dataclass(frozen=True)
class Panel:
    frame: pd.DataFrame  # id, period, y, w, first
    unit_label: str  # "minutes" or "percent"


def _cells(rows: QuerySet, key: str, metric: str) -> pd.DataFrame:
    """(id, period, y, w) per id × month from rollup rows keyed by `key` and a `day` or `month` column."""
    hist_field = HISTOGRAM.get(metric)
    fields = [key, "day" if "day" in {f.name for f in rows.model._meta.fields} else "month"]
    fields += [hist_field] if hist_field else ["sla_measured", "within_sla"]
    ids: list[int] = []
    periods: list[int] = []
    values: list[Any] = []
    extra: list[int] = []
    for row in rows.values_list(*fields).iterator(chunk_size=5000):
        ids.append(row[0])
        periods.append(month_index(row[1]))
        values.append(row[2])
        extra.append(row[3] if hist_field is None else 0)
    if not ids:
        return pd.DataFrame(columns=["id", "period", "y", "w"])
    keys = pd.DataFrame({"id": ids, "period": periods})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
    groups = len(uniques)
    if hist_field:
        blobs = [bytes(v) if v else b"" for v in values]
        counts, means = grouped_means(codes, blobs, groups, below=settings.IMPACT_SAME_DAY_MINUTES)
        w, y = counts.astype(float), means
    else:
        measured = np.bincount(codes, weights=np.asarray(values, dtype=float), minlength=groups)
        within = np.bincount(codes, weights=np.asarray(extra, dtype=float), minlength=groups)
        with np.errstate(invalid="ignore", divide="ignore"):
            y = np.where(measured > 0, 100.0 * within / np.where(measured > 0, measured, 1), np.nan)
        w = measured
    out = uniques.to_frame(index=False)
    out.columns = ["id", "period"]
    out["y"], out["w"] = y, w
    return out


def officer_panel(
    actor: Actor, *, service: ServiceType, metric: str, start: int, end: int, trained: Mapping[int, date]
) -> Panel:
    """One row per officer × month of the service's tickets they served."""
    rows = quality_access.day_rollups_for(actor).filter(
        service_id=service.pk, officer__isnull=False, day__gte=month_start(start), day__lte=month_end(end)
    )
    frame = _cells(rows, "officer_id", metric)
    firsts = {officer: month_index(day) + 1 for officer, day in trained.items()}
    frame["first"] = frame["id"].map(firsts).astype("float")
    return Panel(frame, "percent" if metric == "within_sla" else "minutes")


def unit_trained_shares(
    actor: Actor, *, start: int, end: int, trained: Mapping[int, date]
) -> dict[int, dict[int, tuple[int, int]]]:
    """Per unit and month m: (officers trained before m began, officers who served tickets there in the
    three months before m) — the unit's front-line staff and how many of them had been trained."""
    rows = quality_access.day_rollups_for(actor).filter(
        officer__isnull=False, day__gte=month_start(start - STAFF_LOOKBACK_MONTHS), day__lte=month_end(end)
    )
    served: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    months = rows.annotate(m=TruncMonth("day")).values_list("unit_id", "officer_id", "m").distinct()
    for unit_id, officer_id, month in months.iterator(chunk_size=5000):
        served[unit_id][month_index(month)].add(officer_id)
    trained_from = {officer: month_index(day) + 1 for officer, day in trained.items()}
    shares: dict[int, dict[int, tuple[int, int]]] = {}
    for unit_id, by_month in served.items():
        shares[unit_id] = {}
        for m in range(start, end + 1):
            staff: set[int] = set()
            for back in range(1, STAFF_LOOKBACK_MONTHS + 1):
                staff |= by_month.get(m - back, set())
            if staff:
                done = sum(1 for officer in staff if trained_from.get(officer, m + 1) <= m)
                shares[unit_id][m] = (done, len(staff))
    return shares


def unit_treatment_months(
    actor: Actor, *, start: int, end: int, trained: Mapping[int, date], threshold: float
) -> dict[int, int]:
    """The first month of each unit by whose start `threshold` of its recent officers had been trained."""
    firsts: dict[int, int] = {}
    for unit_id, by_month in unit_trained_shares(actor, start=start, end=end, trained=trained).items():
        for m in sorted(by_month):
            done, staff = by_month[m]
            if done / staff >= threshold:
                firsts[unit_id] = m
                break
    return firsts


def unit_panel(
    actor: Actor,
    *,
    service: ServiceType,
    metric: str,
    start: int,
    end: int,
    trained: Mapping[int, date],
    threshold: float,
) -> Panel:
    """One row per unit × month of the service (units with tickets; the month tier of the rollups)."""
    rows = quality_access.month_rollups_for(actor).filter(
        service_id=service.pk, month__gte=month_start(start), month__lte=month_start(end)
    )
    frame = _cells(rows, "unit_id", metric)
    firsts = unit_treatment_months(actor, start=start, end=end, trained=trained, threshold=threshold)
    frame["first"] = frame["id"].map(firsts).astype("float")
    return Panel(frame, "percent" if metric == "within_sla" else "minutes")
