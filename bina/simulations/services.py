"""Writes of the simulations app: the scenario library, role-play performances and ratings, practice runs.

Every function is keyword-only, acts as an `Actor`, runs in one transaction (a refusal leaves nothing) and
is audited. The performance workflow is `workflows.PERFORMANCE_WORKFLOW`; the practice graph is walked by
the pure functions of `branching`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.competencies.access import competencies_for
from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import Pemda
from bina.core.workflow import unknown_action
from bina.people.models import Employee
from bina.simulations import branching, permissions
from bina.simulations.models import (
    Criterion,
    Performance,
    PracticeChoice,
    PracticeRun,
    PracticeStatus,
    Rating,
    Scenario,
)
from bina.simulations.workflows import PERFORMANCE_WORKFLOW
from bina.training.facade import Course, Enrolment, LearningPath, Session, TrainingClass, jp_credit_practice, pemda_zone

STARTER_FILE = Path(__file__).parent / "data" / "scenarios.json"
MAX_NOTE = 2000


def starter_scenarios() -> list[dict[str, Any]]:
    """The starter library shipped with Bina (eight situations of kelurahan, kecamatan and Dispendukcapil)."""
    return list(json.loads(STARTER_FILE.read_text(encoding="utf-8")))


@transaction.atomic
def scenario_library_load(
    *, actor: Actor, pemda: Pemda, items: list[dict[str, Any]] | None = None, practice_course: Course | None = None
) -> int:
    """Add the starter scenarios (or `items`) the Pemda lacks, by code; returns how many were added.

    Idempotent and never overwrites a Pemda's own wording. Criteria name their competency by the Pemda
    dictionary's code (M.3 Komunikasi, M.5 Pelayanan Publik, M.1 Integritas, …); an unknown code is refused."""
    if not permissions.can_manage_scenarios(actor) or actor.pemda_id != pemda.pk:
        raise PermissionDenied(_("Only the BKPSDM admin loads the scenario library."))
    _check_practice_course(practice_course)
    items = starter_scenarios() if items is None else items
    competencies = {c.code: c for c in competencies_for(actor)}
    have = set(Scenario.objects.filter(pemda=pemda).values_list("code", flat=True))
    scenarios, criteria = [], []
    for item in items:
        if item["code"] in have:
            continue
        keys = {c["key"] for c in item["criteria"]}
        problems = branching.graph_problems(item.get("practice", {}), keys)
        if problems:
            raise ValidationFailed(
                _("Scenario %(code)s: the practice graph is broken (%(problem)s).")
                % {"code": item["code"], "problem": problems[0]},
                code="invalid_graph",
            )
        scenario = Scenario(
            pemda=pemda,
            code=item["code"],
            title=item["title"],
            service_level=item["service_level"],
            brief=item["brief"],
            officer_role=item["officer_role"],
            citizen_role=item["citizen_role"],
            observer_guide=item.get("observer_guide", ""),
            materials="\n".join(item.get("materials", [])),
            time_limit_minutes=item["time_limit_minutes"],
            practice_graph=item.get("practice", {}),
            practice_course=practice_course if item.get("practice") else None,
        )
        scenarios.append(scenario)
        for order, c in enumerate(item["criteria"], start=1):
            competency = competencies.get(c["competency"])
            if competency is None:
                raise ValidationFailed(
                    _("Scenario %(code)s: the dictionary has no competency %(competency)s.")
                    % {"code": item["code"], "competency": c["competency"]},
                    code="invalid_reference",
                )
            criteria.append((scenario, Criterion(
                key=c["key"], name=c["name"], competency=competency, weight=c["weight"],
                level_1=c["levels"][0], level_2=c["levels"][1], level_3=c["levels"][2], level_4=c["levels"][3],
                order=order,
            )))  # fmt: skip
    Scenario.objects.bulk_create(scenarios)
    for scenario, criterion in criteria:
        criterion.scenario = scenario
    Criterion.objects.bulk_create([c for _s, c in criteria])
    if scenarios:
        audit_record(action="simulation.library_load", actor=actor, pemda_id=pemda.pk, detail={"added": len(scenarios)})
    return len(scenarios)


def _check_practice_course(course: Course | None) -> None:
    if course is not None and course.learning_path != LearningPath.NONKLASIKAL:
        raise ValidationFailed(
            _("Practice counts as non-classical JP: choose a non-classical course (e.g. belajar mandiri)."),
            code="invalid_course",
            details=[{"field": "practice_course", "message": _("Not a non-classical course.")}],
        )


