"""Evaluation API: what a respondent has to answer, answering (reaction survey, follow-up), results, curation."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StrictInt

from bina.core.api import ERRORS, WRITE_ERRORS, Id, InputSchema, actor_of
from bina.evaluation import access, selectors, services

router = Router(tags=["evaluation"])

Rating = Annotated[StrictInt, Field(ge=1, le=5)]


class EvaluationPendingOut(Schema):
    kind: str
    id: int
    title: str
    subtitle: str
    url: str


@router.get(
    "/evaluation/pending",
    response={200: list[EvaluationPendingOut], **ERRORS},
    summary="Questionnaires I still have to answer",
)
def pending(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"kind": i.kind, "id": i.pk, "title": i.title, "subtitle": i.subtitle, "url": i.url}
        for i in selectors.my_pending(actor_of(request))
    ]


class ReactionOptionOut(Schema):
    value: str
    label: str


class ReactionQuestionOut(Schema):
    element: str
    text: str
    kind: str
    required: bool
    options: list[ReactionOptionOut]


class ReactionSessionOut(Schema):
    session: int
    label: str


class ReactionFormOut(Schema):
    klass: int = Field(..., description="The class evaluated.")
    answered: bool
    questions: list[ReactionQuestionOut]
    instructor_question: str
    sessions: list[ReactionSessionOut] = Field(..., description="Rate each session's instructor 1-5.")


@router.get(
    "/evaluation/reaction/{invite_id}", response={200: ReactionFormOut, **ERRORS}, summary="A reaction survey to answer"
)
def reaction_get(request: HttpRequest, invite_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    f = selectors.reaction_form(actor, access.get_invite_for_user(actor, invite_id))
    return {
        "klass": f.klass.pk,
        "answered": f.answered,
        "questions": [
            {
                "element": q.element,
                "text": q.text,
                "kind": q.kind,
                "required": q.required,
                "options": [{"value": v, "label": label} for v, label in q.options],
            }
            for q in f.questions
        ],
        "instructor_question": f.instructor_text,
        "sessions": [{"session": s.session_id, "label": s.label} for s in f.sessions],
    }


class ReactionAnswerIn(InputSchema):
    element: str = Field(..., max_length=32)
    value: str = Field(..., max_length=2000, description='A scale value ("1".."5"), a choice code or free text.')


class SessionRatingIn(InputSchema):
    session: Id
    value: Rating


class ReactionIn(InputSchema):
    answers: list[ReactionAnswerIn] = Field(..., max_length=50)
    sessions: list[SessionRatingIn] = Field(default_factory=list, max_length=200)
    testimony: str = Field("", max_length=2000)
    consent: Literal["name", "initials", "none"] = "none"


class EvaluationDoneOut(Schema):
    answered: bool


@router.post(
    "/evaluation/reaction/{invite_id}",
    response={201: EvaluationDoneOut, **WRITE_ERRORS},
    summary="Answer a reaction survey (anonymous)",
)
def reaction_post(request: HttpRequest, invite_id: int, body: ReactionIn) -> tuple[int, dict[str, Any]]:
    actor = actor_of(request)
    invite = access.get_invite_for_user(actor, invite_id)
    services.reaction_answer(
        actor=actor,
        invite=invite,
        values={a.element: a.value for a in body.answers},
        session_ratings={s.session: s.value for s in body.sessions},
        testimony=body.testimony,
        consent=body.consent,
    )
    return 201, {"answered": True}


class FollowupAnswerIn(InputSchema):
    competency: Id
    value: Rating


class FollowupIn(InputSchema):
    answers: list[FollowupAnswerIn] = Field(..., max_length=50)
    testimony: str = Field("", max_length=2000)
    consent: Literal["name", "initials", "none"] = "none"


@router.post(
    "/evaluation/followups/{survey_id}",
    response={201: EvaluationDoneOut, **WRITE_ERRORS},
    summary="Answer a behaviour follow-up",
)
def followup_post(request: HttpRequest, survey_id: int, body: FollowupIn) -> tuple[int, dict[str, Any]]:
    actor = actor_of(request)
    survey = access.get_behaviour_survey_for_user(actor, survey_id)
    services.behaviour_answer(
        actor=actor,
        survey=survey,
        values={a.competency: a.value for a in body.answers},
        testimony=body.testimony,
        consent=body.consent,
    )
    return 201, {"answered": True}


class ReactionScaleOut(Schema):
    element: str
    name: str
    counts: list[int] = Field(..., description="Answers per value 1..N.")
    mean: float | None
    top_two_share: float | None


class ReactionInstructorOut(Schema):
    instructor: int
    name: str
    answered: int
    mean: float | None


class ReactionChoiceOut(Schema):
    label: str
    count: int


class ReactionResultsOut(Schema):
    respondents: int
    invited: int
    threshold: int
    visible: bool = Field(..., description="False below the threshold of responses: nothing else is given.")
    questions: list[ReactionScaleOut]
    recommend: list[ReactionChoiceOut]
    instructors: list[ReactionInstructorOut]
    comments: list[str] | None = Field(
        None, description="Free-text comments; null for readers who see aggregates only."
    )


class BehaviourChangeOut(Schema):
    code: str
    name: str
    self_baseline: float | None
    self_followup: float | None
    supervisor_baseline: float | None
    supervisor_followup: float | None


class BehaviourResultsOut(Schema):
    answered: dict[str, int]
    competencies: list[BehaviourChangeOut]


class ClassEvaluationOut(Schema):
    klass: int
    reaction: ReactionResultsOut
    behaviour: BehaviourResultsOut


def _reaction_json(r: selectors.ReactionResults) -> dict[str, Any]:
    return {
        "respondents": r.respondents,
        "invited": r.invited,
        "threshold": r.threshold,
        "visible": r.visible,
        "questions": [
            {
                "element": q.element,
                "name": q.name,
                "counts": list(q.summary.counts),
                "mean": q.summary.mean,
                "top_two_share": q.summary.top_two_share,
            }
            for q in r.questions
        ],
        "recommend": [{"label": label, "count": n} for label, n in r.recommend],
        "instructors": [
            {"instructor": i.instructor_id, "name": i.name, "answered": i.answered, "mean": i.mean}
            for i in r.instructors
        ],
        "comments": r.comments,
    }


def _behaviour_json(b: selectors.BehaviourResults) -> dict[str, Any]:
    return {
        "answered": b.answered,
        "competencies": [
            {
                "code": row.code,
                "name": row.name,
                "self_baseline": row.self_change.baseline,
                "self_followup": row.self_change.followup,
                "supervisor_baseline": row.supervisor_change.baseline,
                "supervisor_followup": row.supervisor_change.followup,
            }
            for row in b.rows
        ],
    }


@router.get(
    "/evaluation/classes/{class_id}",
    response={200: ClassEvaluationOut, **ERRORS},
    summary="A class's evaluation results",
)
def class_evaluation(request: HttpRequest, class_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    klass = access.get_results_class_for_user(actor, class_id)
    return {
        "klass": klass.pk,
        "reaction": _reaction_json(selectors.class_reaction_results(actor, klass)),
        "behaviour": _behaviour_json(selectors.class_behaviour_results(actor, klass)),
    }


@router.get(
    "/evaluation/enrolments/{enrolment_id}",
    response={200: BehaviourResultsOut, **ERRORS},
    summary="A participant's behaviour follow-up results",
)
def enrolment_behaviour(request: HttpRequest, enrolment_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    enrolment = access.get_behaviour_enrolment_for_user(actor, enrolment_id)
    return _behaviour_json(selectors.enrolment_behaviour_results(actor, enrolment))


class TestimonyCurateIn(InputSchema):
    status: Literal["approved", "hidden"]


class TestimonyOut(Schema):
    id: int
    status: str


@router.post(
    "/evaluation/testimonies/{testimony_id}/curate",
    response={200: TestimonyOut, **WRITE_ERRORS},
    summary="Approve or hide a testimony",
)
def testimony_curate(request: HttpRequest, testimony_id: int, body: TestimonyCurateIn) -> dict[str, Any]:
    actor = actor_of(request)
    testimony = services.testimony_curate(
        actor=actor, testimony=access.get_testimony_for_user(actor, testimony_id), status=body.status
    )
    return {"id": testimony.pk, "status": testimony.status}
