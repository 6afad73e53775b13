"""One permission function per simulation action.

- The scenario library belongs to the BKPSDM: its admin loads and edits it; every member reads active scenarios.
- A class's role-play is run by who teaches it (the admin, the class's instructors and partner): they assign
  performances, start, close and debrief them, and see every debrief (`can_run_roleplay`).
- Observers: the runners, and peers enrolled in the class other than the officer (`can_observe`).
- A participant sees their own debrief; branching practice is for every employee, on their own runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bina.training.facade import Enrolment, EnrolmentStatus, can_view_participants

if TYPE_CHECKING:
    from bina.core.actor import Actor
    from bina.simulations.models import Performance
    from bina.training.facade import TrainingClass

PEER_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)


def can_browse_scenarios(actor: Actor) -> bool:
    return actor.pemda_id is not None and (actor.is_admin or actor.is_instructor or actor.employee_id is not None)


def can_manage_scenarios(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin


def can_practise(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.employee_id is not None


def can_run_roleplay(actor: Actor, klass: TrainingClass) -> bool:
    return can_view_participants(actor, klass)


def can_view_simulation_figures(actor: Actor) -> bool:
    """Counts and agreement without names over many classes (the leader's dashboard), as assessments shows
    leaders its figures without names."""
    return actor.pemda_id is not None and (actor.is_admin or actor.is_leader or actor.is_operator)


def is_peer(actor: Actor, klass_id: int) -> bool:
    return (
        actor.employee_id is not None
        and Enrolment.objects.filter(
            klass_id=klass_id, employee_id=actor.employee_id, status__in=PEER_STATUSES
        ).exists()
    )


def can_observe(actor: Actor, performance: Performance) -> bool:
    if actor.pemda_id != performance.pemda_id or actor.user_id is None:
        return False
    if actor.employee_id is not None and actor.employee_id == performance.officer_id:
        return False  # nobody scores their own performance
    return can_run_roleplay(actor, performance.klass) or is_peer(actor, performance.klass_id)


def can_view_debrief(actor: Actor, performance: Performance) -> bool:
    if actor.pemda_id != performance.pemda_id:
        return False
    own = actor.employee_id is not None and actor.employee_id == performance.officer_id
    return own or can_run_roleplay(actor, performance.klass)
