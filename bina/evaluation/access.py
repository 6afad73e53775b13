"""Scoped entry points to evaluation data: the only way views, API and commands reach it.

- Invitations and behaviour questionnaires: the respondent they name (their own employee record).
- Class results: classes through `bina.training.facade` (`get_class_for_user`); then the Pemda's readers
  (`permissions.can_read_evaluation`) or the class's own instructors and partner. A class the actor may see
  but not read results of answers 403; an instructor's class taught by someone else answers 404.
- A participant's behaviour results: the participant, their supervisors (direct and indirect) and the admin.
- Testimonies: the admin reads all of the Pemda's; a participant their own. Public reads: approved and
  consented only, through `testimonies_public`.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import NotFound, PermissionDenied
from bina.evaluation import permissions
from bina.evaluation.models import (
    BehaviourSurvey,
    ClassSurvey,
    Consent,
    EvaluationSettings,
    ReactionInvite,
    Testimony,
    TestimonyStatus,
)
from bina.evaluation.rules import (
    FOLLOWUP_WEEKS_DEFAULT,
    MAX_REMINDERS_DEFAULT,
    MIN_RESPONSES_DEFAULT,
    REMINDER_DAYS_DEFAULT,
)
from bina.partners.models import Instructor, Partner
from bina.people.access import employees_for
from bina.people.selectors import reports_subquery
from bina.training.facade import (
    Course,
    Enrolment,
    Programme,
    TrainingClass,
    classes_taught_by,
    get_class_for_user,
    get_course_for_user,
    get_enrolment_for_user,
    get_programme_for_user,
)


def settings_of(pemda_id: int) -> EvaluationSettings:
    """The Pemda's settings, or the defaults (unsaved) when it has none."""
    found = EvaluationSettings.objects.filter(pemda_id=pemda_id).first()
    return found or EvaluationSettings(
        pemda_id=pemda_id,
        min_responses=MIN_RESPONSES_DEFAULT,
        followup_weeks=FOLLOWUP_WEEKS_DEFAULT,
        reminder_days=REMINDER_DAYS_DEFAULT,
        max_reminders=MAX_REMINDERS_DEFAULT,
    )


def invites_for(actor: Actor) -> QuerySet[ReactionInvite]:
    """The actor's own invitations; a job (the system actor) reads the Pemda's, to open and remind."""
    if actor.pemda_id is not None and actor.is_system:
        return ReactionInvite.objects.filter(pemda_id=actor.pemda_id)
    if actor.pemda_id is None or actor.employee_id is None:
        return ReactionInvite.objects.none()
    return ReactionInvite.objects.filter(pemda_id=actor.pemda_id, employee_id=actor.employee_id)


def get_invite_for_user(actor: Actor, pk: int) -> ReactionInvite:
    invite = invites_for(actor).select_related("survey", "survey__klass", "survey__klass__course").filter(pk=pk).first()
    if invite is None:
        raise NotFound(_("No reaction survey %(key)s was found.") % {"key": pk})
    return invite


def behaviour_surveys_for(actor: Actor) -> QuerySet[BehaviourSurvey]:
    if actor.pemda_id is not None and actor.is_system:
        return BehaviourSurvey.objects.filter(pemda_id=actor.pemda_id)
    if actor.pemda_id is None or actor.employee_id is None:
        return BehaviourSurvey.objects.none()
    return BehaviourSurvey.objects.filter(pemda_id=actor.pemda_id, respondent_id=actor.employee_id)


def get_behaviour_survey_for_user(actor: Actor, pk: int) -> BehaviourSurvey:
    survey = (
        behaviour_surveys_for(actor)
        .select_related("enrolment", "enrolment__klass", "enrolment__klass__course", "enrolment__employee")
        .filter(pk=pk)
        .first()
    )
    if survey is None:
        raise NotFound(_("No follow-up questionnaire %(key)s was found.") % {"key": pk})
    return survey


def _results_refusal(actor: Actor) -> None:
    if not permissions.can_open_results(actor):
        raise PermissionDenied(_("Your role does not read evaluation results."))


