"""Reads of the simulations app, built on `access` (scoped) and the pure functions of `agreement` and `branching`.

A performance's score per criterion is the mean of its observers' levels (1-4); its overall score is the
rubric score (0-100, `branching.rubric_score`: level 1 = 0, 4 = 100, weighted by the criteria's weights), the
same scale as a branching practice's score, so first and last attempts compare across both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import NotFound, PermissionDenied
from bina.core.workflow import Action
from bina.people.models import Employee
from bina.simulations import access, agreement, branching, permissions
from bina.simulations.models import (
    Criterion,
    Performance,
    PerformanceStatus,
    PracticeRun,
    PracticeStatus,
    Rating,
    Scenario,
)
from bina.simulations.workflows import BUTTON_ACTIONS, PERFORMANCE_WORKFLOW
from bina.training.facade import Enrolment, Session, TrainingClass

STRONG_LEVEL = 3.0  # a criterion at or above this mean level is a strength; below it, something to practise


def scenario_list(actor: Actor, *, service_level: str = "") -> QuerySet[Scenario]:
    qs = access.scenarios_for(actor).annotate(criteria_count=Count("criteria"))
    return qs.filter(service_level=service_level) if service_level else qs


def scenario_detail(actor: Actor, pk: int) -> Scenario:
    scenario = access.get_scenario_for_user(actor, pk)
    scenario.criteria_list = list(scenario.criteria.select_related("competency"))  # type: ignore[attr-defined]
    return scenario


def _ratings(performances: Iterable[Performance]) -> dict[int, list[Rating]]:
    by_performance: dict[int, list[Rating]] = defaultdict(list)
    for rating in Rating.objects.filter(performance__in=[p.pk for p in performances]).select_related("observer"):
        by_performance[rating.performance_id].append(rating)
    return by_performance


def _criteria(scenario_ids: Iterable[int]) -> dict[int, list[Criterion]]:
    by_scenario: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in Criterion.objects.filter(scenario_id__in=set(scenario_ids)).select_related("competency"):
        by_scenario[criterion.scenario_id].append(criterion)
    return by_scenario


@dataclass
class CriterionResult:
    criterion: Criterion
    mean_level: float | None
    levels: list[int]
    notes: list[tuple[str, str]]  # (observer's name, note)


@dataclass
class PerformanceResult:
    performance: Performance
    criteria: list[CriterionResult]
    observers: int
    score: float | None
    actions: list[Action] = field(default_factory=list)
    can_rate: bool = False

    @property
    def strengths(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.mean_level is not None and c.mean_level >= STRONG_LEVEL]

    @property
    def to_practise(self) -> list[CriterionResult]:
        return sorted(
            (c for c in self.criteria if c.mean_level is not None and c.mean_level < STRONG_LEVEL),
            key=lambda c: c.mean_level or 0,
        )


def _result(performance: Performance, criteria: list[Criterion], ratings: list[Rating]) -> PerformanceResult:
    rows = []
    for criterion in criteria:
        mine = [r for r in ratings if r.criterion_id == criterion.pk]
        levels = [r.level for r in mine]
        notes = [(r.observer.get_full_name() or r.observer.username, r.note) for r in mine if r.note]
        rows.append(CriterionResult(criterion, mean(levels) if levels else None, levels, notes))
    weights = {str(c.criterion.pk): c.criterion.weight for c in rows}
    means = {str(c.criterion.pk): c.mean_level for c in rows if c.mean_level is not None}
    return PerformanceResult(
        performance=performance,
        criteria=rows,
        observers=len({r.observer_id for r in ratings}),
        score=branching.rubric_score(means, weights),
    )


def agreement_items(results: Iterable[PerformanceResult]) -> list[list[int]]:
    """One item per (performance, criterion) rated by two or more observers: their levels, ordered by observer
    account (so the instructor and the peer keep their column across items of one class)."""
    items = []
    for result in results:
        for row in result.criteria:
            if len(row.levels) >= 2:
                items.append(row.levels)
    return items


def _rated_results(performances: list[Performance]) -> list[PerformanceResult]:
    ratings = _ratings(performances)
    criteria = _criteria(p.scenario_id for p in performances)
    for found in ratings.values():
        found.sort(key=lambda r: r.observer_id)
    return [_result(p, criteria[p.scenario_id], ratings.get(p.pk, [])) for p in performances]


@dataclass
class ClassRoleplay:
    klass: TrainingClass
    can_run: bool
    results: list[PerformanceResult]
    agreement_kind: str
    agreement_value: float | None
    scenarios: list[Scenario]
    participants: list[Employee]
    sessions: list[Session]

    @property
    def rounds(self) -> list[tuple[int, list[PerformanceResult]]]:
        grouped: dict[int, list[PerformanceResult]] = defaultdict(list)
        for result in self.results:
            grouped[result.performance.round_no].append(result)
        return sorted(grouped.items())


def class_roleplay(actor: Actor, klass: TrainingClass) -> ClassRoleplay:
    can_run = permissions.can_run_roleplay(actor, klass)
    performances = list(
        access.performances_for(actor)
        .filter(klass=klass)
        .select_related("scenario", "officer", "citizen_peer", "klass")
    )
    results = _rated_results(performances)
    peer = permissions.is_peer(actor, klass.pk)
    for result in results:
        p = result.performance
        if can_run:
            result.actions = [a for a in PERFORMANCE_WORKFLOW.actions_for(p, actor) if a.name in BUTTON_ACTIONS]
        result.can_rate = (can_run or peer) and "rate" in PERFORMANCE_WORKFLOW.allowed_actions(p, actor)
    kind, value = agreement.agreement(agreement_items(results))
    participants: list[Employee] = []
    if can_run:
        enrolled = Enrolment.objects.filter(klass=klass, status__in=permissions.PEER_STATUSES)
        participants = list(Employee.objects.filter(pk__in=enrolled.values("employee_id")).order_by("name"))
    return ClassRoleplay(
        klass=klass,
        can_run=can_run,
        results=results,
        agreement_kind=kind,
        agreement_value=value,
        scenarios=list(access.scenarios_for(actor).filter(is_active=True)) if can_run else [],
        participants=participants,
        sessions=list(Session.objects.filter(klass=klass).order_by("starts_at")) if can_run else [],
    )


@dataclass
class RatingSheet:
    performance: Performance
    criteria: list[Criterion]
    mine: dict[int, Rating]


def rating_sheet(actor: Actor, performance: Performance) -> RatingSheet:
    """What an observer fills in on the phone: the rubric, with their own earlier levels and notes."""
    if not permissions.can_observe(actor, performance):
        raise PermissionDenied(PERFORMANCE_WORKFLOW.transition("rate").denied)
    criteria = list(Criterion.objects.filter(scenario_id=performance.scenario_id).select_related("competency"))
    mine = {r.criterion_id: r for r in Rating.objects.filter(performance=performance, observer_id=actor.user_id)}
    return RatingSheet(performance, criteria, mine)


@dataclass
class Debrief:
    employee: Employee
    klass: TrainingClass
    results: list[PerformanceResult]

    @property
    def first(self) -> PerformanceResult | None:
        scored = [r for r in self.results if r.score is not None]
        return scored[0] if scored else None

    @property
    def last(self) -> PerformanceResult | None:
        scored = [r for r in self.results if r.score is not None]
        return scored[-1] if len(scored) >= 2 else None

    @property
    def change(self) -> float | None:
        if self.first is None or self.last is None or self.first.score is None or self.last.score is None:
            return None
        return self.last.score - self.first.score


def debrief(actor: Actor, klass: TrainingClass, employee_id: int) -> Debrief:
    """One participant's role-play in a class: per performance the scores per criterion, the observers' notes,
    strengths and what to practise; the first and last attempts compared. The officer and the class's runners."""
    performances = list(
        access.performances_for(actor)
        .filter(klass=klass, officer_id=employee_id)
        .select_related("scenario", "officer", "citizen_peer", "klass")
        .order_by("round_no", "pk")
    )
    if not performances:
        raise NotFound(_("No role-play of this participant was found in the class."))
    if not permissions.can_view_debrief(actor, performances[0]):
        raise PermissionDenied(_debrief_denied())
    return Debrief(employee=performances[0].officer, klass=klass, results=_rated_results(performances))


