"""Stored reasons (`bina.core.reasons`): a code and params, rendered in the reader's language (issue 8.5)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from bina.core.reasons import reason_combine, reason_display, reason_render, register_reason


@pytest.fixture(autouse=True)
def _codes():
    register_reason("test_below", gettext_lazy("attendance %(pct)s%% < %(min)s%%"), numbers=("pct", "min"))
    register_reason("test_plain", gettext_lazy("no post-test score"))


def test_the_same_code_renders_in_each_readers_language():
    params = {"pct": "62.5", "min": "80"}
    with translation.override("id"):
        assert reason_render("test_below", params) == "kehadiran 62,5% < 80%"
    with translation.override("en"):
        assert reason_render("test_below", params) == "attendance 62.5% < 80%"


def test_numbers_keep_their_digits_and_follow_the_language():
    with translation.override("id"):
        assert reason_render("test_below", {"pct": "1234.25", "min": "0"}) == "kehadiran 1.234,25% < 0%"
    with translation.override("en"):
        assert reason_render("test_below", {"pct": 70, "min": "not a number"}) == "attendance 70% < not a number%"


def test_unknown_code_and_broken_params_render_safely():
    assert reason_render("", {"x": 1}) == ""
    assert reason_render("no_such_code", {"x": 1}) == "no_such_code"  # never raises, never empty
    with translation.override("en"):
        assert reason_render("test_below", {}) == "attendance –% < –%"  # a missing parameter is a dash
        assert reason_render("test_below", None) == "attendance –% < –%"
        assert reason_render("test_below", ["not", "a", "mapping"]) == "attendance –% < –%"  # type: ignore[arg-type]
        assert reason_render("several", {"reasons": "junk"}) == ""


def test_several_reasons_are_one_stored_code_rendered_together():
    code, params = reason_combine([("test_below", {"pct": "50", "min": "80"}), ("test_plain", {})])
    assert code == "several"
    assert params == {
        "reasons": [{"code": "test_below", "params": {"pct": "50", "min": "80"}}, {"code": "test_plain", "params": {}}]
    }
    with translation.override("id"):
        assert reason_render(code, params) == "kehadiran 50% < 80%; tidak ada nilai post-test"
    assert reason_combine([]) == ("", {})
    assert reason_combine([("test_plain", {})]) == ("test_plain", {})


def test_a_persons_words_stay_as_typed_next_to_the_coded_reason():
    with translation.override("en"):
        assert reason_display("", {}, "Cuti melahirkan") == "Cuti melahirkan"
        assert reason_display("test_plain", {}, "") == "no post-test score"
        assert reason_display("test_plain", {}, " sakit ") == "no post-test score — sakit"
