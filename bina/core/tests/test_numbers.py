"""Numbers in Indonesian conventions (the default language) and in English, from the one formatter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from bina.core.numbers import format_number, format_percent, format_share


@pytest.fixture
def indonesian():
    with translation.override("id"):
        yield


def test_indonesian_writes_a_decimal_comma_and_a_thousands_dot(indonesian):
    assert format_number(6.2, 1) == "6,2"
    assert format_number(485000) == "485.000"
    assert format_number(1234567.891, 2) == "1.234.567,89"
    assert format_percent(6.2) == "6,2%"
    assert format_share(31, 500) == "6,2%"


def test_halves_round_up_and_zero_has_no_sign(indonesian):
    assert format_number(2.45, 1) == "2,5"
    assert format_number(Decimal("0.125"), 2) == "0,13"
    assert format_number(-0.04, 1) == "0,0"


def test_trim_drops_a_zero_fraction_only(indonesian):
    assert format_number(Decimal("8.0"), 1, trim=True) == "8"
    assert format_number(Decimal("20.5"), 1, trim=True) == "20,5"
    assert format_percent(100) == "100%"


def test_no_grouping_for_years_and_a_dash_for_no_value(indonesian):
    assert format_number(2026, grouping=False) == "2026"
    assert format_number(None) == "–"
    assert format_share(1, 0) == "–"


def test_english_follows_its_own_conventions():
    with translation.override("en"):
        assert format_number(485000.5, 1) == "485,000.5"
        assert format_percent(6.2) == "6.2%"


def test_template_filters_use_the_same_formatter(indonesian):
    rendered = Template("{% load bina_numbers %}{{ n|number }} {{ jp|number:1 }} {{ share|percent }}").render(
        Context({"n": 485000, "jp": Decimal("8.50"), "share": 6.25})
    )
    assert rendered == "485.000 8,5 6,3%"
