"""Writes of the assessments app: banks, tests, sittings, answers, grading, class scores.

Every service takes the actor, checks it first, and changes nothing when it refuses. Sittings follow
`SITTING_WORKFLOW` (`sitting_act` is the one dispatch of its page actions). A graded sitting writes the
participant's `ClassScore` (percent of the form's maximum), and a graded post-test sets the enrolment's
post-test score, which the course's minimum post-test completion rule reads: the scoring acts on behalf of
the class's admin (`Actor.system(..., label="assessments.scoring")`), because the participant who submits
may not set scores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.assessments import access, permissions
from bina.assessments.forms_assembly import BankEntry, Cell, assemble_forms, cell_key
from bina.assessments.interchange import DIFFICULTIES, KINDS, BankItem
from bina.assessments.models import (
    CHOICE_KINDS,
    Answer,
    Choice,
    ClassScore,
    Phase,
    Question,
    ScoreSource,
    Sitting,
    SittingStatus,
    Test,
    TestItem,
)
from bina.assessments.scoring import score_answer
from bina.assessments.workflows import SITTING_WORKFLOW
from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.training import facade

S = SittingStatus
# Enrolments that sit a class's tests.
SITTING_STATUSES = (facade.EnrolmentStatus.ENROLLED, facade.EnrolmentStatus.COMPLETED, facade.EnrolmentStatus.FAILED)
# An answer saved this long after the deadline still counts (the phone's request was under way).
GRACE = dt.timedelta(seconds=30)
MAX_ITEMS = 200


def scoring_actor(pemda_id: int) -> Actor:
    return Actor.system(pemda_id, label="assessments.scoring")


# --- bank --------------------------------------------------------------------------------------


def _competencies_of(course: facade.Course) -> dict[str, int]:
    return {
        code: pk
        for pk, code in facade.CourseCompetency.objects.filter(course_id=course.pk).values_list(
            "competency_id", "competency__code"
        )
    }


def _item_problems(n: int, item: BankItem, codes: Mapping[str, int]) -> list[dict[str, Any]]:
    problems = []

    def bad(field_name: str, message: str) -> None:
        problems.append({"item": n, "field": field_name, "message": message})

    if item.kind not in KINDS:
        bad("kind", _("Unknown question kind."))
    if not item.text.strip() or len(item.text) > 5000:
        bad("text", _("The question needs a text of at most 5000 characters."))
    if not (Decimal(0) < item.points <= Decimal(100)):
        bad("points", _("Points must be above 0 and at most 100."))
    if item.difficulty not in DIFFICULTIES:
        bad("difficulty", _("Difficulty is easy, medium or hard."))
    if item.competency_code and item.competency_code not in codes:
        bad("competency", _("The course does not target competency %(code)s.") % {"code": item.competency_code})
    if item.kind in CHOICE_KINDS:
        if len(item.choices) < 2 or len(item.choices) > 10:
            bad("choices", _("A choice question needs 2 to 10 choices."))
        elif not any(f > 0 for _t, f in item.choices):
            bad("choices", _("At least one choice must be right."))
        if any(not t.strip() or len(t) > 1000 for t, _f in item.choices):
            bad("choices", _("Every choice needs a text of at most 1000 characters."))
        if any(not (Decimal(-1) <= f <= Decimal(1)) for _t, f in item.choices):
            bad("choices", _("A choice's weight is between -100 and 100 percent."))
        if item.kind == "single" and sum(1 for _t, f in item.choices if f == 1) != 1:
            bad("choices", _("A one-answer question needs exactly one right choice."))
    if item.kind == "short" and not [a for a in item.accepted if a.strip()]:
        bad("accepted", _("A short-answer question needs at least one accepted answer."))
    return problems


def bank_items_add(*, actor: Actor, course: facade.Course, items: Sequence[BankItem], source: str) -> list[Question]:
    """Add items to a course's bank (a form, an XLSX row set, a Moodle XML or GIFT file): all or nothing."""
    if not permissions.can_manage_bank(actor, course):
        raise PermissionDenied(_("Only the admin or an instructor of the course can change its question bank."))
    if not items:
        raise ValidationFailed(_("The file holds no questions."), code="empty")
    codes = _competencies_of(course)
    problems = [p for n, item in enumerate(items, 1) for p in _item_problems(n, item, codes)]
    if problems:
        raise ValidationFailed(
            _("Some questions cannot be added: %(first)s (question %(item)s).")
            % {"first": problems[0]["message"], "item": problems[0]["item"]},
            code="invalid_questions",
            details=problems,
        )
    with transaction.atomic():
        questions = Question.objects.bulk_create(
            [
                Question(
                    pemda_id=course.pemda_id,
                    course_id=course.pk,
                    kind=item.kind,
                    text=item.text.strip(),
                    competency_id=codes.get(item.competency_code),
                    difficulty=item.difficulty,
                    points=item.points,
                    accepted=[a.strip() for a in item.accepted if a.strip()] if item.kind == "short" else [],
                )
                for item in items
            ]
        )
        Choice.objects.bulk_create(
            [
                Choice(question_id=q.pk, text=text.strip(), fraction=fraction, position=i)
                for q, item in zip(questions, items, strict=True)
                if item.kind in CHOICE_KINDS
                for i, (text, fraction) in enumerate(item.choices)
            ]
        )
        audit_record(
            action="assessment.bank_add",
            actor=actor,
            target=course,
            detail={"questions": len(questions), "source": source},
        )
    return questions


