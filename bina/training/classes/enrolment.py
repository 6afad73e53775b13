"""Enrolment into classes: self-registration, nomination by a supervisor, assignment by the admin.

PP 11/2017 art. 203 (as amended by PP 17/2020) gives every PNS the right and duty to develop their
competency; the agency plans it, the supervisor proposes people (nomination) and the BKPSDM
assigns them (penugasan). Peraturan LAN 10/2018 lets the organiser set who may take part.

Seats under concurrency: a request does its checks and writes its rows (enrolment, audit,
notification) first, deciding "seat or waitlist" from an unlocked read of the class counters
`enrolled_count`/`waitlist_count`, which only these services change. Its last statement before the
commit claims what it decided with one conditional UPDATE of the class row (`enrolled_count + 1 …
WHERE enrolled_count < capacity AND status = …`, or the waitlist's, which holds only while the class
is full). That row is the one contended write, so its lock is held from that statement to the commit,
not for the whole request. A claim that no longer holds (the last seat went meanwhile, the class
changed state) rolls back to a savepoint and the request decides again; after two lost claims it
decides under the class row lock (`SELECT … FOR NO KEY UPDATE`), as the other enrolment services do.
A request of someone a unit quota covers counts that quota under the class row lock too, at the
claim. On SQLite the IMMEDIATE transaction serialises writers anyway. So there are never more
enrolled than the capacity, the counters equal the rows, and every request ends enrolled,
waitlisted, pending, nominated, or refused with a reason. The unique constraint (class, employee)
backs "one active place per person": a duplicate answers Conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.accounts.models import User
from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.dates import format_datetime
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.workflow import unknown_action
from bina.notifications.services import notify, notify_employee
from bina.people.models import Employee
from bina.training import permissions
from bina.training.catalogue.models import Course
from bina.training.classes.eligibility import check_eligibility
from bina.training.classes.models import (
    REUSABLE_ENROLMENT_STATUSES,
    AbsenceReason,
    ClassStatus,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Session,
    TrainingClass,
    UnitQuota,
)
from bina.training.classes.services import pemda_zone
from bina.training.classes.workflows import CLASS_WORKFLOW, REQUEST_ACTION, takes_nominations, takes_self_registration
from bina.training.classes.workflows import ENROLMENT_WORKFLOW as WORKFLOW
from bina.training.external.models import TrainingHistory

ENROLLED_TITLE = gettext_lazy("You are enrolled in %(klass)s")
ENROLLED_BODY = gettext_lazy("Your seat in %(klass)s (%(course)s) is confirmed. It starts on %(day)s.")
WAITLISTED_TITLE = gettext_lazy("You are on the waitlist of %(klass)s")
WAITLISTED_BODY = gettext_lazy(
    "%(klass)s (%(course)s) is full. You are on the waitlist and get a seat automatically when one frees up."
)
NOMINATION_TITLE = gettext_lazy("You were nominated for %(klass)s")
NOMINATION_BODY = gettext_lazy(
    "%(by)s nominated you for %(klass)s (%(course)s), starting on %(day)s. Accept or decline the nomination."
)
APPROVED_TITLE = gettext_lazy("Your request for %(klass)s was approved")
APPROVED_BODY = gettext_lazy("Your request to join %(klass)s (%(course)s) was approved: %(outcome)s.")
REJECTED_TITLE = gettext_lazy("Your request for %(klass)s was not approved")
REJECTED_BODY = gettext_lazy("Your request to join %(klass)s was not approved: %(reason)s")
OUTCOME_ENROLLED = gettext_lazy("you are enrolled")
OUTCOME_WAITLISTED = gettext_lazy("you are on the waitlist")
PROMOTED_TITLE = gettext_lazy("A seat in %(klass)s is yours")
PROMOTED_BODY = gettext_lazy("A seat freed up in %(klass)s (%(course)s); you moved from the waitlist to enrolled.")


def _url(klass: TrainingClass) -> str:
    return reverse("training:class_detail", args=[klass.pk])


def _params(klass: TrainingClass, course_title: str | None = None, **extra: Any) -> dict[str, Any]:
    title = course_title
    if title is None:
        title = Course.objects.filter(pk=klass.course_id).values_list("title", flat=True).first() or ""
    return {"klass": str(klass), "course": title, "day": klass.starts_on, **extra}


# --- checks --------------------------------------------------------------------------------


def _check_source_allowed(actor: Actor, klass: TrainingClass, employee: Employee, source: str) -> None:
    if source == EnrolmentSource.SELF:
        if not permissions.can_self_enrol(actor) or actor.employee_id != employee.pk:
            raise PermissionDenied(_("You can only register yourself; ask your supervisor or the BKPSDM for others."))
        refusal = takes_self_registration(actor, klass)
        if refusal is not None:
            raise refusal
    elif source == EnrolmentSource.NOMINATION:
        if not permissions.can_nominate(actor, employee):
            raise PermissionDenied(_("You can only nominate your own (direct or indirect) reports."))
        refusal = takes_nominations(actor, klass)
        if refusal is not None:
            raise refusal
    elif source == EnrolmentSource.ASSIGNMENT:
        if not permissions.can_assign(actor, employee):
            raise PermissionDenied(_("Only a BKPSDM admin assigns employees to classes."))
    else:
        raise ValidationFailed(_("Unknown enrolment source %(source)s.") % {"source": source})


def _check_class_state(actor: Actor, klass: TrainingClass, source: str) -> None:
    """The class's state allows this kind of request (`CLASS_WORKFLOW`: enrol, nominate, assign), and its window."""
    refusal = CLASS_WORKFLOW.state_refusal(REQUEST_ACTION[source], klass, actor)
    if refusal is not None:
        raise refusal
    # The registration window is one of the table's guards (`in_registration_window`); assignment ignores it.


