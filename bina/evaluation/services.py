"""Writes of evaluation: settings, the reaction questionnaire, opening surveys, answers, reminders, curation.

Anonymity of the reaction survey (L1): the answer is a survey-engine `Response` with no respondent, written
in the same transaction as the invitation is marked answered (a conditional UPDATE, so a double submit
cannot answer twice); nothing links the two rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.actor import Actor
from bina.core.audit import audit_changes, audit_record, track_changes
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.evaluation import instrument, permissions, rules
from bina.evaluation.access import settings_of
from bina.evaluation.models import (
    BehaviourAnswer,
    BehaviourSurvey,
    ClassSurvey,
    Consent,
    EvaluationSettings,
    Level,
    Rater,
    ReactionInvite,
    SessionRating,
    Stage,
    Testimony,
    TestimonyStatus,
)
from bina.notifications.services import notify_employee
from bina.people.models import Employee
from bina.surveys import services as engine
from bina.surveys.models import Campaign, InstrumentVersion, Question
from bina.training.facade import (
    Attendance,
    AttendanceStatus,
    ClassStatus,
    CourseCompetency,
    Enrolment,
    EnrolmentStatus,
    Session,
    TrainingClass,
)

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
# How long after its last session a class still gets invitations for attendees marked late.
OPEN_WINDOW_DAYS = 60
TESTIMONY_MAX = 2000


def _system_or_admin(actor: Actor) -> int:
    if actor.pemda_id is None or not (actor.is_system or permissions.can_manage_evaluation(actor)):
        raise PermissionDenied(_("Only the BKPSDM admin can change the evaluation."))
    return actor.pemda_id


SETTINGS_FIELDS = ("min_responses", "followup_weeks", "reminder_days", "max_reminders")


@transaction.atomic
def evaluation_settings_update(*, actor: Actor, data: Mapping[str, int]) -> EvaluationSettings:
    pemda_id = _system_or_admin(actor)
    limits = {"min_responses": (2, 50), "followup_weeks": (1, 104), "reminder_days": (1, 60), "max_reminders": (0, 10)}
    details = []
    for name, (low, high) in limits.items():
        value = data.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            details.append(
                {"field": name, "message": _("Enter a whole number from %(a)s to %(b)s.") % {"a": low, "b": high}}
            )
    if details:
        raise ValidationFailed(_("Check the settings."), details=details)
    current = settings_of(pemda_id)
    setting, _created = EvaluationSettings.objects.select_for_update().get_or_create(
        pemda_id=pemda_id, defaults={f: getattr(current, f) for f in SETTINGS_FIELDS}
    )
    changes = track_changes(setting, dict(data), SETTINGS_FIELDS)
    for name in SETTINGS_FIELDS:
        setattr(setting, name, data[name])
    setting.save()
    audit_changes(action="evaluation.settings_update", actor=actor, target=setting, changes=changes)
    return setting


def reaction_instrument_load(*, actor: Actor) -> InstrumentVersion:
    """Give the Pemda the default reaction questionnaire (a new version only when it changed)."""
    _system_or_admin(actor)
    return engine.instrument_version_create(
        actor=actor,
        code=instrument.INSTRUMENT_CODE,
        name=instrument.INSTRUMENT_NAME,
        questions=instrument.default_questions(),
    )


def current_reaction_version(pemda_id: int) -> InstrumentVersion | None:
    return (
        InstrumentVersion.objects.filter(
            instrument__pemda_id=pemda_id, instrument__code=instrument.INSTRUMENT_CODE, is_current=True
        )
        .select_related("instrument")
        .first()
    )


@transaction.atomic
def reaction_instrument_update(*, actor: Actor, texts: Mapping[str, str]) -> InstrumentVersion:
    """Reword the Pemda's reaction questions (by element code): a new version; old answers keep theirs."""
    pemda_id = _system_or_admin(actor)
    version = current_reaction_version(pemda_id) or reaction_instrument_load(actor=actor)
    questions = list(Question.objects.filter(version=version).order_by("position"))
    unknown = set(texts) - {q.element for q in questions}
    if unknown:
        raise ValidationFailed(_("This questionnaire has no question %(e)s.") % {"e": ", ".join(sorted(unknown))})
    specs = []
    for q in questions:
        text = texts.get(q.element, q.text).strip()
        if not text or len(text) > 500:
            raise ValidationFailed(_("Every question needs a text of at most 500 characters."))
        specs.append(
            engine.QuestionSpec(
                element=q.element,
                element_name=q.element_name,
                text=text,
                kind=q.kind,
                scale_max=q.scale_max,
                options=[tuple(o) if isinstance(o, list) else o for o in q.options],
                required=q.required,
                group=q.group,
            )
        )
    return engine.instrument_version_create(
        actor=actor, code=instrument.INSTRUMENT_CODE, name=version.instrument.name, questions=specs
    )