@transaction.atomic
def question_deactivate(*, actor: Actor, question: Question) -> Question:
    """Take a question out of future forms (tests already drawn keep it, so past answers stay readable)."""
    if not permissions.can_manage_bank(actor, question.course):
        raise PermissionDenied(_("Only the admin or an instructor of the course can change its question bank."))
    if question.is_active:
        question.is_active = False
        question.save(update_fields=["is_active"])
        audit_record(action="assessment.question_deactivate", actor=actor, target=question)
    return question


# --- tests ---------------------------------------------------------------------------------------


@dataclass
class TestsInput:
    __test__ = False
    blueprint: dict[Cell, int]
    duration_minutes: int = 30
    seed: int = 0


@dataclass
class TestsCreated:
    __test__ = False
    pre: Test
    post: Test
    shared: set[int] = field(default_factory=set)


def tests_create(*, actor: Actor, klass: facade.TrainingClass, data: TestsInput) -> TestsCreated:
    """The class's pre-test and post-test as two parallel forms of the course's bank (same blueprint)."""
    if not permissions.can_manage_tests(actor, klass):
        raise PermissionDenied(_("Only the admin or an instructor of the class can set its tests."))
    if not (1 <= data.duration_minutes <= 600):
        raise ValidationFailed(_("The time limit is 1 to 600 minutes."), code="bad_duration")
    total = sum(data.blueprint.values())
    if total < 1 or total > MAX_ITEMS or any(c < 0 for c in data.blueprint.values()):
        raise ValidationFailed(_("A test has 1 to %(max)s questions.") % {"max": MAX_ITEMS}, code="bad_blueprint")
    bank = [
        BankEntry(pk, comp or 0, diff)
        for pk, comp, diff in Question.objects.filter(course_id=klass.course_id, is_active=True).values_list(
            "pk", "competency_id", "difficulty"
        )
    ]
    assembly = assemble_forms(bank, data.blueprint, forms=2, seed=data.seed)
    if not assembly.ok:
        raise ValidationFailed(
            _("The bank has too few questions for this blueprint (%(cells)s missing).")
            % {"cells": sum(assembly.short_cells.values())},
            code="bank_too_small",
            details=[{"field": cell_key(c), "missing": n} for c, n in sorted(assembly.short_cells.items())],
        )
    with transaction.atomic():
        locked = facade.TrainingClass.objects.select_for_update().get(pk=klass.pk)
        if Test.objects.filter(klass_id=locked.pk).exists():
            raise Conflict(_("This class already has its tests."), code="tests_exist")
        blueprint = {cell_key(c): n for c, n in sorted(data.blueprint.items()) if n > 0}
        tests = []
        for phase, items in zip((Phase.PRE, Phase.POST), assembly.forms, strict=True):
            test = Test.objects.create(
                pemda_id=klass.pemda_id,
                klass_id=klass.pk,
                phase=phase,
                duration_minutes=data.duration_minutes,
                blueprint=blueprint,
            )
            TestItem.objects.bulk_create(
                [TestItem(test=test, question_id=q, position=i) for i, q in enumerate(items, 1)]
            )
            tests.append(test)
        audit_record(
            action="assessment.tests_create",
            actor=actor,
            target=klass,
            detail={"blueprint": blueprint, "shared": sorted(assembly.shared)},
        )
    return TestsCreated(pre=tests[0], post=tests[1], shared=assembly.shared)


@transaction.atomic
def test_open_set(*, actor: Actor, test: Test, is_open: bool) -> Test:
    if not permissions.can_manage_tests(actor, test.klass):
        raise PermissionDenied(_("Only the admin or an instructor of the class can set its tests."))
    if test.is_open != is_open:
        test.is_open = is_open
        test.save(update_fields=["is_open"])
        audit_record(action="assessment.test_open_set", actor=actor, target=test, detail={"is_open": is_open})
    return test


