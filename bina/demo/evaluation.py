"""Demo evaluation data (issue 12): for every completed class, reaction surveys answered by most attendees
(anonymous, with instructor ratings per session and a few comments), behaviour follow-ups against the baseline
for classes completed at least 12 weeks before the demo's today (participant and supervisor), and curated
testimonies with each author's choice of publication. Bulk inserts only; idempotent (skips a Pemda that has
reaction surveys already)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from bina.core.actor import Actor
from bina.core.models import Pemda
from bina.demo.training_data import DEMO_TODAY
from bina.evaluation import instrument
from bina.evaluation.models import (
    BehaviourAnswer,
    BehaviourSurvey,
    ClassSurvey,
    Consent,
    Level,
    Rater,
    ReactionInvite,
    SessionRating,
    Stage,
    Testimony,
    TestimonyStatus,
)
from bina.evaluation.services import current_reaction_version, reaction_instrument_load
from bina.surveys import services as engine
from bina.surveys.models import Campaign, Question
from bina.training.attendance.models import Attendance
from bina.training.catalogue.models import CourseCompetency
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus, Session, TrainingClass

COMMENTS = (
    "Materinya sangat aplikatif untuk pelayanan di loket.",
    "Simulasi menangani warga yang marah sangat membantu.",
    "Waktu praktik perlu ditambah.",
    "Ruangan agak panas, mohon diperbaiki.",
    "Pengajar menguasai materi dan memberi contoh nyata.",
    "",
    "",
    "",
)
TESTIMONIES = (
    "Saya jadi lebih percaya diri melayani warga, terutama saat ada yang datang dengan keluhan.",
    "Setelah pelatihan ini, antrean di loket kami lebih tertib karena saya menjelaskan persyaratan sejak awal.",
    "Teknik mendengarkan aktif yang diajarkan langsung saya pakai saat menerima pengaduan.",
    "Pelatihan yang praktis: banyak simulasi situasi nyata di kantor kelurahan.",
)


@dataclass
class EvaluationDemoResult:
    responses: int = 0
    followups: int = 0
    testimonies: int = 0


def _aware(day: dt.date, hour: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def demo_evaluation_load(*, pemda: Pemda, seed: int) -> EvaluationDemoResult:
    result = EvaluationDemoResult()
    if ClassSurvey.objects.filter(pemda=pemda).exists():
        return result
    actor = Actor.system(pemda.pk, label="demo")
    version = current_reaction_version(pemda.pk) or reaction_instrument_load(actor=actor)
    questions = list(Question.objects.filter(version=version).order_by("position"))
    engine_questions = [q for q in questions if q.group != instrument.PER_SESSION]
    rng = random.Random(f"evaluation-{pemda.slug}-{seed}")
    classes = list(TrainingClass.objects.filter(pemda=pemda, status=ClassStatus.COMPLETED).order_by("starts_on", "pk"))
    attended: dict[int, set[int]] = {}
    for klass_id, employee_id in (
        Attendance.objects.filter(session__klass__in=classes, status__in=("present", "late"))
        .values_list("session__klass_id", "enrolment__employee_id")
        .distinct()
    ):
        attended.setdefault(klass_id, set()).add(employee_id)
    sessions: dict[int, list[Session]] = {}
    for s in Session.objects.filter(klass__in=classes, instructor__isnull=False).order_by("starts_at"):
        sessions.setdefault(s.klass_id, []).append(s)
    campaigns = Campaign.objects.bulk_create(
        Campaign(
            pemda=pemda, version=version, name=f"{version.instrument.name}: {k.code}"[:200], subject=f"class:{k.pk}",
            start=k.starts_on, end=k.ends_on + dt.timedelta(days=14), status="closed",
        )
        for k in classes
    )  # fmt: skip
    surveys = ClassSurvey.objects.bulk_create(
        ClassSurvey(pemda=pemda, klass=k, campaign=c) for k, c in zip(classes, campaigns, strict=True)
    )
    invites: list[ReactionInvite] = []
    items: list[engine.ResponseInput] = []
    rating_plan: list[tuple[int, list[tuple[Session, int]]]] = []  # (index of the response, ratings)
    for klass, campaign, survey in zip(classes, campaigns, surveys, strict=True):
        quality = rng.uniform(-0.6, 0.5)  # some classes go better than others
        for employee_id in sorted(attended.get(klass.pk, ())):
            answered = rng.random() < 0.78
            invites.append(
                ReactionInvite(
                    pemda=pemda, survey=survey, employee_id=employee_id, opened_at=_aware(klass.ends_on),
                    answered_at=_aware(klass.ends_on + dt.timedelta(days=rng.randint(0, 5))) if answered else None,
                    reminders_sent=0 if answered else 2,
                )
            )  # fmt: skip
            if not answered:
                continue
            values: dict[str, object] = {}
            for q in engine_questions:
                if q.kind == "scale":
                    values[q.element] = max(1, min(5, round(rng.gauss(4.1 + quality, 0.7))))
            overall = int(values.get("overall", 4))  # type: ignore[call-overload]
            values[instrument.RECOMMEND] = "ya" if overall >= 4 else ("ragu" if overall == 3 else "tidak")
            comment = rng.choice(COMMENTS)
            if comment:
                values[instrument.COMMENT] = comment
            items.append(
                engine.ResponseInput(
                    answered_on=klass.ends_on,
                    values=values,
                    subject=f"class:{klass.pk}",
                    channel="web",
                    campaign_id=campaign.pk,
                )
            )
            rating_plan.append(
                (
                    len(items) - 1,
                    [(s, max(1, min(5, round(rng.gauss(4.2 + quality, 0.6))))) for s in sessions.get(klass.pk, [])],
                )
            )
    ReactionInvite.objects.bulk_create(invites, batch_size=2000)
    responses = engine.responses_create(actor=actor, version=version, items=items, questions=engine_questions)
    SessionRating.objects.bulk_create(
        (
            SessionRating(pemda=pemda, response=responses[i], session=s, instructor_id=s.instructor_id or 0, value=v)
            for i, ratings in rating_plan
            for s, v in ratings
        ),
        batch_size=2000,
    )
    result.responses = len(responses)
    result.followups = _behaviour(pemda, classes, rng)
    result.testimonies = _testimonies(pemda, classes, attended, rng)
    return result


def _behaviour(pemda: Pemda, classes: list[TrainingClass], rng: random.Random) -> int:
    """Baseline and follow-up (12 weeks after the class) of the classes that ended long enough ago."""
    cutoff = DEMO_TODAY - dt.timedelta(weeks=12)
    due = [k for k in classes if k.ends_on <= cutoff]
    targets: dict[int, list[tuple[int, int]]] = {}
    for course_id, competency_id, level in CourseCompetency.objects.filter(
        course_id__in={k.course_id for k in due}
    ).values_list("course_id", "competency_id", "target_level"):
        targets.setdefault(course_id, []).append((competency_id, level))
    enrolments = list(
        Enrolment.objects.filter(
            klass__in=[k for k in due if k.course_id in targets], status=EnrolmentStatus.COMPLETED
        ).select_related("klass", "employee")
    )
    surveys: list[BehaviourSurvey] = []
    for e in enrolments:
        for stage, day in (
            (Stage.BASELINE, e.klass.starts_on - dt.timedelta(days=7)),
            (Stage.FOLLOWUP, e.klass.ends_on + dt.timedelta(weeks=12)),
        ):
            raters = [(Rater.SELF, e.employee_id)]
            if e.employee.supervisor_id:
                raters.append((Rater.SUPERVISOR, e.employee.supervisor_id))
            for rater, respondent in raters:
                answered = stage == Stage.BASELINE or rng.random() < 0.7
                surveys.append(
                    BehaviourSurvey(
                        pemda=pemda, enrolment=e, stage=stage, rater=rater, respondent_id=respondent, due_on=day,
                        answered_at=_aware(day + dt.timedelta(days=rng.randint(0, 6))) if answered else None,
                    )
                )  # fmt: skip
    BehaviourSurvey.objects.bulk_create(surveys, batch_size=2000)
    answers: list[BehaviourAnswer] = []
    for s in surveys:
        if s.answered_at is None:
            continue
        # Supervisors rate a little lower than people rate themselves; the follow-up shows the change.
        base = 2.7 if s.rater == Rater.SELF else 2.5
        gain = 0.9 if s.rater == Rater.SELF else 0.7
        mean = base + (gain if s.stage == Stage.FOLLOWUP else 0.0)
        for competency_id, level in targets[s.enrolment.klass.course_id]:
            answers.append(
                BehaviourAnswer(
                    survey=s,
                    competency_id=competency_id,
                    level=level,
                    value=max(1, min(5, round(rng.gauss(mean, 0.8)))),
                )
            )
    BehaviourAnswer.objects.bulk_create(answers, batch_size=5000)
    return len(surveys)


def _testimonies(pemda: Pemda, classes: list[TrainingClass], attended: dict[int, set[int]], rng: random.Random) -> int:
    rows: list[Testimony] = []
    consents = (Consent.NAME, Consent.INITIALS, Consent.INITIALS, Consent.NONE)
    for klass in classes:
        people = sorted(attended.get(klass.pk, ()))
        for employee_id in rng.sample(people, min(2, len(people))):
            consent = rng.choice(consents)
            status = (
                TestimonyStatus.APPROVED if consent != Consent.NONE and rng.random() < 0.8 else TestimonyStatus.PENDING
            )
            rows.append(
                Testimony(
                    pemda=pemda, klass=klass, employee_id=employee_id, level=Level.L1, text=rng.choice(TESTIMONIES),
                    consent=consent, status=status, curated_at=_aware(klass.ends_on + dt.timedelta(days=10)) if status == TestimonyStatus.APPROVED else None,
                )
            )  # fmt: skip
    Testimony.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
