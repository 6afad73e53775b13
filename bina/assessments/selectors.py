"""Reads of the assessments app, scoped through `access` and asked of `permissions`.

`class_learning_summary(actor=, klass=)` is the pure-data figure other pages plug in (the class evaluation
report, the leader's dashboard and the chain view: `classes_learning_figures`): counts, mean pre and post,
Hake's ⟨g⟩, the mean of individual gains, band counts and per-participant rows. Gains and item analysis are
computed by the pure modules `gains` and `item_analysis`, never here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.assessments import access, permissions
from bina.assessments.gains import ClassGain, ScorePair, class_gains
from bina.assessments.interchange import BankItem, moodle_xml_export
from bina.assessments.item_analysis import ItemStats, item_analysis
from bina.assessments.models import (
    CHOICE_KINDS,
    Answer,
    ClassScore,
    Difficulty,
    Phase,
    Question,
    Sitting,
    SittingStatus,
    Test,
    TestItem,
)
from bina.assessments.workflows import SITTING_WORKFLOW
from bina.charts.specs import Bar, BarChart, ValueFormat
from bina.core.actor import Actor
from bina.core.errors import PermissionDenied
from bina.core.workflow import Action
from bina.training import facade

S = SittingStatus
PAGE_ACTIONS = ("submit", "expire", "allow_retake")


# --- bank -------------------------------------------------------------------------------------


@dataclass
class BankPage:
    course: facade.Course
    questions: list[Question]
    competencies: list[tuple[int, str, str]]  # (id, code, name), 0 for "no competency"
    cells: dict[tuple[int, str], int]  # active questions per (competency, difficulty)
    can_edit: bool

    @property
    def matrix(self) -> list[tuple[str, list[int]]]:
        return [
            (f"{code} {name}".strip(), [self.cells.get((pk, d), 0) for d in Difficulty.values])
            for pk, code, name in self.competencies
        ]


def banks_list(actor: Actor) -> list[tuple[facade.Course, int]]:
    courses = (
        access.courses_with_bank_for(actor)
        .annotate(n=Count("questions", filter=Q(questions__is_active=True)))
        .order_by("code")
    )
    return [(c, c.n) for c in courses]


def bank_page(actor: Actor, course: facade.Course) -> BankPage:
    questions = list(
        access.questions_for(actor)
        .filter(course_id=course.pk)
        .select_related("competency")
        .prefetch_related("choices")
        .order_by("-is_active", "pk")
    )
    comps = [
        (pk, code, name)
        for pk, code, name in facade.CourseCompetency.objects.filter(course_id=course.pk)
        .order_by("competency__code")
        .values_list("competency_id", "competency__code", "competency__name")
    ]
    cells: dict[tuple[int, str], int] = {}
    for q in questions:
        if q.is_active:
            key = (q.competency_id or 0, q.difficulty)
            cells[key] = cells.get(key, 0) + 1
    if cells.get((0, Difficulty.EASY)) or any(k[0] == 0 for k in cells):
        comps.append((0, "", _("No competency")))
    return BankPage(course, questions, comps, cells, permissions.can_manage_bank(actor, course))


def bank_items(actor: Actor, course: facade.Course) -> list[BankItem]:
    questions = (
        access.questions_for(actor)
        .filter(course_id=course.pk, is_active=True)
        .select_related("competency")
        .prefetch_related("choices")
        .order_by("pk")
    )
    return [
        BankItem(
            kind=q.kind,
            text=q.text,
            points=q.points,
            choices=[(c.text, c.fraction) for c in q.choices.all()] if q.kind in CHOICE_KINDS else [],
            accepted=list(q.accepted),
            competency_code=q.competency.code if q.competency else "",
            difficulty=q.difficulty,
            name=f"Q{q.pk}",
        )
        for q in questions
    ]


def bank_moodle_xml(actor: Actor, course: facade.Course) -> bytes:
    return moodle_xml_export(bank_items(actor, course))


# --- tests of a class -----------------------------------------------------------------------


@dataclass
class TestRow:
    __test__ = False
    test: Test
    items: int
    max_score: Decimal
    sittings: dict[str, int]
    mine: Sitting | None = None
    can_start: bool = False


@dataclass
class ClassTests:
    klass: facade.TrainingClass
    tests: list[TestRow]
    can_manage: bool
    competencies: list[tuple[int, str]]
    bank_size: dict[tuple[int, str], int]


def _my_sitting(actor: Actor, test: Test) -> Sitting | None:
    if actor.employee_id is None:
        return None
    return (
        access.sittings_for(actor)
        .filter(test=test, enrolment__employee_id=actor.employee_id, is_current=True)
        .select_related("test", "test__klass", "enrolment")
        .first()
    )


def _enrolled(actor: Actor, klass: facade.TrainingClass) -> bool:
    from bina.assessments.services import SITTING_STATUSES

    return (
        actor.employee_id is not None
        and facade.Enrolment.objects.filter(
            klass_id=klass.pk, employee_id=actor.employee_id, status__in=SITTING_STATUSES
        ).exists()
    )


def may_start(actor: Actor, test: Test, mine: Sitting | None) -> bool:
    if not test.is_open or not _enrolled(actor, test.klass):
        return False
    return mine is None or mine.status == S.NOT_STARTED or mine.retake_allowed


def class_tests(actor: Actor, klass: facade.TrainingClass) -> ClassTests:
    klass = facade.get_class_for_user(actor, klass.pk)
    manage = permissions.can_manage_tests(actor, klass)
    tests = list(access.tests_of(klass).order_by("-phase"))
    rows = []
    for test in tests:
        test.klass = klass
        items = list(TestItem.objects.filter(test=test).values_list("question__points", flat=True))
        counts = (
            dict(
                Sitting.objects.filter(test=test, is_current=True)
                .values_list("status")
                .annotate(n=Count("pk"))
                .values_list("status", "n")
            )
            if manage
            else {}
        )
        mine = _my_sitting(actor, test)
        rows.append(TestRow(test, len(items), sum(items, Decimal(0)), counts, mine, may_start(actor, test, mine)))
    comps = list(
        facade.CourseCompetency.objects.filter(course_id=klass.course_id)
        .order_by("competency__code")
        .values_list("competency_id", "competency__code")
    )
    size: dict[tuple[int, str], int] = {}
    if manage:
        for comp, diff in Question.objects.filter(course_id=klass.course_id, is_active=True).values_list(
            "competency_id", "difficulty"
        ):
            size[(comp or 0, diff)] = size.get((comp or 0, diff), 0) + 1
    if any(k[0] == 0 for k in size):
        comps.append((0, _("No competency")))
    return ClassTests(klass, rows, manage, comps, size)


# --- my tests ----------------------------------------------------------------------------------


@dataclass
class MyTest:
    test: Test
    sitting: Sitting | None
    can_start: bool


def my_tests(actor: Actor) -> list[MyTest]:
    if actor.employee_id is None:
        return []
    from bina.assessments.services import SITTING_STATUSES

    class_ids = access.my_enrolments(actor).filter(status__in=SITTING_STATUSES).values("klass_id")
    tests = access.tests_for(actor).filter(klass_id__in=class_ids).select_related("klass", "klass__course")
    tests = tests.order_by("-klass__starts_on", "-phase")[:50]
    sittings = {
        s.test_id: s
        for s in access.sittings_for(actor).filter(
            test__in=tests, enrolment__employee_id=actor.employee_id, is_current=True
        )
    }
    result = []
    for t in tests:
        mine = sittings.get(t.pk)
        ok = t.is_open and (mine is None or mine.status == S.NOT_STARTED or mine.retake_allowed)
        result.append(MyTest(t, mine, ok))
    return result


# --- a sitting ---------------------------------------------------------------------------------


@dataclass
class SittingItem:
    position: int
    question: Question
    answer: Answer | None

    @property
    def chosen(self) -> list[int]:
        return list(self.answer.choice_ids) if self.answer else []


@dataclass
class SittingPage:
    sitting: Sitting
    items: list[SittingItem]
    seconds_left: int | None
    answered: int
    actions: list[Action]
    is_mine: bool
    open_answers: int = 0

    @property
    def can_answer(self) -> bool:
        return self.is_mine and self.sitting.status == S.IN_PROGRESS and (self.seconds_left or 0) > 0


def sitting_page(actor: Actor, sitting: Sitting) -> SittingPage:
    mine = permissions.can_sit(actor, sitting)
    if not mine and not permissions.can_grade(actor, sitting.test.klass):
        raise PermissionDenied(_("Only the participant and the class's instructors see this sitting."))
    items = list(
        TestItem.objects.filter(test_id=sitting.test_id)
        .select_related("question")
        .prefetch_related("question__choices")
        .order_by("position")
    )
    answers = {a.question_id: a for a in Answer.objects.filter(sitting_id=sitting.pk)}
    seconds = None
    if sitting.status == S.IN_PROGRESS and sitting.deadline_at:
        seconds = max(0, int((sitting.deadline_at - timezone.now()).total_seconds()))
    return SittingPage(
        sitting=sitting,
        items=[SittingItem(i.position, i.question, answers.get(i.question_id)) for i in items],
        seconds_left=seconds,
        answered=len(answers),
        actions=[a for a in SITTING_WORKFLOW.actions_for(sitting, actor) if a.name in PAGE_ACTIONS],
        is_mine=mine,
        open_answers=sum(1 for a in answers.values() if a.score is None),
    )


# --- grading queue -----------------------------------------------------------------------------


def grading_queue(actor: Actor, *, klass_id: int | None = None) -> list[Answer]:
    """Answers waiting for a grader in the submitted (or timed-out) sittings of the classes the actor grades."""
    qs = access.answers_graded_by(actor).filter(
        score__isnull=True, sitting__status__in=(S.SUBMITTED, S.EXPIRED), sitting__is_current=True
    )
    if klass_id is not None:
        qs = qs.filter(sitting__test__klass_id=klass_id)
    return list(
        qs.select_related(
            "question", "sitting", "sitting__test", "sitting__test__klass", "sitting__enrolment__employee"
        ).order_by("sitting__submitted_at", "pk")[:200]
    )


# --- results, gains and item analysis ------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    enrolment_id: int
    name: str
    nip: str
    pre: float | None  # percent of the maximum
    post: float | None
    g: float | None
    band: str | None
    undefined: bool


@dataclass(frozen=True)
class ClassLearningSummary:
    """Level 2 of one class as plain data (the evaluation report section, dashboards, the API)."""

    klass_id: int
    participants: int  # enrolled who sit tests
    with_pre: int
    with_post: int
    paired: int
    mean_pre: float | None  # percent of the maximum, over paired participants
    mean_post: float | None
    class_gain: float | None  # Hake's ⟨g⟩ from the class averages
    class_band: str | None
    mean_individual_gain: float | None  # the mean of individual g, named apart
    undefined_gains: int
    band_counts: dict[str, int]
    rows: tuple[ParticipantRow, ...] = ()

    @property
    def chart(self) -> BarChart:
        return pre_post_chart(self)


def pre_post_chart(summary: ClassLearningSummary) -> BarChart:
    return BarChart(
        title=_("Mean score before and after"),
        description=_("Mean pre-test and post-test score of the participants who sat both, in percent."),
        bars=[
            Bar(_("Pre-test"), summary.mean_pre or 0.0),
            Bar(_("Post-test"), summary.mean_post or 0.0, tone="good"),
        ],
        orientation="vertical",
        category_name=_("Test"),
        value_name=_("Mean score"),
        max_value=100,
        value_format=ValueFormat(decimals=1, percent=True),
        chart_id=f"prepost-{summary.klass_id}",
    )


def _summary(klass: facade.TrainingClass, *, with_rows: bool) -> ClassLearningSummary:
    return _summaries([klass], with_rows=with_rows)[klass.pk]


def _summaries(classes: list[facade.TrainingClass], *, with_rows: bool) -> dict[int, ClassLearningSummary]:
    """The figures of many classes in two queries (their participants, their scores)."""
    from bina.assessments.services import SITTING_STATUSES

    ids = [k.pk for k in classes]
    enrolments: dict[int, list[facade.Enrolment]] = {pk: [] for pk in ids}
    for e in (
        facade.Enrolment.objects.filter(klass_id__in=ids, status__in=SITTING_STATUSES)
        .select_related("employee")
        .order_by("employee__name", "pk")
    ):
        enrolments[e.klass_id].append(e)
    scores = {s.enrolment_id: s for s in access.class_scores_of_many(classes)}
    return {k.pk: _summary_of(k, enrolments[k.pk], scores, with_rows=with_rows) for k in classes}


def _summary_of(
    klass: facade.TrainingClass, enrolments: list[facade.Enrolment], scores: dict[int, ClassScore], *, with_rows: bool
) -> ClassLearningSummary:
    pairs = []
    for e in enrolments:
        s = scores.get(e.pk)
        pairs.append(
            ScorePair(
                e.pk,
                float(s.pre) if s and s.pre is not None else None,
                float(s.post) if s and s.post is not None else None,
                float(s.max_score) if s else 100.0,
            )
        )
    gains: ClassGain = class_gains(pairs)
    by_pk = {e.pk: e for e in enrolments}
    rows = tuple(
        ParticipantRow(
            enrolment_id=int(str(p.key)),
            name=by_pk[int(str(p.key))].employee.name,
            nip=by_pk[int(str(p.key))].employee.nip,
            pre=p.pre * 100 / p.max_score if p.pre is not None else None,
            post=p.post * 100 / p.max_score if p.post is not None else None,
            g=p.g,
            band=p.band,
            undefined=p.undefined,
        )
        for p in gains.participants
    )
    return ClassLearningSummary(
        klass_id=klass.pk,
        participants=len(enrolments),
        with_pre=sum(1 for p in pairs if p.pre is not None),
        with_post=sum(1 for p in pairs if p.post is not None),
        paired=gains.paired,
        mean_pre=gains.mean_pre * 100 if gains.mean_pre is not None else None,
        mean_post=gains.mean_post * 100 if gains.mean_post is not None else None,
        class_gain=gains.class_gain,
        class_band=gains.class_band,
        mean_individual_gain=gains.mean_individual_gain,
        undefined_gains=gains.undefined_count,
        band_counts=gains.band_counts,
        rows=rows if with_rows else (),
    )


def class_learning_summary(*, actor: Actor, klass: facade.TrainingClass) -> ClassLearningSummary:
    """The class's level-2 figures with per-participant rows (for who sees the participants), else without."""
    klass = facade.get_class_for_user(actor, klass.pk)
    if not permissions.can_view_learning_figures(actor, klass):
        raise PermissionDenied(_("Your role does not show this class's test results."))
    return _summary(klass, with_rows=permissions.can_view_results(actor, klass))


