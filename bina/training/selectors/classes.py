"""Reads of classes, sessions, participants and nomination candidates, always scoped by `bina.training.access`.

Seats come from the class counters (`enrolled_count`, `waitlist_count`), so lists never count
enrolments per row: the list is one query whatever its length, plus one for "my enrolments".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import PermissionDenied
from bina.partners.models import Instructor, Partner
from bina.partners.selectors import instructors_for, partners_for
from bina.people.access import employees_for
from bina.people.models import Employee, EmployeeStatus
from bina.people.selectors import reports_subquery
from bina.training import permissions
from bina.training.access import classes_for, enrolments_for
from bina.training.eligibility import eligible_class_ids
from bina.training.models import ACTIVE_ENROLMENT_STATUSES, ClassStatus, Enrolment, Session, TrainingClass, UnitQuota


@dataclass(frozen=True)
class ClassFilters:
    status: str = ""
    course_id: int | None = None
    open_for_me: bool = False
    search: str = ""


def class_list(actor: Actor, filters: ClassFilters | None = None) -> QuerySet[TrainingClass]:
    """Classes the actor may see, newest first, with course and organiser joined (one query)."""
    filters = filters or ClassFilters()
    qs = classes_for(actor).select_related("course", "organiser")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.course_id:
        qs = qs.filter(course_id=filters.course_id)
    if filters.search:
        qs = qs.filter(
            Q(code__icontains=filters.search)
            | Q(name__icontains=filters.search)
            | Q(course__title__icontains=filters.search)
        )
    if filters.open_for_me:
        qs = open_for(actor, qs)
    return qs.order_by("-starts_on", "code")


def open_for(actor: Actor, qs: QuerySet[TrainingClass]) -> QuerySet[TrainingClass]:
    """Open classes whose window is open now and that would take this employee.

    "Would take" is `bina.training.eligibility` (units, position kinds, active status): the very rule the
    enrolment services check, so a class listed here never refuses the employee for eligibility, on
    SQLite as on PostgreSQL.
    """
    now = timezone.now()
    qs = qs.filter(status=ClassStatus.OPEN, allow_self_registration=True)
    qs = qs.filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now))
    qs = qs.filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gte=now))
    if actor.employee_id is None:
        return qs.none()
    me = Employee.objects.filter(pk=actor.employee_id).select_related("unit").first()
    if me is None:
        return qs.none()
    return qs.filter(pk__in=eligible_class_ids(me, qs.order_by()))


def my_enrolments(actor: Actor, class_ids: list[int]) -> dict[int, Enrolment]:
    """The actor's own enrolment per class (one query)."""
    if actor.employee_id is None or not class_ids:
        return {}
    rows = Enrolment.objects.filter(employee_id=actor.employee_id, klass_id__in=class_ids)
    return {e.klass_id: e for e in rows}


@dataclass
class ClassDetail:
    klass: TrainingClass
    sessions: list[Session]
    quotas: list[UnitQuota]
    eligible_units: list[Any]
    my_enrolment: Enrolment | None
    counts: dict[str, int] = field(default_factory=dict)


def class_detail(actor: Actor, klass: TrainingClass) -> ClassDetail:
    sessions = list(klass.sessions.select_related("instructor").order_by("starts_at"))
    quotas = list(UnitQuota.objects.filter(klass=klass).select_related("unit").order_by("unit__path"))
    units = list(klass.eligible_units.all().order_by("path"))
    mine = my_enrolments(actor, [klass.pk]).get(klass.pk)
    return ClassDetail(klass=klass, sessions=sessions, quotas=quotas, eligible_units=units, my_enrolment=mine)


def class_participants(actor: Actor, klass: TrainingClass, status: str = "") -> QuerySet[Enrolment]:
    """The participant list of a class the actor can see, waitlist in queue order: the one read behind the page,
    the XLSX/PDF downloads and `GET /classes/{id}/enrolments`.

    Refused with `PermissionDenied` (403) unless `permissions.can_view_participants`; `klass` comes from
    `access.get_class_for_user`, so a class the actor cannot see was already a 404.
    """
    if not permissions.can_view_participants(actor, klass):
        raise PermissionDenied(_("Only the BKPSDM and the class's instructors see its participants."))
    qs = enrolments_for(actor).filter(klass=klass).select_related("klass", "employee", "employee__unit")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "waitlisted_at", "created_at", "id")


def nomination_candidates(actor: Actor, klass: TrainingClass, term: str = "", limit: int = 20) -> list[Employee]:
    """The supervisor's (direct and indirect) active reports not yet holding a place in this class."""
    if actor.employee_id is None:
        return []
    qs = (
        employees_for(actor)
        .filter(pk__in=reports_subquery(actor.employee_id), status=EmployeeStatus.AKTIF)
        .exclude(pk=actor.employee_id)
        .exclude(enrolments__klass=klass, enrolments__status__in=ACTIVE_ENROLMENT_STATUSES)
        .select_related("unit")
    )
    term = term.strip()
    if term:
        digits = "".join(term.split())
        qs = qs.filter(Q(sort_name__icontains=term.lower()) | Q(name__icontains=term) | Q(nip__startswith=digits))
    return list(qs.order_by("sort_name")[:limit])


def sessions_with_instructors(klass: TrainingClass) -> QuerySet[Session]:
    return klass.sessions.select_related("instructor").order_by("starts_at")


def partner_choices(actor: Actor) -> QuerySet[Partner]:
    """Partners the admin may name as organiser: active ones of the actor's Pemda."""
    return partners_for(actor).filter(is_active=True).order_by("name")


def instructor_choices(actor: Actor) -> QuerySet[Instructor]:
    return instructors_for(actor).filter(is_active=True).order_by("name")
