"""Reads of evaluation: what a respondent still has to answer, and results per class, course, instructor, partner.

Reaction results (L1) of a group of fewer than the Pemda's `min_responses` respondents are withheld entirely
(`rules.results_visible`): no means, no distributions, no comments; only the count of responses so far.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from bina.charts.specs import Bar, BarChart, LineChart, Point, ValueFormat
from bina.competencies.models import CompetencyLevel
from bina.core.actor import Actor
from bina.core.dates import format_date
from bina.evaluation import access, instrument, permissions, rules
from bina.evaluation.models import (
    BehaviourAnswer,
    BehaviourSurvey,
    ClassSurvey,
    Rater,
    ReactionInvite,
    SessionRating,
    Stage,
    Testimony,
)
from bina.partners.models import Instructor, Partner
from bina.surveys import selectors as engine
from bina.surveys.models import Question, QuestionKind, Response
from bina.training.facade import (
    Attendance,
    AttendanceStatus,
    Course,
    CourseCompetency,
    Enrolment,
    Session,
    TrainingClass,
)


@dataclass(frozen=True)
class PendingItem:
    kind: str  # "reaction" or "behaviour"
    pk: int
    title: str
    subtitle: str
    url: str


def my_pending(actor: Actor) -> list[PendingItem]:
    """The questionnaires the actor still has to answer (reaction surveys, behaviour follow-ups), newest first."""
    items: list[PendingItem] = []
    for invite in (
        access.invites_for(actor).filter(answered_at__isnull=True).select_related("survey__klass__course")[:50]
    ):
        klass = invite.survey.klass
        items.append(
            PendingItem(
                "reaction",
                invite.pk,
                klass.course.title,
                _("Reaction survey · %(code)s") % {"code": klass.code},
                reverse("evaluation:reaction_answer", args=[invite.pk]),
            )
        )
    for survey in (
        access.behaviour_surveys_for(actor)
        .filter(answered_at__isnull=True)
        .select_related("enrolment__klass__course", "enrolment__employee")[:50]
    ):
        klass = survey.enrolment.klass
        if survey.rater == Rater.SUPERVISOR:
            sub = _("About %(name)s · %(stage)s") % {
                "name": survey.enrolment.employee.name,
                "stage": survey.get_stage_display(),
            }
        else:
            sub = str(survey.get_stage_display())
        items.append(
            PendingItem(
                "behaviour",
                survey.pk,
                klass.course.title,
                sub,
                reverse("evaluation:behaviour_answer", args=[survey.pk]),
            )
        )
    return items


@dataclass(frozen=True)
class ResultLink:
    enrolment_id: int
    name: str
    course: str


def my_behaviour_links(actor: Actor) -> list[ResultLink]:
    """The follow-ups the actor answered (about themselves or, as a supervisor, about a report), each linking to
    that participant's behaviour results."""
    rows = (
        access.behaviour_surveys_for(actor)
        .filter(answered_at__isnull=False)
        .values_list("enrolment_id", "enrolment__employee__name", "enrolment__klass__course__title")
        .distinct()
        .order_by("enrolment__employee__name", "enrolment_id")[:50]
    )
    return [ResultLink(e, name, course) for e, name, course in rows]


@dataclass(frozen=True)
class FormQuestion:
    element: str
    text: str
    kind: str
    options: list[tuple[str, str]]  # (value, label)
    required: bool


@dataclass(frozen=True)
class SessionQuestion:
    session_id: int
    label: str  # topic and instructor
    options: list[tuple[str, str]]


@dataclass(frozen=True)
class ReactionForm:
    invite: ReactionInvite
    klass: TrainingClass
    questions: list[FormQuestion]
    instructor_text: str
    sessions: list[SessionQuestion]
    answered: bool


