"""Scoped entry points to scenarios, performances and practice runs: the only way pages, API and commands reach them.

- Scenarios: every member of the Pemda reads the active ones; the admin also retired ones.
- Performances: those of classes the actor runs (admin, instructors: `classes_taught_by`), of classes the
  actor is enrolled in (peers observe, officers see their own), never another Pemda's.
- Practice runs: one's own; the admin's whole Pemda.
Out of scope answers 404 like a missing object.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.people.access import employees_for
from bina.people.models import Employee
from bina.simulations.models import Performance, PracticeRun, Scenario
from bina.simulations.permissions import PEER_STATUSES, can_view_simulation_figures
from bina.training.facade import Enrolment, TrainingClass, classes_for, classes_taught_by


def scenarios_for(actor: Actor) -> QuerySet[Scenario]:
    if actor.pemda_id is None:
        return Scenario.objects.none()
    qs = Scenario.objects.filter(pemda_id=actor.pemda_id)
    return qs if actor.is_admin else qs.filter(is_active=True)


def get_scenario_for_user(actor: Actor, pk: int) -> Scenario:
    obj = scenarios_for(actor).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No scenario %(key)s was found.") % {"key": pk})
    return obj


def roleplay_classes_for(actor: Actor) -> QuerySet[TrainingClass]:
    """Classes whose role-play the actor may see: runs them, or is enrolled in them."""
    if actor.pemda_id is None:
        return TrainingClass.objects.none()
    qs = TrainingClass.objects.filter(pemda_id=actor.pemda_id)
    if actor.is_admin:
        return qs
    reach = Q(pk__in=classes_taught_by(actor).values("pk"))
    if actor.employee_id is not None:
        enrolled = Enrolment.objects.filter(employee_id=actor.employee_id, status__in=PEER_STATUSES)
        reach |= Q(pk__in=enrolled.values("klass_id"))
    return qs.filter(reach)


def get_roleplay_class_for_user(actor: Actor, pk: int) -> TrainingClass:
    obj = roleplay_classes_for(actor).select_related("course").filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No class %(key)s was found.") % {"key": pk})
    return obj


def performances_for(actor: Actor) -> QuerySet[Performance]:
    if actor.pemda_id is None:
        return Performance.objects.none()
    return Performance.objects.filter(pemda_id=actor.pemda_id, klass__in=roleplay_classes_for(actor).values("pk"))


def figure_performances_for(actor: Actor, class_ids: list[int]) -> QuerySet[Performance]:
    """Performances of these classes whose figures without names the actor reads: the admin, leaders and
    operators over the classes training shows them; anyone else over the classes they run or sit in."""
    if actor.pemda_id is None:
        return Performance.objects.none()
    qs = Performance.objects.filter(pemda_id=actor.pemda_id, klass_id__in=class_ids)
    if can_view_simulation_figures(actor):
        return qs.filter(klass__in=classes_for(actor).values("pk"))
    return qs.filter(klass__in=roleplay_classes_for(actor).values("pk"))


def get_performance_for_user(actor: Actor, pk: int) -> Performance:
    obj = (
        performances_for(actor)
        .select_related("klass", "klass__course", "scenario", "officer", "citizen_peer", "session")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise NotFound(_("No performance %(key)s was found.") % {"key": pk})
    return obj


def practice_runs_for(actor: Actor) -> QuerySet[PracticeRun]:
    if actor.pemda_id is None:
        return PracticeRun.objects.none()
    qs = PracticeRun.objects.filter(pemda_id=actor.pemda_id)
    if actor.is_admin:
        return qs
    if actor.employee_id is None:
        return qs.none()
    return qs.filter(employee_id=actor.employee_id)


def get_practice_run_for_user(actor: Actor, pk: int) -> PracticeRun:
    obj = practice_runs_for(actor).select_related("scenario", "employee").filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No practice %(key)s was found.") % {"key": pk})
    return obj


def get_evidence_employee_for_user(actor: Actor, pk: int) -> Employee:
    """The employee whose simulation evidence the actor may see: whom `employees_for` shows them."""
    obj = employees_for(actor).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No employee %(key)s was found.") % {"key": pk})
    return obj


def evidence_performances(employee: Employee) -> QuerySet[Performance]:
    """Performances of an employee already reached through `get_evidence_employee_for_user` (their Pemda's)."""
    return Performance.objects.filter(pemda_id=employee.pemda_id, officer=employee)


def evidence_practice_runs(employee: Employee) -> QuerySet[PracticeRun]:
    return PracticeRun.objects.filter(pemda_id=employee.pemda_id, employee=employee)
