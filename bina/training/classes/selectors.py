"""Reads of classes, sessions, participants and nomination candidates, always scoped by `bina.training.access`.

Seats come from the class counters (`enrolled_count`, `waitlist_count`), so lists never count
enrolments per row: the list is one query whatever its length, plus one for "my enrolments".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bina.core.actor import Actor
from bina.core.confirm import Confirmation
from bina.core.errors import PermissionDenied
from bina.core.numbers import format_number
from bina.core.workflow import Action
from bina.partners.access import instructors_for, partners_for
from bina.partners.models import Instructor, Partner
from bina.people.access import employees_for
from bina.people.models import Employee, EmployeeStatus
from bina.people.nip import nip_normalise
from bina.people.selectors import reports_subquery
from bina.training import permissions
from bina.training.access import classes_for, courses_for, enrolments_for
from bina.training.classes.eligibility import eligible_class_ids
from bina.training.classes.models import (
    ACTIVE_ENROLMENT_STATUSES,
    REUSABLE_ENROLMENT_STATUSES,
    AbsenceReason,
    ClassStatus,
    Enrolment,
    EnrolmentStatus,
    Session,
    TrainingClass,
    UnitQuota,
)
from bina.training.classes.workflows import CLASS_WORKFLOW, ENROLMENT_WORKFLOW, in_registration_window


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

    "Would take" is `bina.training.classes.eligibility` (units, position kinds, active status): the very rule the
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
    # What the training is (issue 9.9): the course's competency targets, its prerequisites the actor may open,
    # and the instructors of its sessions, in the order they first teach.
    competencies: list[Any] = field(default_factory=list)
    prerequisites: list[Any] = field(default_factory=list)
    instructors: list[Instructor] = field(default_factory=list)
    # What the actor may do now, from the workflow tables (`bina.training.classes.workflows`): the class's actions
    # (lifecycle, enrol, nominate, assign) and those on the actor's own enrolment.
    actions: list[Action] = field(default_factory=list)
    my_actions: list[Action] = field(default_factory=list)

    @property
    def action_names(self) -> list[str]:
        return [a.name for a in self.actions]

    @property
    def lifecycle_actions(self) -> list[Action]:
        """The buttons of the "State" card; completion sits with attendance and certificates."""
        return [a for a in self.actions if a.name in LIFECYCLE_ACTIONS]

    def can(self, action: str) -> bool:
        return action in self.action_names

    @property
    def can_assign(self) -> bool:
        return self.can("assign")

    @property
    def can_enrol(self) -> bool:
        """The "Enrol" button: the class takes the actor now, and the actor holds no place that blocks a new one."""
        mine = self.my_enrolment
        return self.can("enrol") and (mine is None or mine.status in REUSABLE_ENROLMENT_STATUSES)

    @property
    def nomination_only(self) -> bool:
        """The class is open but not to self-registration (the table's own refusal says so)."""
        # A question about the class alone: its state guards do not look at who asks.
        refusal = CLASS_WORKFLOW.state_refusal("enrol", self.klass, Actor.anonymous())
        return refusal is not None and refusal.code == "self_registration_closed"

    @property
    def registration_window(self) -> str:
        """ "Pendaftaran dibuka 15 Des" while an open class's window has not opened (or has closed), else ""."""
        if self.klass.status != ClassStatus.OPEN:
            return ""
        refusal = in_registration_window(Actor.anonymous(), self.klass)
        return str(refusal.message) if refusal is not None else ""


# The class actions the "State" card shows, in table order.
LIFECYCLE_ACTIONS = ("open", "close", "start", "cancel")


def class_actions(actor: Actor, klass: TrainingClass) -> list[Action]:
    return CLASS_WORKFLOW.actions_for(klass, actor)


def enrolment_actions(actor: Actor, enrolment: Enrolment) -> list[Action]:
    """What `actor` may do now with the enrolment (its class is read from `enrolment.klass`)."""
    return ENROLMENT_WORKFLOW.actions_for(enrolment, actor)


def class_detail(actor: Actor, klass: TrainingClass) -> ClassDetail:
    sessions = list(klass.sessions.select_related("instructor").order_by("starts_at"))
    quotas = list(UnitQuota.objects.filter(klass=klass).select_related("unit").order_by("unit__path"))
    units = list(klass.eligible_units.all().order_by("path"))
    mine = my_enrolments(actor, [klass.pk]).get(klass.pk)
    if mine is not None:
        mine.klass = klass
    instructors = list({s.instructor_id: s.instructor for s in sessions if s.instructor is not None}.values())
    course = klass.course
    return ClassDetail(
        klass=klass,
        sessions=sessions,
        quotas=quotas,
        eligible_units=units,
        my_enrolment=mine,
        competencies=list(
            course.competency_targets.select_related("competency").order_by(
                "competency__kind", "competency__order", "competency__name"
            )
        ),
        prerequisites=list(courses_for(actor).filter(required_by=course).order_by("title")),
        instructors=instructors,
        actions=class_actions(actor, klass),
        my_actions=enrolment_actions(actor, mine) if mine is not None else [],
    )


@dataclass(frozen=True)
class ParticipantRow:
    enrolment: Enrolment
    actions: list[Action]


def participant_rows(actor: Actor, enrolments: Iterable[Enrolment]) -> list[ParticipantRow]:
    """Rows of the participants page: each enrolment with the actions the actor may take on it now."""
    return [ParticipantRow(e, enrolment_actions(actor, e)) for e in enrolments]


DECISIONS = ("approve", "reject")


def pending_requests(actor: Actor, klass: TrainingClass, limit: int = 50) -> list[ParticipantRow]:
    """The requests awaiting approval on the class page, with the decisions (approve, reject) the actor may take."""
    rows = participant_rows(actor, class_participants(actor, klass, EnrolmentStatus.PENDING)[:limit])
    return [ParticipantRow(r.enrolment, [a for a in r.actions if a.name in DECISIONS]) for r in rows]


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
        digits = nip_normalise(term)
        qs = qs.filter(Q(sort_name__icontains=term.lower()) | Q(name__icontains=term) | Q(nip__startswith=digits))
    return list(qs.order_by("sort_name")[:limit])


def sessions_with_instructors(klass: TrainingClass) -> QuerySet[Session]:
    return klass.sessions.select_related("instructor").order_by("starts_at")


def partner_choices(actor: Actor) -> QuerySet[Partner]:
    """Partners the admin may name as organiser: active ones of the actor's Pemda."""
    return partners_for(actor).filter(is_active=True).order_by("name")


def instructor_choices(actor: Actor) -> QuerySet[Instructor]:
    return instructors_for(actor).filter(is_active=True).order_by("name")


# --- confirmation steps (bina.core.confirm): what an irreversible action does, to how many people ----------


def class_cancel_confirmation(klass: TrainingClass) -> Confirmation:
    """Cancelling ends every active place (enrolled, waitlisted, requested, nominated); each person is told."""
    people = Enrolment.objects.filter(klass=klass, status__in=ACTIVE_ENROLMENT_STATUSES).count()
    told = (
        ngettext(
            "%(n)s participant will be told, with your reason.",
            "%(n)s participants will be told, with your reason.",
            people,
        )
        % {"n": format_number(people)}
        if people
        else _("Nobody holds a place in this class yet; nobody is told.")
    )
    return Confirmation(
        title=_("Cancel %(klass)s?") % {"klass": str(klass)},
        consequence=_(
            "The class is cancelled for good: registration closes, every place in it ends, "
            "and it gives no JP and no certificate."
        ),
        people=told,
        button=_("Yes, cancel the class"),
        reason_field="cancel-reason",
        reason_label=_("Reason"),
    )


def enrolment_confirmation(enrolment: Enrolment, action: str, *, own: bool) -> Confirmation:
    """Withdraw, reject, no-show: one person's place ends; a freed seat may go to the waitlist. `own`: the person
    withdraws themself. The enrolment was fetched through `access` already (its scope is the caller's)."""
    klass, name = enrolment.klass, enrolment.employee.name
    params = {"klass": str(klass), "name": name}
    details: tuple[str, ...] = ()
    waiting = Enrolment.objects.filter(klass_id=klass.pk, status=EnrolmentStatus.WAITLISTED)
    if action == "withdraw" and enrolment.status == EnrolmentStatus.ENROLLED and waiting.exists():
        details = (_("The freed seat goes to the first person on the waitlist, who is told."),)
    if action == "withdraw" and own:
        return Confirmation(
            title=_("Withdraw from %(klass)s?") % params,
            consequence=_(
                "Your place in %(klass)s ends. To come back you must register again, and the class may be full."
            )
            % params,
            people=_("Only your own place changes."),
            button=_("Yes, withdraw"),
            details=details,
            reason_field="reason",
            reason_label=_("Reason for withdrawing"),
        )
    texts = {
        "withdraw": (
            _("Withdraw %(name)s?"),
            _("%(name)s loses their place in %(klass)s."),
            _("1 person is affected: %(name)s."),
            _("Yes, withdraw"),
        ),
        "reject": (
            _("Reject the request of %(name)s?"),
            _("The request of %(name)s to join %(klass)s is rejected."),
            _("1 person is told, with your reason: %(name)s."),
            _("Yes, reject"),
        ),
        "no-show": (
            _("Record %(name)s as a no-show?"),
            _("%(name)s is recorded as not attending %(klass)s: their place ends, with no JP and no certificate."),
            _("1 person is affected: %(name)s."),
            _("Yes, record the no-show"),
        ),
    }
    title, consequence, people, button = texts[action]
    no_show = action == "no-show"
    return Confirmation(
        title=title % params,
        consequence=consequence % params,
        people=people % params,
        button=button,
        details=details,
        reason_field="reason",
        reason_label=_("Reason"),
        # The kind of reason feeds the participation figures (bina.participation).
        choice_field="category" if no_show else "",
        choice_label=_("Kind of reason") if no_show else "",
        choices=tuple((value, str(label)) for value, label in AbsenceReason.choices) if no_show else (),
        choice_default=AbsenceReason.OTHER if no_show else "",
    )