def _options(q: Question) -> list[tuple[str, str]]:
    if q.kind == QuestionKind.SCALE:
        return [(str(i), str(label)) for i, label in enumerate(q.options, start=1)]
    if q.kind == QuestionKind.CHOICE:
        return [(str(o[0]), str(o[1])) for o in q.options]
    return []


def reaction_form(actor: Actor, invite: ReactionInvite) -> ReactionForm:
    survey = invite.survey
    questions = list(Question.objects.filter(version_id=survey.campaign.version_id).order_by("position"))
    per_session = [q for q in questions if q.group == instrument.PER_SESSION]
    sessions = list(
        Session.objects.filter(klass_id=survey.klass_id, instructor__isnull=False)
        .select_related("instructor")
        .order_by("starts_at", "pk")
    )
    options = _options(per_session[0]) if per_session else []
    return ReactionForm(
        invite=invite,
        klass=survey.klass,
        questions=[
            FormQuestion(q.element, q.text, q.kind, _options(q), q.required)
            for q in questions
            if q.group != instrument.PER_SESSION
        ],
        instructor_text=per_session[0].text if per_session else "",
        sessions=[
            SessionQuestion(s.pk, f"{s.topic} · {s.instructor.name if s.instructor else ''}", options) for s in sessions
        ]
        if per_session
        else [],
        answered=invite.answered_at is not None,
    )


@dataclass(frozen=True)
class QuestionResult:
    element: str
    name: str
    summary: rules.ScaleSummary

    @property
    def chart(self) -> BarChart:
        return BarChart(
            title=self.name,
            bars=[Bar(str(i + 1), float(n)) for i, n in enumerate(self.summary.counts)],
            category_name=_("Value"),
            value_name=_("Responses"),
            chart_id=f"dist-{self.element}",
        )


@dataclass(frozen=True)
class InstructorResult:
    instructor_id: int
    name: str
    sessions: int
    answered: int
    mean: float | None


@dataclass
class ReactionResults:
    respondents: int
    invited: int
    threshold: int
    visible: bool
    questions: list[QuestionResult] = field(default_factory=list)
    recommend: list[tuple[str, int]] = field(default_factory=list)
    instructors: list[InstructorResult] = field(default_factory=list)
    comments: list[str] | None = None  # None: this reader does not see comments

    @property
    def response_rate(self) -> float | None:
        return self.respondents / self.invited if self.invited else None

    @property
    def response_rate_pct(self) -> float | None:
        rate = self.response_rate
        return None if rate is None else rate * 100

    @property
    def overall(self) -> float | None:
        for q in self.questions:
            if q.element == "overall":
                return q.summary.mean
        return None

    @property
    def means_chart(self) -> BarChart:
        return BarChart(
            title=_("Mean rating per question (1-5)"),
            bars=[Bar(q.name, round(q.summary.mean or 0, 2)) for q in self.questions],
            category_name=_("Question"),
            value_name=_("Mean"),
            max_value=5,
            value_format=ValueFormat(decimals=2),
            chart_id="reaction-means",
        )


def _reaction_results(
    responses: QuerySet[Response],
    *,
    version_id: int | None,
    invited: int,
    threshold: int,
    comments: bool,
    instructor_ratings: QuerySet[SessionRating],
) -> ReactionResults:
    respondents = engine.respondent_count(responses)
    result = ReactionResults(
        respondents=respondents,
        invited=invited,
        threshold=threshold,
        visible=rules.results_visible(respondents, threshold),
    )
    if not result.visible:
        return result
    questions = list(Question.objects.filter(version_id=version_id).order_by("position")) if version_id else []
    counts = engine.value_counts(responses)
    for q in questions:
        if q.kind == QuestionKind.SCALE and q.group != instrument.PER_SESSION:
            result.questions.append(
                QuestionResult(
                    q.element, q.element_name, rules.scale_summary(counts.get(q.element, {}), q.scale_max or 5)
                )
            )
    choices = engine.choice_counts(responses, instrument.RECOMMEND)
    labels = dict(instrument.RECOMMEND_OPTIONS)
    for q in questions:
        if q.element == instrument.RECOMMEND:
            labels = {str(o[0]): str(o[1]) for o in q.options}
    result.recommend = [(labels.get(code, code), choices.get(code, 0)) for code in labels]
    rows = instructor_ratings.values("instructor_id", "instructor__name").annotate(
        n=Count("id"), mean=Avg("value"), sessions=Count("session_id", distinct=True)
    )
    result.instructors = [
        InstructorResult(
            r["instructor_id"],
            r["instructor__name"],
            r["sessions"],
            r["n"],
            float(r["mean"]) if r["mean"] is not None else None,
        )
        for r in rows.order_by("instructor__name")
    ]
    if comments:
        result.comments = engine.texts(responses, instrument.COMMENT)
    return result


