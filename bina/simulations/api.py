"""REST endpoints for simulations: thin faces over `selectors` and `services`, the same scope as the pages.

Scenarios (read by every member), a class's role-play (its runners and participants), the observers' ratings,
the class summary (runners) and branching practice (one's own runs). References in bodies (scenario,
officer, citizen peer, session, criterion) are looked up in the caller's scope; unknown ones are 422.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import Strict

from bina.core.api import ERRORS, WRITE_ERRORS, Id, InputSchema, actor_of
from bina.core.errors import NotFound, PermissionDenied, resolve_reference
from bina.people.models import Employee
from bina.people.nip import nip_normalise
from bina.simulations import access, permissions, selectors, services
from bina.simulations.models import Performance, PracticeRun, Scenario
from bina.training.facade import Enrolment, Session

router = Router(tags=["simulations"])
M = TypeVar("M", bound=Model)

Level = Annotated[int, Strict(), Field(ge=1, le=4)]
Round = Annotated[int, Strict(), Field(ge=1, le=50)]


class SimCriterionOut(Schema):
    id: int
    key: str
    name: str
    competency_id: int
    competency: str
    weight: int
    levels: list[str]


class ScenarioOut(Schema):
    id: int
    code: str
    title: str
    service_level: str
    time_limit_minutes: int
    is_active: bool
    has_practice: bool


class ScenarioDetailOut(ScenarioOut):
    brief: str
    officer_role: str
    citizen_role: str
    observer_guide: str
    materials: list[str]
    criteria: list[SimCriterionOut]


def _scenario(s: Scenario) -> dict[str, Any]:
    return {
        "id": s.pk,
        "code": s.code,
        "title": s.title,
        "service_level": s.service_level,
        "time_limit_minutes": s.time_limit_minutes,
        "is_active": s.is_active,
        "has_practice": s.has_practice,
    }


@router.get("/simulations/scenarios", response={200: list[ScenarioOut], **ERRORS}, summary="The scenario library")
def scenario_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_scenario(s) for s in selectors.scenario_list(actor_of(request))]


@router.get("/simulations/scenarios/{pk}", response={200: ScenarioDetailOut, **ERRORS}, summary="One scenario")
def scenario_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    s = selectors.scenario_detail(actor_of(request), pk)
    return {
        **_scenario(s),
        "brief": s.brief,
        "officer_role": s.officer_role,
        "citizen_role": s.citizen_role,
        "observer_guide": s.observer_guide,
        "materials": s.material_list,
        "criteria": [
            {
                "id": c.pk,
                "key": c.key,
                "name": c.name,
                "competency_id": c.competency_id,
                "competency": c.competency.name,
                "weight": c.weight,
                "levels": [text for _n, text in c.descriptors],
            }
            for c in s.criteria_list  # type: ignore[attr-defined]
        ],
    }


class CriterionScoreOut(Schema):
    criterion_id: int
    mean_level: float | None
    levels: list[int]


class PerformanceOut(Schema):
    id: int
    round_no: int
    scenario_id: int
    officer_nip: str
    officer_name: str
    citizen: str
    status: str
    score: float | None
    observers: int
    criteria: list[CriterionScoreOut]
    allowed_actions: list[str]


class RoleplayOut(Schema):
    class_id: int
    agreement_method: str
    agreement: float | None
    performances: list[PerformanceOut]


def _performance(r: selectors.PerformanceResult, actions: list[str]) -> dict[str, Any]:
    p = r.performance
    return {
        "id": p.pk,
        "round_no": p.round_no,
        "scenario_id": p.scenario_id,
        "officer_nip": p.officer.nip,
        "officer_name": p.officer.name,
        "citizen": p.citizen_peer.name if p.citizen_peer else p.citizen_actor,
        "status": p.status,
        "score": r.score,
        "observers": r.observers,
        "criteria": [
            {"criterion_id": c.criterion.pk, "mean_level": c.mean_level, "levels": c.levels} for c in r.criteria
        ],
        "allowed_actions": actions,
    }


def _roleplay(data: selectors.ClassRoleplay) -> dict[str, Any]:
    method = {"kappa": "weighted_kappa_linear", "icc": "icc_2_1", "": ""}[data.agreement_kind]
    return {
        "class_id": data.klass.pk,
        "agreement_method": method,
        "agreement": data.agreement_value,
        "performances": [
            _performance(r, [a.name for a in r.actions] + (["rate"] if r.can_rate else [])) for r in data.results
        ],
    }


@router.get(
    "/simulations/classes/{pk}/performances", response={200: RoleplayOut, **ERRORS}, summary="A class's role-play"
)
def roleplay_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    actor = actor_of(request)
    klass = access.get_roleplay_class_for_user(actor, pk)
    return _roleplay(selectors.class_roleplay(actor, klass))


class AssignIn(InputSchema):
    scenario_id: Id
    round_no: Round
    officer_nip: str = Field(..., min_length=1, max_length=30)
    citizen_peer_nip: str = Field("", max_length=30)
    citizen_actor: str = Field("", max_length=120)
    session_id: Id | None = None


class AssignedOut(Schema):
    id: int
    status: str


def _one(qs: QuerySet[M], **lookup: Any) -> M:
    found = qs.filter(**lookup).first()
    if found is None:
        raise NotFound(_("Not found."))
    return found


def _enrolled(klass_id: int) -> Any:
    return Employee.objects.filter(
        pk__in=Enrolment.objects.filter(klass_id=klass_id, status__in=permissions.PEER_STATUSES).values("employee_id")
    )


@router.post(
    "/simulations/classes/{pk}/performances",
    response={201: AssignedOut, **WRITE_ERRORS},
    summary="Assign a participant the officer's part in a round",
)
def performance_post(request: HttpRequest, pk: int, payload: AssignIn) -> Status[dict[str, Any]]:
    actor = actor_of(request)
    klass = access.get_roleplay_class_for_user(actor, pk)
    if not permissions.can_run_roleplay(actor, klass):
        raise PermissionDenied(_("Only who teaches the class assigns its role-play."))
    enrolled = _enrolled(klass.pk)
    scenario = resolve_reference("scenario_id", payload.scenario_id, lambda v: _one(access.scenarios_for(actor), pk=v))
    officer = resolve_reference("officer_nip", payload.officer_nip, lambda v: _one(enrolled, nip=nip_normalise(v)))
    peer = (
        resolve_reference("citizen_peer_nip", payload.citizen_peer_nip, lambda v: _one(enrolled, nip=nip_normalise(v)))
        if payload.citizen_peer_nip
        else None
    )
    session = (
        resolve_reference("session_id", payload.session_id, lambda v: _one(Session.objects.filter(klass=klass), pk=v))
        if payload.session_id
        else None
    )
    performance = services.performance_assign(
        actor=actor,
        klass=klass,
        scenario=scenario,
        officer=officer,
        round_no=payload.round_no,
        citizen_peer=peer,
        citizen_actor=payload.citizen_actor,
        session=session,
    )
    return Status(201, {"id": performance.pk, "status": performance.status})


class ActionIn(InputSchema):
    action: Literal["start", "close", "debrief"]


@router.post(
    "/simulations/performances/{pk}/transitions",
    response={200: AssignedOut, **WRITE_ERRORS},
    summary="Start, close or debrief a performance",
)
def performance_transition(request: HttpRequest, pk: int, payload: ActionIn) -> dict[str, Any]:
    actor = actor_of(request)
    performance = access.get_performance_for_user(actor, pk)
    done = services.performance_act(actor=actor, performance=performance, action=payload.action)
    return {"id": done.pk, "status": done.status}


class RatingIn(InputSchema):
    criterion_id: Id
    level: Level
    note: str = Field("", max_length=services.MAX_NOTE)


class RatingsIn(InputSchema):
    ratings: list[RatingIn] = Field(..., min_length=1, max_length=20)


class RatedOut(Schema):
    id: int
    rated: int


@router.put(
    "/simulations/performances/{pk}/ratings",
    response={200: RatedOut, **WRITE_ERRORS},
    summary="Store the caller's levels and notes on a performance",
)
def ratings_put(request: HttpRequest, pk: int, payload: RatingsIn) -> dict[str, Any]:
    actor = actor_of(request)
    performance: Performance = access.get_performance_for_user(actor, pk)
    rows = services.performance_rate(
        actor=actor,
        performance=performance,
        ratings={r.criterion_id: (r.level, r.note) for r in payload.ratings},
    )
    return {"id": performance.pk, "rated": len(rows)}


class SummaryCriterionOut(Schema):
    criterion: str
    competency: str
    mean_level: float
    n: int


class SummaryAgreementOut(Schema):
    method: str
    value: float | None
    items: int


class SummaryFirstLastOut(Schema):
    participants: int
    first_mean: float | None
    last_mean: float | None


class SimulationSummaryOut(Schema):
    performances: int
    scored: int
    criteria: list[SummaryCriterionOut]
    agreement: SummaryAgreementOut
    first_last: SummaryFirstLastOut


@router.get(
    "/simulations/classes/{pk}/summary",
    response={200: SimulationSummaryOut, **ERRORS},
    summary="A class's simulation summary (criteria, agreement, first and last attempts)",
)
def summary_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    actor = actor_of(request)
    klass = access.get_roleplay_class_for_user(actor, pk)
    return selectors.class_simulation_summary(actor=actor, klass=klass)


class PracticeChoiceOut(Schema):
    key: str
    label: str


class PracticeOut(Schema):
    id: int
    scenario_id: int
    status: str
    step: str
    citizen: str
    situation: str
    choices: list[PracticeChoiceOut]
    score: float | None
    jp_credited: float | None


def _practice(run: PracticeRun) -> dict[str, Any]:
    step = run.scenario.practice_graph["steps"].get(run.current_step, {})
    return {
        "id": run.pk,
        "scenario_id": run.scenario_id,
        "status": run.status,
        "step": run.current_step,
        "citizen": step.get("citizen", ""),
        "situation": step.get("situation", ""),
        "choices": [{"key": c["key"], "label": c["label"]} for c in step.get("choices", [])],
        "score": float(run.score) if run.score is not None else None,
        "jp_credited": float(run.jp_credit.jp) if run.jp_credit_id and run.jp_credit else None,
    }


@router.post(
    "/simulations/scenarios/{pk}/practice",
    response={201: PracticeOut, **WRITE_ERRORS},
    summary="Start a branching practice",
)
def practice_post(request: HttpRequest, pk: int) -> Status[dict[str, Any]]:
    actor = actor_of(request)
    scenario = access.get_scenario_for_user(actor, pk)
    return Status(201, _practice(services.practice_start(actor=actor, scenario=scenario)))


@router.get("/simulations/practice/{pk}", response={200: PracticeOut, **ERRORS}, summary="One practice run")
def practice_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _practice(access.get_practice_run_for_user(actor_of(request), pk))


class ChooseIn(InputSchema):
    step: str = Field(..., min_length=1, max_length=40)
    choice: str = Field(..., min_length=1, max_length=40)


@router.post("/simulations/practice/{pk}/choices", response={200: PracticeOut, **WRITE_ERRORS}, summary="Make a choice")
def practice_choose(request: HttpRequest, pk: int, payload: ChooseIn) -> dict[str, Any]:
    actor = actor_of(request)
    run = access.get_practice_run_for_user(actor, pk)
    done = services.practice_choose(actor=actor, run=run, step_key=payload.step, choice_key=payload.choice)
    return _practice(done)
