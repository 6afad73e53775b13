"""Reads for attendance pages: the enrollee list of a session, the class matrix, the class panel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from bina.core.actor import Actor
from bina.training.attendance.models import Attendance
from bina.training.attendance.services import ATTENDED, ATTENDING_STATUSES
from bina.training.classes.models import Enrolment, EnrolmentStatus, Session, TrainingClass
from bina.training.hooks import hooks
from bina.training.permissions import can_manage_class, can_take_attendance


def class_enrollees(klass: TrainingClass) -> QuerySet[Enrolment]:
    """Enrollees shown on attendance and score sheets, by name."""
    return (
        Enrolment.objects.filter(klass=klass, status__in=ATTENDING_STATUSES)
        .select_related("employee", "employee__unit")
        .order_by("employee__sort_name", "pk")
    )


def session_marks(session: Session) -> dict[int, Attendance]:
    return {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}


@dataclass
class MatrixRow:
    enrolment: Enrolment
    cells: list[Attendance | None] = field(default_factory=list)


@dataclass
class AttendanceMatrix:
    sessions: list[Session]
    rows: list[MatrixRow]


def class_attendance_matrix(klass: TrainingClass) -> AttendanceMatrix:
    """Enrollee × session, in three queries whatever the size of the class."""
    sessions = list(Session.objects.filter(klass=klass).order_by("starts_at", "pk"))
    enrollees = list(class_enrollees(klass))
    marks: dict[tuple[int, int], Attendance] = {
        (a.enrolment_id, a.session_id): a for a in Attendance.objects.filter(session__klass=klass)
    }
    rows = [MatrixRow(e, [marks.get((e.pk, s.pk)) for s in sessions]) for e in enrollees]
    return AttendanceMatrix(sessions=sessions, rows=rows)


def class_panel_context(actor: Actor, klass: TrainingClass) -> dict[str, Any]:
    """What `_class_panel.html` shows: per-session links for those who take attendance, completion, certificates."""
    from bina.training.classes.workflows import CLASS_WORKFLOW

    sessions = list(klass.sessions.select_related("instructor").order_by("starts_at", "pk"))
    markable = [s for s in sessions if can_take_attendance(actor, s)]
    is_admin = can_manage_class(actor, klass)
    context: dict[str, Any] = {
        "panel_sessions": markable,
        "panel_is_admin": is_admin,
        "panel_can_view_matrix": is_admin or bool(markable),
        # The completion button, from the class workflow (offered while the class may complete, not after).
        "panel_actions": [a for a in CLASS_WORKFLOW.actions_for(klass, actor) if a.name == "complete"],
        "panel_completed": (
            Enrolment.objects.filter(klass=klass, status=EnrolmentStatus.COMPLETED).count() if is_admin else None
        ),
    }
    for hook in hooks.class_panel:  # certificates: the latest batch and how many were issued
        context.update(hook(actor, klass, is_admin))
    return context


def session_enrolled_count(session: Session) -> int:
    """How many are enrolled in the session's class: the "of N" of the projector's live count."""
    return Enrolment.objects.filter(klass_id=session.klass_id, status__in=ATTENDING_STATUSES).count()


def session_checked_in_count(session: Session) -> int:
    """How many have checked in (present or late) so far: the counter on the QR page."""
    return session.attendances.filter(status__in=ATTENDED).count()
