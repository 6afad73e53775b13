"""Attendance pages: the rotating QR (projector), the participant's check-in (phone), marking a session,
the class matrix, the post-test score sheet, completing a class. Thin: access, then one service/selector.
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bina.core.errors import ValidationFailed
from bina.core.http import AuthedRequest
from bina.core.views import FORM_ERRORS, form_page, page, page_or_partial, require
from bina.training.access import get_class_for_user, get_session_for_user
from bina.training.attendance.completion import class_complete, class_reopen, enrolment_scores_set
from bina.training.attendance.forms import CheckInCodeForm, ClassScoresForm, SessionAttendanceForm
from bina.training.attendance.selectors import (
    class_attendance_matrix,
    class_completion_preview,
    class_enrollees,
    class_panel_context,
    class_reopen_preview,
    session_checked_in_count,
    session_enrolled_count,
    session_marks,
)
from bina.training.attendance.services import (
    attendance_check_in,
    attendance_mark_bulk,
    session_checkin_url,
    session_checkin_window,
    session_code_seconds_left,
    session_qr_code,
)
from bina.training.classes.models import Session
from bina.training.permissions import can_manage_class, can_take_attendance, can_view_class_attendance


def _attendance_session(request: AuthedRequest, session_id: int) -> Session:
    actor = request.actor
    session = get_session_for_user(actor, session_id)
    require(
        can_take_attendance(actor, session),
        _("Only the instructor of this session or a BKPSDM admin can take attendance."),
    )
    return session


@page
def session_qr(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The QR page inside Bina (with a link to the projector view); htmx re-fetches the code box every 10 s."""
    session = _attendance_session(request, session_id)
    response = page_or_partial(
        request,
        page="training/attendance/session_qr.html",
        partial="training/attendance/_qr.html",
        context=_qr_context(request, session),
    )
    add_never_cache_headers(response)
    return response


def _qr_context(request: AuthedRequest, session: Session) -> dict[str, Any]:
    now = timezone.now()
    code = session_qr_code(session, now)
    url = session_checkin_url(session, code=code, base_url=request.build_absolute_uri("/"))
    opens, closes = session_checkin_window(session)
    return {
        "session": session,
        "code": code,
        "checkin_url": url,
        # Where a participant types the code when the camera fails (shown on the projector, without the code).
        "manual_url": request.build_absolute_uri(reverse("training:checkin_manual", args=[session.pk])),
        "qr_svg": segno.make(url, error="m").svg_inline(scale=10, border=2, omitsize=True),
        "seconds_left": session_code_seconds_left(now),
        "window_open": opens <= now <= closes,
        "opens": opens,
        "closes": closes,
        "checked_in": session_checked_in_count(session),
        "enrolled": session_enrolled_count(session),
    }