def class_reaction_results(actor: Actor, klass: TrainingClass) -> ReactionResults:
    """The class's reaction results for a reader already admitted by `access.get_results_class_for_user`."""
    threshold = access.settings_of(klass.pemda_id).min_responses
    survey = access.class_survey_of(klass)
    if survey is None:
        return ReactionResults(0, 0, threshold, False)
    responses = Response.objects.filter(campaign_id=survey.campaign_id)
    return _reaction_results(
        responses,
        version_id=survey.campaign.version_id,
        invited=ReactionInvite.objects.filter(survey=survey).count(),
        threshold=threshold,
        comments=permissions.can_read_comments(actor),
        instructor_ratings=SessionRating.objects.filter(response__campaign_id=survey.campaign_id),
    )


@dataclass(frozen=True)
class ClassRow:
    klass: TrainingClass
    respondents: int
    overall: float | None  # None below the threshold


@dataclass
class CourseResults:
    course: Course
    classes: list[ClassRow]
    total: ReactionResults

    @property
    def trend(self) -> LineChart | None:
        points = [
            Point(float(i), round(r.overall, 2), label=r.klass.code)
            for i, r in enumerate(self.classes)
            if r.overall is not None
        ]
        if len(points) < 2:
            return None
        return LineChart(
            title=_("Overall rating per class"),
            points=points,
            x_name=_("Class"),
            y_name=_("Mean (1-5)"),
            series_name=_("Overall"),
            value_format=ValueFormat(decimals=2),
            chart_id="reaction-trend",
        )


def _overall_by_campaign(campaign_ids: list[int]) -> dict[int, tuple[int, float | None]]:
    counted = {
        r["campaign_id"]: r["n"]
        for r in engine.counted(Response.objects.filter(campaign_id__in=campaign_ids))
        .values("campaign_id")
        .annotate(n=Count("id"))
    }
    means = {
        r["campaign_id"]: float(r["m"])
        for r in engine.counted(Response.objects.filter(campaign_id__in=campaign_ids))
        .filter(answers__element="overall")
        .values("campaign_id")
        .annotate(m=Avg("answers__value"))
        if r["m"] is not None
    }
    return {c: (counted.get(c, 0), means.get(c)) for c in campaign_ids}


def course_reaction_results(actor: Actor, course: Course) -> CourseResults:
    """Every class of the course the actor reads results of, oldest first, and the course's pooled results."""
    classes = list(
        access.results_classes_for(actor, TrainingClass.objects.filter(course=course)).order_by("starts_on", "code")
    )
    surveys = {
        s.klass_id: s for s in ClassSurvey.objects.filter(klass__in=[k.pk for k in classes]).select_related("campaign")
    }
    threshold = access.settings_of(course.pemda_id).min_responses
    by_campaign = _overall_by_campaign([s.campaign_id for s in surveys.values()])
    rows = []
    for k in classes:
        s = surveys.get(k.pk)
        n, mean = by_campaign.get(s.campaign_id, (0, None)) if s else (0, None)
        rows.append(ClassRow(k, n, mean if rules.results_visible(n, threshold) else None))
    campaign_ids = [s.campaign_id for s in surveys.values()]
    version_id = max((s.campaign.version_id for s in surveys.values()), default=None)
    total = _reaction_results(
        Response.objects.filter(campaign_id__in=campaign_ids),
        version_id=version_id,
        invited=ReactionInvite.objects.filter(survey__in=list(surveys.values())).count(),
        threshold=threshold,
        comments=permissions.can_read_comments(actor),
        instructor_ratings=SessionRating.objects.filter(response__campaign_id__in=campaign_ids),
    )
    return CourseResults(course, rows, total)


