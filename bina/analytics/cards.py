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