# --- sittings ------------------------------------------------------------------------------------


def _max_score(test: Test) -> Decimal:
    return sum(
        (p for p in Question.objects.filter(pk__in=test.items.values("question_id")).values_list("points", flat=True)),
        Decimal(0),
    )


@transaction.atomic
def test_start(*, actor: Actor, test: Test) -> Sitting:
    """The participant starts (or, when a retake was allowed, starts again) a test of their class."""
    if actor.employee_id is None:
        raise PermissionDenied(PARTICIPANT_ONLY_MESSAGE())
    enrolment = (
        facade.Enrolment.objects.select_for_update()
        .filter(klass_id=test.klass_id, employee_id=actor.employee_id, status__in=SITTING_STATUSES)
        .first()
    )
    if enrolment is None:
        raise PermissionDenied(_("Only the participants of the class sit its tests."))
    latest = Sitting.objects.filter(test=test, enrolment=enrolment, is_current=True).first()
    if latest is not None and latest.status != S.NOT_STARTED:
        if not latest.retake_allowed:
            SITTING_WORKFLOW.check("start", latest, actor)  # raises: not startable in its state
        latest.is_current = False
        latest.save(update_fields=["is_current"])
        latest = None
    if latest is None:
        attempt = (
            Sitting.objects.filter(test=test, enrolment=enrolment)
            .order_by("-attempt")
            .values_list("attempt", flat=True)
            .first()
            or 0
        ) + 1
        latest = Sitting(pemda_id=test.pemda_id, test=test, enrolment=enrolment, attempt=attempt)
    latest.test = test
    latest.enrolment = enrolment
    SITTING_WORKFLOW.check("start", latest, actor)
    now = timezone.now()
    latest.status = S.IN_PROGRESS
    latest.started_at = now
    latest.deadline_at = now + dt.timedelta(minutes=test.duration_minutes)
    latest.max_score = _max_score(test)
    latest.save()
    audit_record(action="assessment.sitting_start", actor=actor, target=latest, detail={"attempt": latest.attempt})
    return latest


def PARTICIPANT_ONLY_MESSAGE() -> str:  # noqa: N802 - a translated constant, evaluated per call
    return _("Only the participant can answer their own test.")


def _lock(sitting: Sitting) -> Sitting:
    locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
    locked.test = sitting.test
    locked.enrolment = sitting.enrolment
    return locked


@transaction.atomic
def answer_save(
    *, actor: Actor, sitting: Sitting, question_id: int, choice_ids: Iterable[int] = (), text: str = ""
) -> Answer:
    """Autosave one answer (the phone sends each answer as it is given); scored at once when it can be."""
    SITTING_WORKFLOW.authorize("answer", sitting, actor)
    question = (
        Question.objects.filter(
            pk=question_id, pk__in=TestItem.objects.filter(test_id=sitting.test_id).values("question_id")
        )
        .prefetch_related("choices")
        .first()
    )
    if question is None:
        raise ValidationFailed(
            _("Question %(key)s is not on this test.") % {"key": question_id},
            code="not_on_test",
            details=[{"field": "question"}],
        )
    picks = list(dict.fromkeys(int(c) for c in choice_ids))
    fractions = {c.pk: c.fraction for c in question.choices.all()}
    if any(c not in fractions for c in picks):
        raise ValidationFailed(_("That choice is not one of the question's."), code="bad_choice")
    if question.kind in ("single", "truefalse") and len(picks) > 1:
        raise ValidationFailed(_("This question takes one answer."), code="bad_choice")
    if len(text) > 20000:
        raise ValidationFailed(_("An answer has at most 20000 characters."), code="too_long")
    # Answers of one sitting come from one phone, one at a time: a row lock on the sitting costs them nothing
    # and makes a submit (which locks it too) wait for an answer under way, so no answer is lost.
    current = Sitting.objects.select_for_update(no_key=True).only("status", "deadline_at").get(pk=sitting.pk)
    sitting.status, sitting.deadline_at = current.status, current.deadline_at
    within = sitting.deadline_at is None or timezone.now() <= sitting.deadline_at + GRACE
    if sitting.status != S.IN_PROGRESS or not within:
        SITTING_WORKFLOW.check("answer", sitting, actor)
        raise Conflict(_("The time for this test is up."), code="time_up")
    score = score_answer(
        kind=question.kind,
        points=question.points,
        fractions=fractions,
        chosen=picks,
        text=text,
        accepted=question.accepted,
    )
    # One INSERT ... ON CONFLICT DO UPDATE (the answer's unique key), not a read then a write: the autosave is
    # the test's hot path.
    answer = Answer(
        sitting_id=sitting.pk,
        question_id=question.pk,
        choice_ids=picks,
        text=text.strip(),
        score=score,
        graded_by=None,
        updated_at=timezone.now(),
    )
    Answer.objects.bulk_create(
        [answer],
        update_conflicts=True,
        unique_fields=["sitting", "question"],
        update_fields=["choice_ids", "text", "score", "graded_by", "updated_at"],
    )
    return answer