@transaction.atomic
def scenario_update(
    *, actor: Actor, scenario: Scenario, time_limit_minutes: int, is_active: bool, practice_course: Course | None
) -> Scenario:
    if not permissions.can_manage_scenarios(actor) or actor.pemda_id != scenario.pemda_id:
        raise PermissionDenied(_("Only the BKPSDM admin changes the scenario library."))
    if not 1 <= time_limit_minutes <= 120:
        raise ValidationFailed(
            _("The time limit is 1 to 120 minutes."),
            details=[{"field": "time_limit_minutes", "message": _("1 to 120 minutes.")}],
        )
    _check_practice_course(practice_course)
    scenario.time_limit_minutes = time_limit_minutes
    scenario.is_active = is_active
    scenario.practice_course = practice_course
    scenario.save(update_fields=["time_limit_minutes", "is_active", "practice_course"])
    audit_record(action="simulation.scenario_update", actor=actor, target=scenario)
    return scenario


@transaction.atomic
def performance_assign(
    *,
    actor: Actor,
    klass: TrainingClass,
    scenario: Scenario,
    officer: Employee,
    round_no: int,
    citizen_peer: Employee | None = None,
    citizen_actor: str = "",
    session: Session | None = None,
) -> Performance:
    """Assign a participant the officer's part in a round; the citizen is a peer of the class or an actor."""
    if not permissions.can_run_roleplay(actor, klass):
        raise PermissionDenied(_("Only who teaches the class assigns its role-play."))
    enrolled = set(
        Enrolment.objects.filter(klass=klass, status__in=permissions.PEER_STATUSES).values_list(
            "employee_id", flat=True
        )
    )
    details = []
    if scenario.pemda_id != klass.pemda_id or not scenario.is_active:
        details.append({"field": "scenario", "message": _("Not an active scenario of the library.")})
    if officer.pk not in enrolled:
        details.append({"field": "officer", "message": _("The officer must be a participant of the class.")})
    if citizen_peer is not None and (citizen_peer.pk not in enrolled or citizen_peer.pk == officer.pk):
        details.append({"field": "citizen_peer", "message": _("The citizen must be another participant.")})
    if citizen_peer is None and not citizen_actor.strip():
        details.append({"field": "citizen_actor", "message": _("Name the peer or the actor who plays the citizen.")})
    if session is not None and session.klass_id != klass.pk:
        details.append({"field": "session", "message": _("Not a session of this class.")})
    if not 1 <= round_no <= 50:
        details.append({"field": "round_no", "message": _("Rounds are numbered 1 to 50.")})
    if details:
        raise ValidationFailed(_("The role-play could not be assigned."), details=details)
    if Performance.objects.filter(klass=klass, round_no=round_no, officer=officer).exists():
        raise Conflict(_("This participant already plays the officer in round %(round)s.") % {"round": round_no})
    performance = Performance.objects.create(
        pemda_id=klass.pemda_id,
        klass=klass,
        session=session,
        scenario=scenario,
        round_no=round_no,
        officer=officer,
        citizen_peer=citizen_peer,
        citizen_actor=citizen_actor.strip()[:120],
    )
    audit_record(action="simulation.performance_assign", actor=actor, target=performance)
    return performance


def _lock(performance: Performance) -> Performance:
    locked = Performance.objects.select_for_update().select_related("klass").get(pk=performance.pk)
    return locked


@transaction.atomic
def performance_act(*, actor: Actor, performance: Performance, action: str) -> Performance:
    """Take one button action of the workflow (start, close, debrief): 403/409 refused, nothing written."""
    if action not in ("start", "close", "debrief"):
        raise unknown_action(action, ("start", "close", "debrief"))
    transition = PERFORMANCE_WORKFLOW.authorize(action, performance, actor)
    locked = _lock(performance)
    if transition.repeatable and locked.status == transition.target:
        return locked
    PERFORMANCE_WORKFLOW.check(action, locked, actor)
    now = timezone.now()
    locked.status = transition.target or locked.status
    stamp = {"start": "started_at", "close": "scored_at", "debrief": "debriefed_at"}[action]
    setattr(locked, stamp, now)
    locked.save(update_fields=["status", stamp])
    codes = {
        "start": "simulation.performance_start",
        "close": "simulation.performance_close",
        "debrief": "simulation.performance_debrief",
    }
    audit_record(action=codes[action], actor=actor, target=locked)
    return locked


@transaction.atomic
def performance_rate(*, actor: Actor, performance: Performance, ratings: Mapping[int, tuple[int, str]]) -> list[Rating]:
    """Store the actor's levels (1-4) and notes per criterion id; a criterion rated again is replaced.

    Only observers (`permissions.can_observe`) rate, only while the workflow allows (`rate`); an unknown
    criterion or a level outside 1-4 refuses the whole sheet."""
    PERFORMANCE_WORKFLOW.authorize("rate", performance, actor)
    locked = _lock(performance)
    PERFORMANCE_WORKFLOW.check("rate", locked, actor)
    criteria = {c.pk: c for c in Criterion.objects.filter(scenario_id=locked.scenario_id)}
    details = []
    for criterion_id, (level, note) in ratings.items():
        if criterion_id not in criteria:
            details.append({"field": f"criterion_{criterion_id}", "message": _("Not a criterion of this scenario.")})
        elif level not in (1, 2, 3, 4):
            details.append({"field": f"criterion_{criterion_id}", "message": _("Levels are 1 to 4.")})
        elif len(note) > MAX_NOTE:
            details.append({"field": f"note_{criterion_id}", "message": _("The note is too long.")})
    if not ratings:
        details.append({"field": "ratings", "message": _("Score at least one criterion.")})
    if details:
        raise ValidationFailed(_("The scores were not saved."), details=details)
    assert actor.user_id is not None  # can_observe requires an account
    Rating.objects.filter(performance=locked, observer_id=actor.user_id, criterion_id__in=list(ratings)).delete()
    rows = Rating.objects.bulk_create(
        [
            Rating(
                pemda_id=locked.pemda_id,
                performance=locked,
                observer_id=actor.user_id,
                criterion_id=criterion_id,
                level=level,
                note=note.strip(),
            )
            for criterion_id, (level, note) in ratings.items()
        ]
    )
    audit_record(action="simulation.performance_rate", actor=actor, target=locked, detail={"criteria": len(rows)})
    return rows


