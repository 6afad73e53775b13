"""Classes (angkatan): creation, quotas, sessions and the lifecycle draft → open → closed → running.

Completion is `bina.training.attendance.completion.class_complete`; everything else that changes a
class goes through here, as the BKPSDM admin (the unit that runs competency development for the
Pemda, Peraturan LAN 10/2018), and is audited.

Rules kept here:
- a class's code is unique in its Pemda, and its course belongs to the same Pemda;
- the registration window opens before it closes, and closes no later than the first day of the class;
- capacity never drops below the number already enrolled; a unit quota never exceeds the capacity
  (quotas together may, since not every unit fills its share);
- sessions lie inside the class dates, and an instructor never teaches two overlapping sessions of
  classes that still run (the message names the other class and time so the admin can move one).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.actor import Actor
from bina.core.audit import audit_changes, audit_record, track_changes, track_m2m
from bina.core.dates import format_date, format_datetime, format_time
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.workflow import unknown_action
from bina.notifications.services import notify_employee
from bina.partners.models import Instructor, Partner
from bina.people.models import OrgUnit, PositionKind
from bina.training import permissions
from bina.training.attendance.services import class_attendance_refresh
from bina.training.catalogue.models import Course
from bina.training.classes.models import (
    ACTIVE_ENROLMENT_STATUSES,
    COST_FIELDS,
    ClassStatus,
    Enrolment,
    EnrolmentStatus,
    Session,
    TrainingClass,
    UnitQuota,
)
from bina.training.classes.workflows import CLASS_WORKFLOW

CLASS_FIELDS = (
    "course",
    "code",
    "name",
    "starts_on",
    "ends_on",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "allow_self_registration",
    "allow_nomination",
    "requires_approval",
    "eligible_position_kinds",
    "venue",
    "organiser",
    "budget_planned",
    "budget_used",
    *COST_FIELDS,
)
SESSION_FIELDS = ("starts_at", "ends_at", "topic", "instructor", "room", "online_url")

CANCELLED_TITLE = gettext_lazy("Class %(klass)s was cancelled")
CANCELLED_BODY = gettext_lazy("The class %(klass)s (%(course)s) was cancelled: %(reason)s")


def _field_error(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed(message, code=code, details=[{"field": field, "message": message}])


def _require_admin(actor: Actor, klass: TrainingClass | None = None) -> None:
    allowed = permissions.can_manage_class(actor, klass) if klass is not None else permissions.can_create_class(actor)
    if not allowed:
        raise PermissionDenied(_("Only a BKPSDM admin of this Pemda can manage classes."))


def pemda_zone(pemda_id: int) -> ZoneInfo:
    from bina.core.models import Pemda

    name = Pemda.objects.filter(pk=pemda_id).values_list("timezone", flat=True).first()
    return ZoneInfo(name or "Asia/Jakarta")


def _local_date(value: datetime, zone: ZoneInfo) -> date:
    return timezone.localtime(value, zone).date()


def _validate_class(*, pemda_id: int, values: dict[str, Any], klass: TrainingClass | None) -> None:
    course: Course = values["course"]
    if course.pemda_id != pemda_id:
        raise _field_error("course", _("The course belongs to another Pemda; choose one of this Pemda's courses."))
    if values["ends_on"] < values["starts_on"]:
        raise _field_error("ends_on", _("The class cannot end before it starts; check the end date."))
    if values["capacity"] < 1:
        raise _field_error("capacity", _("A class needs at least one seat."))
    if klass is not None and values["capacity"] < klass.enrolled_count:
        raise _field_error(
            "capacity",
            _("%(count)s people are already enrolled; the capacity cannot be lower. Withdraw someone first.")
            % {"count": klass.enrolled_count},
        )
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and opens >= closes:
        raise _field_error("registration_closes_at", _("Registration must close after it opens; check the two dates."))
    if closes and _local_date(closes, pemda_zone(pemda_id)) > values["starts_on"]:
        raise _field_error(
            "registration_closes_at",
            _("Registration must close no later than the first day of the class (%(day)s).")
            % {"day": format_date(values["starts_on"])},
        )
    kinds = values.get("eligible_position_kinds") or []
    unknown = [k for k in kinds if k not in PositionKind.values]
    if unknown:
        raise _field_error(
            "eligible_position_kinds",
            _("Unknown position kinds: %(kinds)s.") % {"kinds": ", ".join(map(str, unknown))},
        )
    organiser: Partner | None = values.get("organiser")
    if organiser is not None and organiser.pemda_id != pemda_id:
        raise _field_error("organiser", _("The organiser is a partner of another Pemda."))
    code_taken = TrainingClass.objects.filter(pemda_id=pemda_id, code=values["code"])
    if klass is not None:
        code_taken = code_taken.exclude(pk=klass.pk)
    if code_taken.exists():
        raise Conflict(
            _("A class with code %(code)s already exists; choose another code.") % {"code": values["code"]},
            details=[{"field": "code", "message": _("This code is taken.")}],
        )


def _derive_budget_used(values: dict[str, Any]) -> None:
    """When any cost is given by kind, the budget used is their sum: one figure, never two that disagree."""
    costs = [Decimal(values.get(name) or 0) for name in COST_FIELDS]
    for name, cost in zip(COST_FIELDS, costs, strict=True):
        if cost < 0:
            raise _field_error(name, _("A cost cannot be negative."))
    if any(costs):
        values["budget_used"] = sum(costs, Decimal(0))


def _check_units(pemda_id: int, units: Iterable[OrgUnit]) -> list[OrgUnit]:
    units = list(units)
    if any(u.pemda_id != pemda_id for u in units):
        raise _field_error("eligible_units", _("An eligible unit belongs to another Pemda."))
    return units


def _check_quotas(
    pemda_id: int, quotas: dict[OrgUnit, int], capacity: int, *, fields: tuple[str, str] = ("quotas", "quotas")
) -> None:
    """Refuse before anything is written: a unit of another Pemda, or seats outside 0..capacity.

    `fields` name the unit and the seats in the error (the quota form has one field for each).
    """
    for unit, seats in quotas.items():
        if unit.pemda_id != pemda_id:
            raise _field_error(fields[0], _("%(unit)s belongs to another Pemda.") % {"unit": unit.name})
        if seats < 0 or seats > capacity:
            raise _field_error(
                fields[1],
                _("The quota of %(unit)s must be between 0 and the capacity (%(capacity)s).")
                % {"unit": unit.name, "capacity": capacity},
            )


def _write_quotas(*, actor: Actor, klass: TrainingClass, quotas: dict[OrgUnit, int]) -> list[UnitQuota]:
    UnitQuota.objects.filter(klass=klass).delete()
    rows = UnitQuota.objects.bulk_create(
        [UnitQuota(klass=klass, unit=unit, seats=seats) for unit, seats in quotas.items() if seats > 0]
    )
    audit_record(
        action="class.quotas", actor=actor, target=klass, detail={u.code: s for u, s in quotas.items() if s > 0}
    )
    return rows


@transaction.atomic
def class_create(
    *,
    actor: Actor,
    pemda_id: int,
    data: dict[str, Any],
    eligible_units: Iterable[OrgUnit] = (),
    quotas: dict[OrgUnit, int] | None = None,
) -> TrainingClass:
    """A new class in draft: nobody sees it but admins until it is opened.

    Its quotas (if given) are checked with everything else before the class is written, so a refused
    quota leaves no class behind.
    """
    _require_admin(actor)
    if actor.pemda_id != pemda_id:
        raise PermissionDenied(_("Only a BKPSDM admin of this Pemda can manage classes."))
    values = {name: data[name] for name in CLASS_FIELDS if name in data}
    values.setdefault("eligible_position_kinds", [])
    for required in ("course", "code", "name", "starts_on", "ends_on", "capacity"):
        if values.get(required) in (None, ""):
            raise _field_error(required, _("This field is required."))
    _validate_class(pemda_id=pemda_id, values=values, klass=None)
    _derive_budget_used(values)
    units = _check_units(pemda_id, eligible_units)
    if quotas is not None:
        _check_quotas(pemda_id, quotas, values["capacity"])
    try:
        with transaction.atomic():
            klass = TrainingClass.objects.create(
                pemda_id=pemda_id,
                status=ClassStatus.DRAFT,
                created_by_id=actor.user_id,
                **values,
            )
    except IntegrityError as exc:  # a concurrent create with the same code
        raise Conflict(_("A class with code %(code)s already exists; choose another code.") % values) from exc
    if units:
        klass.eligible_units.set(units)
    audit_record(action="class.create", actor=actor, pemda_id=pemda_id, target=klass, detail={"code": klass.code})
    if quotas:
        _write_quotas(actor=actor, klass=klass, quotas=quotas)
    return klass


@transaction.atomic
def class_update(
    *,
    actor: Actor,
    klass: TrainingClass,
    data: dict[str, Any],
    eligible_units: Iterable[OrgUnit] | None = None,
    quotas: dict[OrgUnit, int] | None = None,
) -> TrainingClass:
    """Change a class that is not finished; more seats promote people from the waitlist.

    `quotas` (if given) replace the unit quotas, checked against the new capacity before anything is saved.
    """
    _require_admin(actor, klass)
    klass = TrainingClass.objects.select_for_update().get(pk=klass.pk)
    if klass.status in (ClassStatus.COMPLETED, ClassStatus.CANCELLED):
        raise Conflict(_("A completed or cancelled class can no longer be changed."))
    values = {name: getattr(klass, name) for name in CLASS_FIELDS}
    values.update({name: data[name] for name in CLASS_FIELDS if name in data})
    _validate_class(pemda_id=klass.pemda_id, values=values, klass=klass)
    _derive_budget_used(values)
    units = _check_units(klass.pemda_id, eligible_units) if eligible_units is not None else None
    if quotas is not None:
        _check_quotas(klass.pemda_id, quotas, values["capacity"])
    elif values["capacity"] != klass.capacity:  # the quotas kept must still fit in the new capacity
        kept = {q.unit: q.seats for q in klass.quotas.select_related("unit")}
        _check_quotas(klass.pemda_id, kept, values["capacity"], fields=("quotas", "capacity"))
    changes = track_changes(klass, values, CLASS_FIELDS)
    klass.save()
    if units is not None:
        track_m2m(changes, "eligible_units", klass.eligible_units, units, key=lambda unit: unit.code)
    if quotas is not None:
        _write_quotas(actor=actor, klass=klass, quotas=quotas)
    if "capacity" in changes:
        from bina.training.classes.enrolment import promote_waitlist

        promote_waitlist(actor=actor, klass=klass)
    audit_changes(action="class.update", actor=actor, target=klass, changes=changes)
    return klass


@transaction.atomic
def class_quota_set(*, actor: Actor, klass: TrainingClass, quotas: dict[OrgUnit, int]) -> list[UnitQuota]:
    """Replace the unit quotas: at most `seats` enrolled from each unit and its sub-units.

    A quota of 0 removes it. Each quota fits in the capacity; their sum may exceed it.
    """
    _require_admin(actor, klass)
    _check_quotas(klass.pemda_id, quotas, klass.capacity, fields=("unit", "seats"))
    return _write_quotas(actor=actor, klass=klass, quotas=quotas)


# --- sessions ------------------------------------------------------------------------------


def _validate_session(*, klass: TrainingClass, values: dict[str, Any], session: Session | None) -> None:
    starts, ends = values["starts_at"], values["ends_at"]
    if ends <= starts:
        raise _field_error("ends_at", _("A session must end after it starts."))
    zone = pemda_zone(klass.pemda_id)
    if _local_date(starts, zone) < klass.starts_on or _local_date(ends, zone) > klass.ends_on:
        raise _field_error(
            "starts_at",
            _("Sessions must take place within the class dates (%(start)s to %(end)s).")
            % {"start": format_date(klass.starts_on), "end": format_date(klass.ends_on)},
        )
    instructor: Instructor | None = values.get("instructor")
    if instructor is None:
        return
    if instructor.pemda_id != klass.pemda_id:
        raise _field_error("instructor", _("The instructor belongs to another Pemda."))
    clash = (
        Session.objects.filter(instructor=instructor, starts_at__lt=ends, ends_at__gt=starts)
        .exclude(klass__status=ClassStatus.CANCELLED)
        .select_related("klass")
    )
    if session is not None:
        clash = clash.exclude(pk=session.pk)
    other = clash.order_by("starts_at").first()
    if other is not None:
        raise Conflict(
            _(
                "%(instructor)s already teaches %(klass)s from %(start)s to %(end)s; "
                "choose another time or another instructor."
            )
            % {
                "instructor": instructor.name,
                "klass": str(other.klass),
                "start": format_datetime(other.starts_at, "SHORT_DATETIME_FORMAT", zone=zone),
                "end": format_time(other.ends_at, zone=zone),
            },
            code="instructor_clash",
            details=[{"field": "instructor", "message": _("Schedule clash.")}],
        )


def _editable_class(klass: TrainingClass) -> None:
    if klass.status in (ClassStatus.COMPLETED, ClassStatus.CANCELLED):
        raise Conflict(_("The sessions of a completed or cancelled class can no longer be changed."))


@transaction.atomic
def session_create(*, actor: Actor, klass: TrainingClass, data: dict[str, Any]) -> Session:
    _require_admin(actor, klass)
    _editable_class(klass)
    values = {name: data.get(name) for name in SESSION_FIELDS}
    values["room"] = values["room"] or ""
    values["online_url"] = values["online_url"] or ""
    if not values["topic"]:
        raise _field_error("topic", _("Give the session a topic."))
    _validate_session(klass=klass, values=values, session=None)
    session = Session.objects.create(pemda_id=klass.pemda_id, klass=klass, **values)
    audit_record(
        action="session.create", actor=actor, target=session, detail={"class": klass.code, "topic": session.topic}
    )
    # Attendance % is over all sessions of the class, so a new session changes everyone's.
    class_attendance_refresh(klass)
    return session


@transaction.atomic
def session_update(*, actor: Actor, session: Session, data: dict[str, Any]) -> Session:
    klass = session.klass
    _require_admin(actor, klass)
    _editable_class(klass)
    values = {name: getattr(session, name) for name in SESSION_FIELDS}
    values.update({name: data[name] for name in SESSION_FIELDS if name in data})
    values["room"] = values["room"] or ""
    values["online_url"] = values["online_url"] or ""
    _validate_session(klass=klass, values=values, session=session)
    changes = track_changes(session, values, SESSION_FIELDS)
    session.save()
    audit_changes(action="session.update", actor=actor, target=session, changes=changes)
    return session


@transaction.atomic
def session_delete(*, actor: Actor, session: Session) -> None:
    klass = session.klass
    _require_admin(actor, klass)
    _editable_class(klass)
    if session.attendances.exists():
        raise Conflict(_("Attendance was already taken in this session; it cannot be deleted."))
    if klass.status != ClassStatus.DRAFT and klass.sessions.count() <= 1:
        raise Conflict(_("An open class needs at least one session; add another before deleting this one."))
    audit_record(action="session.delete", actor=actor, target=session, detail={"class": klass.code})
    session.delete()
    class_attendance_refresh(klass)


# --- lifecycle -----------------------------------------------------------------------------


def _transition(*, actor: Actor, klass: TrainingClass, action: str) -> TrainingClass:
    """Take a lifecycle action of `CLASS_WORKFLOW` with the class locked: the table says if it may, and where to."""
    CLASS_WORKFLOW.authorize(action, klass, actor)
    klass = TrainingClass.objects.select_for_update().get(pk=klass.pk)
    transition = CLASS_WORKFLOW.check(action, klass, actor)
    old, to = klass.status, transition.target
    assert to is not None  # every lifecycle action leads somewhere
    klass.status = to
    klass.save(update_fields=["status", "updated_at"])
    audit_record(action=f"class.{to}", actor=actor, target=klass, detail={"from": old, "to": to})
    return klass


@transaction.atomic
def class_open(*, actor: Actor, klass: TrainingClass) -> TrainingClass:
    """Open registration (from draft, or reopen closed registration); the class needs a session first."""
    return _transition(actor=actor, klass=klass, action="open")


@transaction.atomic
def class_close_registration(*, actor: Actor, klass: TrainingClass) -> TrainingClass:
    return _transition(actor=actor, klass=klass, action="close")


@transaction.atomic
def class_start(*, actor: Actor, klass: TrainingClass) -> TrainingClass:
    return _transition(actor=actor, klass=klass, action="start")


def class_lifecycle_act(*, actor: Actor, klass: TrainingClass, action: str, reason: str = "") -> TrainingClass:
    """The one dispatch from a lifecycle action name (page URL, API path) to its service; unknown names: 422."""
    if action == "cancel":
        return class_cancel(actor=actor, klass=klass, reason=reason)
    services = {"open": class_open, "close": class_close_registration, "start": class_start}
    if action not in services:
        raise unknown_action(action, [*services, "cancel"])
    return services[action](actor=actor, klass=klass)


@transaction.atomic
def class_cancel(*, actor: Actor, klass: TrainingClass, reason: str) -> TrainingClass:
    """Cancel from any state but completed; every active enrolment is cancelled and the person told why."""
    CLASS_WORKFLOW.authorize("cancel", klass, actor)
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Say why the class is cancelled; participants receive this reason."))
    klass = _transition(actor=actor, klass=klass, action="cancel")
    active = list(
        Enrolment.objects.filter(klass=klass, status__in=ACTIVE_ENROLMENT_STATUSES).select_related("employee")
    )
    now = timezone.now()
    Enrolment.objects.filter(pk__in=[e.pk for e in active]).update(
        status=EnrolmentStatus.CANCELLED,
        reason=reason,
        reason_code="",
        reason_params={},
        decided_at=now,
        updated_at=now,
    )
    klass.cancelled_reason = reason
    klass.enrolled_count = 0
    klass.waitlist_count = 0
    klass.save(update_fields=["cancelled_reason", "enrolled_count", "waitlist_count", "updated_at"])
    course_title = Course.objects.filter(pk=klass.course_id).values_list("title", flat=True).first() or ""
    for enrolment in active:
        notify_employee(
            employee=enrolment.employee,
            kind="class_cancelled",
            event_key=f"class-cancelled:{klass.pk}",
            title=CANCELLED_TITLE,
            body=CANCELLED_BODY,
            params={"klass": str(klass), "course": course_title, "reason": reason},
            url=reverse("training:class_detail", args=[klass.pk]),
        )
    audit_record(
        action="class.cancel_enrolments", actor=actor, target=klass, detail={"cancelled": len(active), "reason": reason}
    )
    return klass
