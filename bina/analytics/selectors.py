"""Reads of the impact of training on public service (issue 11, §2): one question, one answer.

`impact_query_parse` turns what a command, the API or a page was given into an `ImpactQuery` (or a
`ValidationFailed` naming each bad field); `impact_estimate` builds the panel the actor may read and
runs the estimator (`bina.analytics.estimators`). Every face prints the same `ImpactResult.as_dict()`.
Event-study months observed for fewer than `MIN_CELL_PEOPLE` officers or units are withheld (no cell
of fewer than 5 people), whoever asks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from bina.analytics import panels
from bina.analytics.permissions import can_estimate_impact
from bina.core.actor import Actor
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.core.public import MIN_CELL_PEOPLE
from bina.quality.access import get_service_type_for_user
from bina.training.facade import training_end_dates

MAX_TRAININGS = 20
MAX_MONTHS = 72
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class ImpactQuery:
    service: str
    metric: str
    level: str
    trainings: tuple[str, ...]
    start: int  # month index (year × 12 + month − 1)
    end: int
    threshold: float = 0.5


def _month(value: str | None, name: str, problems: list[dict[str, str]]) -> int | None:
    match = _MONTH.match(value or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        problems.append({"field": name, "message": _("Expected a month as YYYY-MM, got %(value)r.") % {"value": value}})
        return None
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def impact_query_parse(
    *,
    service: str | None,
    metric: str | None,
    level: str | None,
    trainings: Sequence[str],
    start: str | None,
    end: str | None,
    threshold: float | str | None = None,
) -> ImpactQuery:
    """The one check of an impact question, whichever face asked it."""
    problems: list[dict[str, str]] = []
    if not (service or "").strip():
        problems.append({"field": "service", "message": _("Name the service (its code, e.g. KTP-EL).")})
    if metric not in panels.METRICS:
        problems.append(
            {"field": "metric", "message": _("The metric is one of: %(names)s.") % {"names": ", ".join(panels.METRICS)}}
        )
    if level not in panels.LEVELS:
        problems.append(
            {"field": "level", "message": _("The level is one of: %(names)s.") % {"names": ", ".join(panels.LEVELS)}}
        )
    names = tuple(dict.fromkeys(t.strip() for t in trainings if t and t.strip()))
    if not names:
        problems.append({"field": "training", "message": _("Name at least one training (course code or name).")})
    elif len(names) > MAX_TRAININGS or any(len(t) > 200 for t in names):
        problems.append(
            {
                "field": "training",
                "message": _("At most %(n)s trainings of 200 characters each.") % {"n": MAX_TRAININGS},
            }
        )
    first, last = _month(start, "from", problems), _month(end, "to", problems)
    if first is not None and last is not None and not 0 <= last - first < MAX_MONTHS:
        problems.append(
            {"field": "to", "message": _("The period runs forward, at most %(n)s months.") % {"n": MAX_MONTHS}}
        )
    share = 0.5
    if threshold not in (None, ""):
        try:
            share = float(threshold)
        except ValueError:
            share = -1.0
        if not 0 < share <= 1:
            problems.append({"field": "threshold", "message": _("The threshold is a share above 0 and at most 1.")})
    if problems:
        raise ValidationFailed(_("The impact question is incomplete."), code="invalid_query", details=problems)
    assert first is not None and last is not None and metric and level and service
    return ImpactQuery(service.strip(), metric, level, names, first, last, share)


@dataclass(frozen=True)
class ImpactResult:
    query: ImpactQuery
    outcome_unit: str
    estimate: dict[str, Any]
    withheld: list[int] = field(default_factory=list)  # event months withheld (fewer than 5 units)

    def as_dict(self) -> dict[str, Any]:
        q = self.query
        out = {
            "service": q.service,
            "metric": q.metric,
            "level": q.level,
            "trainings": list(q.trainings),
            "from": panels.month_start(q.start).strftime("%Y-%m"),
            "to": panels.month_start(q.end).strftime("%Y-%m"),
            "threshold": q.threshold if q.level == "unit" else None,
            "outcome_unit": self.outcome_unit,
        }
        out.update(self.estimate)
        return out


def impact_estimate(*, actor: Actor, query: ImpactQuery) -> ImpactResult:
    """The estimate over what the actor may read (their units' officers or units)."""
    from bina.analytics import estimators  # pandas/pyfixest: loaded by whoever estimates, not at start-up

    if not can_estimate_impact(actor):
        raise PermissionDenied(_("Only the Pemda's admin and leaders estimate the impact of training."))
    service = get_service_type_for_user(actor, query.service)
    trained: dict[int, date] = training_end_dates(actor, trainings=query.trainings)
    if query.level == "officer":
        panel = panels.officer_panel(
            actor, service=service, metric=query.metric, start=query.start, end=query.end, trained=trained
        )
    else:
        panel = panels.unit_panel(
            actor,
            service=service,
            metric=query.metric,
            start=query.start,
            end=query.end,
            trained=trained,
            threshold=query.threshold,
        )
    result = estimators.estimate(
        panel.frame,
        min_treated=settings.IMPACT_MIN_TREATED,
        min_control=settings.IMPACT_MIN_CONTROL,
        pretrend_alpha=settings.IMPACT_PRETREND_ALPHA_PERMILLE / 1000,
    ).as_dict()
    withheld = []
    for point in result["event_study"]:
        if point["n"] < MIN_CELL_PEOPLE:
            withheld.append(point["e"])
            point.update(coef=None, ci_low=None, ci_high=None)
    return ImpactResult(query, panel.unit_label, result, withheld)