def _debrief_denied() -> str:
    return _("Only the participant and who teaches the class see a debrief.")


def class_simulation_summary(*, actor: Actor, klass: TrainingClass) -> dict[str, Any]:
    """Pure data for the class evaluation report: per-criterion means, the inter-rater agreement figure and
    the first/last comparison of participants with two or more scored performances. Runners only (403)."""
    if not permissions.can_run_roleplay(actor, klass):
        raise PermissionDenied(_debrief_denied())
    performances = list(
        access.performances_for(actor).filter(klass=klass).select_related("scenario").order_by("round_no", "pk")
    )
    results = _rated_results(performances)
    by_criterion: dict[tuple[str, str], list[float]] = defaultdict(list)
    for result in results:
        for row in result.criteria:
            if row.mean_level is not None:
                by_criterion[(row.criterion.name, row.criterion.competency.name)].append(row.mean_level)
    by_officer: dict[int, list[float]] = defaultdict(list)
    for result in results:
        if result.score is not None:
            by_officer[result.performance.officer_id].append(result.score)
    pairs = [(scores[0], scores[-1]) for scores in by_officer.values() if len(scores) >= 2]
    kind, value = agreement.agreement(agreement_items(results))
    return {
        "performances": len(results),
        "scored": sum(1 for r in results if r.score is not None),
        "criteria": [
            {"criterion": name, "competency": competency, "mean_level": round(mean(levels), 2), "n": len(levels)}
            for (name, competency), levels in sorted(by_criterion.items())
        ],
        "agreement": {
            "method": {"kappa": "weighted kappa (linear weights)", "icc": "ICC(2,1)", "": ""}[kind],
            "value": None if value is None else round(value, 3),
            "items": len(agreement_items(results)),
        },
        "first_last": {
            "participants": len(pairs),
            "first_mean": round(mean(first for first, _last in pairs), 1) if pairs else None,
            "last_mean": round(mean(last for _first, last in pairs), 1) if pairs else None,
        },
    }


