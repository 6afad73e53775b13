"""Working days: the calendar every SLA and complaint due date counts in.

A working day is Monday to Friday and not in the Pemda's holiday calendar (national holidays and cuti
bersama of the SKB 3 Menteri, plus local days the Pemda adds). Pure functions over a set of dates, so
the SLA rule (`bina.quality.sla`), the complaint stages and their tests share one definition.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

SATURDAY = 5


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The `days`-th working day after `start` (`start` itself is not counted).

    `add_working_days(Fri, 1)` is the next Monday; with `days` = 0 it is `start` itself, or the next
    working day when `start` is not one (a request filed on Saturday is handled from Monday).
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    day = start
    if days == 0:
        while not is_working_day(day, holidays):
            day += timedelta(days=1)
        return day
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count