def _when(klass: TrainingClass, value: object) -> str:
    return format_datetime(value, "SHORT_DATETIME_FORMAT", zone=pemda_zone(klass.pemda_id))  # type: ignore[arg-type]


def _check_prerequisites(klass: TrainingClass, employee: Employee) -> None:
    required = list(Course.objects.filter(required_by=klass.course_id).values_list("pk", "title"))
    if not required:
        return
    ids = [pk for pk, _t in required]
    # A course is done by completing one of its classes, or by training from before Bina imported with its
    # code (`external.history`: imported records count as completed training).
    done = set(
        Enrolment.objects.filter(
            employee=employee, status=EnrolmentStatus.COMPLETED, klass__course_id__in=ids
        ).values_list("klass__course_id", flat=True)
    ) | set(TrainingHistory.objects.filter(employee=employee, course_id__in=ids).values_list("course_id", flat=True))
    missing = [title for pk, title in required if pk not in done]
    if missing:
        raise ValidationFailed(
            _("Complete these courses first: %(courses)s.") % {"courses": ", ".join(missing)},
            code="prerequisites_missing",
        )


def _check_participant_clash(klass: TrainingClass, employee: Employee) -> None:
    """Nobody sits in two classes at once: refuse when a session overlaps one of a class they are enrolled in."""
    # One query: their sessions in other (not cancelled) classes they are enrolled in that overlap one of this class's.
    overlapping = Session.objects.filter(
        klass=klass, starts_at__lt=OuterRef("ends_at"), ends_at__gt=OuterRef("starts_at")
    )
    clash = (
        # One filter() call, so it is the same enrolment that is theirs and enrolled (one join).
        Session.objects.filter(klass__enrolments__employee=employee, klass__enrolments__status=EnrolmentStatus.ENROLLED)
        .exclude(klass=klass)
        .exclude(klass__status=ClassStatus.CANCELLED)
        .filter(Exists(overlapping))
        .order_by("starts_at")
        .values_list("pk", flat=True)
        .first()
    )
    if clash is not None:
        # Only a refusal needs the session and its class (for the message); most requests have no clash.
        other = Session.objects.select_related("klass").get(pk=clash)
        raise Conflict(
            _(
                'Schedule clash: %(name)s is enrolled in %(klass)s, session "%(topic)s" on %(when)s, '
                "which overlaps this class."
            )
            % {
                "name": employee.name,
                "klass": str(other.klass),
                "topic": other.topic,
                "when": _when(klass, other.starts_at),
            },
            code="participant_clash",
        )


