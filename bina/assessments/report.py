"""The learning section of the class evaluation report (`bina.evaluation.hooks`, order 30): Kirkpatrick level 2.

Built from `selectors.class_learning_summary`, the same figures the class results page and the API give: per
participant the pre-test and post-test (percent of the maximum), the normalised gain g (undefined when the
pre-test was already at the maximum, shown as such, never 0) and its band; under the heading Hake's class-average
⟨g⟩ (from the class means) and, named apart, the mean of the individual gains, with the counts behind them.
Readers who may not see the participants (a leader) get the counts without the rows; readers the selector refuses
get no section rather than a refusal of the whole report.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import PermissionDenied
from bina.core.numbers import format_number
from bina.evaluation.hooks import ReportSection


def _band(band: str | None) -> str:
    labels = {"high": _("high"), "medium": _("medium"), "low": _("low")}
    return labels.get(band or "", "–")


def _num(value: float | None, digits: int) -> str:
    return "–" if value is None else format_number(value, digits, trim=False)


def _gain(value: float | None) -> str:
    return _("undefined") if value is None else format_number(value, 2, trim=False)


def learning_report_section(actor: Actor, klass: Any) -> ReportSection | None:
    from bina.assessments.selectors import class_learning_summary

    try:
        s = class_learning_summary(actor=actor, klass=klass)
    except PermissionDenied:
        return None
    if not s.with_pre and not s.with_post:
        return None
    notes = [
        _("%(paired)s of %(n)s participants sat both tests (pre-test %(pre)s, post-test %(post)s).")
        % {
            "paired": format_number(s.paired),
            "n": format_number(s.participants),
            "pre": format_number(s.with_pre),
            "post": format_number(s.with_post),
        },
        _("Mean score before → after: %(pre)s → %(post)s (percent of the maximum).")
        % {"pre": _num(s.mean_pre, 1), "post": _num(s.mean_post, 1)},
        _("Class-average gain ⟨g⟩ (from the class means): %(g)s, band %(band)s.")
        % {"g": _gain(s.class_gain), "band": _band(s.class_band)},
        _("Mean of individual gains (a different figure): %(g)s.") % {"g": _gain(s.mean_individual_gain)},
        _("High / medium / low: %(high)s / %(medium)s / %(low)s; undefined (pre-test at the maximum): %(undef)s.")
        % {
            "high": format_number(s.band_counts.get("high", 0)),
            "medium": format_number(s.band_counts.get("medium", 0)),
            "low": format_number(s.band_counts.get("low", 0)),
            "undef": format_number(s.undefined_gains),
        },
    ]
    rows = [
        [
            f"{r.name} ({r.nip})",
            _num(r.pre, 1),
            _num(r.post, 1),
            _gain(r.g) if r.undefined or r.g is not None else "–",
            _band(r.band),
        ]
        for r in s.rows
    ]
    return ReportSection(
        title=_("Learning (level 2): pre-test and post-test"),
        columns=[_("Participant"), _("Pre-test (%)"), _("Post-test (%)"), _("Gain g"), _("Band")],
        rows=rows,
        notes=notes,
    )


def learning_report_headers() -> list[str]:
    return [_("Class-average gain ⟨g⟩"), _("Band")]


def learning_report_columns(actor: Actor, classes: Any) -> dict[int, list[str]]:
    """The columns of the evaluation report across classes: Hake's ⟨g⟩ of each class and its band (figures
    without names, for the classes whose learning figures the actor sees)."""
    from bina.assessments.selectors import classes_learning_figures

    return {
        pk: [_gain(s.class_gain) if s.paired else "–", _band(s.class_band)]
        for pk, s in classes_learning_figures(actor=actor, classes=list(classes)).items()
    }