@dataclass(frozen=True)
class SimulationFigures:
    """Role-play over many classes, without names: the leader's home card."""

    performances: int
    scored: int
    agreement: list[tuple[str, float]]  # (method, value) of each class with a figure, the class's own estimate


def classes_simulation_figures(actor: Actor, class_ids: list[int]) -> SimulationFigures:
    """Performances scored and each class's observers' agreement (never pooled across classes: the raters
    differ from class to class, and both estimators assume the same raters across items)."""
    performances = list(
        access.figure_performances_for(actor, class_ids).select_related("scenario").order_by("klass_id", "round_no")
    )
    results = _rated_results(performances)
    by_class: dict[int, list[PerformanceResult]] = defaultdict(list)
    for result in results:
        by_class[result.performance.klass_id].append(result)
    figures = []
    for rows in by_class.values():
        kind, value = agreement.agreement(agreement_items(rows))
        if value is not None:
            figures.append((kind, value))
    return SimulationFigures(len(results), sum(1 for r in results if r.score is not None), figures)


def performance_scores(performances: list[Performance]) -> dict[int, float | None]:
    """The rubric score (0-100, None until rated) of performances the caller already read through its scope
    (the xAPI export: the learner's own performances)."""
    return {r.performance.pk: r.score for r in _rated_results(performances)}


