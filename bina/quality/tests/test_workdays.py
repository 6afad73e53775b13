"""Working days and the SLA rule on worked examples (weekends, a national holiday, cuti bersama)."""

from datetime import date, datetime

import pytest

from bina.quality.sla import durations, within_sla
from bina.quality.workdays import add_working_days, is_working_day, working_days_between

# 2026-03-19 (Thu) Nyepi and 2026-03-20 (Fri) cuti bersama in this example calendar.
HOLIDAYS = frozenset({date(2026, 3, 19), date(2026, 3, 20)})


def test_weekend_and_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2026, 3, 18), HOLIDAYS)  # Wednesday
    assert not is_working_day(date(2026, 3, 19), HOLIDAYS)
    assert not is_working_day(date(2026, 3, 21), HOLIDAYS)  # Saturday


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 3, 16), 1, date(2026, 3, 17)),  # Mon + 1 = Tue
        (date(2026, 3, 13), 1, date(2026, 3, 16)),  # Fri + 1 skips the weekend
        (date(2026, 3, 18), 1, date(2026, 3, 23)),  # Wed + 1 skips Thu holiday, Fri cuti bersama, weekend
        (date(2026, 3, 16), 5, date(2026, 3, 25)),  # Mon + 5 with two days off in between
        (date(2026, 3, 21), 0, date(2026, 3, 23)),  # filed on Saturday: handled from Monday
        (date(2026, 3, 21), 3, date(2026, 3, 25)),  # Sat + 3 = Wed
    ],
)
def test_add_working_days(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days, HOLIDAYS) == expected


def test_working_days_between_counts_the_end_day() -> None:
    assert working_days_between(date(2026, 3, 16), date(2026, 3, 25), HOLIDAYS) == 5
    assert working_days_between(date(2026, 3, 25), date(2026, 3, 16), HOLIDAYS) == 0


def test_minutes_sla_compares_the_total_time() -> None:
    arrived = datetime(2026, 3, 16, 8, 0)
    assert within_sla(
        arrived_at=arrived,
        finished_at=datetime(2026, 3, 16, 8, 30),
        completed=True,
        sla_minutes=30,
        sla_working_days=None,
        holidays=HOLIDAYS,
    )
    assert not within_sla(
        arrived_at=arrived,
        finished_at=datetime(2026, 3, 16, 8, 30, 1),
        completed=True,
        sla_minutes=30,
        sla_working_days=None,
        holidays=HOLIDAYS,
    )


def test_working_day_sla_counts_from_the_arrival_date() -> None:
    arrived = datetime(2026, 3, 18, 15, 0)  # Wednesday before Nyepi
    kwargs = dict(arrived_at=arrived, completed=True, sla_minutes=None, sla_working_days=1, holidays=HOLIDAYS)
    assert within_sla(finished_at=datetime(2026, 3, 23, 16, 0), **kwargs)  # next working day: Monday
    assert not within_sla(finished_at=datetime(2026, 3, 24, 9, 0), **kwargs)


def test_unfinished_or_cancelled_is_not_measured() -> None:
    assert (
        within_sla(
            arrived_at=datetime(2026, 3, 16, 8),
            finished_at=None,
            completed=True,
            sla_minutes=30,
            sla_working_days=None,
            holidays=HOLIDAYS,
        )
        is None
    )


def test_durations_in_seconds() -> None:
    assert durations(
        arrived_at=datetime(2026, 3, 16, 8, 0),
        called_at=datetime(2026, 3, 16, 8, 12),
        finished_at=datetime(2026, 3, 16, 8, 20, 30),
    ) == (720, 510, 1230)
    assert durations(arrived_at=datetime(2026, 3, 16, 8, 0), called_at=None, finished_at=None) == (None, None, None)