def classes_learning_figures(
    *, actor: Actor, classes: Iterable[facade.TrainingClass]
) -> dict[int, ClassLearningSummary]:
    """Figures without names for many classes (the leader's dashboard, the chain view); classes the actor may
    not see the figures of are left out."""
    visible = {k.pk for k in facade.classes_for(actor).filter(pk__in=[k.pk for k in classes])}
    shown = [k for k in classes if k.pk in visible and permissions.can_view_learning_figures(actor, k)]
    return _summaries(shown, with_rows=False) if shown else {}


@dataclass
class ItemRow:
    position: int
    question: Question
    stats: ItemStats
    choices: list[tuple[str, bool, int]] = field(default_factory=list)  # (text, right, chosen)


@dataclass
class ClassResults:
    klass: facade.TrainingClass
    summary: ClassLearningSummary
    items: dict[str, list[ItemRow]]  # phase -> rows
    open_answers: int


def item_rows(test: Test) -> list[ItemRow]:
    items = list(TestItem.objects.filter(test=test).select_related("question").prefetch_related("question__choices"))
    sittings = list(Sitting.objects.filter(test=test, is_current=True, status=S.GRADED).values_list("pk", flat=True))
    scores: dict[int, dict[object, float]] = {pk: {} for pk in sittings}
    chosen: dict[int, dict[object, list[object]]] = {pk: {} for pk in sittings}
    for sitting_id, question_id, score, picks in Answer.objects.filter(sitting_id__in=sittings).values_list(
        "sitting_id", "question_id", "score", "choice_ids"
    ):
        scores[sitting_id][question_id] = float(score or 0)
        chosen[sitting_id][question_id] = list(picks or [])
    stats = item_analysis(
        list(scores.values()),
        {i.question_id: float(i.question.points) for i in items},
        list(chosen.values()),
    )
    rows = []
    for item, st in zip(items, stats, strict=True):
        choices = [(c.text, c.fraction > 0, st.choice_counts.get(c.pk, 0)) for c in item.question.choices.all()]
        rows.append(ItemRow(item.position, item.question, st, choices))
    return rows


def class_results(actor: Actor, klass: facade.TrainingClass) -> ClassResults:
    klass = facade.get_class_for_user(actor, klass.pk)
    if not permissions.can_view_results(actor, klass):
        raise PermissionDenied(_("Only the admin and the class's instructors see its test results."))
    tests = list(access.tests_of(klass).order_by("-phase"))
    open_answers = Answer.objects.filter(
        sitting__test__in=tests, score__isnull=True, sitting__status__in=(S.SUBMITTED, S.EXPIRED)
    ).count()
    return ClassResults(
        klass=klass,
        summary=_summary(klass, with_rows=True),
        items={t.phase: item_rows(t) for t in tests},
        open_answers=open_answers,
    )


def phase_label(phase: str) -> str:
    return str(Phase(phase).label)
