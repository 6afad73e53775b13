"""Dates, times and money in Bahasa Indonesia's conventions (the default) and in English, everywhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from bina.core.dates import format_date, format_datetime, format_time, humanize_params
from bina.core.numbers import format_money

JAKARTA = ZoneInfo("Asia/Jakarta")
TUESDAY_8 = dt.datetime(2026, 12, 8, 1, 0, tzinfo=dt.UTC)  # 08.00 WIB


def render(source: str, **context) -> str:
    return Template("{% load bina_numbers %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("lang", "day", "moment", "time", "money"),
    [
        ("id", "12 Des 2026", "Sel, 8 Des 2026 08.00", "08.00", "Rp485.000.000"),
        ("en", "12 Dec 2026", "Tue, 8 Dec 2026 08:00", "08:00", "Rp485,000,000"),
    ],
)
def test_python_formatters_follow_the_language(lang, day, moment, time, money):
    with translation.override(lang):
        assert format_date(dt.date(2026, 12, 12)) == day
        assert format_datetime(TUESDAY_8, zone=JAKARTA) == moment
        assert format_time(TUESDAY_8, zone="Asia/Jakarta") == time
        assert format_money(Decimal("485000000")) == money


def test_templates_write_dates_and_money_the_indonesian_way():
    with translation.override("id"), timezone.override(JAKARTA):
        out = render(
            '{{ d|date }}|{{ t|date:"DATETIME_FORMAT" }}|{{ t|date:"SHORT_DATETIME_FORMAT" }}|{{ t|time }}'
            '|{{ d|date:"MONTH_DAY_FORMAT" }}|{{ b|rupiah }}|{{ p|percent }}|{{ d }}|{{ x }}',
            d=dt.date(2026, 12, 15),
            t=TUESDAY_8,
            b=485000000,
            p=6.2,
            x=Decimal("2.5"),
        )
    assert out == "15 Des 2026|Sel, 8 Des 2026 08.00|8 Des 2026 08.00|08.00|15 Des|Rp485.000.000|6,2%|15 Des 2026|2,5"


def test_message_parameters_are_written_for_the_reader():
    params = {"day": dt.date(2026, 12, 12), "jp": Decimal("2.5"), "at": dt.time(8, 0), "n": 3, "name": "Ani"}
    with translation.override("id"):
        assert humanize_params(params) == {"day": "12 Des 2026", "jp": "2,5", "at": "08.00", "n": 3, "name": "Ani"}
    with translation.override("en"):
        assert humanize_params(params)["day"] == "12 Dec 2026"


def test_no_money_is_a_dash_and_a_debt_has_its_sign():
    with translation.override("id"):
        assert format_money(None) == "–"
        assert format_money(-1000) == "-Rp1.000"
        assert render("{{ b|rupiah }}", b=None) == "–"


def test_pdf_cells_print_dates_and_numbers_for_the_reader():
    from bina.reports.formats import pdf_text

    with translation.override("id"), timezone.override(JAKARTA):
        assert pdf_text(dt.date(2026, 12, 12)) == "12 Des 2026"
        assert pdf_text(TUESDAY_8) == "8 Des 2026 08.00"
        assert pdf_text(6.25) == "6,25"
