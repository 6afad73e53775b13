"""The simulations section of the class evaluation report (`bina.evaluation.hooks`, order 50).

Built from `selectors.class_simulation_summary`, the same figures the role-play page and the API give: the mean
level per rubric criterion, the inter-rater agreement (which statistic, its value, on how many items) and the
first and last attempts of participants who performed twice or more. Readers of the report who do not run the
class's role-play (a leader, say) get no section rather than a refusal of the whole report.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import PermissionDenied
from bina.core.numbers import format_number
from bina.evaluation.hooks import ReportSection


def simulation_report_section(actor: Actor, klass: Any) -> ReportSection | None:
    from bina.simulations.selectors import class_simulation_summary

    try:
        summary = class_simulation_summary(actor=actor, klass=klass)
    except PermissionDenied:
        return None
    if not summary["performances"]:
        return None
    agreement = summary["agreement"]
    notes = [
        _("%(scored)s of %(n)s performances scored against the rubric (levels 1–4).")
        % {"scored": format_number(summary["scored"]), "n": format_number(summary["performances"])}
    ]
    if agreement["value"] is not None:
        notes.append(
            _("Agreement between observers: %(method)s %(value)s over %(items)s ratings.")
            % {
                "method": agreement["method"],
                "value": format_number(agreement["value"], 2),
                "items": format_number(agreement["items"]),
            }
        )
    first_last = summary["first_last"]
    if first_last["participants"]:
        notes.append(
            _("First and last attempts of %(n)s participants: %(first)s → %(last)s (score 0–100).")
            % {
                "n": format_number(first_last["participants"]),
                "first": format_number(first_last["first_mean"], 1),
                "last": format_number(first_last["last_mean"], 1),
            }
        )
    return ReportSection(
        title=_("Simulations (role-play)"),
        columns=[_("Criterion"), _("Competency"), _("Mean level"), _("Ratings")],
        rows=[
            [row["criterion"], row["competency"], format_number(row["mean_level"], 2), format_number(row["n"])]
            for row in summary["criteria"]
        ],
        notes=notes,
    )


def simulation_report_headers() -> list[str]:
    return [_("Role-play mean score (0–100)")]


def simulation_report_columns(actor: Actor, classes: Any) -> dict[int, list[str]]:
    """The column of the evaluation report across classes: the mean rubric score and how many performances."""
    from bina.simulations.selectors import classes_simulation_scores

    return {
        pk: [f"{format_number(score, 1)} ({format_number(n)})" if score is not None else "–"]
        for pk, (n, score) in classes_simulation_scores(actor=actor, classes=classes).items()
    }