def _finish(sitting: Sitting, *, actor: Actor, action: str) -> Sitting:
    """Close a sitting (submit or expire): sum what is scored; graded at once when nothing waits for a person."""
    SITTING_WORKFLOW.check(action, sitting, actor)
    now = timezone.now()
    sitting.status = SITTING_WORKFLOW.transition(action).target or sitting.status
    sitting.submitted_at = now
    sitting.timed_out = action == "expire"
    sitting.save(update_fields=["status", "submitted_at", "timed_out"])
    _maybe_graded(sitting)
    return sitting


def _open_questions(sitting: Sitting) -> int:
    """Answered questions still waiting for a grader (an unanswered essay scores 0)."""
    return Answer.objects.filter(sitting_id=sitting.pk, score__isnull=True).count()


def _maybe_graded(sitting: Sitting) -> None:
    if _open_questions(sitting):
        return
    system = scoring_actor(sitting.pemda_id)
    SITTING_WORKFLOW.check("grade", sitting, system)
    scores = Answer.objects.filter(sitting_id=sitting.pk).values_list("score", flat=True)
    sitting.score = sum((s or Decimal(0) for s in scores), Decimal(0))
    sitting.status = S.GRADED
    sitting.graded_at = timezone.now()
    sitting.save(update_fields=["score", "status", "graded_at"])
    _record_score(sitting)


def _record_score(sitting: Sitting) -> None:
    """The graded result into the participant's class score, and a post-test into the enrolment."""
    percent = Decimal(0) if not sitting.max_score else (sitting.score or Decimal(0)) * 100 / sitting.max_score
    percent = percent.quantize(Decimal("0.01"))
    klass = sitting.test.klass
    score, _created = ClassScore.objects.get_or_create(
        enrolment_id=sitting.enrolment_id,
        defaults={"pemda_id": sitting.pemda_id, "klass_id": klass.pk, "source": ScoreSource.SITTING},
    )
    if score.source != ScoreSource.SITTING:
        # An imported row (raw points) gives way to the test taken in Bina.
        score.pre = score.post = None
        score.source = ScoreSource.SITTING
    score.max_score = Decimal(100)
    if sitting.test.phase == Phase.PRE:
        score.pre = percent
    else:
        score.post = percent
    score.save()
    if sitting.test.phase == Phase.POST:
        facade.enrolment_scores_set(
            actor=scoring_actor(sitting.pemda_id), klass=klass, scores={sitting.enrolment_id: percent}
        )


@transaction.atomic
def sitting_submit(*, actor: Actor, sitting: Sitting) -> Sitting:
    SITTING_WORKFLOW.authorize("submit", sitting, actor)
    locked = _lock(sitting)
    if locked.status == S.IN_PROGRESS and locked.deadline_at and timezone.now() > locked.deadline_at + GRACE:
        # Too late to submit: the clock closes it instead, with what was saved.
        return _finish(locked, actor=scoring_actor(locked.pemda_id), action="expire")
    if locked.status in (S.SUBMITTED, S.GRADED) and not locked.timed_out:
        return locked  # sent twice
    result = _finish(locked, actor=actor, action="submit")
    audit_record(action="assessment.sitting_submit", actor=actor, target=result)
    return result


@transaction.atomic
def sitting_expire(*, actor: Actor, sitting: Sitting) -> Sitting:
    SITTING_WORKFLOW.authorize("expire", sitting, actor)
    locked = _lock(sitting)
    result = _finish(locked, actor=actor, action="expire")
    audit_record(action="assessment.sitting_expire", actor=actor, target=result)
    return result


def sittings_expire_due(*, actor: Actor) -> int:
    """The periodic round: close every sitting of the actor's Pemda whose time is up (with the grace)."""
    if not actor.is_system or actor.pemda_id is None:
        raise PermissionDenied(_("Only the system closes sittings by the clock."))
    due = access.sittings_due(actor, before=timezone.now() - GRACE).select_related("test", "test__klass", "enrolment")
    closed = 0
    for sitting in due:
        with transaction.atomic():
            locked = _lock(sitting)
            if locked.status == S.IN_PROGRESS:
                _finish(locked, actor=actor, action="expire")
                closed += 1
    return closed


