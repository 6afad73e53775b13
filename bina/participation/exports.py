"""The participation table as CSV/XLSX (`participation.figures`): the rows the page shows, withheld cells
left empty and marked, so a download never says more than the page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.participation.permissions import can_view_participation
from bina.participation.selectors import ParticipationRow, participation_table
from bina.reports.registry import Report, ReportData, register
from bina.training.facade import AbsenceReason


def _columns() -> list[str]:
    head = [
        _("Group"),
        _("People"),
        _("Trained this year"),
        _("Trained (%)"),
        _("Median JP"),
        _("At 20 JP (%)"),
        _("Not trained in two years (%)"),
        _("Declines"),
        _("No-shows"),
    ]
    reasons = [str(label) for _value, label in AbsenceReason.choices]
    tail = [
        _("Technology-based courses: refused (%)"),
        _("Classical courses: refused (%)"),
        _("Nominations answered"),
        _("Median days to answer"),
        _("Withheld (fewer than 5 people)"),
    ]
    return head + [_("Reason: %(reason)s") % {"reason": r} for r in reasons] + tail


def _line(row: ParticipationRow) -> list[Any]:
    if row.suppressed:
        return [row.label] + [None] * (len(_columns()) - 2) + [_("yes")]
    reasons = [d + n for _value, _label, d, n in row.reasons]
    return [
        row.label,
        row.people,
        row.trained,
        row.trained_pct,
        float(row.jp_median) if row.jp_median is not None else None,
        row.at_target_pct,
        row.untrained_two_years_pct,
        row.declines,
        row.no_shows,
        *reasons,
        row.technology_refused_pct,
        row.classical_refused_pct,
        row.nominations_answered,
        row.answer_days_median,
        "",
    ]


def build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    table = participation_table(actor, year=int(params["year"]), dimension=str(params["dimension"]))

    def rows() -> Iterator[Sequence[Any]]:
        for row in table.rows:
            yield _line(row)
        yield _line(table.total)

    return ReportData(
        rows=rows() if table.rows else iter(()),
        filename=f"partisipasi-{table.dimension}-{table.year}",
        title=_("Participation in training %(year)s") % {"year": table.year},
        subtitle=[_("Per %(dimension)s") % {"dimension": table.dimension_label}],
    )


register(
    Report(
        key="participation.figures",
        title=lambda: _("Participation in training"),
        columns=_columns,
        build=build,
        formats=("csv", "xlsx"),
        permission=can_view_participation,
        text_columns=(0,),
        personal=False,
    )
)