def _quotas(klass: TrainingClass) -> list[UnitQuota]:
    return list(UnitQuota.objects.filter(klass=klass).select_related("unit"))


def _covering(employee: Employee, quotas: list[UnitQuota]) -> list[UnitQuota]:
    """The quotas whose unit (subtree) holds the employee's unit."""
    return [quota for quota in quotas if employee.unit.path.startswith(quota.unit.path)]


def _quota_room(
    klass: TrainingClass, employee: Employee, quotas: list[UnitQuota] | None = None, *, besides: int | None = None
) -> bool:
    """True when every quota covering the employee's unit (subtree) still has a seat (not counting `besides`)."""
    for quota in _covering(employee, _quotas(klass) if quotas is None else quotas):
        taken = Enrolment.objects.filter(
            klass=klass, status=EnrolmentStatus.ENROLLED, employee__unit__path__startswith=quota.unit.path
        )
        if besides is not None:
            taken = taken.exclude(pk=besides)
        if taken.count() >= quota.seats:
            return False
    return True


def _lock(klass: TrainingClass) -> TrainingClass:
    # NO KEY UPDATE: it still serialises the services that change the counters, but does not wait for
    # the foreign-key checks (KEY SHARE) of enrolments being inserted into the class meanwhile.
    return TrainingClass.objects.select_for_update(no_key=True).get(pk=klass.pk)


def _seat_or_waitlist(klass: TrainingClass, enrolment: Enrolment, quotas: list[UnitQuota] | None = None) -> None:
    """With the class locked: a seat when one is free (and the unit quota allows), else the waitlist."""
    if klass.enrolled_count < klass.capacity and _quota_room(klass, enrolment.employee, quotas):
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.waitlisted_at = None
        klass.enrolled_count += 1
    else:
        enrolment.status = EnrolmentStatus.WAITLISTED
        enrolment.waitlisted_at = timezone.now()
        klass.waitlist_count += 1


def _save_counters(klass: TrainingClass) -> None:
    TrainingClass.objects.filter(pk=klass.pk).update(
        enrolled_count=klass.enrolled_count, waitlist_count=klass.waitlist_count
    )


def _release(klass: TrainingClass, old_status: str) -> None:
    if old_status == EnrolmentStatus.ENROLLED:
        klass.enrolled_count = max(klass.enrolled_count - 1, 0)
    elif old_status == EnrolmentStatus.WAITLISTED:
        klass.waitlist_count = max(klass.waitlist_count - 1, 0)


def _event_key(event: str, enrolment: Enrolment) -> str:
    """A notification's key from the event itself: what happened, to which enrolment, at which version.

    `version` counts the enrolment's status changes, so the same event never notifies twice (a retried
    request, a second worker) while a later, equal-looking event (promoted again after a new request) does.
    """
    return f"{event}:enrolment:{enrolment.pk}:v{enrolment.version}"


def _outcome_key(enrolment: Enrolment) -> str:
    return _event_key(f"outcome-{enrolment.status}", enrolment)


def _notify_outcome(
    enrolment: Enrolment, klass: TrainingClass, user: User | None = None, course_title: str | None = None
) -> None:
    if enrolment.status == EnrolmentStatus.ENROLLED:
        title, body = ENROLLED_TITLE, ENROLLED_BODY
    elif enrolment.status == EnrolmentStatus.WAITLISTED:
        title, body = WAITLISTED_TITLE, WAITLISTED_BODY
    else:
        return
    params = _params(klass, course_title)
    if user is not None:  # looked up before the class lock, to keep the locked part short
        notify(user=user, kind="enrolment", event_key=_outcome_key(enrolment), title=title, body=body,
               params=params, url=_url(klass))  # fmt: skip
        return
    notify_employee(
        employee=enrolment.employee,
        kind="enrolment",
        event_key=_outcome_key(enrolment),
        title=title,
        body=body,
        params=params,
        url=_url(klass),
    )


# --- requests ------------------------------------------------------------------------------


class _ClaimLost(Exception):
    """The class moved between the unlocked read and the claim (seats, state): decide again."""


# Claims a request may lose (a rush for the last seats) before it decides under the class row lock.
OPTIMISTIC_ATTEMPTS = 2


