"""Complaint pages: the public form and tracking page (`/p/<slug>/pengaduan/`), and the staff pages.

Thin: scope through `access`/`selectors`, rules in `services`, actions from `COMPLAINT_WORKFLOW`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import IO, Any, cast

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.complaints import access, permissions, selectors, services
from bina.complaints.forms import (
    ComplaintForm,
    DisposeForm,
    FiguresForm,
    ListFilterForm,
    NoteForm,
    SettingsForm,
    StaffComplaintForm,
    TrackForm,
)
from bina.complaints.models import Source
from bina.complaints.services import ComplaintInput
from bina.complaints.workflows import COMPLAINT_WORKFLOW
from bina.core.errors import NotFound
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.public import PublicVisit, public_page, public_url, render_public
from bina.core.views import FORM_ERRORS, add_service_error, page, paginate, require
from bina.people.access import org_units_for
from bina.quality.access import service_types_for


def _unit_choices(units: Any) -> list[tuple[str, str]]:
    return [(u.code, u.name) for u in units]


def _service_choices(services_qs: Any) -> list[tuple[str, str]]:
    return [(s.code, s.name) for s in services_qs]


def _input(form: Any, request: HttpRequest) -> ComplaintInput:
    data = form.cleaned_data
    return ComplaintInput(
        description=data["uraian"],
        category=data["kategori"],
        unit_code=data.get("kode_unit") or "",
        service_code=data.get("kode_layanan") or "",
        ticket_number=data.get("nomor_tiket") or "",
        name=data.get("nama") or "",
        contact=data.get("kontak") or "",
        officer_nip=data.get("nip_petugas") or "",
        files=[(f.name or "", cast(IO[bytes], f)) for f in request.FILES.getlist("lampiran")],
    )


def _noindex(response: HttpResponseBase) -> HttpResponseBase:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- public ------------------------------------------------------------------------------


@public_page
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest, visit: PublicVisit) -> HttpResponseBase:
    """`/p/<slug>/pengaduan/`: file a complaint (no account, no JavaScript needed); answers with the code."""
    units = _unit_choices(access.public_units(visit.actor))
    service_list = _service_choices(access.public_services(visit.actor))
    form = ComplaintForm(request.POST or None, request.FILES or None, units=units, services=service_list)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                complaint = services.complaint_submit(actor=visit.actor, data=_input(form, request))
            except FORM_ERRORS as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                target = public_url(visit.pemda, "pengaduan:track", code=complaint.code)
                return redirect(f"{target}?baru=1")
        else:
            status = 422
    context = {"form": form, "track_form": TrackForm()}
    return _noindex(render_public(request, visit, "complaints/public/form.html", context, status=status))


@public_page
def public_lookup(request: HttpRequest, visit: PublicVisit) -> HttpResponseBase:
    """`/p/<slug>/pengaduan/lacak/?code=…`: the box to type a tracking code."""
    form = TrackForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        code = access.normalise_code(form.cleaned_data["code"])
        return redirect(public_url(visit.pemda, "pengaduan:track", code=code or "-"))
    status = 422 if form.is_bound else 200
    return _noindex(render_public(request, visit, "complaints/public/lookup.html", {"track_form": form}, status=status))


@public_page
def public_track(request: HttpRequest, visit: PublicVisit, code: str) -> HttpResponseBase:
    """`/p/<slug>/pengaduan/<code>/`: the stage, its due date and the history; no personal data, no notes."""
    info = selectors.complaint_public(visit.actor, code)
    context = {"info": info, "new": request.GET.get("baru") == "1"}
    return _noindex(render_public(request, visit, "complaints/public/track.html", context))


# --- staff -------------------------------------------------------------------------------


def _reader(request: AuthedRequest) -> Any:
    actor = request.actor
    require(permissions.can_read_complaints(actor), _("Complaints are read by admins, operators and leaders."))
    return actor


@page
def complaint_list(request: AuthedRequest) -> HttpResponse:
    actor = _reader(request)
    units = _unit_choices(selectors.units_for_filter(actor))
    form = ListFilterForm(request.GET or None, units=units)
    filters = selectors.ListFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ListFilters(
            stage=data["stage"] or "", overdue=bool(data["overdue"]), unit_code=data["unit"] or "", q=data["q"] or ""
        )
    page_obj = paginate(request, selectors.complaint_list(actor, filters))
    now = timezone.now()
    rows = [(c, selectors.is_overdue(c, now)) for c in page_obj.object_list]
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": rows,
        "can_file": permissions.can_file_complaint(actor),
        "can_settings": permissions.can_manage_complaint_settings(actor),
    }
    return render(request, "complaints/list.html", context)


@page
@require_http_methods(["GET", "POST"])
def complaint_new(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(permissions.can_file_complaint(actor), _("Only an admin or an operator can file complaints."))
    units = _unit_choices(org_units_for(actor).order_by("path"))
    form = StaffComplaintForm(
        request.POST or None, request.FILES or None, units=units, services=_service_choices(service_types_for(actor))
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                complaint = services.complaint_file(actor=actor, data=_input(form, request), source=Source.STAFF)
            except FORM_ERRORS as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                action_notice(
                    request,
                    _("Complaint filed. Give the citizen the tracking code %(code)s.") % {"code": complaint.code},
                )
                if access.complaints_for(actor).filter(pk=complaint.pk).exists():
                    return redirect("complaints:complaint_detail", pk=complaint.pk)
                return redirect("complaints:complaint_list")
        else:
            status = 422
    return render(request, "complaints/new.html", {"form": form}, status=status)


def _detail_context(request: AuthedRequest, pk: int, **extra: Any) -> dict[str, Any]:
    actor = request.actor
    detail = selectors.complaint_detail(actor, pk)
    complaint = detail.complaint
    can_note = permissions.can_verify_complaint(actor, complaint) or permissions.can_handle_complaint(actor, complaint)
    units = _unit_choices(org_units_for(actor).order_by("path"))
    return {
        "detail": detail,
        "complaint": complaint,
        "dispose_form": extra.pop("dispose_form", None) or DisposeForm(units=units),
        "note_form": extra.pop("note_form", None) or (NoteForm() if can_note else None),
        "can_note": can_note,
        "public_url": public_url(complaint.pemda, "pengaduan:track", code=complaint.code),
        **extra,
    }


@page
def complaint_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    _reader(request)
    return render(request, "complaints/detail.html", _detail_context(request, pk))


@page
@require_POST
def complaint_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    actor = _reader(request)
    complaint = access.get_complaint_for_user(actor, pk)
    transition = COMPLAINT_WORKFLOW.transition(action)
    try:
        services.complaint_act(
            actor=actor,
            complaint=complaint,
            action=action,
            reason=request.POST.get(transition.reason_field, "")[:5000],
            unit_code=request.POST.get("kode_unit", "")[:32],
            officer_nip=request.POST.get("nip_petugas", "")[:32],
        )
    except FORM_ERRORS as exc:
        action_notice(request, str(exc.message), level="error")
    else:
        complaint.refresh_from_db()
        hurts = action in ("reject", "archive", "postpone")
        action_notice(
            request,
            _("The complaint is now: %(stage)s.") % {"stage": complaint.get_stage_display()},
            level="warning" if hurts else "success",
        )
    return redirect("complaints:complaint_detail", pk=pk)


@page
@require_POST
def complaint_note(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    complaint = access.get_complaint_for_user(actor, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_note_add(actor=actor, complaint=complaint, text=form.cleaned_data["text"])
        except FORM_ERRORS as exc:
            add_service_error(form, exc)
        else:
            action_notice(request, _("Note added."))
            return redirect("complaints:complaint_detail", pk=pk)
    return render(request, "complaints/detail.html", _detail_context(request, pk, note_form=form), status=422)


@page
def complaint_attachment(request: AuthedRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    """A file of the complaint, to staff who read it; always as a download (never rendered in the page)."""
    actor = _reader(request)
    attachment = selectors.attachment_for_user(actor, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise NotFound(_("The file is missing.")) from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.display_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@page
def complaint_figures(request: AuthedRequest) -> HttpResponse:
    actor = _reader(request)
    today = timezone.localdate()
    units = _unit_choices(selectors.units_for_filter(actor))
    initial = {"start": today.replace(day=1) - timedelta(days=90), "end": today}
    form = FiguresForm(request.GET or None, units=units, initial=initial)
    rows = None
    start, end, unit = initial["start"], initial["end"], ""
    status = 200
    if form.is_bound:
        if form.is_valid():
            start, end, unit = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["unit"] or ""
        else:
            status = 422
    if status == 200:
        rows = selectors.complaint_figures(actor, start=start, end=end, unit_code=unit)
    return render(
        request, "complaints/figures.html", {"form": form, "rows": rows, "start": start, "end": end}, status=status
    )


@page
@require_http_methods(["GET", "POST"])
def complaint_settings(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(permissions.can_manage_complaint_settings(actor), _("Only the Pemda's admin changes the time limits."))
    conf = access.complaint_settings_of(actor.pemda_id or 0)
    initial = {name: getattr(conf, name) for name in services.SETTINGS_FIELDS}
    form = SettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.complaint_settings_update(actor=actor, data=form.cleaned_data)
            action_notice(request, _("The time limits were saved."))
            return redirect(reverse("complaints:complaint_settings"))
        status = 422
    return render(request, "complaints/settings.html", {"form": form}, status=status)
