"""The two training workflows as tables: a class's lifecycle and an enrolment's life.

Class: draft → open ⇄ closed → running → completed, or cancelled from any state before completed; a completed
class may be reopened (back to running) by its admin within `BINA_COMPLETION_REOPEN_DAYS` of completion;
plus the actions that keep the state but depend on it (enrol, nominate, assign). Enrolment: nominated →
accept/decline, pending → approve/reject, waitlisted → reject, active → withdraw (a nominee declines
instead), enrolled → no-show once the class runs.
The services in `bina.training.services` enforce these tables (`check`) and the selectors show the
allowed actions from them (`allowed_actions`), so a button appears exactly when the service accepts it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.actor import Actor
from bina.core.dates import format_date
from bina.core.errors import BinaError, Conflict, ValidationFailed
from bina.core.workflow import Guard, Transition, Workflow
from bina.training import permissions
from bina.training.classes.models import (
    ACTIVE_ENROLMENT_STATUSES,
    ClassStatus,
    Enrolment,
    EnrolmentStatus,
    TrainingClass,
)
from bina.training.hooks import hooks

C = ClassStatus
E = EnrolmentStatus


COMPLETE_REFUSED = gettext_lazy(
    "This class cannot be completed yet: it must be running, or closed with its end date "
    "(%(ends)s) past. Start the class or wait until it ends."
)
NOT_OPEN = gettext_lazy("%(klass)s is not open for registration (it is %(status)s).")
ADMIN_ONLY = gettext_lazy("Only a BKPSDM admin of this Pemda can manage classes.")


# --- class guards ----------------------------------------------------------------------------


def has_sessions(actor: Actor, klass: TrainingClass) -> BinaError | None:
    """A class without sessions has no schedule to enrol into, so it stays a draft."""
    if klass.sessions.exists():
        return None
    return Conflict(_("Add at least one session before opening the class."), code="no_sessions")


def ended_if_closed(actor: Actor, klass: TrainingClass) -> BinaError | None:
    """A running class completes at once; one with closed registration only after its end date."""
    if klass.status != C.CLOSED or klass.ends_on < timezone.localdate():
        return None
    return Conflict(str(COMPLETE_REFUSED) % {"ends": format_date(klass.ends_on)}, code="class_not_finished")


def reopen_deadline(klass: TrainingClass) -> Any:
    """Until when a completed class may be reopened (None: its completion time is unknown)."""
    if klass.completed_at is None:
        return None
    return klass.completed_at + timedelta(days=settings.BINA_COMPLETION_REOPEN_DAYS)


def within_reopen_window(actor: Actor, klass: TrainingClass) -> BinaError | None:
    """Reopening undoes JP credits and certificates people may already rely on: only shortly after completion."""
    deadline = reopen_deadline(klass)
    if deadline is not None and timezone.now() <= deadline:
        return None
    return Conflict(
        _("This class can be reopened only within %(days)s days of its completion; that time has passed.")
        % {"days": settings.BINA_COMPLETION_REOPEN_DAYS},
        code="reopen_window_passed",
    )


def reopen_not_blocked(actor: Actor, klass: TrainingClass) -> BinaError | None:
    """What the apps built on training say (certificates: no batch still generating this class's certificates)."""
    for hook in hooks.class_reopen_refusal:
        refusal = hook(actor, klass)
        if refusal is not None:
            return refusal
    return None


def takes_self_registration(actor: Actor, klass: TrainingClass) -> BinaError | None:
    if klass.allow_self_registration:
        return None
    return ValidationFailed(
        _("This class does not take self-registration; ask your supervisor to nominate you."),
        code="self_registration_closed",
    )


def takes_nominations(actor: Actor, klass: TrainingClass) -> BinaError | None:
    if klass.allow_nomination:
        return None
    return ValidationFailed(
        _("This class does not take nominations; the BKPSDM assigns its participants."), code="nomination_closed"
    )


REGISTRATION_OPENS = gettext_lazy("Registration opens %(day)s.")
REGISTRATION_CLOSED = gettext_lazy("Registration closed %(day)s.")


def _local_day(klass: TrainingClass, value: datetime) -> str:
    """`15 Des` in the Pemda's own zone (the year only when it is not this year's)."""
    from bina.training.classes.services import pemda_zone  # services import this table

    day = timezone.localtime(value, pemda_zone(klass.pemda_id)).date()
    return format_date(day, "MONTH_DAY_FORMAT" if day.year == timezone.localdate().year else "DATE_FORMAT")


def in_registration_window(actor: Actor, klass: TrainingClass) -> BinaError | None:
    """Self-registration and nominations only between `registration_opens_at` and `registration_closes_at`.

    The one definition of the window: the enrolment services refuse with it and the class page and the API's
    `allowed_actions` leave out *Daftar* with it. Assignment by the admin ignores it (Peraturan LAN 10/2018:
    penugasan), so "assign" does not carry this guard.
    """
    now = timezone.now()
    if klass.registration_opens_at and now < klass.registration_opens_at:
        day = _local_day(klass, klass.registration_opens_at)
        return Conflict(str(REGISTRATION_OPENS) % {"day": day}, code="registration_not_open")
    if klass.registration_closes_at and now > klass.registration_closes_at:
        day = _local_day(klass, klass.registration_closes_at)
        return Conflict(str(REGISTRATION_CLOSED) % {"day": day}, code="registration_closed")
    return None


def _may_nominate(actor: Actor, klass: TrainingClass) -> bool:
    # Which report may be nominated is `permissions.can_nominate` (per employee); here: may this actor nominate at all.
    return actor.pemda_id == klass.pemda_id and actor.employee_id is not None and actor.is_supervisor


CLASS_WORKFLOW: Workflow[TrainingClass] = Workflow(
    "class",
    state_of=lambda k: k.status,
    state_label=lambda s: str(ClassStatus(s).label),
    params=lambda k: {"klass": str(k), "ends": format_date(k.ends_on)},
    url_name="training:class_{action}",
    transitions={
        "open": Transition(
            sources=(C.DRAFT, C.CLOSED),
            target=C.OPEN,
            permission=permissions.can_manage_class,
            denied=ADMIN_ONLY,
            refused=gettext_lazy(
                "Only a draft class or one with closed registration can be opened (it is %(status)s)."
            ),
            guards=(has_sessions,),
            label=gettext_lazy("Open registration"),
            style="primary",
        ),
        "close": Transition(
            sources=(C.OPEN,),
            target=C.CLOSED,
            permission=permissions.can_manage_class,
            denied=ADMIN_ONLY,
            refused=gettext_lazy("Only an open class can close its registration (it is %(status)s)."),
            label=gettext_lazy("Close registration"),
        ),
        "start": Transition(
            sources=(C.OPEN, C.CLOSED),
            target=C.RUNNING,
            permission=permissions.can_manage_class,
            denied=ADMIN_ONLY,
            refused=gettext_lazy("Only an open class or one with closed registration can start (it is %(status)s)."),
            label=gettext_lazy("Start the class"),
        ),
        "complete": Transition(
            sources=(C.RUNNING, C.CLOSED),
            target=C.COMPLETED,
            # Completing again decides only enrolments still open and never credits JP twice.
            repeatable=True,
            permission=permissions.can_manage_class,
            denied=gettext_lazy("Only a BKPSDM admin can complete a class."),
            refused=COMPLETE_REFUSED,
            code="class_not_finished",
            guards=(ended_if_closed,),
            label=gettext_lazy("Complete class and issue certificates"),
            style="primary",
        ),
        "reopen": Transition(
            # Undo a completion made in error (a session without attendance, a wrong score): decisions, JP credits
            # and certificates are withdrawn; completing again decides and issues them once more.
            sources=(C.COMPLETED,),
            target=C.RUNNING,
            permission=permissions.can_manage_class,
            denied=gettext_lazy("Only a BKPSDM admin can reopen a completed class."),
            refused=gettext_lazy("Only a completed class can be reopened (it is %(status)s)."),
            guards=(within_reopen_window, reopen_not_blocked),
            label=gettext_lazy("Reopen the completion"),
            style="danger",
            reason_label=gettext_lazy("Reason for reopening"),
        ),
        "cancel": Transition(
            sources=(C.DRAFT, C.OPEN, C.CLOSED, C.RUNNING),
            target=C.CANCELLED,
            permission=permissions.can_manage_class,
            denied=ADMIN_ONLY,
            refused=gettext_lazy("A %(status)s class cannot be cancelled."),
            label=gettext_lazy("Cancel the class"),
            confirm=True,
            style="danger",
            reason_label=gettext_lazy("Reason"),
            reason_field="cancel-reason",
        ),
        # Actions that keep the state: who may ask for a place, and when.
        "enrol": Transition(
            sources=(C.OPEN,),
            permission=lambda actor, klass: permissions.can_self_enrol(actor) and actor.pemda_id == klass.pemda_id,
            denied=gettext_lazy("Only an employee can register for a class."),
            refused=NOT_OPEN,
            code="class_not_open",
            guards=(takes_self_registration, in_registration_window),
            label=gettext_lazy("Enrol"),
            style="primary",
        ),
        "nominate": Transition(
            sources=(C.OPEN,),
            permission=_may_nominate,
            denied=gettext_lazy("You can only nominate your own (direct or indirect) reports."),
            refused=NOT_OPEN,
            code="class_not_open",
            guards=(takes_nominations, in_registration_window),
            label=gettext_lazy("Nominate"),
            style="primary",
        ),
        "assign": Transition(
            # The admin places people outside the registration window (Peraturan LAN 10/2018: penugasan).
            sources=(C.OPEN, C.CLOSED, C.RUNNING),
            permission=permissions.can_manage_class,
            denied=gettext_lazy("Only a BKPSDM admin assigns employees to classes."),
            refused=NOT_OPEN,
            code="class_not_open",
            label=gettext_lazy("Assign"),
            style="primary",
        ),
    },
)

# The class action that asks for a place, per enrolment source.
REQUEST_ACTION = {"self": "enrol", "nomination": "nominate", "assignment": "assign"}


# --- enrolment guards: the class's state ------------------------------------------------------


def _class_in(*states: str, message: Any, code: str) -> Guard[Enrolment]:
    """The enrolment's class must be in one of `states`."""

    def guard(actor: Actor, enrolment: Enrolment) -> BinaError | None:
        klass = enrolment.klass
        if klass.status in states:
            return None
        return Conflict(str(message) % {"klass": str(klass)}, code=code)

    return guard


TAKES_PARTICIPANTS = gettext_lazy("%(klass)s no longer takes participants.")
NOT_STARTED = gettext_lazy("A no-show can only be recorded once the class has started.")


def class_not_over(actor: Actor, enrolment: Enrolment) -> BinaError | None:
    klass = enrolment.klass
    if klass.status in (C.COMPLETED, C.CANCELLED):
        return Conflict(_("%(klass)s is over; nobody can withdraw any more.") % {"klass": str(klass)})
    if klass.status == C.RUNNING and not actor.is_admin:
        return Conflict(_("The class is running; ask the BKPSDM to withdraw you."), code="class_running")
    return None


def nomination_is_declined(actor: Actor, enrolment: Enrolment) -> BinaError | None:
    """The nominee answers a nomination with accept or decline (with a reason); the admin may still withdraw it."""
    if enrolment.status != E.NOMINATED or actor.is_admin:
        return None
    return Conflict(_("Decline the nomination instead, and say why."), code="decline_nomination")


ENROLMENT_WORKFLOW: Workflow[Enrolment] = Workflow(
    "enrolment",
    state_of=lambda e: e.status,
    state_label=lambda s: str(EnrolmentStatus(s).label),
    params=lambda e: {"klass": str(e.klass)},
    url_name="training:enrolment_{action}",
    refused=gettext_lazy("This enrolment is %(status)s; that action is not possible now."),
    transitions={
        "accept": Transition(
            sources=(E.NOMINATED,),
            permission=permissions.can_answer_nomination,
            denied=gettext_lazy("Only the nominee can accept a nomination."),
            guards=(_class_in(C.OPEN, C.CLOSED, message=TAKES_PARTICIPANTS, code="class_not_open"),),
            label=gettext_lazy("Accept the nomination"),
            style="primary",
        ),
        "decline": Transition(
            sources=(E.NOMINATED,),
            target=E.DECLINED,
            permission=permissions.can_answer_nomination,
            denied=gettext_lazy("Only the nominee can decline a nomination."),
            label=gettext_lazy("Decline"),
            reason_label=gettext_lazy("Reason for declining"),
        ),
        "approve": Transition(
            sources=(E.PENDING,),
            permission=permissions.can_decide_enrolment,
            denied=gettext_lazy("Only a BKPSDM admin approves enrolment requests."),
            guards=(_class_in(C.OPEN, C.CLOSED, C.RUNNING, message=TAKES_PARTICIPANTS, code="class_not_open"),),
            label=gettext_lazy("Approve"),
            style="primary",
        ),
        "reject": Transition(
            sources=(E.PENDING, E.WAITLISTED),
            target=E.REJECTED,
            permission=permissions.can_decide_enrolment,
            denied=gettext_lazy("Only a BKPSDM admin rejects enrolment requests."),
            label=gettext_lazy("Reject"),
            reason_label=gettext_lazy("Reason"),
            confirm=True,
        ),
        "withdraw": Transition(
            sources=tuple(ACTIVE_ENROLMENT_STATUSES),
            target=E.WITHDRAWN,
            permission=permissions.can_withdraw,
            denied=gettext_lazy("You can only withdraw yourself; the BKPSDM withdraws others."),
            guards=(class_not_over, nomination_is_declined),
            label=gettext_lazy("Withdraw"),
            confirm=True,
            style="danger",
            reason_label=gettext_lazy("Reason for withdrawing"),
        ),
        # One spelling, the documented API path (`POST /enrolments/{id}/no-show`); the page URL name is enrolment_no_show.
        "no-show": Transition(
            sources=(E.ENROLLED,),
            target=E.NO_SHOW,
            permission=permissions.can_decide_enrolment,
            denied=gettext_lazy("Only a BKPSDM admin records no-shows."),
            guards=(
                _class_in(
                    C.RUNNING,
                    C.COMPLETED,
                    message=NOT_STARTED,
                    code="class_not_started",
                ),
            ),
            label=gettext_lazy("No-show"),
            confirm=True,
            reason_label=gettext_lazy("Reason"),
        ),
    },
)
