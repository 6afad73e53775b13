"""Attendance: rotating QR check-in, bulk marking by the instructor, attendance % per enrollee.

Rules
- The QR code shown by the instructor changes every minute: a short code derived with HMAC from the
  server's secret and the session's own `qr_secret` for the minute bucket. A scanned code is accepted
  for the current and the previous minute, so a scan made just before the code turned still counts.
- Check-in is open from `CHECKIN_OPENS_BEFORE` (30 minutes) before the session starts until it ends;
  a check-in more than `LATE_AFTER` (15 minutes) after the start is recorded as late.
- Attendance % = (present + late) ÷ sessions of the class × 100. Excused and absent sessions do not
  count as attended: an excused absence explains the gap but the participant still missed the
  material (Peraturan LAN 10/2018 counts JP for learning actually followed).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.audit import audit_record
from bina.core.dates import format_time
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.training.attendance.models import Attendance, AttendanceMethod, AttendanceStatus
from bina.training.classes.models import Enrolment, EnrolmentStatus, Session, TrainingClass
from bina.training.permissions import can_take_attendance

if TYPE_CHECKING:
    from bina.core.actor import Actor

CHECKIN_OPENS_BEFORE = timedelta(minutes=30)
LATE_AFTER = timedelta(minutes=15)
CODE_LENGTH = 6
CODE_PERIOD_SECONDS = 60
# No 0/O, 1/I/L: the code is also read aloud or typed from the projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
# Enrolments that appear on attendance lists: those holding a seat, and those already decided.
ATTENDING_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)


# --- the rotating code ----------------------------------------------------------------------


def _bucket(at: datetime) -> int:
    return int(at.timestamp()) // CODE_PERIOD_SECONDS


def _code_for(session: Session, bucket: int) -> str:
    key = (settings.SECRET_KEY + session.qr_secret).encode()
    digest = hmac.new(key, f"{session.pk}:{bucket}".encode(), hashlib.sha256).digest()
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:CODE_LENGTH])


def session_qr_code(session: Session, at: datetime | None = None) -> str:
    """The code valid during the minute of `at` (now by default)."""
    return _code_for(session, _bucket(at or timezone.now()))


def session_code_seconds_left(at: datetime | None = None) -> int:
    """Seconds until the code shown now changes (for the countdown on the QR page)."""
    at = at or timezone.now()
    return CODE_PERIOD_SECONDS - int(at.timestamp()) % CODE_PERIOD_SECONDS


def session_code_is_valid(session: Session, code: str, at: datetime | None = None) -> bool:
    """The current or the previous minute's code (scan latency); compared in constant time."""
    at = at or timezone.now()
    given = (code or "").strip().upper()
    bucket = _bucket(at)
    return any(hmac.compare_digest(given, _code_for(session, b)) for b in (bucket, bucket - 1))


def session_checkin_url(session: Session, *, code: str, base_url: str | None = None) -> str:
    """Absolute URL encoded in the QR: the request's host when known, else `settings.SITE_URL`."""
    base = (base_url or settings.SITE_URL).rstrip("/")
    return base + reverse("training:checkin", kwargs={"session_id": session.pk, "code": code})


def session_checkin_window(session: Session) -> tuple[datetime, datetime]:
    return session.starts_at - CHECKIN_OPENS_BEFORE, session.ends_at


CODE_REFUSED = gettext_lazy(
    "This code has expired or is wrong: ask the instructor to show the current code and scan again."
)


# --- writes --------------------------------------------------------------------------------


@transaction.atomic
def attendance_check_in(*, actor: Actor, session: Session, code: str, at: datetime | None = None) -> Attendance:
    """The participant's own QR check-in. Scanning twice keeps the first check-in."""
    at = at or timezone.now()
    enrolment = None
    if actor.employee_id is not None and actor.pemda_id == session.pemda_id:
        enrolment = (
            Enrolment.objects.select_for_update()
            .filter(klass_id=session.klass_id, employee_id=actor.employee_id)
            .first()
        )
    if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationFailed(
            _("You are not enrolled in this class, so you cannot check in. Ask the BKPSDM admin if this is wrong."),
            code="not_enrolled",
        )
    existing = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    if existing is not None and existing.status in ATTENDED:
        # Already in: a repeat scan keeps the first check-in, but a wrong code is still a wrong code.
        if not session_code_is_valid(session, code, at):
            raise ValidationFailed(str(CODE_REFUSED), code="code_expired")
        return existing
    opens, closes = session_checkin_window(session)

    def local(value: datetime) -> datetime:
        """In the Pemda's own zone (WIB, WITA, WIT), like every time Bina shows; only on the refusal paths."""
        from bina.training.classes.services import pemda_zone

        return timezone.localtime(value, pemda_zone(session.pemda_id))

    if at < opens:
        raise ValidationFailed(
            _("Check-in opens at %(time)s, 30 minutes before the session starts. Scan again then.")
            % {"time": format_time(opens, zone=local(opens).tzinfo)},
            code="too_early",
        )
    if at > closes:
        raise ValidationFailed(
            _("This session ended at %(time)s; check-in is closed. Ask the instructor to mark your attendance.")
            % {"time": format_time(closes, zone=local(closes).tzinfo)},
            code="session_over",
        )
    if not session_code_is_valid(session, code, at):
        raise ValidationFailed(str(CODE_REFUSED), code="code_expired")
    status = AttendanceStatus.LATE if at > session.starts_at + LATE_AFTER else AttendanceStatus.PRESENT
    if existing is None:
        attendance = Attendance.objects.create(
            pemda_id=session.pemda_id,
            session=session,
            enrolment=enrolment,
            status=status,
            method=AttendanceMethod.QR,
            checked_in_at=at,
            recorded_by_id=actor.user_id,
        )
    else:
        # A participant marked absent/excused in advance who turns up after all: the scan wins.
        existing.status, existing.method, existing.checked_in_at = status, AttendanceMethod.QR, at
        existing.recorded_by_id = actor.user_id
        existing.save(update_fields=["status", "method", "checked_in_at", "recorded_by", "updated_at"])
        attendance = existing
    audit_record(
        action="attendance.check_in",
        actor=actor,
        target=attendance,
        target_label=f"{session} / {enrolment.employee_id}",
        detail={"session": session.pk, "enrolment": enrolment.pk, "status": status},
    )
    enrolment_attendance_refresh(enrolment)
    return attendance