def attendee_ids(klass_id: int) -> set[int]:
    """Employees who attended at least one session of the class (present or late) with a live enrolment."""
    return set(
        Attendance.objects.filter(
            session__klass_id=klass_id,
            status__in=ATTENDED,
            enrolment__status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED),
        ).values_list("enrolment__employee_id", flat=True)
    )


@dataclass(frozen=True)
class OpenResult:
    surveys: int
    invites: int


@transaction.atomic
def reaction_surveys_open(*, actor: Actor, now: dt.datetime | None = None) -> OpenResult:
    """Open the reaction survey of every class whose last session has ended, for its attendees.

    Safe to repeat: one survey per class, one invitation per attendee (unique constraints, conflicts ignored).
    """
    pemda_id = _system_or_admin(actor)
    now = now or timezone.now()
    ended = (
        Session.objects.filter(pemda_id=pemda_id)
        .exclude(klass__status__in=(ClassStatus.CANCELLED, ClassStatus.DRAFT))
        .values("klass_id")
        .annotate(last=Max("ends_at"))
        .filter(last__lte=now, last__gte=now - dt.timedelta(days=OPEN_WINDOW_DAYS))
    )
    last_by_class = {r["klass_id"]: r["last"] for r in ended}
    if not last_by_class:
        return OpenResult(0, 0)
    have = dict(ClassSurvey.objects.filter(klass_id__in=list(last_by_class)).values_list("klass_id", "pk"))
    created_surveys = 0
    missing = [k for k in last_by_class if k not in have]
    if missing:
        version = current_reaction_version(pemda_id) or reaction_instrument_load(actor=actor)
        for klass in TrainingClass.objects.filter(pk__in=missing):
            campaign = Campaign.objects.create(
                pemda_id=pemda_id,
                version=version,
                name=f"{version.instrument.name}: {klass.code}"[:200],
                subject=f"class:{klass.pk}",
                start=klass.starts_on,
                end=max(klass.ends_on, timezone.localdate(now)),
            )
            have[klass.pk] = ClassSurvey.objects.create(pemda_id=pemda_id, klass=klass, campaign=campaign).pk
            created_surveys += 1
    attended = (
        Attendance.objects.filter(
            session__klass_id__in=list(last_by_class),
            status__in=ATTENDED,
            enrolment__status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED),
        )
        .values_list("session__klass_id", "enrolment__employee_id")
        .distinct()
    )
    invites = [
        ReactionInvite(pemda_id=pemda_id, survey_id=have[klass_id], employee_id=employee_id, opened_at=now)
        for klass_id, employee_id in attended
    ]
    before = ReactionInvite.objects.filter(survey_id__in=list(have.values())).count()
    ReactionInvite.objects.bulk_create(invites, ignore_conflicts=True, batch_size=1000)
    added = ReactionInvite.objects.filter(survey_id__in=list(have.values())).count() - before
    return OpenResult(created_surveys, added)


def _day_start() -> dt.datetime:
    """Now, cut to the start of the day: the time written next to an anonymous answer (the invitation's
    `answered_at`, a testimony's `created_at`) must not match the response's own timestamp."""
    return timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)


