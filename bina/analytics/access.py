"""Scoping of impact runs (the Pemda's, for whoever may estimate; each run is keyed by the reach it read) and of
the learner records exported as xAPI statements."""

from __future__ import annotations

from django.db.models import QuerySet

from bina.analytics.models import ImpactRun
from bina.analytics.permissions import can_estimate_impact
from bina.core.actor import Actor
from bina.training.facade import Enrolment, enrolments_for


def impact_runs_for(actor: Actor) -> QuerySet[ImpactRun]:
    if actor.pemda_id is None or not can_estimate_impact(actor):
        return ImpactRun.objects.none()
    return ImpactRun.objects.filter(pemda_id=actor.pemda_id)


def reach_of(actor: Actor) -> dict[str, object]:
    """The reach an estimate reads, as stored with its run (part of the run's key)."""
    reach = actor.read_reach()
    return {"whole_pemda": reach.whole_pemda, "paths": sorted(reach.paths) if not reach.whole_pemda else []}


def xapi_enrolments_for(actor: Actor, *, mine: bool = False) -> QuerySet[Enrolment]:
    """Whose learner records an actor exports as xAPI: the admin the Pemda's, anyone else with an employee
    record only their own (a leader or supervisor reads figures, not another person's learning record);
    `mine` keeps the actor's own even for an admin (the "My evaluations" download)."""
    if actor.pemda_id is None:
        return Enrolment.objects.none()
    if actor.is_admin and not mine:
        return enrolments_for(actor)
    if actor.employee_id is None:
        return Enrolment.objects.none()
    return enrolments_for(actor).filter(employee_id=actor.employee_id)
