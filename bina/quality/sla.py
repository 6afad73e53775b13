"""Whether one service transaction met its SLA (issue 10, §2).

A counter service has an SLA in minutes: within it when total = finished − arrival ≤ SLA. A document
issued later has an SLA in working days: within it when it was finished on or before the arrival date
plus N working days (`bina.quality.workdays`, the Pemda's holiday calendar). Only completed
transactions (`selesai` with a finish time) are measured; the others answer None.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from bina.quality.workdays import add_working_days


def within_sla(
    *,
    arrived_at: datetime,
    finished_at: datetime | None,
    completed: bool,
    sla_minutes: int | None,
    sla_working_days: int | None,
    holidays: Collection[date],
) -> bool | None:
    """`arrived_at`/`finished_at` in the Pemda's local time (the date is the local date)."""
    if not completed or finished_at is None:
        return None
    if sla_minutes is not None:
        return (finished_at - arrived_at).total_seconds() <= sla_minutes * 60
    if sla_working_days is not None:
        return finished_at.date() <= add_working_days(arrived_at.date(), sla_working_days, holidays)
    return None


def durations(
    *, arrived_at: datetime, called_at: datetime | None, finished_at: datetime | None
) -> tuple[int | None, int | None, int | None]:
    """(wait, processing, total) in whole seconds: called − arrival, finished − called, finished − arrival."""

    def seconds(a: datetime | None, b: datetime | None) -> int | None:
        return None if a is None or b is None else int((b - a).total_seconds())

    return seconds(arrived_at, called_at), seconds(called_at, finished_at), seconds(arrived_at, finished_at)
