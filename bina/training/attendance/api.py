"""REST endpoints for attendance and class completion: thin faces over the attendance/completion services.

Sessions and classes are reached through `bina.training.access` (404 outside scope, like missing);
marking needs `can_take_attendance` (the session's instructor or an admin), completing an admin.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import StrictBool

from bina.core.api import ERRORS, MAX_CAPACITY, MAX_TEXT, WRITE_ERRORS, Id, InputSchema, actor_of
from bina.core.errors import PermissionDenied
from bina.training.access import get_class_for_user, get_session_for_user
from bina.training.attendance.completion import class_complete, class_reopen
from bina.training.attendance.models import Attendance
from bina.training.attendance.selectors import class_completion_preview, class_enrollees, session_marks
from bina.training.attendance.services import (
    attendance_check_in,
    attendance_mark_bulk,
    session_checkin_url,
    session_code_seconds_left,
    session_qr_code,
)
from bina.training.classes.models import Session
from bina.training.permissions import can_take_attendance

router = Router(tags=["attendance"])

StatusValue = Literal["present", "late", "excused", "absent"]


class AttendanceRowOut(Schema):
    enrolment_id: int
    employee_name: str
    status: str | None = Field(description="null when not marked yet.")
    method: str | None
    checked_in_at: datetime | None
    note: str
    attendance_pct: float | None


class MarkIn(InputSchema):
    enrolment_id: Id
    status: StatusValue
    note: str = Field("", max_length=200)


class MarksIn(InputSchema):
    marks: list[MarkIn] = Field(..., min_length=1, max_length=MAX_CAPACITY)  # a whole class at once


class CheckInIn(InputSchema):
    code: str = Field(..., min_length=1, max_length=16)


class CheckInOut(Schema):
    session_id: int
    status: str
    checked_in_at: datetime | None


class QrOut(Schema):
    code: str
    url: str
    seconds_left: int


class CompletionOut(Schema):
    completed: int
    failed: int
    credited: int
    certificate_batch_id: int | None


def _marked_session(request: HttpRequest, session_id: int) -> Session:
    actor = actor_of(request)
    session = get_session_for_user(actor, session_id)
    if not can_take_attendance(actor, session):
        raise PermissionDenied(_("Only the instructor of this session or a BKPSDM admin can take attendance."))
    return session


def _rows(session: Session) -> list[AttendanceRowOut]:
    marks: dict[int, Attendance] = session_marks(session)
    rows = []
    for e in class_enrollees(session.klass):
        a = marks.get(e.pk)
        rows.append(
            AttendanceRowOut(
                enrolment_id=e.pk,
                employee_name=e.employee.name,
                status=a.status if a else None,
                method=a.method if a else None,
                checked_in_at=a.checked_in_at if a else None,
                note=a.note if a else "",
                attendance_pct=float(e.attendance_pct) if e.attendance_pct is not None else None,
            )
        )
    return rows


@router.get(
    "/sessions/{session_id}/attendance",
    response={200: list[AttendanceRowOut], **ERRORS},
    summary="Attendance list of a session (every enrollee, marked or not)",
)
def session_attendance_get(request: HttpRequest, session_id: int) -> list[AttendanceRowOut]:
    return _rows(_marked_session(request, session_id))


@router.put(
    "/sessions/{session_id}/attendance",
    response={200: list[AttendanceRowOut], **WRITE_ERRORS},
    summary="Mark many enrollees at once; enrollees left out keep their mark",
)
def session_attendance_put(request: HttpRequest, session_id: int, payload: MarksIn) -> list[AttendanceRowOut]:
    session = _marked_session(request, session_id)
    marks: dict[int, str] = {m.enrolment_id: str(m.status) for m in payload.marks}
    notes = {m.enrolment_id: m.note for m in payload.marks}
    attendance_mark_bulk(actor=actor_of(request), session=session, marks=marks, notes=notes)
    return _rows(session)


@router.post(
    "/sessions/{session_id}/check-in",
    response={200: CheckInOut, **WRITE_ERRORS},
    summary="Check in to a session with the code shown on the QR (the caller's own enrolment)",
)
def session_check_in(request: HttpRequest, session_id: int, payload: CheckInIn) -> CheckInOut:
    actor = actor_of(request)
    session = get_session_for_user(actor, session_id)
    att = attendance_check_in(actor=actor, session=session, code=payload.code)
    return CheckInOut(session_id=session.pk, status=att.status, checked_in_at=att.checked_in_at)


@router.get(
    "/sessions/{session_id}/qr",
    response={200: QrOut, **ERRORS},
    summary="The current check-in code and URL (instructor or admin)",
)
def session_qr(request: HttpRequest, session_id: int) -> QrOut:
    session = _marked_session(request, session_id)
    now = timezone.now()
    code = session_qr_code(session, now)
    return QrOut(
        code=code,
        url=session_checkin_url(session, code=code, base_url=request.build_absolute_uri("/")),
        seconds_left=session_code_seconds_left(now),
    )


class CompleteIn(InputSchema):
    allow_missing_attendance: StrictBool = Field(
        False,
        description=(
            "Complete although a session has no attendance recorded (everyone then missed it). Without it such a "
            "completion is refused with 409 `sessions_without_attendance`, naming the sessions."
        ),
    )


class ReopenIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=MAX_TEXT)


class ReopenOut(Schema):
    reopened: int
    jp_withdrawn: int
    certificates_voided: int


class PreviewSessionOut(Schema):
    id: int
    starts_at: datetime
    topic: str


class PreviewRowOut(Schema):
    enrolment_id: int
    employee_name: str
    completes: bool
    attendance_pct: float | None
    post_test_score: float | None
    reason_code: str = Field(description="Why the participant would not complete; empty when they complete.")
    reason: str


class CompletionPreviewOut(Schema):
    can_complete: bool = Field(description="False when the class's state refuses completion (see `refusal`).")
    refusal: str | None
    sessions_without_attendance: list[PreviewSessionOut]
    participants: list[PreviewRowOut]
    completing: int
    failing: int


@router.get(
    "/classes/{class_id}/completion-preview",
    response={200: CompletionPreviewOut, **ERRORS},
    summary="What completing the class now would decide: who completes, who does not and why, sessions without attendance",
)
def class_completion_preview_get(request: HttpRequest, class_id: int) -> CompletionPreviewOut:
    actor = actor_of(request)
    preview = class_completion_preview(actor=actor, klass=get_class_for_user(actor, class_id))
    return CompletionPreviewOut(
        can_complete=preview.refusal is None,
        refusal=str(preview.refusal.message) if preview.refusal else None,
        sessions_without_attendance=[
            PreviewSessionOut(id=s.pk, starts_at=s.starts_at, topic=s.topic)
            for s in preview.sessions_without_attendance
        ],
        participants=[
            PreviewRowOut(
                enrolment_id=r.enrolment.pk,
                employee_name=r.enrolment.employee.name,
                completes=r.passes,
                attendance_pct=float(r.enrolment.attendance_pct) if r.enrolment.attendance_pct is not None else None,
                post_test_score=float(r.enrolment.post_test_score) if r.enrolment.post_test_score is not None else None,
                reason_code=r.reason_code,
                reason=r.reason,
            )
            for r in preview.rows
        ],
        completing=len(preview.passing),
        failing=len(preview.failing),
    )


@router.post(
    "/classes/{class_id}/complete",
    response={200: CompletionOut, **WRITE_ERRORS},
    summary="Complete a class: decide completed/failed, credit JP, queue the certificates",
)
def class_complete_post(
    request: HttpRequest, class_id: int, payload: CompleteIn | None = None
) -> Status[CompletionOut]:
    actor = actor_of(request)
    klass = get_class_for_user(actor, class_id)
    result = class_complete(
        actor=actor, klass=klass, allow_missing_attendance=bool(payload and payload.allow_missing_attendance)
    )
    return Status(
        200,
        CompletionOut(
            completed=result.completed,
            failed=result.failed,
            credited=result.credited,
            certificate_batch_id=result.batch_id,
        ),
    )


@router.post(
    "/classes/{class_id}/reopen",
    response={200: ReopenOut, **WRITE_ERRORS},
    summary="Reopen a completed class (admin, within BINA_COMPLETION_REOPEN_DAYS): withdraw JP credits, void certificates",
)
def class_reopen_post(request: HttpRequest, class_id: int, payload: ReopenIn) -> ReopenOut:
    actor = actor_of(request)
    result = class_reopen(actor=actor, klass=get_class_for_user(actor, class_id), reason=payload.reason)
    return ReopenOut(
        reopened=result.reopened, jp_withdrawn=result.jp_withdrawn, certificates_voided=result.certificates_voided
    )
