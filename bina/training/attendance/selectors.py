"""Reads for attendance pages: the enrollee list of a session, the class matrix, the class panel."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import BinaError, Conflict
from bina.core.reasons import reason_combine, reason_render
from bina.training.attendance.models import Attendance
from bina.training.attendance.services import ATTENDED, ATTENDING_STATUSES, attendance_pcts
from bina.training.classes.models import Enrolment, EnrolmentStatus, Session, TrainingClass
from bina.training.classes.services import pemda_zone
from bina.training.hooks import hooks
from bina.training.learning.models import JpCredit, JpSource
from bina.training.permissions import can_manage_class, can_take_attendance
from bina.training.reasons import ATTENDANCE_BELOW_MINIMUM, POST_TEST_BELOW_MINIMUM, POST_TEST_MISSING


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
        "panel_actions": [a for a in CLASS_WORKFLOW.actions_for(klass, actor) if a.name in ("complete", "reopen")],
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


# --- completion preview ----------------------------------------------------------------------


def _param(value: Decimal | int) -> str:
    """A number as a reason parameter: plain digits (JSON-safe), written in the reader's style when shown."""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def enrolment_outcome(enrolment: Enrolment, klass: TrainingClass) -> tuple[bool, str, dict[str, Any]]:
    """(completed?, reason code, params) — the reason is a code, rendered in the reader's language when read.

    Pure: reads the enrolment's attendance % and score. Several unmet criteria give the `several` code.
    """
    course = klass.course
    reasons: list[tuple[str, dict[str, Any]]] = []
    pct = enrolment.attendance_pct
    # None: the class has no sessions (e.g. self-paced e-learning), so attendance is not a criterion.
    if pct is not None and pct < course.min_attendance_pct:
        reasons.append((ATTENDANCE_BELOW_MINIMUM, {"pct": _param(pct), "min": _param(course.min_attendance_pct)}))
    if course.has_post_test:
        minimum = course.min_post_test_score or Decimal(0)
        score = enrolment.post_test_score
        if score is None:
            reasons.append((POST_TEST_MISSING, {}))
        elif score < minimum:
            reasons.append((POST_TEST_BELOW_MINIMUM, {"score": _param(score), "min": _param(minimum)}))
    code, params = reason_combine(reasons)
    return (not reasons, code, params)


@dataclass(frozen=True)
class CompletionRow:
    """One participant still to be decided, and what completing the class now would decide."""

    enrolment: Enrolment
    passes: bool
    reason_code: str
    reason_params: dict[str, Any]

    @property
    def reason(self) -> str:
        return reason_render(self.reason_code, self.reason_params)


@dataclass(frozen=True)
class CompletionPreview:
    """What `class_complete` would do now: the service decides from this very object, so the page cannot differ."""

    klass: TrainingClass
    rows: list[CompletionRow]
    # Sessions nobody's attendance was recorded for: everyone would count them as missed.
    sessions_without_attendance: list[Session]
    # The workflow's refusal (state, end date), or None when the class may be completed now.
    refusal: BinaError | None
    already_decided: int = 0

    @property
    def passing(self) -> list[CompletionRow]:
        return [r for r in self.rows if r.passes]

    @property
    def failing(self) -> list[CompletionRow]:
        return [r for r in self.rows if not r.passes]

    def missing_attendance_refusal(self) -> Conflict | None:
        """The refusal `class_complete` raises unless told `allow_missing_attendance`: the sessions are named."""
        if not self.sessions_without_attendance:
            return None
        zone = pemda_zone(self.klass.pemda_id)
        named = "; ".join(
            f"{date_format(timezone.localtime(s.starts_at, zone), 'D, j M Y H.i')} {s.topic}"
            for s in self.sessions_without_attendance
        )
        return Conflict(
            _(
                "No attendance was recorded for %(count)s session(s): %(sessions)s. Completing now would count "
                "them as missed by everyone. Mark their attendance first, or confirm explicitly that the class "
                "is completed without it."
            )
            % {"count": len(self.sessions_without_attendance), "sessions": named},
            code="sessions_without_attendance",
            details=[{"field": "allow_missing_attendance", "session": s.pk} for s in self.sessions_without_attendance],
        )


def class_completion_preview(actor: Actor, *, klass: TrainingClass) -> CompletionPreview:
    """Who would complete and who would fail (and why) if the class were completed now; reads only.

    Attendance % is computed as `class_attendance_refresh` would store it; outcomes by `enrolment_outcome`.
    Only the class's admin may ask (the same permission as completing).
    """
    from bina.training.classes.workflows import CLASS_WORKFLOW

    CLASS_WORKFLOW.authorize("complete", klass, actor)
    enrolments = list(
        Enrolment.objects.filter(klass=klass, status=EnrolmentStatus.ENROLLED)
        .select_related("employee", "employee__unit")
        .order_by("employee__sort_name", "pk")
    )
    pcts = attendance_pcts(enrolments)
    rows = []
    for e in enrolments:
        e.attendance_pct = pcts[e.pk]  # in memory only: the preview writes nothing
        ok, code, params = enrolment_outcome(e, klass)
        rows.append(CompletionRow(enrolment=e, passes=ok, reason_code=code, reason_params=params))
    unmarked: list[Session] = list(
        Session.objects.filter(klass=klass)
        .exclude(pk__in=Attendance.objects.filter(session__klass=klass).values("session_id"))
        .order_by("starts_at", "pk")
    )
    decided = Enrolment.objects.filter(
        klass=klass, status__in=(EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)
    ).count()
    return CompletionPreview(
        klass=klass,
        rows=rows,
        sessions_without_attendance=unmarked,
        refusal=CLASS_WORKFLOW.state_refusal("complete", klass, actor),
        already_decided=decided,
    )


# --- reopening -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReopenPreview:
    """What reopening a completed class would withdraw, and until when it may be reopened."""

    klass: TrainingClass
    completed: int
    failed: int
    jp_credits: int
    jp_total: Decimal
    certificates: int
    deadline: Any
    refusal: BinaError | None


def class_reopen_preview(actor: Actor, *, klass: TrainingClass) -> ReopenPreview:
    from bina.training.classes.workflows import CLASS_WORKFLOW, reopen_deadline

    CLASS_WORKFLOW.authorize("reopen", klass, actor)
    counts = dict(
        Enrolment.objects.filter(klass=klass, status__in=(EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    credits = class_jp_credits(klass).aggregate(n=Count("pk"), total=Sum("jp"))
    return ReopenPreview(
        klass=klass,
        completed=counts.get(EnrolmentStatus.COMPLETED, 0),
        failed=counts.get(EnrolmentStatus.FAILED, 0),
        jp_credits=credits["n"] or 0,
        jp_total=credits["total"] or Decimal(0),
        certificates=sum(hook(klass) for hook in hooks.class_valid_certificates),
        deadline=reopen_deadline(klass),
        refusal=CLASS_WORKFLOW.state_refusal("reopen", klass, actor),
    )


def class_jp_credits(klass: TrainingClass) -> QuerySet[JpCredit]:
    """The JP credits a class's completion gave (one per completed enrolment)."""
    return JpCredit.objects.filter(enrolment__klass=klass, source=JpSource.CLASS)