@page
def session_projector(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The projector view: no navigation, the QR and the short code as large as the screen allows, and the
    live count; htmx re-fetches the stage every 5 s (the code turns every minute, the count at each scan)."""
    session = _attendance_session(request, session_id)
    response = page_or_partial(
        request,
        page="training/attendance/projector.html",
        partial="training/attendance/_projector_stage.html",
        context=_qr_context(request, session),
    )
    add_never_cache_headers(response)
    return response


def _check_in_response(request: AuthedRequest, session: Session, code: str, form: CheckInCodeForm) -> HttpResponse:
    context: dict[str, Any] = {"session": session, "form": form}
    status = 200
    try:
        context["attendance"] = attendance_check_in(actor=request.actor, session=session, code=code)
    except ValidationFailed as exc:
        context["error"] = exc
        status = exc.status
        # Typing the code helps only when the code was the problem (not "not enrolled", "session over").
        context["retype"] = exc.code in {"code_expired", "too_early"}
    response = render(request, "training/attendance/checkin.html", context, status=status)
    add_never_cache_headers(response)
    return response


@page
def checkin(request: AuthedRequest, session_id: int, code: str) -> HttpResponse:
    """The participant's scan. Checks in on GET: the URL carries a one-minute code (a capability),
    check-in is idempotent and touches only the caller's own attendance, and one tap less matters
    on a phone in a classroom. A refusal shows the box to type the code instead."""
    session = get_session_for_user(request.actor, session_id)
    return _check_in_response(request, session, code, CheckInCodeForm())


@page
@require_http_methods(["GET", "POST"])
def checkin_manual(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The box for the short code when the camera fails: the same check-in as the scan, the same refusals
    (a wrong code changes nothing, also for someone already checked in)."""
    session = get_session_for_user(request.actor, session_id)
    if request.method != "POST":
        response = render(request, "training/attendance/checkin.html", {"session": session, "form": CheckInCodeForm()})
        add_never_cache_headers(response)
        return response
    form = CheckInCodeForm(request.POST)
    if not form.is_valid():
        return render(request, "training/attendance/checkin.html", {"session": session, "form": form}, status=422)
    return _check_in_response(request, session, form.cleaned_data["code"], form)


@page
@require_http_methods(["GET", "POST"])
def session_attendance(request: AuthedRequest, session_id: int) -> HttpResponse:
    """One page with every enrollee: a status per row and a note, saved at once."""
    session = _attendance_session(request, session_id)
    enrolments = list(class_enrollees(session.klass))
    marks = session_marks(session)
    if request.GET.get("fill") == "present":
        # "Mark all present": prefill every unmarked row; the instructor adjusts and saves once.
        initial = {f"status_{e.pk}": marks[e.pk].status if e.pk in marks else "present" for e in enrolments}
    else:
        initial = {f"status_{e.pk}": marks[e.pk].status for e in enrolments if e.pk in marks}
    initial.update({f"note_{e.pk}": marks[e.pk].note for e in enrolments if e.pk in marks})
    form = SessionAttendanceForm(request.POST or None, enrolments=enrolments, initial=initial)

    def save(form: SessionAttendanceForm) -> int:
        new_marks, notes = form.marks()
        attendance_mark_bulk(actor=request.actor, session=session, marks=new_marks, notes=notes)
        return len(new_marks)

    return form_page(
        request,
        form,
        save=save,
        success=lambda count: _("Attendance saved for %(count)s participants.") % {"count": count},
        done=lambda _count: redirect("training:session_attendance", session_id=session.pk),
        template="training/attendance/session_attendance.html",
        # Bound fields read the form's errors lazily, so rows built now show the POST's errors too.
        context={"session": session, "rows": [(e, st, note, marks.get(e.pk)) for e, st, note in form.rows()]},
    )


@page
def class_attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    klass = get_class_for_user(actor, pk)
    matrix = class_attendance_matrix(klass)
    require(
        can_view_class_attendance(actor, klass, matrix.sessions),
        _("Only the class's instructors and the BKPSDM admin see its attendance."),
    )
    return render(request, "training/attendance/class_attendance.html", {"klass": klass, "matrix": matrix})


@page
@require_http_methods(["GET", "POST"])
def class_scores(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    klass = get_class_for_user(actor, pk)
    require(can_manage_class(actor, klass), _("Only a BKPSDM admin can enter post-test scores."))
    enrolments = list(class_enrollees(klass))
    initial = {f"score_{e.pk}": e.post_test_score for e in enrolments}
    form = ClassScoresForm(request.POST or None, enrolments=enrolments, initial=initial)
    return form_page(
        request,
        form,
        save=lambda form: enrolment_scores_set(actor=actor, klass=klass, scores=form.scores()),
        success=_("The post-test scores were saved."),
        done=lambda _result: redirect("training:class_scores", pk=klass.pk),
        template="training/attendance/class_scores.html",
        context={"klass": klass},
    )


@page
@require_http_methods(["GET", "POST"])
def class_complete_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """The completion preview (who completes, who fails and why, sessions without attendance) and its
    confirmation. Only a POST carrying `confirm` completes; the page and the service read the same preview."""
    actor = request.actor
    klass = get_class_for_user(actor, pk)
    require(can_manage_class(actor, klass), _("Only a BKPSDM admin can complete a class."))
    error = None
    status = 200
    allow_missing = request.POST.get("allow_missing_attendance") == "1"
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            result = class_complete(actor=actor, klass=klass, allow_missing_attendance=allow_missing)
        except FORM_ERRORS as exc:
            error, status = exc, exc.status
        else:
            text = _(
                "Class completed: %(completed)s completed, %(failed)s did not complete. Certificates are being generated."
            ) % {"completed": result.completed, "failed": result.failed}
            # People who failed are not a success to celebrate in green.
            (messages.warning if result.failed else messages.success)(request, text)
            return redirect("training:class_panel_page", pk=klass.pk)
    preview = class_completion_preview(actor=actor, klass=klass)
    context = {"klass": klass, "preview": preview, "error": error, "allow_missing": allow_missing}
    return render(request, "training/attendance/class_complete.html", context, status=status)


@page
@require_http_methods(["GET", "POST"])
def class_reopen_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """What reopening withdraws (decisions, JP credits, certificates), the reason asked for, and the confirmation."""
    actor = request.actor
    klass = get_class_for_user(actor, pk)
    require(can_manage_class(actor, klass), _("Only a BKPSDM admin can reopen a completed class."))
    error = None
    status = 200
    reason = request.POST.get("reason", "")
    if request.method == "POST":
        try:
            result = class_reopen(actor=actor, klass=klass, reason=reason)
        except FORM_ERRORS as exc:
            error, status = exc, exc.status
        else:
            messages.warning(
                request,
                _(
                    "The completion was reopened: %(reopened)s participants are enrolled again, %(jp)s JP credits "
                    "were withdrawn and %(certificates)s certificates voided. Complete the class again when ready."
                )
                % {"reopened": result.reopened, "jp": result.jp_withdrawn, "certificates": result.certificates_voided},
            )
            return redirect("training:class_panel_page", pk=klass.pk)
    preview = class_reopen_preview(actor=actor, klass=klass)
    context = {"klass": klass, "preview": preview, "error": error, "reason": reason}
    return render(request, "training/attendance/class_reopen.html", context, status=status)


@page
def class_panel(request: AuthedRequest, pk: int) -> HttpResponse:
    """The attendance/completion/certificates panel of a class (loaded by htmx into the class page)."""
    actor = request.actor
    klass = get_class_for_user(actor, pk)
    context = {"klass": klass, **class_panel_context(actor, klass)}
    return page_or_partial(
        request,
        page="training/attendance/class_panel.html",
        partial="training/attendance/_panel_body.html",
        context=context,
    )