def _testimony_add(*, pemda_id: int, klass_id: int, employee_id: int, level: str, text: str, consent: str) -> None:
    text = (text or "").strip()
    if not text:
        return
    if len(text) > TESTIMONY_MAX:
        raise ValidationFailed(_("Write at most 2,000 characters."), details=[{"field": "testimony"}])
    if consent not in Consent.values:
        raise ValidationFailed(_("Choose how your testimony may be published."), details=[{"field": "consent"}])
    Testimony.objects.update_or_create(
        pemda_id=pemda_id,
        klass_id=klass_id,
        employee_id=employee_id,
        level=level,
        defaults={
            "text": text,
            "consent": consent,
            "status": TestimonyStatus.PENDING,
            "curated_at": None,
            "created_at": _day_start(),
        },
    )


@transaction.atomic
def reaction_answer(
    *,
    actor: Actor,
    invite: ReactionInvite,
    values: Mapping[str, Any],
    session_ratings: Mapping[int, int] | None = None,
    testimony: str = "",
    consent: str = Consent.NONE,
) -> None:
    """Answer the class's reaction survey once, anonymously. Only an attendee of the class may answer."""
    if actor.employee_id is None or invite.employee_id != actor.employee_id or invite.pemda_id != actor.pemda_id:
        raise PermissionDenied(_("This survey is for another participant."))
    survey = invite.survey
    if invite.employee_id not in attendee_ids(survey.klass_id):
        raise PermissionDenied(_("Only participants who attended the class can evaluate it."), code="not_attendee")
    version = survey.campaign.version
    questions = list(Question.objects.filter(version=version).order_by("position"))
    engine_questions = [q for q in questions if q.group != instrument.PER_SESSION]
    _rows, errors = engine.answers_check(engine_questions, values)
    details: list[dict[str, Any]] = [{"field": element, "message": reason} for element, reason in errors]
    # The instructor question is asked per session that had an instructor; every one must be rated 1..5.
    per_session = [q for q in questions if q.group == instrument.PER_SESSION]
    sessions = list(
        Session.objects.filter(klass_id=survey.klass_id, instructor__isnull=False).order_by("starts_at", "pk")
    )
    ratings = dict(session_ratings or {})
    unknown = set(ratings) - {s.pk for s in sessions}
    if unknown:
        details.append({"field": "sessions", "message": _("These sessions are not part of the class.")})
    if per_session:
        scale_max = per_session[0].scale_max or 5
        for s in sessions:
            value = ratings.get(s.pk)
            if value is None or not 1 <= int(value) <= scale_max:
                details.append(
                    {"field": f"session_{s.pk}", "message": _("Choose a value from 1 to %(n)s.") % {"n": scale_max}}
                )
    if details:
        raise ValidationFailed(_("Check your answers."), details=details)
    # Claim the invitation: only one submission of it ever counts.
    claimed = ReactionInvite.objects.filter(pk=invite.pk, answered_at__isnull=True).update(answered_at=_day_start())
    if not claimed:
        raise Conflict(_("You have already answered this survey."), code="already_answered")
    [response] = engine.responses_create(
        actor=actor,
        version=version,
        items=[
            engine.ResponseInput(
                answered_on=timezone.localdate(),
                values=values,
                subject=f"class:{survey.klass_id}",
                channel="web",
                campaign_id=survey.campaign_id,
            )
        ],
        questions=engine_questions,
    )
    if per_session:
        SessionRating.objects.bulk_create(
            SessionRating(
                pemda_id=invite.pemda_id,
                response=response,
                session=s,
                instructor_id=s.instructor_id or 0,
                value=int(ratings[s.pk]),
            )
            for s in sessions
        )
    _testimony_add(
        pemda_id=invite.pemda_id,
        klass_id=survey.klass_id,
        employee_id=invite.employee_id,
        level=Level.L1,
        text=testimony,
        consent=consent,
    )
    # Not audited per person: an audit event's time next to the response's would say whose answer it is (the
    # engine's response row, without respondent, is the record; the invitation says only "answered that day").


def _course_targets(course_id: int) -> list[tuple[int, int]]:
    return list(
        CourseCompetency.objects.filter(course_id=course_id)
        .order_by("competency__order", "competency__code")
        .values_list("competency_id", "target_level")
    )