@transaction.atomic
def sitting_allow_retake(*, actor: Actor, sitting: Sitting) -> Sitting:
    SITTING_WORKFLOW.authorize("allow_retake", sitting, actor)
    locked = _lock(sitting)
    SITTING_WORKFLOW.check("allow_retake", locked, actor)
    locked.retake_allowed = True
    locked.save(update_fields=["retake_allowed"])
    audit_record(action="assessment.sitting_allow_retake", actor=actor, target=locked)
    return locked


@transaction.atomic
def answer_grade(*, actor: Actor, answer: Answer, score: Decimal) -> Answer:
    """The instructor's score of an open answer (essay); the sitting is graded once nothing is open."""
    sitting = answer.sitting
    if not permissions.can_grade(actor, sitting.test.klass):
        raise PermissionDenied(_("Only the admin or an instructor of the class can grade."))
    if not (Decimal(0) <= score <= answer.question.points):
        raise ValidationFailed(
            _("The score is between 0 and %(max)s.") % {"max": answer.question.points},
            code="bad_score",
            details=[{"field": "score"}],
        )
    locked = _lock(sitting)
    if locked.status not in (S.SUBMITTED, S.EXPIRED):
        SITTING_WORKFLOW.check("grade", locked, actor)
    answer.score = score.quantize(Decimal("0.01"))
    answer.graded_by_id = actor.user_id
    answer.save(update_fields=["score", "graded_by", "updated_at"])
    audit_record(action="assessment.answer_grade", actor=actor, target=locked, detail={"answer": answer.pk})
    _maybe_graded(locked)
    return answer


SITTING_ACTIONS = {
    "submit": sitting_submit,
    "expire": sitting_expire,
    "allow_retake": sitting_allow_retake,
}


def sitting_act(*, actor: Actor, sitting: Sitting, action: str) -> Sitting:
    """The one dispatch of the sitting's page and API actions (start is `test_start`, on the test)."""
    SITTING_WORKFLOW.transition(action)  # unknown: 422
    service = SITTING_ACTIONS.get(action)
    if service is None:
        raise ValidationFailed(
            _("This action is not taken this way: %(action)s.") % {"action": action}, code="unknown_action"
        )
    return service(actor=actor, sitting=sitting)


# --- scores of classes run elsewhere ---------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    enrolment_id: int
    pre: Decimal | None
    post: Decimal | None
    max_score: Decimal


def class_scores_import(*, actor: Actor, klass: facade.TrainingClass, rows: Sequence[ScoreRow]) -> dict[str, int]:
    """Write imported pre/post scores (raw points and their maximum); the same file again changes nothing.

    Rows of participants who sat the test in Bina are refused by the importer (the test taken here wins).
    A post score sets the enrolment's post-test score (percent), as a graded post-test does.
    """
    if not permissions.can_import_test_scores(actor):
        raise PermissionDenied(_("Only an admin can import test scores."))
    existing = {s.enrolment_id: s for s in ClassScore.objects.filter(klass_id=klass.pk, pemda_id=klass.pemda_id)}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    post_percent: dict[int, Decimal | None] = {}
    with transaction.atomic():
        for row in rows:
            old = existing.get(row.enrolment_id)
            if old is None:
                ClassScore.objects.create(
                    pemda_id=klass.pemda_id,
                    klass_id=klass.pk,
                    enrolment_id=row.enrolment_id,
                    pre=row.pre,
                    post=row.post,
                    max_score=row.max_score,
                    source=ScoreSource.IMPORT,
                )
                counts["created"] += 1
            elif (old.pre, old.post, old.max_score) == (row.pre, row.post, row.max_score):
                counts["unchanged"] += 1
                continue
            else:
                old.pre, old.post, old.max_score, old.source = row.pre, row.post, row.max_score, ScoreSource.IMPORT
                old.save()
                counts["updated"] += 1
            if row.post is not None:
                post_percent[row.enrolment_id] = (row.post * 100 / row.max_score).quantize(Decimal("0.01"))
        if post_percent:
            facade.enrolment_scores_set(actor=scoring_actor(klass.pemda_id), klass=klass, scores=post_percent)
        if counts["created"] or counts["updated"]:
            audit_record(action="assessment.scores_import", actor=actor, target=klass, detail=counts)
    return counts