@transaction.atomic
def attendance_mark_bulk(
    *,
    actor: Actor,
    session: Session,
    marks: dict[int, str],
    notes: dict[int, str] | None = None,
) -> list[Attendance]:
    """Mark many enrollees of one session at once (`marks`: enrolment id → status)."""
    if not can_take_attendance(actor, session):
        raise PermissionDenied(_("Only the instructor of this session or a BKPSDM admin can take attendance."))
    notes = notes or {}
    valid = set(AttendanceStatus.values)
    bad = [{"field": str(pk), "value": value} for pk, value in marks.items() if value not in valid]
    if bad:
        raise ValidationFailed(
            _("Unknown attendance status; use present, late, excused or absent."), code="bad_status", details=bad
        )
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(klass_id=session.klass_id, pk__in=list(marks), status__in=ATTENDING_STATUSES)
    }
    unknown = sorted(set(marks) - set(enrolments))
    if unknown:
        raise ValidationFailed(
            _("Some enrolments are not enrolled in this class: %(ids)s. Reload the list and try again.")
            % {"ids": ", ".join(map(str, unknown))},
            code="not_in_class",
            details=[{"field": str(pk)} for pk in unknown],
        )
    existing = {a.enrolment_id: a for a in Attendance.objects.filter(session=session, enrolment_id__in=list(marks))}
    now = timezone.now()
    to_create: list[Attendance] = []
    to_update: list[Attendance] = []
    for pk, status in marks.items():
        note = (notes.get(pk) or "")[:200]
        current = existing.get(pk)
        if current is None:
            to_create.append(
                Attendance(
                    pemda_id=session.pemda_id,
                    session=session,
                    enrolment_id=pk,
                    status=status,
                    method=AttendanceMethod.MANUAL,
                    recorded_by_id=actor.user_id,
                    note=note,
                )
            )
        elif current.status != status or current.note != note:
            if current.status != status:
                current.method = AttendanceMethod.MANUAL
            current.status, current.note, current.recorded_by_id, current.updated_at = status, note, actor.user_id, now
            to_update.append(current)
    Attendance.objects.bulk_create(to_create)
    if to_update:
        Attendance.objects.bulk_update(to_update, ["status", "note", "method", "recorded_by", "updated_at"])
    audit_record(
        action="attendance.mark_bulk",
        actor=actor,
        target=session,
        detail={"created": len(to_create), "updated": len(to_update), "marks": {str(k): v for k, v in marks.items()}},
    )
    enrolments_attendance_refresh(list(enrolments.values()))
    return [*to_create, *to_update]


# --- attendance % --------------------------------------------------------------------------


def _pct(attended: int, total: int) -> Decimal | None:
    if total == 0:
        return None
    return (Decimal(attended) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def attendance_pcts(enrolments: list[Enrolment]) -> dict[int, Decimal | None]:
    """(present + late) ÷ sessions × 100 per enrolment pk, read without storing (the completion preview's too)."""
    if not enrolments:
        return {}
    class_ids = {e.klass_id for e in enrolments}
    totals = dict(
        Session.objects.filter(klass_id__in=class_ids).values_list("klass_id").annotate(n=Count("pk")).order_by()
    )
    attended = dict(
        Attendance.objects.filter(enrolment__in=[e.pk for e in enrolments], status__in=ATTENDED)
        .values_list("enrolment_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {e.pk: _pct(attended.get(e.pk, 0), totals.get(e.klass_id, 0)) for e in enrolments}


def enrolments_attendance_refresh(enrolments: list[Enrolment]) -> None:
    """Store (present + late) ÷ sessions × 100 on each enrolment; excused and absent do not count."""
    pcts = attendance_pcts(enrolments)
    changed = []
    for e in enrolments:
        pct = pcts[e.pk]
        if e.attendance_pct != pct:
            e.attendance_pct = pct
            changed.append(e)
    if changed:
        Enrolment.objects.bulk_update(changed, ["attendance_pct"])


def enrolment_attendance_refresh(enrolment: Enrolment) -> None:
    enrolments_attendance_refresh([enrolment])


def class_attendance_refresh(klass: TrainingClass) -> None:
    """Recompute every enrollee's attendance % (after sessions were added or removed, before completion)."""
    enrolments_attendance_refresh(list(Enrolment.objects.filter(klass=klass, status__in=ATTENDING_STATUSES)))