@transaction.atomic
def behaviour_surveys_open(*, actor: Actor, today: dt.date | None = None) -> int:
    """Open behaviour questionnaires: a baseline for each enrolled participant of a class not yet completed (and
    their supervisor), and the follow-up `followup_weeks` after completion. Safe to repeat (unique per
    enrolment, stage and respondent). Only courses with competency targets have questions to ask."""
    pemda_id = _system_or_admin(actor)
    today = today or timezone.localdate()
    setting = settings_of(pemda_id)
    with_targets = CourseCompetency.objects.filter(course__pemda_id=pemda_id).values("course_id")
    base = Enrolment.objects.filter(pemda_id=pemda_id, klass__course_id__in=with_targets)
    baseline = base.filter(
        status=EnrolmentStatus.ENROLLED,
        klass__status__in=(ClassStatus.OPEN, ClassStatus.CLOSED, ClassStatus.RUNNING),
    )
    due_after = timezone.now() - dt.timedelta(weeks=setting.followup_weeks)
    followup = base.filter(status=EnrolmentStatus.COMPLETED, completed_at__lte=due_after)
    rows: list[BehaviourSurvey] = []
    for stage, qs in ((Stage.BASELINE, baseline), (Stage.FOLLOWUP, followup)):
        for enrolment_id, employee_id, supervisor_id in qs.exclude(
            pk__in=BehaviourSurvey.objects.filter(stage=stage, rater=Rater.SELF).values("enrolment_id")
        ).values_list("pk", "employee_id", "employee__supervisor_id"):
            rows.append(
                BehaviourSurvey(
                    pemda_id=pemda_id,
                    enrolment_id=enrolment_id,
                    stage=stage,
                    rater=Rater.SELF,
                    respondent_id=employee_id,
                    due_on=today,
                )
            )
            if supervisor_id is not None:
                rows.append(
                    BehaviourSurvey(
                        pemda_id=pemda_id,
                        enrolment_id=enrolment_id,
                        stage=stage,
                        rater=Rater.SUPERVISOR,
                        respondent_id=supervisor_id,
                        due_on=today,
                    )
                )
    BehaviourSurvey.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


@transaction.atomic
def behaviour_answer(
    *,
    actor: Actor,
    survey: BehaviourSurvey,
    values: Mapping[int, int],
    testimony: str = "",
    consent: str = Consent.NONE,
) -> BehaviourSurvey:
    """Answer a behaviour questionnaire: one rating 1..5 per target competency of the course."""
    if actor.employee_id is None or survey.respondent_id != actor.employee_id or survey.pemda_id != actor.pemda_id:
        raise PermissionDenied(_("This questionnaire is for someone else."))
    targets = _course_targets(survey.enrolment.klass.course_id)
    details = []
    for competency_id, _level in targets:
        value = values.get(competency_id)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            details.append({"field": f"competency_{competency_id}", "message": _("Choose a value from 1 to 5.")})
    if set(values) - {c for c, _l in targets}:
        details.append({"field": "answers", "message": _("These competencies are not targets of the course.")})
    if details:
        raise ValidationFailed(_("Check your answers."), details=details)
    claimed = BehaviourSurvey.objects.filter(pk=survey.pk, answered_at__isnull=True).update(answered_at=timezone.now())
    if not claimed:
        raise Conflict(_("You have already answered this questionnaire."), code="already_answered")
    BehaviourAnswer.objects.bulk_create(
        BehaviourAnswer(survey=survey, competency_id=c, level=level, value=values[c]) for c, level in targets
    )
    if survey.rater == Rater.SELF and survey.stage == Stage.FOLLOWUP:
        _testimony_add(
            pemda_id=survey.pemda_id,
            klass_id=survey.enrolment.klass_id,
            employee_id=survey.respondent_id,
            level=Level.L3,
            text=testimony,
            consent=consent,
        )
    audit_record(
        action="evaluation.behaviour_answer",
        actor=actor,
        target=survey,
        target_label=survey.enrolment.klass.code,
        detail={"stage": survey.stage, "rater": survey.rater},
    )
    survey.refresh_from_db()
    return survey


