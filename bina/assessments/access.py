"""Scoped entry points to questions, tests, sittings and answers: the only way faces reach them.

- Questions: the admin's whole Pemda; an instructor or partner coordinator the banks of the courses of the
  classes they teach.
- Tests: those of the classes the actor sees (`training.facade.classes_for`); what may be done with a test is
  asked of `permissions`.
- Sittings and answers: the participant's own; for the admin and who teaches, those of their classes.
Missing and out-of-scope objects both raise `NotFound`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bina.assessments.models import Answer, ClassScore, Question, Sitting, Test
from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.training import facade


def courses_with_bank_for(actor: Actor) -> QuerySet[facade.Course]:
    """Courses whose bank the actor manages."""
    if actor.pemda_id is None:
        return facade.Course.objects.none()
    qs = facade.Course.objects.filter(pemda_id=actor.pemda_id)
    if actor.is_admin:
        return qs
    return qs.filter(pk__in=facade.classes_taught_by(actor).values("course_id"))


def get_bank_course_for_user(actor: Actor, pk: int) -> facade.Course:
    course = courses_with_bank_for(actor).filter(pk=pk).first()
    if course is None:
        raise NotFound(_("No course %(key)s was found.") % {"key": pk})
    return course


def questions_for(actor: Actor) -> QuerySet[Question]:
    if actor.pemda_id is None:
        return Question.objects.none()
    if actor.is_admin:
        return Question.objects.filter(pemda_id=actor.pemda_id)
    return Question.objects.filter(course__in=courses_with_bank_for(actor).values("pk"))


def get_question_for_user(actor: Actor, pk: int) -> Question:
    question = questions_for(actor).select_related("course").filter(pk=pk).first()
    if question is None:
        raise NotFound(_("No question %(key)s was found.") % {"key": pk})
    return question


def tests_for(actor: Actor) -> QuerySet[Test]:
    return Test.objects.filter(klass__in=facade.classes_for(actor).values("pk"))


def get_test_for_user(actor: Actor, pk: int) -> Test:
    test = tests_for(actor).select_related("klass", "klass__course").filter(pk=pk).first()
    if test is None:
        raise NotFound(_("No test %(key)s was found.") % {"key": pk})
    return test


def _taught_classes_q(actor: Actor, prefix: str) -> Q:
    if actor.is_admin:
        return Q(**{f"{prefix}pemda_id": actor.pemda_id})
    if actor.is_instructor or actor.partner_ids:
        return Q(**{f"{prefix}test__klass_id__in": facade.classes_taught_by(actor).values("pk")})
    return Q(pk__in=[])


def sittings_for(actor: Actor) -> QuerySet[Sitting]:
    if actor.pemda_id is None:
        return Sitting.objects.none()
    own = Q(pemda_id=actor.pemda_id, enrolment__employee_id=actor.employee_id) if actor.employee_id else Q(pk__in=[])
    return Sitting.objects.filter(own | _taught_classes_q(actor, ""))


def sittings_graded_by(actor: Actor) -> QuerySet[Sitting]:
    """Sittings in the classes the actor grades (not their own)."""
    if actor.pemda_id is None:
        return Sitting.objects.none()
    return Sitting.objects.filter(_taught_classes_q(actor, ""))


def get_sitting_for_user(actor: Actor, pk: int) -> Sitting:
    sitting = (
        sittings_for(actor)
        .select_related("test", "test__klass", "test__klass__course", "enrolment", "enrolment__employee")
        .filter(pk=pk)
        .first()
    )
    if sitting is None:
        raise NotFound(_("No test sitting %(key)s was found.") % {"key": pk})
    return sitting


def answers_graded_by(actor: Actor) -> QuerySet[Answer]:
    return Answer.objects.filter(sitting__in=sittings_graded_by(actor).values("pk"))


def get_answer_for_grader(actor: Actor, pk: int) -> Answer:
    answer = (
        answers_graded_by(actor)
        .select_related("sitting", "sitting__test", "sitting__test__klass", "question")
        .filter(pk=pk)
        .first()
    )
    if answer is None:
        raise NotFound(_("No answer %(key)s was found.") % {"key": pk})
    return answer


def tests_of(klass: facade.TrainingClass) -> QuerySet[Test]:
    """The tests of one class the caller has already been allowed to see (a class from `classes_for`)."""
    return Test.objects.filter(klass_id=klass.pk, pemda_id=klass.pemda_id)


def my_enrolments(actor: Actor) -> QuerySet[facade.Enrolment]:
    """The actor's own enrolments (the classes whose tests they sit)."""
    if actor.pemda_id is None or actor.employee_id is None:
        return facade.Enrolment.objects.none()
    return facade.Enrolment.objects.filter(pemda_id=actor.pemda_id, employee_id=actor.employee_id)


def class_scores_of(klass: facade.TrainingClass) -> QuerySet[ClassScore]:
    """The scores of one class the caller has already been allowed to see (a class from `classes_for`)."""
    return ClassScore.objects.filter(klass_id=klass.pk, pemda_id=klass.pemda_id)


def sittings_due(actor: Actor, *, before: dt.datetime) -> QuerySet[Sitting]:
    """Sittings in progress in the actor's Pemda whose deadline passed before `before` (the clock's round)."""
    if actor.pemda_id is None or not actor.is_system:
        return Sitting.objects.none()
    return Sitting.objects.filter(pemda_id=actor.pemda_id, status="in_progress", deadline_at__lt=before)


def class_scores_of_many(classes: list[facade.TrainingClass]) -> QuerySet[ClassScore]:
    """`class_scores_of` for several classes the caller may see, in one query."""
    q = Q(pk__in=[])
    for pemda_id in {k.pemda_id for k in classes}:
        q |= Q(pemda_id=pemda_id, klass_id__in=[k.pk for k in classes if k.pemda_id == pemda_id])
    return ClassScore.objects.filter(q)


def pemda_ids_with_open_sittings() -> list[int]:
    """For the periodic expiry round (a system task, not a read on someone's behalf)."""
    return list(Sitting.objects.filter(status="in_progress").values_list("pemda_id", flat=True).distinct())