def _claim(klass: TrainingClass, enrolment: Enrolment, covering: list[UnitQuota]) -> bool:
    """The request's one contended write, last before the commit: the class counters, if what it decided holds.

    Each UPDATE is conditional on the state the checks saw and on the seats (a waitlist place only
    while the class is full), so a stale read loses its claim instead of overbooking. With a quota
    covering the employee, the class row is locked first and the quota recounted (own row aside).
    """
    rows = TrainingClass.objects.filter(pk=klass.pk, status=klass.status)
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
        # No counter moves (pending, nominated), but the class must still be in the state checked.
        return bool(list(rows.select_for_update(no_key=True).values_list("pk", flat=True)))
    seat = enrolment.status == EnrolmentStatus.ENROLLED
    if covering:
        fresh = rows.select_for_update(no_key=True).first()
        if fresh is None:
            return False
        room = fresh.enrolled_count < fresh.capacity and _quota_room(
            fresh, enrolment.employee, covering, besides=enrolment.pk
        )
        if room != seat:
            return False
    if seat:
        claimed = rows.filter(enrolled_count__lt=F("capacity")).update(enrolled_count=F("enrolled_count") + 1)
    elif covering:  # waitlisted for the quota: checked above, under the lock
        claimed = rows.update(waitlist_count=F("waitlist_count") + 1)
    else:
        claimed = rows.filter(enrolled_count__gte=F("capacity")).update(waitlist_count=F("waitlist_count") + 1)
    if claimed:  # the caller's copy follows the row, for the response
        klass.enrolled_count += seat
        klass.waitlist_count += not seat
    return bool(claimed)


@transaction.atomic
def enrolment_request(*, actor: Actor, klass: TrainingClass, employee: Employee, source: str) -> Enrolment:
    """Ask for a place; the answer is enrolled, waitlisted, pending (approval), nominated, or a refusal."""
    _check_source_allowed(actor, klass, employee, source)
    check_eligibility(klass, employee)
    _check_prerequisites(klass, employee)
    _check_participant_clash(klass, employee)
    # Read what the claim needs but cannot change meanwhile, so the contended part stays one statement.
    course_title = klass.course.title
    covering = _covering(employee, _quotas(klass))
    user = User.objects.filter(employee=employee, is_active=True).first()
    if user is not None:
        user.employee = employee  # the row in hand (its email is the fallback address), not a second join
    current = klass  # as the caller read it: a stale copy only loses its claim (or its refusal is checked again)
    for attempt in range(OPTIMISTIC_ATTEMPTS + 1):
        # The last attempt decides under the class row lock, so a request always ends.
        locked = attempt == OPTIMISTIC_ATTEMPTS
        if locked:
            current = _lock(klass)
        elif attempt:
            current = TrainingClass.objects.get(pk=klass.pk)
        try:
            _check_class_state(actor, current, source)
        except Conflict:
            if current is klass:  # refused on the caller's copy: ask the row itself before saying no
                continue
            raise
        savepoint = transaction.savepoint()
        enrolment = _request_rows(actor, current, employee, source, user, course_title, covering)
        if _claim(current, enrolment, covering):
            # The savepoint is left to the commit: releasing it would be one more round trip under the lock.
            return enrolment
        transaction.savepoint_rollback(savepoint)
    raise AssertionError("a claim made under the class row lock cannot be lost")  # pragma: no cover