@dataclass(frozen=True)
class ReactionFigures:
    """Level 1 over many classes, without names: the dashboards' figure (the leader's home card, the chain)."""

    threshold: int
    classes: dict[int, ClassRow]  # by class id; `overall` None below the threshold
    responses: int  # answers of the classes shown (at or above the threshold)
    overall: float | None  # the mean overall rating (1-5) over those answers
    hidden: int  # classes with answers, but fewer than the threshold


def classes_reaction_figures(actor: Actor, classes: list[TrainingClass]) -> ReactionFigures:
    """The classes' reaction figures for a reader of evaluation results (no class for anyone else); a class is
    counted only from the Pemda's minimum of responses, as on its own results page."""
    if actor.pemda_id is None or not permissions.can_open_results(actor):
        return ReactionFigures(0, {}, 0, None, 0)
    ids = [k.pk for k in classes]
    readable = {k.pk: k for k in access.results_classes_for(actor, TrainingClass.objects.filter(pk__in=ids))}
    threshold = access.settings_of(actor.pemda_id).min_responses
    surveys = dict(ClassSurvey.objects.filter(klass_id__in=list(readable)).values_list("klass_id", "campaign_id"))
    by_campaign = _overall_by_campaign(list(surveys.values()))
    rows: dict[int, ClassRow] = {}
    responses, weighted, hidden = 0, 0.0, 0
    for pk, klass in readable.items():
        n, mean = by_campaign.get(surveys[pk], (0, None)) if pk in surveys else (0, None)
        shown = mean if rules.results_visible(n, threshold) else None
        rows[pk] = ClassRow(klass, n, shown)
        if shown is not None:
            responses += n
            weighted += shown * n
        elif n:
            hidden += 1
    return ReactionFigures(threshold, rows, responses, weighted / responses if responses else None, hidden)


@dataclass(frozen=True)
class Rating:
    """An instructor's or partner's reaction ratings: withheld below the threshold of responses."""

    responses: int
    threshold: int
    mean: float | None
    classes: int

    @property
    def visible(self) -> bool:
        return rules.results_visible(self.responses, self.threshold)


def instructor_rating(actor: Actor, instructor: Instructor) -> Rating:
    threshold = access.settings_of(instructor.pemda_id).min_responses
    agg = SessionRating.objects.filter(instructor=instructor).aggregate(
        n=Count("response_id", distinct=True), m=Avg("value"), k=Count("session__klass_id", distinct=True)
    )
    n = int(agg["n"] or 0)
    mean = float(agg["m"]) if agg["m"] is not None and rules.results_visible(n, threshold) else None
    return Rating(n, threshold, mean, int(agg["k"] or 0))


def partner_rating(actor: Actor, partner: Partner) -> Rating:
    """The overall rating of the classes the partner organised."""
    threshold = access.settings_of(partner.pemda_id).min_responses
    campaigns = ClassSurvey.objects.filter(klass__organiser=partner).values("campaign_id")
    responses = engine.counted(Response.objects.filter(campaign_id__in=campaigns))
    n = responses.count()
    m = responses.filter(answers__element="overall").aggregate(m=Avg("answers__value"))["m"]
    k = ClassSurvey.objects.filter(klass__organiser=partner).count()
    return Rating(n, threshold, float(m) if m is not None and rules.results_visible(n, threshold) else None, k)


