"""Scoped entry points to classes, sessions and enrolments: the only way views, API and commands reach them.

Same contract as `bina.people.access`: querysets scoped to the actor, `get_*_for_user` raising
`NotFound` for missing and out-of-scope objects alike.

- Programmes and courses: everyone in the Pemda reads active ones; drafts only the admin.
- Classes: the admin sees all; an ASN sees every class past draft; an instructor also the classes
  they teach; a partner coordinator only the classes its institution organises or teaches.
- External learning claims: the reviewing admin sees the whole Pemda, everyone else only their own.
- Enrolments: follow the employee's visibility (`employees_for`: self, reports, unit subtree, whole
  Pemda for admins) plus, for instructors and partner coordinators, the enrolments of their classes.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.people.access import employees_for
from bina.training.catalogue.models import Course, Programme, ProgrammeStatus
from bina.training.classes.models import ClassStatus, Enrolment, Session, TrainingClass
from bina.training.external.models import ExternalLearning, TrainingHistory
from bina.training.learning.models import JpCredit


def _taught_q(actor: Actor, prefix: str = "") -> Q:
    """Classes this actor teaches (as an instructor account) or whose sessions its partner teaches."""
    q = Q(pk__in=[])
    if actor.user_id is not None and actor.is_instructor:
        q |= Q(**{f"{prefix}sessions__instructor__user_id": actor.user_id})
    if actor.partner_ids:
        q |= Q(**{f"{prefix}organiser_id__in": actor.partner_ids})
        q |= Q(**{f"{prefix}sessions__instructor__partner_id__in": actor.partner_ids})
    return q


def classes_taught_by(actor: Actor) -> QuerySet[TrainingClass]:
    """Classes the actor teaches or whose organiser/instructors are its partner (none for everyone else)."""
    if actor.pemda_id is None or not (actor.is_instructor or actor.partner_ids):
        return TrainingClass.objects.none()
    return TrainingClass.objects.filter(_taught_q(actor), pemda_id=actor.pemda_id)


def programmes_for(actor: Actor) -> QuerySet[Programme]:
    if actor.pemda_id is None:
        return Programme.objects.none()
    qs = Programme.objects.filter(pemda_id=actor.pemda_id)
    return qs if actor.is_admin else qs.exclude(status=ProgrammeStatus.DRAFT)


def courses_for(actor: Actor) -> QuerySet[Course]:
    if actor.pemda_id is None:
        return Course.objects.none()
    qs = Course.objects.filter(pemda_id=actor.pemda_id)
    return qs if actor.is_admin else qs.filter(is_active=True)


def classes_for(actor: Actor) -> QuerySet[TrainingClass]:
    if actor.pemda_id is None:
        return TrainingClass.objects.none()
    qs = TrainingClass.objects.filter(pemda_id=actor.pemda_id)
    if actor.is_admin:
        return qs
    reach = Q(pk__in=[])
    if actor.employee_id is not None or actor.is_leader or actor.is_operator:
        reach |= ~Q(status=ClassStatus.DRAFT)
    if actor.is_instructor or actor.partner_ids:
        # A subquery, not a join, so one class never appears twice.
        reach |= Q(pk__in=classes_taught_by(actor).values("pk"))
    return qs.filter(reach)


def sessions_for(actor: Actor) -> QuerySet[Session]:
    return Session.objects.filter(klass__in=classes_for(actor).values("pk"))


def enrolment_scope(actor: Actor, prefix: str = "", *, pemda_field: str | None = None) -> Q:
    """The enrolments this actor may see, as a filter on `<prefix>employee`/`<prefix>klass`.

    A `Q` (not a queryset of ids) so rows hanging off an enrolment (certificates, attendance) are scoped
    without an `IN (all enrolment ids of the Pemda)` subquery. The admin's whole Pemda is a filter on
    `pemda_field` (the row's own Pemda column; default `<prefix>pemda_id`), never "no filter".
    """
    if actor.pemda_id is None:
        return Q(pk__in=[])
    if actor.is_admin:
        return Q(**{pemda_field or f"{prefix}pemda_id": actor.pemda_id})
    reach = Q(**{f"{prefix}employee__in": employees_for(actor).values("pk")})
    if actor.is_instructor or actor.partner_ids:
        reach |= Q(**{f"{prefix}klass_id__in": classes_taught_by(actor).values("pk")})
    return reach


def enrolments_for(actor: Actor) -> QuerySet[Enrolment]:
    if actor.pemda_id is None:
        return Enrolment.objects.none()
    # The scope's subqueries are already limited to the actor's Pemda. Adding `pemda_id = …` here would
    # tempt the planner (SQLite above all) to walk every enrolment of the Pemda instead of the few of
    # these employees/classes: 1.1 s instead of milliseconds at 1,000,000 enrolments.
    return Enrolment.objects.filter(enrolment_scope(actor))


def get_programme_for_user(actor: Actor, pk: int) -> Programme:
    obj = programmes_for(actor).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_message("programme", pk))
    return obj


def get_course_for_user(actor: Actor, pk: int) -> Course:
    obj = courses_for(actor).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_message("course", pk))
    return obj


def get_class_for_user(actor: Actor, pk: int) -> TrainingClass:
    obj = classes_for(actor).select_related("course", "organiser").filter(pk=pk).first()
    if obj is None:
        raise NotFound(_message("class", pk))
    return obj


def get_session_for_user(actor: Actor, pk: int) -> Session:
    obj = sessions_for(actor).select_related("klass", "klass__course", "instructor").filter(pk=pk).first()
    if obj is None:
        raise NotFound(_message("session", pk))
    return obj


def get_enrolment_for_user(actor: Actor, pk: int) -> Enrolment:
    obj = (
        enrolments_for(actor)
        .select_related("klass", "klass__course", "employee", "employee__unit")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise NotFound(_message("enrolment", pk))
    return obj


def _message(kind: str, key: object) -> str:
    from django.utils.translation import gettext as _

    messages = {
        "programme": _("No programme %(key)s was found."),
        "course": _("No course %(key)s was found."),
        "class": _("No class %(key)s was found."),
        "session": _("No session %(key)s was found."),
        "enrolment": _("No enrolment %(key)s was found."),
    }
    return messages[kind] % {"key": key}


def external_for(actor: Actor) -> QuerySet[ExternalLearning]:
    """External learning claims: the reviewing admin sees the whole Pemda, everyone else only their own."""
    if actor.pemda_id is None:
        return ExternalLearning.objects.none()
    qs = ExternalLearning.objects.filter(pemda_id=actor.pemda_id)
    if actor.is_admin:
        return qs
    if actor.employee_id is None:
        return qs.none()
    return qs.filter(employee_id=actor.employee_id)


def training_history_for(actor: Actor) -> QuerySet[TrainingHistory]:
    """Imported training from before Bina of the employees in the actor's reach (the admin: the whole Pemda)."""
    if actor.pemda_id is None:
        return TrainingHistory.objects.none()
    if actor.is_admin:
        return TrainingHistory.objects.filter(pemda_id=actor.pemda_id)
    return TrainingHistory.objects.filter(employee__in=employees_for(actor).values("pk"))


def get_external_for_user(actor: Actor, pk: int) -> ExternalLearning:
    item = external_for(actor).select_related("employee", "employee__unit", "reviewed_by").filter(pk=pk).first()
    if item is None:
        from django.utils.translation import gettext as _

        raise NotFound(_("No external learning %(key)s was found.") % {"key": pk})
    return item


def jp_credits_for(actor: Actor) -> QuerySet[JpCredit]:
    """JP credits of the employees the actor reads. A reach over the whole Pemda is a filter on the Pemda
    column (index `(pemda, year)`), not `employee IN (every employee)`."""
    if actor.pemda_id is None:
        return JpCredit.objects.none()
    if actor.read_reach().whole_pemda:
        return JpCredit.objects.filter(pemda_id=actor.pemda_id)
    return JpCredit.objects.filter(employee_id__in=employees_for(actor).values("pk"))