REMINDER_TITLE = gettext_lazy("Please evaluate %(course)s")
REMINDER_BODY = gettext_lazy("Your answers help improve the training. It takes about three minutes.")
FOLLOWUP_TITLE = gettext_lazy("Follow-up on %(course)s: how is it going at work?")


def _remind(
    *, rows: list[Any], now: dt.datetime, setting: EvaluationSettings, model: Any, kind: str, title: Any, url_name: str
) -> int:
    sent = 0
    for row, employee_id, course in rows:
        if not rules.reminder_due(
            opened_at=row.opened_at
            if hasattr(row, "opened_at")
            else timezone.make_aware(dt.datetime.combine(row.due_on, dt.time())),
            reminded_at=row.reminded_at,
            reminders_sent=row.reminders_sent,
            answered=row.answered_at is not None,
            now=now,
            every_days=setting.reminder_days,
            max_reminders=setting.max_reminders,
        ):
            continue
        # Claim this reminder number: two loops at once send it once.
        if not model.objects.filter(pk=row.pk, reminders_sent=row.reminders_sent, answered_at__isnull=True).update(
            reminders_sent=row.reminders_sent + 1, reminded_at=now
        ):
            continue
        employee = Employee.objects.filter(pk=employee_id).first()
        if employee is None:
            continue
        notify_employee(
            employee=employee,
            kind=kind,
            event_key=f"{kind}:{row.pk}:{row.reminders_sent + 1}",
            title=title,
            body=REMINDER_BODY,
            params={"course": course},
            url=reverse(url_name, args=[row.pk]),
        )
        sent += 1
    return sent


@transaction.atomic
def evaluation_reminders_send(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Remind whoever has not answered an open reaction survey or behaviour questionnaire (answered: never)."""
    pemda_id = _system_or_admin(actor)
    now = now or timezone.now()
    setting = settings_of(pemda_id)
    if setting.max_reminders == 0:
        return 0
    since = now - dt.timedelta(days=setting.reminder_days)
    invites = (
        ReactionInvite.objects.filter(
            pemda_id=pemda_id, answered_at__isnull=True, reminders_sent__lt=setting.max_reminders
        )
        .filter(Q(reminded_at__lte=since) | Q(reminded_at__isnull=True, opened_at__lte=since))
        .select_related("survey__klass__course")
    )
    sent = _remind(
        rows=[(i, i.employee_id, i.survey.klass.course.title) for i in invites],
        now=now,
        setting=setting,
        model=ReactionInvite,
        kind="evaluation.reaction",
        title=REMINDER_TITLE,
        url_name="evaluation:reaction_answer",
    )
    followups = (
        BehaviourSurvey.objects.filter(
            pemda_id=pemda_id,
            answered_at__isnull=True,
            reminders_sent__lt=setting.max_reminders,
            due_on__lte=since.date(),
        )
        .filter(Q(reminded_at__lte=since) | Q(reminded_at__isnull=True))
        .select_related("enrolment__klass__course")
    )
    sent += _remind(
        rows=[(f, f.respondent_id, f.enrolment.klass.course.title) for f in followups],
        now=now,
        setting=setting,
        model=BehaviourSurvey,
        kind="evaluation.behaviour",
        title=FOLLOWUP_TITLE,
        url_name="evaluation:behaviour_answer",
    )
    return sent


@transaction.atomic
def testimony_curate(*, actor: Actor, testimony: Testimony, status: str) -> Testimony:
    if not permissions.can_manage_evaluation(actor) or testimony.pemda_id != actor.pemda_id:
        raise PermissionDenied(_("Only the BKPSDM admin curates testimonies."))
    if status not in (TestimonyStatus.APPROVED, TestimonyStatus.HIDDEN):
        raise ValidationFailed(_("Approve or hide the testimony."), code="unknown_action")
    locked = Testimony.objects.select_for_update().get(pk=testimony.pk)
    old = locked.status
    locked.status = status
    locked.curated_at = timezone.now()
    locked.save(update_fields=["status", "curated_at"])
    audit_record(
        action="evaluation.testimony_curate",
        actor=actor,
        target=locked,
        target_label=f"testimony {locked.pk}",
        detail={"changes": {"status": [old, status]}},
    )
    return locked