def get_results_class_for_user(actor: Actor, pk: int) -> TrainingClass:
    """A class whose evaluation the actor reads (403 for a role that reads none, 404 outside its reach)."""
    klass = get_class_for_user(actor, pk)
    _results_refusal(actor)
    if not permissions.can_read_evaluation(actor) and not classes_taught_by(actor).filter(pk=klass.pk).exists():
        raise NotFound(_("No class %(key)s was found.") % {"key": pk})
    return klass


def results_classes_for(actor: Actor, qs: QuerySet[TrainingClass]) -> QuerySet[TrainingClass]:
    """Narrow classes already scoped by training to those whose evaluation the actor reads."""
    if permissions.can_read_evaluation(actor):
        return qs
    if permissions.can_read_taught_results(actor):
        return qs.filter(pk__in=classes_taught_by(actor).values("pk"))
    return qs.none()


def get_results_course_for_user(actor: Actor, pk: int) -> Course:
    course = get_course_for_user(actor, pk)
    _results_refusal(actor)
    return course


def get_results_programme_for_user(actor: Actor, pk: int) -> Programme:
    programme = get_programme_for_user(actor, pk)
    _results_refusal(actor)
    return programme


def class_survey_of(klass: TrainingClass) -> ClassSurvey | None:
    return ClassSurvey.objects.filter(klass=klass).select_related("campaign").first()


def get_instructor_for_results(actor: Actor, pk: int) -> Instructor:
    if actor.pemda_id is None or not permissions.can_read_evaluation(actor):
        raise PermissionDenied(_("Your role does not read evaluation results."))
    found = Instructor.objects.filter(pemda_id=actor.pemda_id, pk=pk).first()
    if found is None:
        raise NotFound(_("No instructor %(key)s was found.") % {"key": pk})
    return found


def get_partner_for_results(actor: Actor, pk: int) -> Partner:
    if actor.pemda_id is None or not permissions.can_read_evaluation(actor):
        raise PermissionDenied(_("Your role does not read evaluation results."))
    found = Partner.objects.filter(pemda_id=actor.pemda_id, pk=pk).first()
    if found is None:
        raise NotFound(_("No partner %(key)s was found.") % {"key": pk})
    return found


def get_behaviour_enrolment_for_user(actor: Actor, pk: int) -> Enrolment:
    """An enrolment whose behaviour results the actor reads: the participant, their supervisors, the admin."""
    enrolment = get_enrolment_for_user(actor, pk)
    if actor.is_admin or enrolment.employee_id == actor.employee_id:
        return enrolment
    if (
        actor.employee_id is not None
        and employees_for(actor).filter(pk=enrolment.employee_id, pk__in=reports_subquery(actor.employee_id)).exists()
    ):
        return enrolment
    raise NotFound(_("No enrolment %(key)s was found.") % {"key": pk})


def testimonies_for(actor: Actor) -> QuerySet[Testimony]:
    if actor.pemda_id is None:
        return Testimony.objects.none()
    qs = Testimony.objects.filter(pemda_id=actor.pemda_id)
    if permissions.can_manage_evaluation(actor):
        return qs
    if actor.employee_id is None:
        return qs.none()
    return qs.filter(employee_id=actor.employee_id)


def get_testimony_for_user(actor: Actor, pk: int) -> Testimony:
    found = testimonies_for(actor).select_related("employee", "klass").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No testimony %(key)s was found.") % {"key": pk})
    return found


def published_testimonies(pemda_id: int) -> QuerySet[Testimony]:
    """Approved testimonies whose authors consented to publication (with name or initials): what any page may show."""
    return Testimony.objects.filter(pemda_id=pemda_id, status=TestimonyStatus.APPROVED).filter(
        Q(consent=Consent.NAME) | Q(consent=Consent.INITIALS)
    )


def testimonies_public(actor: Actor) -> QuerySet[Testimony]:
    """For the public portal: the visited Pemda's published testimonies."""
    if actor.public_pemda_id is None:
        return Testimony.objects.none()
    return published_testimonies(actor.public_pemda_id)