def classes_simulation_scores(*, actor: Actor, classes: Iterable[TrainingClass]) -> dict[int, tuple[int, float | None]]:
    """(scored performances, their mean rubric score 0-100) per class whose role-play the actor runs; the report
    across classes. Classes the actor does not run are left out (not refused: the row shows "–")."""
    shown = [k.pk for k in classes if permissions.can_run_roleplay(actor, k)]
    if not shown:
        return {}
    performances = list(access.performances_for(actor).filter(klass_id__in=shown).order_by("pk"))
    scores: dict[int, list[float]] = defaultdict(list)
    for result in _rated_results(performances):
        if result.score is not None:
            scores[result.performance.klass_id].append(result.score)
    return {pk: (len(scores[pk]), round(mean(scores[pk]), 1) if scores[pk] else None) for pk in shown}


@dataclass
class PracticeView:
    run: PracticeRun
    step_key: str
    step: dict[str, Any]
    log: list[dict[str, Any]]
    finished: bool


def practice_view(actor: Actor, run: PracticeRun) -> PracticeView:
    graph = run.scenario.practice_graph
    log = []
    for choice in run.choices.all():
        step = graph["steps"].get(choice.step_key, {})
        found = branching.choice_of(graph, choice.step_key, choice.choice_key) if step else None
        log.append(
            {
                "citizen": step.get("citizen", ""),
                "label": found["label"] if found else choice.choice_key,
                "consequence": found.get("consequence", "") if found else "",
                "running_score": choice.running_score,
            }
        )
    return PracticeView(
        run=run,
        step_key=run.current_step,
        step=graph["steps"].get(run.current_step, {}),
        log=log,
        finished=run.status == PracticeStatus.COMPLETED,
    )


def practice_runs(actor: Actor, scenario: Scenario | None = None) -> QuerySet[PracticeRun]:
    if actor.employee_id is None:
        return PracticeRun.objects.none()
    qs = access.practice_runs_for(actor).filter(employee_id=actor.employee_id).select_related("scenario")
    return qs.filter(scenario=scenario) if scenario is not None else qs


@dataclass
class CompetencyEvidence:
    competency_id: int
    competency: str
    roleplay_levels: list[float] = field(default_factory=list)
    practice_scores: list[float] = field(default_factory=list)

    @property
    def roleplay_mean(self) -> float | None:
        return mean(self.roleplay_levels) if self.roleplay_levels else None

    @property
    def practice_mean(self) -> float | None:
        return mean(self.practice_scores) if self.practice_scores else None


def competency_evidence(actor: Actor, employee_id: int) -> tuple[Employee, list[CompetencyEvidence]]:
    """Simulation scores as evidence per competency for one employee: mean role-play level (1-4) per
    competency over the observers' ratings, and mean practice score (0-100) of completed practices whose
    scenario assesses it. Who may see the employee (`employees_for`) sees the evidence; 404 otherwise."""
    employee = access.get_evidence_employee_for_user(actor, employee_id)
    evidence: dict[int, CompetencyEvidence] = {}

    def entry(criterion: Criterion) -> CompetencyEvidence:
        return evidence.setdefault(
            criterion.competency_id, CompetencyEvidence(criterion.competency_id, criterion.competency.name)
        )

    performances = list(access.evidence_performances(employee).exclude(status=PerformanceStatus.ASSIGNED))
    for result in _rated_results(performances):
        for row in result.criteria:
            if row.mean_level is not None:
                entry(row.criterion).roleplay_levels.append(row.mean_level)
    runs = list(
        access.evidence_practice_runs(employee)
        .filter(status=PracticeStatus.COMPLETED)
        .prefetch_related(Prefetch("choices"))
    )
    criteria = _criteria(r.scenario_id for r in runs)
    for run in runs:
        by_key = {c.key: c for c in criteria[run.scenario_id]}
        levels = branching.path_levels([c.levels for c in run.choices.all()])
        for key, level in levels.items():
            if key in by_key:
                entry(by_key[key]).practice_scores.append(branching.level_to_percent(level))
    return employee, sorted(evidence.values(), key=lambda e: e.competency)