@dataclass(frozen=True)
class Questionnaire:
    version: int | None
    questions: list[Question]


def reaction_questionnaire(actor: Actor) -> Questionnaire:
    """The current version of the actor's Pemda's reaction questionnaire (none before the first class opened it)."""
    from bina.evaluation.services import current_reaction_version

    if actor.pemda_id is None:
        return Questionnaire(None, [])
    version = current_reaction_version(actor.pemda_id)
    if version is None:
        return Questionnaire(None, [q for q in _default_questions()])
    return Questionnaire(version.number, list(Question.objects.filter(version=version).order_by("position")))


def _default_questions() -> list[Question]:
    return [Question(position=i, **spec.as_fields()) for i, spec in enumerate(instrument.default_questions(), start=1)]


# ---- Level 3 ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    competency_id: int
    code: str
    name: str
    level: int
    text: str


def course_indicators(course_id: int) -> list[Indicator]:
    """The course's target competencies with the dictionary's indicator of the target level."""
    targets = list(
        CourseCompetency.objects.filter(course_id=course_id)
        .select_related("competency")
        .order_by("competency__order", "competency__code")
    )
    texts = {
        (lv.competency_id, lv.level): lv.description
        for lv in CompetencyLevel.objects.filter(competency_id__in=[t.competency_id for t in targets])
    }
    return [
        Indicator(
            t.competency_id,
            t.competency.code,
            t.competency.name,
            t.target_level,
            texts.get((t.competency_id, t.target_level), t.competency.definition),
        )
        for t in targets
    ]


FREQUENCY = ((1, "Tidak pernah"), (2, "Jarang"), (3, "Kadang-kadang"), (4, "Sering"), (5, "Selalu"))


@dataclass(frozen=True)
class BehaviourRow:
    code: str
    name: str
    self_change: rules.Change
    supervisor_change: rules.Change


@dataclass
class BehaviourResults:
    enrolment: Enrolment | None
    rows: list[BehaviourRow]
    answered: dict[str, int]  # "<stage>:<rater>" → questionnaires answered
    service: ServiceFigures | None = None


@dataclass(frozen=True)
class ServiceFigures:
    """The participant's own service figures (as an officer) in equal windows before the class and after it."""

    before_start: dt.date
    before_end: dt.date
    after_start: dt.date
    after_end: dt.date
    before: Any
    after: Any
    url: str


def _behaviour_rows(answers: QuerySet[BehaviourAnswer], names: dict[str, str]) -> list[BehaviourRow]:
    data: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for code, stage, rater, value in answers.values_list("competency__code", "survey__stage", "survey__rater", "value"):
        data[(stage, rater)][code].append(value)
    rows = []
    for code, name in names.items():
        s = rules.behaviour_changes(
            {code: data[(Stage.BASELINE, Rater.SELF)][code]}, {code: data[(Stage.FOLLOWUP, Rater.SELF)][code]}
        )[0]
        v = rules.behaviour_changes(
            {code: data[(Stage.BASELINE, Rater.SUPERVISOR)][code]},
            {code: data[(Stage.FOLLOWUP, Rater.SUPERVISOR)][code]},
        )[0]
        rows.append(BehaviourRow(code, name, s, v))
    return rows


