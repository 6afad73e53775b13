"""Learning pages: my learning and calendar, team, compliance, SIASN export, participant lists."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.core.errors import BinaError, NotFound
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.views import page, paginate, require
from bina.people.access import get_org_unit_for_user, org_units_in_reach
from bina.reports.registry import EmptyReport
from bina.reports.responses import download_response
from bina.training import permissions
from bina.training.access import get_enrolment_for_user
from bina.training.classes import enrolment as enrolment_services
from bina.training.classes.models import AbsenceReason
from bina.training.learning import downloads
from bina.training.learning import selectors as sel
from bina.training.learning.forms import ExportForm
from bina.training.learning.ics import build_calendar, session_events


def _actor(request: AuthedRequest) -> Any:
    return request.actor


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@page
def my_learning(request: AuthedRequest) -> HttpResponse:
    data = sel.my_learning(_actor(request))
    certificates = [(c, sel.certificate_url(c.pk)) for c in data.certificates]
    return render(
        request,
        "training/learning/my_learning.html",
        {
            "data": data,
            "certificates": certificates,
            "nominations": data.nominations,
            "reason_categories": AbsenceReason.choices,
        },
    )


@page
@require_POST
def my_nomination_respond(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    enrolment = get_enrolment_for_user(actor, pk)
    if enrolment.employee_id != actor.employee_id:
        raise NotFound(_("No enrolment %(key)s was found.") % {"key": pk})
    try:
        if request.POST.get("answer") == "accept":
            enrolment_services.enrolment_accept(actor=actor, enrolment=enrolment)
            action_notice(request, _("You accepted the nomination."))
        else:
            enrolment_services.enrolment_decline(
                actor=actor,
                enrolment=enrolment,
                reason=request.POST.get("reason", ""),
                category=request.POST.get("category", ""),
            )
            action_notice(request, _("You declined the nomination."), level="info")
    except BinaError as exc:
        action_notice(request, str(exc.message), level="error")
    return redirect("training:my_learning")


@page
def my_calendar(request: AuthedRequest) -> HttpResponseBase:
    actor = _actor(request)
    sessions = sel.calendar_sessions(actor.employee_id) if actor.employee_id else []
    body = build_calendar(session_events(sessions, domain=request.get_host().split(":")[0] or "bina"), name="Bina")
    return download_response(body, filename="bina-sessions", fmt="ics")


@page
def team(request: AuthedRequest) -> HttpResponse:
    actor = _actor(request)
    require(actor.is_supervisor, _("This page is for supervisors: you have no reports in the org chart."))
    data = sel.team_learning(actor, _year(request))
    return render(request, "training/learning/team.html", {"data": data, "members": paginate(request, data.members)})


@page
def compliance(request: AuthedRequest) -> HttpResponseBase:
    actor = _actor(request)
    require(permissions.can_view_jp_compliance(actor), _("Only admins, leaders and operators see JP compliance."))
    year = _year(request)
    unit = None
    if request.GET.get("unit"):
        unit = get_org_unit_for_user(actor, request.GET["unit"])
    fmt = request.GET.get("format")
    if request.GET.get("report") == "annual" and fmt in ("xlsx", "pdf"):
        return downloads.annual_page_download(request, year=year, fmt=fmt)
    if fmt in ("csv", "xlsx", "pdf"):
        return downloads.compliance_page_download(request, year=year, unit=unit, fmt=fmt)
    data = sel.unit_jp_compliance(actor, year, unit)
    return render(request, "training/learning/compliance.html", {"data": data, "year": year})


@page
def compliance_below(request: AuthedRequest) -> HttpResponseBase:
    """Who in a unit (or the actor's whole reach) is below 20 JP this year; `?format=xlsx|csv` downloads it."""
    actor = _actor(request)
    require(permissions.can_view_jp_compliance(actor), _("Only admins, leaders and operators see JP compliance."))
    year = _year(request)
    unit = get_org_unit_for_user(actor, request.GET["unit"]) if request.GET.get("unit") else None
    data = sel.employees_below_target(actor, year, unit)
    fmt = request.GET.get("format", "")
    people = paginate(request, data.people)
    if fmt and people.paginator.count:
        return downloads.below_target_download(actor, year=year, unit=unit, fmt=fmt)
    context = {"data": data, "year": year, "people": people, "nothing_to_export": bool(fmt)}
    return render(request, "training/learning/compliance_below.html", context)


@page
def export_siasn(request: AuthedRequest) -> HttpResponseBase:
    actor = _actor(request)
    require(
        permissions.can_export_training_history(actor),
        _("Only a BKPSDM admin or a unit operator can export training history."),
    )
    # The unit is picked from the actor's own units: a bad choice is a form error, never a 404 page.
    form = ExportForm(
        request.GET or None,
        initial={"year": timezone.localdate().year, "format": "xlsx"},
        units=org_units_in_reach(actor),
    )
    if request.GET and form.is_valid():
        try:
            return downloads.riwayat_download(
                actor, year=form.cleaned_data["year"], unit=form.cleaned_data["unit"], fmt=form.cleaned_data["format"]
            )
        except EmptyReport as exc:
            form.add_error(None, str(exc.message))
    return render(request, "training/learning/export.html", {"form": form}, status=422 if request.GET else 200)


@page
def class_participants_xlsx(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return downloads.participants_download(request, pk, "xlsx")


@page
def class_participants_pdf(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return downloads.participants_download(request, pk, "pdf")


@page
def class_attendance_sheet(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The daftar hadir to print and sign: the whole class, or one session (`?session=<id>`)."""
    raw = request.GET.get("session", "")
    session_id = int(raw) if raw.isdigit() and len(raw) < 12 else None
    if raw and session_id is None:
        raise NotFound(_("No session %(key)s was found.") % {"key": raw[:40]})
    return downloads.attendance_sheet_download(request, pk, session_id)
