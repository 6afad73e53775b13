"""The analytics home card: the latest impact estimates, for the admin and leaders (thin over `chain`)."""

from __future__ import annotations

from typing import Any

from bina.analytics.access import impact_runs_for, reach_of
from bina.analytics.permissions import can_estimate_impact
from bina.analytics.selectors import impact_reasons, impact_sentence
from bina.core.actor import Actor
from bina.jobs.models import JobStatus


def impact_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    """The three latest finished estimates over the actor's reach, credible ones as a sentence."""
    if not can_estimate_impact(actor):
        return None
    reach = reach_of(actor)
    items = []
    for run in impact_runs_for(actor).filter(status=JobStatus.DONE).order_by("-finished_at")[:20]:
        if run.reach != reach or not run.result:
            continue
        items.append(
            {
                "result": run.result,
                "sentence": impact_sentence(run.result, service_name=run.result["service"]),
                "reasons": impact_reasons(run.result),
            }
        )
        if len(items) == 3:
            break
    from bina.analytics.monthly import monthly_report_subscribed

    return {"items": items, "subscribed": monthly_report_subscribed(actor)}


def _year_classes(actor: Actor, year: int) -> list[Any]:
    from bina.training.facade import ClassStatus, classes_for

    return list(
        classes_for(actor)
        .filter(ends_on__year=year)
        .exclude(status__in=(ClassStatus.DRAFT, ClassStatus.CANCELLED))
        .order_by("ends_on", "code")
    )


def learning_figures(actor: Actor, classes: list[Any]) -> dict[str, Any]:
    """Level 2 of these classes from assessments' own figures: classes with paired pre/post scores and the
    mean of their class-average gains ⟨g⟩ (each class's Hake gain, unweighted), banded as a class's is."""
    from bina.assessments.gains import gain_band
    from bina.assessments.selectors import classes_learning_figures

    summaries = classes_learning_figures(actor=actor, classes=classes)
    gains = [s.class_gain for s in summaries.values() if s.paired and s.class_gain is not None]
    mean_gain = sum(gains) / len(gains) if gains else None
    return {
        "classes": sum(1 for s in summaries.values() if s.paired),
        "participants": sum(s.paired for s in summaries.values()),
        "mean_gain": mean_gain,
        "band": gain_band(mean_gain),
        "by_class": summaries,
    }


def evaluation_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    """The year's evaluation in the actor's reach for the admin and leaders: reaction (level 1, only classes
    with the minimum of answers), learning (level 2) and role-play; every figure from its app's selectors."""
    if not can_estimate_impact(actor):
        return None
    from django.utils import timezone

    from bina.evaluation.selectors import classes_reaction_figures
    from bina.simulations.selectors import classes_simulation_figures

    year = timezone.localdate().year
    classes = _year_classes(actor, year)
    if not classes:
        return None
    simulations = classes_simulation_figures(actor, [k.pk for k in classes])
    values = [value for _kind, value in simulations.agreement]
    return {
        "year": year,
        "classes": len(classes),
        "reaction": classes_reaction_figures(actor, classes),
        "learning": learning_figures(actor, classes),
        "simulations": simulations,
        "agreement_low": min(values) if values else None,
        "agreement_high": max(values) if values else None,
    }
