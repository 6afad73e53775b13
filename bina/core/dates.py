"""Dates and times as people read them, in the active language (formats in `bina/core/formats/<lang>/`).

Bahasa Indonesia: `12 Des 2026`, `Sel, 8 Des 2026 08.00`, `08.00`; English: `12 Dec 2026`,
`Tue, 8 Dec 2026 08:00`. Templates use Django's filters with the named formats (`{{ d|date }}`,
`{{ dt|date:"DATETIME_FORMAT" }}`, `{{ dt|date:"SHORT_DATETIME_FORMAT" }}`, `{{ t|time }}`); Python code
(messages, PDFs, XLSX cells meant for reading) uses these functions. ISO stays for machines (APIs, CSV
columns that other systems read, `<input type=date>`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format, time_format

from bina.core.numbers import format_number


def _local(value: dt.datetime, zone: dt.tzinfo | str | None) -> dt.datetime:
    if timezone.is_naive(value):
        return value
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return timezone.localtime(value, tz)


def format_date(value: dt.date | dt.datetime | None, fmt: str = "DATE_FORMAT", *, empty: str = "–") -> str:
    """`12 Des 2026`; `fmt="MONTH_DAY_FORMAT"` writes `15 Des`. A datetime is shown in the current zone."""
    if value is None:
        return empty
    if isinstance(value, dt.datetime):
        value = _local(value, None)
    return date_format(value, fmt)


def format_datetime(
    value: dt.datetime | None, fmt: str = "DATETIME_FORMAT", *, zone: dt.tzinfo | str | None = None, empty: str = "–"
) -> str:
    """`Sel, 8 Des 2026 08.00` in `zone` (the Pemda's, when given; else the current one).

    `fmt="SHORT_DATETIME_FORMAT"` writes `8 Des 2026 08.00` (tables, messages).
    """
    if value is None:
        return empty
    return date_format(_local(value, zone), fmt)


def format_time(value: dt.datetime | dt.time | None, *, zone: dt.tzinfo | str | None = None, empty: str = "–") -> str:
    """`08.00` (`08:00` in English)."""
    if value is None:
        return empty
    if isinstance(value, dt.datetime):
        value = _local(value, zone)
    return time_format(value, "TIME_FORMAT")


def humanize(value: Any) -> Any:
    """A message parameter written for a reader: dates, times and numbers in the active language's conventions."""
    if isinstance(value, dt.datetime):
        return format_datetime(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return format_time(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (Decimal, float)):
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
        decimals = min(max(0, -exponent), 2) if isinstance(exponent, int) else 0
        return format_number(value, decimals)
    return value


def humanize_params(params: dict[str, Any]) -> dict[str, Any]:
    return {key: humanize(value) for key, value in params.items()}
