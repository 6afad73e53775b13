"""Scoping of impact runs: the Pemda's, for whoever may estimate; each run is keyed by the reach it read."""

from __future__ import annotations

from django.db.models import QuerySet

from bina.analytics.models import ImpactRun
from bina.analytics.permissions import can_estimate_impact
from bina.core.actor import Actor


def impact_runs_for(actor: Actor) -> QuerySet[ImpactRun]:
    if actor.pemda_id is None or not can_estimate_impact(actor):
        return ImpactRun.objects.none()
    return ImpactRun.objects.filter(pemda_id=actor.pemda_id)


def reach_of(actor: Actor) -> dict[str, object]:
    """The reach an estimate reads, as stored with its run (part of the run's key)."""
    reach = actor.read_reach()
    return {"whole_pemda": reach.whole_pemda, "paths": sorted(reach.paths) if not reach.whole_pemda else []}
