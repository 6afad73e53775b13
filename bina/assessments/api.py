"""Assessment endpoints: a course's bank (list, import GIFT/Moodle XML), a class's learning figures, and taking a
test (start, autosave an answer, the sitting's workflow actions). Same scope and rules as the pages."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import Strict

from bina.assessments import access, selectors, services
from bina.assessments.interchange import FormatError, gift_parse, moodle_xml_parse
from bina.assessments.models import Sitting, Test
from bina.assessments.workflows import SITTING_WORKFLOW
from bina.core.actor import Actor
from bina.core.api import AS_NUMBER, ERRORS, WRITE_ERRORS, Id, InputSchema, actor_of
from bina.core.errors import ValidationFailed
from bina.training import facade

router = Router(tags=["assessments"])


class BankChoiceOut(Schema):
    id: int
    text: str
    fraction: float


class BankQuestionOut(Schema):
    id: int
    kind: str
    text: str
    competency_code: str
    difficulty: str
    points: float
    is_active: bool
    choices: list[BankChoiceOut]
    accepted: list[str]


class BankImportIn(InputSchema):
    format: Literal["gift", "moodle_xml"]
    content: str = Field(..., min_length=1, max_length=2_000_000)


class BankImportOut(Schema):
    created: int


class LearningRowOut(Schema):
    enrolment_id: int
    name: str
    nip: str
    pre: float | None
    post: float | None
    gain: float | None
    band: str | None
    gain_undefined: bool


class LearningSummaryOut(Schema):
    class_id: int
    participants: int
    with_pre: int
    with_post: int
    paired: int
    mean_pre: float | None = Field(None, description="percent of the maximum, participants with both tests")
    mean_post: float | None
    class_average_gain: float | None = Field(None, description="Hake's <g> from the class's average pre and post")
    class_band: str | None
    mean_individual_gain: float | None
    undefined_gains: int
    band_counts: dict[str, int]
    rows: list[LearningRowOut]


class SittingOut(Schema):
    id: int
    test_id: int
    phase: str
    attempt: int
    status: str
    started_at: datetime | None
    deadline_at: datetime | None
    submitted_at: datetime | None
    score: float | None
    max_score: float
    allowed_actions: list[str]


class AnswerIn(InputSchema):
    choices: list[Id] = Field(default_factory=list, max_length=20)
    text: str = Field("", max_length=20000)


class BlueprintCellIn(InputSchema):
    competency_id: int = Field(0, ge=0, le=2**31 - 1, strict=True, description="0: questions without a competency")
    difficulty: Literal["easy", "medium", "hard"]
    count: int = Field(..., ge=0, le=200, strict=True)


class TestsIn(InputSchema):
    blueprint: list[BlueprintCellIn] = Field(..., min_length=1, max_length=100)
    duration_minutes: int = Field(30, ge=1, le=600, strict=True)


class TestOut(Schema):
    id: int
    phase: str
    items: int
    duration_minutes: int
    is_open: bool


class TestsOut(Schema):
    pre: TestOut
    post: TestOut
    shared_questions: list[int]


class GradeIn(InputSchema):
    score: Annotated[Decimal, Strict(), Field(ge=0, le=100, decimal_places=2), AS_NUMBER]


class AnswerOut(Schema):
    question_id: int
    saved_at: datetime
    scored: bool


@router.get(
    "/assessments/banks/{course_id}/questions",
    response={200: list[BankQuestionOut], **ERRORS},
    summary="The questions of a course's bank",
)
def bank_questions(request: HttpRequest, course_id: int) -> list[BankQuestionOut]:
    actor = actor_of(request)
    bank = selectors.bank_page(actor, access.get_bank_course_for_user(actor, course_id))
    return [
        BankQuestionOut(
            id=q.pk,
            kind=q.kind,
            text=q.text,
            competency_code=q.competency.code if q.competency else "",
            difficulty=q.difficulty,
            points=float(q.points),
            is_active=q.is_active,
            choices=[BankChoiceOut(id=c.pk, text=c.text, fraction=float(c.fraction)) for c in q.choices.all()],
            accepted=list(q.accepted),
        )
        for q in bank.questions
    ]


@router.post(
    "/assessments/banks/{course_id}/import",
    response={201: BankImportOut, **WRITE_ERRORS},
    summary="Add questions to a course's bank from GIFT or Moodle XML",
)
def bank_import(request: HttpRequest, course_id: int, payload: BankImportIn) -> Status[BankImportOut]:
    actor = actor_of(request)
    course = access.get_bank_course_for_user(actor, course_id)
    try:
        items = (gift_parse if payload.format == "gift" else moodle_xml_parse)(payload.content)
    except FormatError as exc:
        raise ValidationFailed(str(exc), code="bad_format", details=[{"field": "content", "item": exc.item}]) from None
    added = services.bank_items_add(actor=actor, course=course, items=items, source=payload.format)
    return Status(201, BankImportOut(created=len(added)))


@router.get(
    "/assessments/classes/{class_id}/learning",
    response={200: LearningSummaryOut, **ERRORS},
    summary="A class's pre/post results and gains (Hake 1998); names only for who sees the participants",
)
def class_learning(request: HttpRequest, class_id: int) -> LearningSummaryOut:
    actor = actor_of(request)
    s = selectors.class_learning_summary(actor=actor, klass=facade.get_class_for_user(actor, class_id))
    return LearningSummaryOut(
        class_id=s.klass_id,
        participants=s.participants,
        with_pre=s.with_pre,
        with_post=s.with_post,
        paired=s.paired,
        mean_pre=s.mean_pre,
        mean_post=s.mean_post,
        class_average_gain=s.class_gain,
        class_band=s.class_band,
        mean_individual_gain=s.mean_individual_gain,
        undefined_gains=s.undefined_gains,
        band_counts=s.band_counts,
        rows=[
            LearningRowOut(
                enrolment_id=r.enrolment_id,
                name=r.name,
                nip=r.nip,
                pre=r.pre,
                post=r.post,
                gain=r.g,
                band=r.band,
                gain_undefined=r.undefined,
            )
            for r in s.rows
        ],
    )


def _sitting_out(actor: Actor, sitting: Sitting) -> SittingOut:
    return SittingOut(
        id=sitting.pk,
        test_id=sitting.test_id,
        phase=sitting.test.phase,
        attempt=sitting.attempt,
        status=sitting.status,
        started_at=sitting.started_at,
        deadline_at=sitting.deadline_at,
        submitted_at=sitting.submitted_at,
        score=float(sitting.score) if sitting.score is not None else None,
        max_score=float(sitting.max_score),
        allowed_actions=SITTING_WORKFLOW.allowed_actions(sitting, actor),
    )


def _test_out(test: Test) -> TestOut:
    return TestOut(
        id=test.pk,
        phase=test.phase,
        items=test.items.count(),
        duration_minutes=test.duration_minutes,
        is_open=test.is_open,
    )


@router.post(
    "/assessments/classes/{class_id}/tests",
    response={201: TestsOut, **WRITE_ERRORS},
    summary="Draw a class's pre-test and post-test from the course's bank as two parallel forms",
)
def tests_create(request: HttpRequest, class_id: int, payload: TestsIn) -> Status[TestsOut]:
    actor = actor_of(request)
    klass = facade.get_class_for_user(actor, class_id)
    blueprint: dict[tuple[int, str], int] = {}
    for cell in payload.blueprint:
        key = (cell.competency_id, cell.difficulty)
        blueprint[key] = blueprint.get(key, 0) + cell.count
    created = services.tests_create(
        actor=actor, klass=klass, data=services.TestsInput(blueprint, payload.duration_minutes, seed=klass.pk)
    )
    return Status(
        201, TestsOut(pre=_test_out(created.pre), post=_test_out(created.post), shared_questions=sorted(created.shared))
    )


@router.put(
    "/assessments/answers/{answer_id}/grade",
    response={200: AnswerOut, **WRITE_ERRORS},
    summary="Grade an open answer (essay) of a submitted sitting",
)
def answer_grade(request: HttpRequest, answer_id: int, payload: GradeIn) -> AnswerOut:
    actor = actor_of(request)
    answer = services.answer_grade(
        actor=actor, answer=access.get_answer_for_grader(actor, answer_id), score=payload.score
    )
    return AnswerOut(question_id=answer.question_id, saved_at=answer.updated_at, scored=answer.score is not None)


@router.post(
    "/assessments/tests/{test_id}/start",
    response={201: SittingOut, **WRITE_ERRORS},
    summary="Start (or, when a retake is allowed, start again) a test of one's class",
)
def test_start(request: HttpRequest, test_id: int) -> Status[SittingOut]:
    actor = actor_of(request)
    sitting = services.test_start(actor=actor, test=access.get_test_for_user(actor, test_id))
    return Status(201, _sitting_out(actor, sitting))


@router.get("/assessments/sittings/{sitting_id}", response={200: SittingOut, **ERRORS}, summary="A test sitting")
def sitting_detail(request: HttpRequest, sitting_id: int) -> SittingOut:
    actor = actor_of(request)
    return _sitting_out(actor, access.get_sitting_for_user(actor, sitting_id))


@router.put(
    "/assessments/sittings/{sitting_id}/answers/{question_id}",
    response={200: AnswerOut, **WRITE_ERRORS},
    summary="Save one answer of an open sitting (autosave)",
)
def answer_put(request: HttpRequest, sitting_id: int, question_id: int, payload: AnswerIn) -> AnswerOut:
    actor = actor_of(request)
    sitting = access.get_sitting_for_user(actor, sitting_id)
    answer = services.answer_save(
        actor=actor, sitting=sitting, question_id=question_id, choice_ids=payload.choices, text=payload.text
    )
    return AnswerOut(question_id=answer.question_id, saved_at=answer.updated_at, scored=answer.score is not None)


@router.post(
    "/assessments/sittings/{sitting_id}/actions/{action}",
    response={200: SittingOut, **WRITE_ERRORS},
    summary="One action of the sitting's workflow (submit, expire, allow_retake)",
)
def sitting_action(request: HttpRequest, sitting_id: int, action: str) -> SittingOut:
    actor = actor_of(request)
    sitting = access.get_sitting_for_user(actor, sitting_id)
    done = services.sitting_act(actor=actor, sitting=sitting, action=action[:40])
    return _sitting_out(actor, done)
