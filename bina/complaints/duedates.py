"""Due dates of a complaint's stages, in the Pemda's working days (pure functions, worked examples in tests).

The rules (docs: /shared/domain, SP4N-LAPOR! working rules; Perpres 76/2013), each configurable per Pemda
in `ComplaintSettings`:
- verification and forwarding (disposisi) by the admin within `verify_days` (3) working days of receipt
  (or of the day a postponed complaint is taken up again): one window for the stages *diterima* and
  *diverifikasi*;
- the unit's coordination and follow-up within `followup_days` (5) working days of the disposition;
- a followed-up complaint closes as *selesai* after `close_days` (10) working days without a reply;
- settled within `settle_days` (60) days after the file is complete, read as calendar days and counted
  from the verification.
Working days exclude Saturdays, Sundays and the Pemda's holiday calendar (`bina.quality.workdays`).
A stage is due at the end (23:59:59) of its last day in the Pemda's zone: a complaint received on
Friday afternoon with 3 working days is due on Wednesday 23:59:59.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bina.quality.workdays import add_working_days

END_OF_DAY = time(23, 59, 59)


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=zone)


def working_days_due(start: datetime, days: int, holidays: Collection[date], zone: ZoneInfo) -> datetime:
    """The end of the `days`-th working day after `start`'s local date (the start day itself not counted)."""
    local = start.astimezone(zone).date()
    return end_of_day(add_working_days(local, days, holidays), zone)


def calendar_days_due(start: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The end of the local day `days` calendar days after `start` (Perpres 76/2013's 60 days)."""
    return end_of_day(start.astimezone(zone).date() + timedelta(days=days), zone)


def horizon(start: datetime, days: int) -> date:
    """A date surely past `days` working days from `start` (to load only the holidays that matter)."""
    return start.date() + timedelta(days=days * 2 + 40)