def _answered(surveys: QuerySet[BehaviourSurvey]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in surveys.filter(answered_at__isnull=False).values("stage", "rater").annotate(n=Count("id")):
        out[f"{r['stage']}:{r['rater']}"] = r["n"]
    return out


def _service_figures(actor: Actor, enrolment: Enrolment) -> ServiceFigures | None:
    """Only for a participant who serves citizens (has officer figures); read with the reader's own reach."""
    from bina.quality.access import officer_rollups_for
    from bina.quality.stats import service_stats

    klass = enrolment.klass
    rollups = officer_rollups_for(actor).filter(officer_id=enrolment.employee_id)
    if not rollups.exists():
        return None
    window = dt.timedelta(weeks=12)
    before = (klass.starts_on - window, klass.starts_on - dt.timedelta(days=1))
    after = (klass.ends_on + dt.timedelta(days=1), klass.ends_on + window)

    def figure(start: dt.date, end: dt.date) -> Any:
        try:
            items = service_stats(actor=actor, service_code=None, unit_code=None, start=start, end=end, group="officer")
        except Exception:  # a reader without officer figures: no figures, not an error page
            return None
        return next((i for i in items if i.key == enrolment.employee.nip), None)

    url = (
        reverse("quality:figures")
        + f"?unit={enrolment.employee.unit.code}&start={before[0].isoformat()}&end={after[1].isoformat()}"
    )
    return ServiceFigures(before[0], before[1], after[0], after[1], figure(*before), figure(*after), url)


def enrolment_behaviour_results(actor: Actor, enrolment: Enrolment) -> BehaviourResults:
    names = {i.code: i.name for i in course_indicators(enrolment.klass.course_id)}
    surveys = BehaviourSurvey.objects.filter(enrolment=enrolment)
    rows = _behaviour_rows(BehaviourAnswer.objects.filter(survey__in=surveys), names)
    return BehaviourResults(enrolment, rows, _answered(surveys), _service_figures(actor, enrolment))


def class_behaviour_participants(actor: Actor, klass: TrainingClass) -> list[ResultLink]:
    """The class's participants with an answered follow-up, for the Pemda's readers (instructors see aggregates)."""
    if not permissions.can_read_evaluation(actor):
        return []
    rows = (
        BehaviourSurvey.objects.filter(enrolment__klass=klass, answered_at__isnull=False)
        .values_list("enrolment_id", "enrolment__employee__name", "enrolment__klass__course__title")
        .distinct()
        .order_by("enrolment__employee__name", "enrolment_id")
    )
    return [ResultLink(e, name, course) for e, name, course in rows]


def class_behaviour_results(actor: Actor, klass: TrainingClass) -> BehaviourResults:
    names = {i.code: i.name for i in course_indicators(klass.course_id)}
    surveys = BehaviourSurvey.objects.filter(enrolment__klass=klass)
    return BehaviourResults(
        None, _behaviour_rows(BehaviourAnswer.objects.filter(survey__in=surveys), names), _answered(surveys)
    )


def course_behaviour_results(actor: Actor, course: Course) -> BehaviourResults:
    names = {i.code: i.name for i in course_indicators(course.pk)}
    classes = access.results_classes_for(actor, TrainingClass.objects.filter(course=course)).values("pk")
    surveys = BehaviourSurvey.objects.filter(enrolment__klass__in=classes)
    return BehaviourResults(
        None, _behaviour_rows(BehaviourAnswer.objects.filter(survey__in=surveys), names), _answered(surveys)
    )


@dataclass(frozen=True)
class BehaviourForm:
    survey: BehaviourSurvey
    indicators: list[Indicator]
    options: tuple[tuple[int, str], ...]
    answered: bool


def behaviour_form(actor: Actor, survey: BehaviourSurvey) -> BehaviourForm:
    return BehaviourForm(
        survey, course_indicators(survey.enrolment.klass.course_id), FREQUENCY, survey.answered_at is not None
    )


# ---- Testimonies ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedTestimony:
    """What a page may show of a testimony: its words, the consented byline, the course and the date."""

    text: str
    byline: str
    course: str
    date: str


def _published(qs: QuerySet[Testimony], limit: int) -> list[PublishedTestimony]:
    out = []
    for t in qs.select_related("employee", "klass__course").order_by("-created_at", "-id")[:limit]:
        line = rules.byline(t.employee.name, t.consent)
        if line is None:
            continue
        out.append(PublishedTestimony(t.text, line, t.klass.course.title, format_date(t.created_at.date())))
    return out


def class_testimonies(klass: TrainingClass, *, limit: int = 20) -> list[PublishedTestimony]:
    return _published(access.published_testimonies(klass.pemda_id).filter(klass=klass), limit)


def course_testimonies(course: Course, *, limit: int = 20) -> list[PublishedTestimony]:
    return _published(access.published_testimonies(course.pemda_id).filter(klass__course=course), limit)


def portal_testimonies(actor: Actor, *, limit: int = 6) -> list[PublishedTestimony]:
    """For the public portal: the visited Pemda's approved, consented testimonies (no other personal data)."""
    return _published(access.testimonies_public(actor), limit)


def testimonies_to_curate(actor: Actor) -> QuerySet[Testimony]:
    return (
        access.testimonies_for(actor)
        .select_related("employee", "klass", "klass__course")
        .order_by("status", "-created_at")
    )


# Across classes (a course's or a programme's classes): one row of figures each, for the report `evaluation.classes`.

COUNTED_OUT = ("rejected", "declined", "withdrawn", "cancelled")  # as the class report's attendance section


@dataclass(frozen=True)
class ClassFigures:
    klass: TrainingClass
    participants: int
    attendance: float | None  # sessions attended (present or late) of all the participants' sessions, percent
    respondents: int  # reaction responses counted
    overall: float | None  # L1 mean of "overall" (1-5); None below the Pemda's threshold
    testimonies: int  # approved with consent to publish


def result_classes(actor: Actor, qs: QuerySet[TrainingClass]) -> list[TrainingClass]:
    """The classes (already scoped by training) whose evaluation the actor reads, oldest first."""
    return list(access.results_classes_for(actor, qs).select_related("course", "pemda").order_by("starts_on", "code"))


def classes_figures(classes: list[TrainingClass]) -> list[ClassFigures]:
    """Evaluation's own figures of each class (already read through `result_classes`), in a few queries whatever
    the number of classes."""
    ids = [k.pk for k in classes]
    participants = {
        r["klass_id"]: r["n"]
        for r in Enrolment.objects.filter(klass_id__in=ids)
        .exclude(status__in=COUNTED_OUT)
        .values("klass_id")
        .annotate(n=Count("id"))
    }
    sessions = {
        r["klass_id"]: r["n"]
        for r in Session.objects.filter(klass_id__in=ids).values("klass_id").annotate(n=Count("id"))
    }
    attended = {
        r["session__klass_id"]: r["n"]
        for r in Attendance.objects.filter(
            session__klass_id__in=ids,
            status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE),
            enrolment__klass_id__in=ids,
        )
        .exclude(enrolment__status__in=COUNTED_OUT)
        .values("session__klass_id")
        .annotate(n=Count("id"))
    }
    surveys = dict(ClassSurvey.objects.filter(klass_id__in=ids).values_list("klass_id", "campaign_id"))
    by_campaign = _overall_by_campaign(list(surveys.values()))
    testimonies: dict[int, int] = defaultdict(int)
    pemdas = {k.pemda_id for k in classes}
    for pemda_id in pemdas:
        for row in (
            access.published_testimonies(pemda_id).filter(klass_id__in=ids).values("klass_id").annotate(n=Count("id"))
        ):
            testimonies[row["klass_id"]] = row["n"]
    thresholds = {pemda_id: access.settings_of(pemda_id).min_responses for pemda_id in pemdas}
    out = []
    for k in classes:
        n, mean = by_campaign.get(surveys[k.pk], (0, None)) if k.pk in surveys else (0, None)
        people, held = participants.get(k.pk, 0), sessions.get(k.pk, 0)
        pct = attended.get(k.pk, 0) * 100 / (people * held) if people and held else None
        out.append(
            ClassFigures(
                klass=k,
                participants=people,
                attendance=pct,
                respondents=n,
                overall=mean if rules.results_visible(n, thresholds[k.pemda_id]) else None,
                testimonies=testimonies.get(k.pk, 0),
            )
        )
    return out