def _request_rows(
    actor: Actor,
    klass: TrainingClass,
    employee: Employee,
    source: str,
    user: User | None,
    course_title: str,
    covering: list[UnitQuota],
) -> Enrolment:
    """Write the request's enrolment (outcome decided from `klass` as read), its audit event and notification."""
    # Locked: two requests of the same person cannot both reuse their earlier row.
    existing = Enrolment.objects.select_for_update().filter(klass=klass, employee=employee).first()
    if existing is not None and existing.status not in REUSABLE_ENROLMENT_STATUSES:
        raise Conflict(
            _("%(name)s already has a place in %(klass)s (%(status)s).")
            % {"name": employee.name, "klass": str(klass), "status": existing.get_status_display()},
            code="already_enrolled",
        )
    enrolment = existing or Enrolment(pemda_id=klass.pemda_id, klass=klass, employee=employee)
    enrolment.klass = klass
    enrolment.employee = employee
    enrolment.source = source
    enrolment.requested_by_id = actor.user_id
    enrolment.reason, enrolment.reason_code, enrolment.reason_params = "", "", {}
    enrolment.decided_at = enrolment.decided_by = enrolment.answered_at = None
    enrolment.reason_category = ""
    enrolment.requested_at = timezone.now()
    enrolment.waitlisted_at = None
    if source == EnrolmentSource.NOMINATION:
        enrolment.status = EnrolmentStatus.NOMINATED
    elif klass.requires_approval and source != EnrolmentSource.ASSIGNMENT:
        enrolment.status = EnrolmentStatus.PENDING
    elif klass.enrolled_count < klass.capacity and _quota_room(klass, employee, covering, besides=enrolment.pk):
        enrolment.status = EnrolmentStatus.ENROLLED
    else:
        enrolment.status = EnrolmentStatus.WAITLISTED
        enrolment.waitlisted_at = timezone.now()
    try:
        # No savepoint of its own: a duplicate (two requests of one person at once) aborts the request.
        enrolment.version += 1
        enrolment.save()
    except IntegrityError as exc:
        raise Conflict(
            _("%(name)s already has a place in %(klass)s.") % {"name": employee.name, "klass": str(klass)},
            code="already_enrolled",
        ) from exc
    audit_record(
        action="enrolment.request",
        actor=actor,
        target=enrolment,
        detail={"class": klass.code, "source": source, "status": enrolment.status},
    )
    if enrolment.status == EnrolmentStatus.NOMINATED:
        notify_employee(
            employee=employee,
            kind="nomination",
            event_key=_event_key("nomination", enrolment),
            title=NOMINATION_TITLE,
            body=NOMINATION_BODY,
            params=_params(klass, course_title, by="BKPSDM" if actor.is_system else actor.username),
            url=_url(klass),
        )
    else:
        _notify_outcome(enrolment, klass, user=user, course_title=course_title)
    return enrolment


def _locked_enrolment(enrolment: Enrolment) -> tuple[Enrolment, TrainingClass]:
    klass = _lock(enrolment.klass)
    fresh = Enrolment.objects.select_related("employee", "employee__unit").get(pk=enrolment.pk)
    fresh.klass = klass
    return fresh, klass


def _end(
    enrolment: Enrolment,
    klass: TrainingClass,
    *,
    actor: Actor,
    status: str,
    reason: str,
    action: str,
    detail: dict[str, str] | None = None,
    release: bool = True,
    category: str = "",
) -> None:
    """With the class locked: end the enrolment with `status` and `reason`, stamped as decided by the actor.

    A seat or waitlist place it held is given back and the counters saved (unless `release` is off, for
    statuses that never hold one); then the `enrolment.<action>` audit event (detail: the reason by default).
    """
    if release:
        _release(klass, enrolment.status)
    enrolment.status = status
    # A person's words, kept as typed; no coded reason goes with them.
    enrolment.reason, enrolment.reason_code, enrolment.reason_params = reason, "", {}
    enrolment.reason_category = category
    enrolment.decided_at = timezone.now()
    enrolment.decided_by_id = actor.user_id
    enrolment.version += 1
    enrolment.save()
    if release:
        _save_counters(klass)
    audit_record(action=f"enrolment.{action}", actor=actor, target=enrolment, detail=detail or {"reason": reason})


def _category(category: str) -> str:
    """The reason's category (`AbsenceReason`); none given counts as "other", an unknown one is refused."""
    category = (category or "").strip() or AbsenceReason.OTHER
    if category not in AbsenceReason.values:
        message = _("Choose one of: %(choices)s.") % {"choices": ", ".join(AbsenceReason.values)}
        raise ValidationFailed(message, details=[{"field": "category", "message": message}])
    return category


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(message, details=[{"field": "reason", "message": message}])
    return reason