def _weights(scenario: Scenario) -> dict[str, int]:
    return dict(Criterion.objects.filter(scenario=scenario).values_list("key", "weight"))


@transaction.atomic
def practice_start(*, actor: Actor, scenario: Scenario) -> PracticeRun:
    """Begin a branching practice of the scenario for the actor (a new run each time: first and last compare)."""
    if not permissions.can_practise(actor) or actor.pemda_id != scenario.pemda_id:
        raise PermissionDenied(_("Branching practice is for employees of the Pemda."))
    if not scenario.has_practice or not scenario.is_active:
        raise Conflict(_("This scenario has no branching practice."), code="no_practice")
    assert actor.employee_id is not None
    run = PracticeRun.objects.create(
        pemda_id=scenario.pemda_id,
        employee_id=actor.employee_id,
        scenario=scenario,
        current_step=branching.resolve(scenario.practice_graph, scenario.practice_graph["start"], None),
        started_at=timezone.now(),
    )
    audit_record(action="simulation.practice_start", actor=actor, target=run)
    return run


@transaction.atomic
def practice_choose(*, actor: Actor, run: PracticeRun, step_key: str, choice_key: str) -> PracticeRun:
    """Log one choice and move on (route steps resolved by the running score); at an end the run completes,
    and its first completion of a scenario with a practice course credits that course's JP (non-classical).

    `step_key` is the step the page showed: a stale form (sent twice, another tab) is refused with 409."""
    locked = PracticeRun.objects.select_for_update().select_related("scenario").get(pk=run.pk)
    if actor.employee_id is None or locked.employee_id != actor.employee_id:
        raise PermissionDenied(_("Only the employee practising makes the choices."))
    if locked.status != PracticeStatus.RUNNING:
        raise Conflict(_("This practice is finished."), code="practice_finished")
    if step_key != locked.current_step:
        raise Conflict(_("That step is already answered; the page shows the current one."), code="stale_step")
    graph = locked.scenario.practice_graph
    choice = branching.choice_of(graph, locked.current_step, choice_key)
    if choice is None:
        raise ValidationFailed(
            _("Choose one of the answers offered."), details=[{"field": "choice", "message": _("Unknown choice.")}]
        )
    earned = [c.levels for c in locked.choices.all()] + [choice.get("levels", {})]
    score = branching.path_score(earned, _weights(locked.scenario))
    now = timezone.now()
    PracticeChoice.objects.create(
        pemda_id=locked.pemda_id,
        run=locked,
        seq=len(earned),
        step_key=locked.current_step,
        choice_key=choice_key,
        levels=choice.get("levels", {}),
        running_score=Decimal(f"{score or 0:.1f}"),
        chosen_at=now,
    )
    locked.current_step = branching.resolve(graph, choice["next"], score)
    locked.score = Decimal(f"{score or 0:.1f}")
    fields = ["current_step", "score"]
    if branching.is_end(graph, locked.current_step):
        locked.status = PracticeStatus.COMPLETED
        locked.completed_at = now
        fields += ["status", "completed_at", "jp_credit"]
        locked.jp_credit = _practice_credit(locked, now)
    locked.save(update_fields=fields)
    audit_record(
        action="simulation.practice_choose",
        actor=actor,
        target=locked,
        detail={"step": step_key, "choice": choice_key},
    )
    return locked


def _practice_credit(run: PracticeRun, now: Any) -> Any:
    course = run.scenario.practice_course
    if course is None or course.learning_path != LearningPath.NONKLASIKAL:
        return None
    earlier = PracticeRun.objects.filter(
        employee_id=run.employee_id, scenario_id=run.scenario_id, jp_credit__isnull=False
    ).exclude(pk=run.pk)
    if earlier.exists():
        return None  # a scenario's practice counts once per employee
    today = timezone.localdate(now, pemda_zone(run.pemda_id))
    return jp_credit_practice(
        employee_id=run.employee_id,
        pemda_id=run.pemda_id,
        jp=Decimal(course.jp),
        title=f"{course.title}: {run.scenario.title}",
        credited_on=today,
    )