@transaction.atomic
def enrolment_accept(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """The nominee accepts: approval if the class requires it, else a seat or the waitlist."""
    WORKFLOW.authorize("accept", enrolment, actor)
    enrolment, klass = _locked_enrolment(enrolment)
    WORKFLOW.check("accept", enrolment, actor)
    _check_participant_clash(klass, enrolment.employee)
    enrolment.answered_at = timezone.now()
    if klass.requires_approval:
        enrolment.status = EnrolmentStatus.PENDING
    else:
        _seat_or_waitlist(klass, enrolment)
    enrolment.version += 1
    enrolment.save()
    _save_counters(klass)
    audit_record(action="enrolment.accept", actor=actor, target=enrolment, detail={"status": enrolment.status})
    _notify_outcome(enrolment, klass)
    return enrolment


@transaction.atomic
def enrolment_decline(*, actor: Actor, enrolment: Enrolment, reason: str, category: str = "") -> Enrolment:
    """The nominee declines, with a reason and its category (`AbsenceReason`; they feed the participation figures)."""
    WORKFLOW.authorize("decline", enrolment, actor)
    reason = _reason(reason, _("Say why you decline the nomination."))
    category = _category(category)
    enrolment, klass = _locked_enrolment(enrolment)
    WORKFLOW.check("decline", enrolment, actor)
    enrolment.answered_at = timezone.now()
    _end(
        enrolment,
        klass,
        actor=actor,
        status=EnrolmentStatus.DECLINED,
        reason=reason,
        action="decline",
        release=False,
        category=category,
        detail={"reason": reason, "category": category},
    )
    return enrolment


def _notify_decision(
    enrolment: Enrolment, klass: TrainingClass, event: str, title: Any, body: Any, **extra: Any
) -> None:
    """Tell the employee the BKPSDM's decision on their request (approved or rejected)."""
    notify_employee(
        employee=enrolment.employee,
        kind="approval",
        event_key=_event_key(event, enrolment),
        title=title,
        body=body,
        params=_params(klass, **extra),
        url=_url(klass),
    )


@transaction.atomic
def enrolment_approve(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    WORKFLOW.authorize("approve", enrolment, actor)
    enrolment, klass = _locked_enrolment(enrolment)
    WORKFLOW.check("approve", enrolment, actor)
    _seat_or_waitlist(klass, enrolment)
    enrolment.decided_at = timezone.now()
    enrolment.decided_by_id = actor.user_id
    enrolment.version += 1
    enrolment.save()
    _save_counters(klass)
    audit_record(action="enrolment.approve", actor=actor, target=enrolment, detail={"status": enrolment.status})
    # Lazy: rendered inside the notification in the employee's language, not the approver's.
    outcome = OUTCOME_ENROLLED if enrolment.status == EnrolmentStatus.ENROLLED else OUTCOME_WAITLISTED
    _notify_decision(enrolment, klass, "approval", APPROVED_TITLE, APPROVED_BODY, outcome=outcome)
    return enrolment


@transaction.atomic
def enrolment_reject(*, actor: Actor, enrolment: Enrolment, reason: str) -> Enrolment:
    WORKFLOW.authorize("reject", enrolment, actor)
    reason = _reason(reason, _("Say why the request is rejected; the employee receives this reason."))
    enrolment, klass = _locked_enrolment(enrolment)
    WORKFLOW.check("reject", enrolment, actor)
    _end(enrolment, klass, actor=actor, status=EnrolmentStatus.REJECTED, reason=reason, action="reject")
    _notify_decision(enrolment, klass, "rejected", REJECTED_TITLE, REJECTED_BODY, reason=reason)
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, actor: Actor, enrolment: Enrolment, reason: str) -> Enrolment:
    """Leave a class before it ends; a freed seat goes to the first on the waitlist who fits the quotas."""
    WORKFLOW.authorize("withdraw", enrolment, actor)
    reason = _reason(reason, _("Say why you withdraw; it helps plan the next classes."))
    enrolment, klass = _locked_enrolment(enrolment)
    WORKFLOW.check("withdraw", enrolment, actor)
    old = enrolment.status
    enrolment.waitlisted_at = None
    _end(
        enrolment,
        klass,
        actor=actor,
        status=EnrolmentStatus.WITHDRAWN,
        reason=reason,
        action="withdraw",
        detail={"from": old, "reason": reason},
    )
    if old == EnrolmentStatus.ENROLLED:
        _promote(actor=actor, klass=klass)
    return enrolment


@transaction.atomic
def enrolment_mark_no_show(*, actor: Actor, enrolment: Enrolment, reason: str, category: str = "") -> Enrolment:
    """After the class started: the enrolled person did not come (recorded for the participation figures)."""
    WORKFLOW.authorize("no-show", enrolment, actor)
    reason = _reason(reason, _("Record why the participant did not attend (or that the reason is unknown)."))
    category = _category(category)
    enrolment, klass = _locked_enrolment(enrolment)
    WORKFLOW.check("no-show", enrolment, actor)
    _end(
        enrolment,
        klass,
        actor=actor,
        status=EnrolmentStatus.NO_SHOW,
        reason=reason,
        action="no_show",
        category=category,
        detail={"reason": reason, "category": category},
    )
    return enrolment


# The one dispatch from an action name (page URL, API path, `allowed_actions`) to its service: the names of
# ENROLMENT_WORKFLOW. An unknown name is a 422 (`unknown_action`), never a default action.
ENROLMENT_ACTIONS: dict[str, Callable[[Actor, Enrolment, str, str], Enrolment]] = {
    "accept": lambda actor, enrolment, reason, category: enrolment_accept(actor=actor, enrolment=enrolment),
    "decline": lambda actor, enrolment, reason, category: enrolment_decline(
        actor=actor, enrolment=enrolment, reason=reason, category=category
    ),
    "approve": lambda actor, enrolment, reason, category: enrolment_approve(actor=actor, enrolment=enrolment),
    "reject": lambda actor, enrolment, reason, category: enrolment_reject(
        actor=actor, enrolment=enrolment, reason=reason
    ),
    "withdraw": lambda actor, enrolment, reason, category: enrolment_withdraw(
        actor=actor, enrolment=enrolment, reason=reason
    ),
    "no-show": lambda actor, enrolment, reason, category: enrolment_mark_no_show(
        actor=actor, enrolment=enrolment, reason=reason, category=category
    ),
}


def enrolment_act(
    *, actor: Actor, enrolment: Enrolment, action: str, reason: str = "", category: str = ""
) -> Enrolment:
    """Take `action` (a name of `ENROLMENT_WORKFLOW`) on the enrolment; the page and the API both come here.

    `category` (an `AbsenceReason`) goes with a decline or a no-show; other actions ignore it."""
    handler = ENROLMENT_ACTIONS.get(action)
    if handler is None:
        raise unknown_action(action, ENROLMENT_ACTIONS)
    return handler(actor, enrolment, reason, category)


def _promote(*, actor: Actor, klass: TrainingClass) -> list[Enrolment]:
    """With the class locked: fill free seats from the waitlist in order, skipping people whose quota is full."""
    promoted: list[Enrolment] = []
    if klass.status not in (ClassStatus.OPEN, ClassStatus.CLOSED, ClassStatus.RUNNING):
        return promoted
    waiting = (
        Enrolment.objects.filter(klass=klass, status=EnrolmentStatus.WAITLISTED)
        .select_related("employee", "employee__unit")
        .order_by(F("waitlisted_at").asc(nulls_last=True), "id")
    )
    for candidate in waiting:
        if klass.enrolled_count >= klass.capacity:
            break
        if not _quota_room(klass, candidate.employee):
            continue
        candidate.status = EnrolmentStatus.ENROLLED
        candidate.waitlisted_at = None
        candidate.version += 1
        candidate.save(update_fields=["status", "waitlisted_at", "version", "updated_at"])
        klass.enrolled_count += 1
        klass.waitlist_count = max(klass.waitlist_count - 1, 0)
        promoted.append(candidate)
        audit_record(action="enrolment.promote", actor=actor, target=candidate, detail={"class": klass.code})
        notify_employee(
            employee=candidate.employee,
            kind="waitlist_promotion",
            event_key=_event_key("promoted", candidate),
            title=PROMOTED_TITLE,
            body=PROMOTED_BODY,
            params=_params(klass),
            url=_url(klass),
        )
    _save_counters(klass)
    return promoted


@transaction.atomic
def promote_waitlist(*, actor: Actor, klass: TrainingClass) -> list[Enrolment]:
    """Fill free seats from the waitlist (after the capacity grew, or a quota changed)."""
    return _promote(actor=actor, klass=_lock(klass))
