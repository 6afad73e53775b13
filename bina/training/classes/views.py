"""Class (angkatan) pages: list, detail with enrol/withdraw/accept/decline, admin panel, forms, participants.

Thin: objects come from `bina.training.access` (404 for other Pemda and drafts for non-admins),
reads from `bina.training.classes.selectors`, every change from the class and enrolment services.
Buttons on the detail page post with htmx and get back the "my place" box; without JavaScript the
same forms post normally and redirect back.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.core.confirm import confirm_page, is_confirmed
from bina.core.errors import BinaError, NotFound
from bina.core.forms import picker_searching
from bina.core.http import AuthedRequest
from bina.core.notices import Level, action_notice
from bina.core.views import FORM_ERRORS, add_service_error, form_page, page, paginate, quiet, require
from bina.people.access import employees_for, org_units_for, own_employee
from bina.people.selectors import team_members
from bina.training import access, permissions
from bina.training.classes import enrolment as enrolment_services
from bina.training.classes import selectors
from bina.training.classes import services as class_services
from bina.training.classes.forms import (
    ClassFilterForm,
    ClassForm,
    EmployeePickForm,
    ParticipantFilterForm,
    QuotaForm,
    ReasonForm,
    SessionForm,
)
from bina.training.classes.models import Enrolment, EnrolmentSource, TrainingClass
from bina.training.classes.workflows import CLASS_WORKFLOW, ENROLMENT_WORKFLOW
from bina.training.hooks import hooks


def _actor(request: AuthedRequest) -> Any:
    return request.actor


# --- list ---------------------------------------------------------------------------------


@page
def class_list(request: AuthedRequest) -> HttpResponse:
    actor = _actor(request)
    require(actor.pemda_id is not None, _("Classes belong to a Pemda; your account has none."))
    form = ClassFilterForm(request.GET or None, courses=access.courses_for(actor).order_by("title"))
    filters = selectors.ClassFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.ClassFilters(
            status=d["status"] or "",
            course_id=d["course"].pk if d["course"] else None,
            open_for_me=d["open_for_me"],
            search=d["q"] or "",
        )
    page_obj = paginate(request, selectors.class_list(actor, filters))
    mine = selectors.my_enrolments(actor, [k.pk for k in page_obj])
    rows = [(k, mine.get(k.pk)) for k in page_obj]
    return render(
        request,
        "training/classes/class_list.html",
        {"form": form, "page_obj": page_obj, "rows": rows, "can_create": permissions.can_create_class(actor)},
    )


# --- detail -------------------------------------------------------------------------------


def _detail_context(request: AuthedRequest, klass: TrainingClass, **forms: Any) -> dict[str, Any]:
    actor = _actor(request)
    detail = selectors.class_detail(actor, klass)
    is_admin = permissions.can_manage_class(actor, klass)
    context: dict[str, Any] = {
        "klass": klass,
        "detail": detail,
        "mine": detail.my_enrolment,
        "is_admin": is_admin,
        "can_self_enrol": permissions.can_self_enrol(actor),
        "reason_form": ReasonForm(),
        "seat_pct": min(100, round(100 * klass.enrolled_count / klass.capacity)) if klass.capacity else 0,
        "can_see_participants": permissions.can_view_participants(actor, klass),
        "class_links": [link for hook in hooks.class_links if (link := hook(actor, klass)) is not None],
    }
    if detail.can("nominate"):
        context["nominate_form"] = forms.get("nominate_form") or _nominate_form(request)
    if is_admin:
        context["assign_form"] = forms.get("assign_form") or _assign_form(request)
        context["quota_form"] = forms.get("quota_form") or QuotaForm(prefix="quota", units=org_units_for(actor))
        context["cancel_form"] = forms.get("cancel_form") or ReasonForm(prefix="cancel")
        context["pending"] = selectors.pending_requests(actor, klass)
    return context


def _assign_form(request: AuthedRequest, data: Any = None) -> EmployeePickForm:
    return EmployeePickForm(data, prefix="assign", employees=employees_for(_actor(request)))


def _nominate_form(request: AuthedRequest, data: Any = None) -> EmployeePickForm:
    actor = _actor(request)
    team = team_members(employees_for(actor), actor.employee_id)
    return EmployeePickForm(data, prefix="nominate", employees=team, scope="reports")


@page
def class_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    klass = access.get_class_for_user(_actor(request), pk)
    context = _detail_context(request, klass)
    context["extras"] = [x for section in hooks.class_sections if (x := section(request.actor, klass)) is not None]
    return render(request, "training/classes/class_detail.html", context)


def _back(
    request: AuthedRequest, klass: TrainingClass, status: int = 200, error: BinaError | None = None
) -> HttpResponse:
    """htmx: the refreshed "my place" box; otherwise back to the class page with a message."""
    klass = access.get_class_for_user(_actor(request), klass.pk)
    if request.htmx:
        context = _detail_context(request, klass)
        context["error"] = error
        # The seat counter sits elsewhere on the page; swap it too so the phone shows the new count at once.
        context["oob"] = True
        return render(request, "training/classes/partials/_my_place.html", context, status=status)
    if error is not None:
        action_notice(request, str(error.message), level="error")
    return redirect("training:class_detail", pk=klass.pk)


@page
@require_POST
def class_enrol(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    klass = access.get_class_for_user(actor, pk)
    require(permissions.can_self_enrol(actor), _("Only an employee can register for a class."))
    employee = own_employee(actor).select_related("unit").get()
    try:
        enrolment = enrolment_services.enrolment_request(
            actor=actor, klass=klass, employee=employee, source=EnrolmentSource.SELF
        )
    except FORM_ERRORS as exc:
        return _back(request, klass, exc.status, exc)
    action_notice(request, _("Your request was recorded: %(status)s.") % {"status": enrolment.get_status_display()})
    return _back(request, klass)


@page
@require_POST
def class_nominate(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    klass = access.get_class_for_user(actor, pk)
    form = _nominate_form(request, request.POST)
    if picker_searching(request.POST) or not form.is_valid():
        # The picker's search without JavaScript, or no one chosen: the class page with the form as sent.
        status = 200 if picker_searching(request.POST) else 422
        context = _detail_context(request, klass, nominate_form=quiet(form))
        return render(request, "training/classes/class_detail.html", context, status=status)
    employee = form.cleaned_data["nip"]
    try:
        enrolment_services.enrolment_request(
            actor=actor, klass=klass, employee=employee, source=EnrolmentSource.NOMINATION
        )
    except (*FORM_ERRORS, NotFound) as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(name)s was nominated.") % {"name": employee.name})
    return redirect("training:class_detail", pk=pk)


@page
@require_POST
def class_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    klass = access.get_class_for_user(actor, pk)
    require(permissions.can_manage_class(actor, klass), _("Only a BKPSDM admin assigns participants."))
    form = _assign_form(request, request.POST)
    if picker_searching(request.POST):
        context = _detail_context(request, klass, assign_form=quiet(form))
        return render(request, "training/classes/class_detail.html", context)
    if form.is_valid():
        try:
            employee = form.cleaned_data["nip"]
            enrolment = enrolment_services.enrolment_request(
                actor=actor, klass=klass, employee=employee, source=EnrolmentSource.ASSIGNMENT
            )
        except NotFound as exc:
            form.add_error("nip", str(exc.message))
        except FORM_ERRORS as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.") % {"name": employee.name, "status": enrolment.get_status_display()},
            )
            return redirect("training:class_detail", pk=pk)
    return render(
        request, "training/classes/class_detail.html", _detail_context(request, klass, assign_form=form), status=422
    )


@page
@require_POST
def class_quotas(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    klass = access.get_class_for_user(actor, pk)
    require(permissions.can_manage_class(actor, klass), _("Only a BKPSDM admin sets quotas."))
    form = QuotaForm(request.POST, prefix="quota", units=org_units_for(actor))
    if form.is_valid():
        current = {q.unit: q.seats for q in selectors.class_detail(actor, klass).quotas}
        current[form.cleaned_data["unit"]] = form.cleaned_data["seats"]
        try:
            class_services.class_quota_set(actor=actor, klass=klass, quotas=current)
        except FORM_ERRORS as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The quotas were saved."))
            return redirect("training:class_detail", pk=pk)
    return render(
        request, "training/classes/class_detail.html", _detail_context(request, klass, quota_form=form), status=422
    )


@page
@require_POST
def class_lifecycle(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    actor = _actor(request)
    klass = access.get_class_for_user(actor, pk)
    require(permissions.can_manage_class(actor, klass), _("Only a BKPSDM admin changes the state of a class."))
    if CLASS_WORKFLOW.transition(action).confirm and not is_confirmed(request):
        CLASS_WORKFLOW.check(action, klass, actor)  # a refused action says so now, not after the confirmation
        back = reverse("training:class_detail", args=[pk])
        return confirm_page(request, selectors.class_cancel_confirmation(klass), back_url=back)
    try:
        class_services.class_lifecycle_act(
            actor=actor, klass=klass, action=action, reason=request.POST.get("cancel-reason", "")
        )
    except FORM_ERRORS as exc:
        action_notice(request, str(exc.message), level="error")
    else:
        klass.refresh_from_db()
        # A cancelled class hurts everyone who had a place: never the success colour.
        action_notice(
            request,
            _("The class is now: %(status)s.") % {"status": klass.get_status_display()},
            level="warning" if action == "cancel" else "success",
        )
    return redirect("training:class_detail", pk=pk)


# Outcomes that cost someone their place are told as a warning, never in the success colour.
_HURTS = frozenset({"withdraw", "reject", "decline", "no-show"})


def _enrolment_outcome(enrolment: Enrolment, action: str) -> tuple[str, Level]:
    text = _("%(name)s: %(status)s.") % {"name": enrolment.employee.name, "status": enrolment.get_status_display()}
    return text, "warning" if action in _HURTS else "success"


@page
@require_POST
def enrolment_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Any action of `ENROLMENT_WORKFLOW`, through the one dispatch the API uses too (an unknown name: 422)."""
    actor = _actor(request)
    enrolment = access.get_enrolment_for_user(actor, pk)
    if ENROLMENT_WORKFLOW.transition(action).confirm and not is_confirmed(request):
        ENROLMENT_WORKFLOW.check(action, enrolment, actor)  # refused now, not after the confirmation
        if request.POST.get("next") == "participants":
            back = reverse("training:class_participants", args=[enrolment.klass_id])
        else:
            back = reverse("training:class_detail", args=[enrolment.klass_id])
        return confirm_page(
            request,
            selectors.enrolment_confirmation(enrolment, action, own=enrolment.employee_id == actor.employee_id),
            back_url=back,
        )
    try:
        enrolment_services.enrolment_act(
            actor=actor,
            enrolment=enrolment,
            action=action,
            reason=request.POST.get("reason", ""),
            category=request.POST.get("category", ""),
        )
    except FORM_ERRORS as exc:
        if request.POST.get("next") == "participants":
            action_notice(request, str(exc.message), level="error")
            return redirect("training:class_participants", pk=enrolment.klass_id)
        return _back(request, enrolment.klass, exc.status, exc)
    enrolment.refresh_from_db()
    text, level = _enrolment_outcome(enrolment, action)
    action_notice(request, text, level=level)
    if request.POST.get("next") == "participants":
        return redirect("training:class_participants", pk=enrolment.klass_id)
    return _back(request, enrolment.klass)


# --- forms --------------------------------------------------------------------------------


def _class_form(request: AuthedRequest, data: Any = None, initial: Any = None) -> ClassForm:
    actor = _actor(request)
    return ClassForm(
        data,
        initial=initial,
        courses=access.courses_for(actor).filter(is_active=True).order_by("title"),
        units=org_units_for(actor),
        partners=selectors.partner_choices(actor),
    )


@page
@require_http_methods(["GET", "POST"])
def class_create(request: AuthedRequest) -> HttpResponse:
    actor = _actor(request)
    require(permissions.can_create_class(actor), _("Only a BKPSDM admin creates classes."))
    form = _class_form(request, request.POST or None)

    def save(form: ClassForm) -> TrainingClass:
        data, units = form.service_data()
        return class_services.class_create(actor=actor, pemda_id=actor.pemda_id, data=data, eligible_units=units)

    return form_page(
        request,
        form,
        save=save,
        success=_("The class was created as a draft. Add its sessions, then open it."),
        done=lambda klass: redirect("training:class_detail", pk=klass.pk),
        template="training/classes/class_form.html",
        context={"klass": None},
    )


@page
@require_http_methods(["GET", "POST"])
def class_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    klass = access.get_class_for_user(actor, pk)
    require(permissions.can_manage_class(actor, klass), _("Only a BKPSDM admin changes classes."))
    form = _class_form(request, request.POST or None, initial=ClassForm.initial_for(klass))

    def save(form: ClassForm) -> None:
        data, units = form.service_data()
        class_services.class_update(actor=actor, klass=klass, data=data, eligible_units=units)

    return form_page(
        request,
        form,
        save=save,
        success=_("The class was saved."),
        done=lambda _result: redirect("training:class_detail", pk=klass.pk),
        template="training/classes/class_form.html",
        context={"klass": klass},
    )


@page
@require_http_methods(["GET", "POST"])
def session_create(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    klass = access.get_class_for_user(actor, pk)
    require(permissions.can_manage_class(actor, klass), _("Only a BKPSDM admin plans sessions."))
    form = SessionForm(request.POST or None, instructors=selectors.instructor_choices(actor))
    return form_page(
        request,
        form,
        save=lambda form: class_services.session_create(actor=actor, klass=klass, data=form.cleaned_data),
        success=_("The session was added."),
        done=lambda _result: redirect("training:class_detail", pk=klass.pk),
        template="training/classes/session_form.html",
        context={"klass": klass, "session": None},
    )


@page
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    session = access.get_session_for_user(actor, pk)
    klass = session.klass
    require(permissions.can_manage_class(actor, klass), _("Only a BKPSDM admin plans sessions."))
    initial = {n: getattr(session, n) for n in ("starts_at", "ends_at", "topic", "instructor", "room", "online_url")}
    form = SessionForm(request.POST or None, initial=initial, instructors=selectors.instructor_choices(actor))
    if request.method == "POST" and "delete" in request.POST:
        try:
            class_services.session_delete(actor=actor, session=session)
        except FORM_ERRORS as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The session was deleted."))
        return redirect("training:class_detail", pk=klass.pk)
    return form_page(
        request,
        form,
        save=lambda form: class_services.session_update(actor=actor, session=session, data=form.cleaned_data),
        success=_("The session was saved."),
        done=lambda _result: redirect("training:class_detail", pk=klass.pk),
        template="training/classes/session_form.html",
        context={"klass": klass, "session": session},
    )


@page
def class_participants(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    klass = access.get_class_for_user(actor, pk)
    is_admin = permissions.can_manage_class(actor, klass)
    form = ParticipantFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    page_obj = paginate(request, selectors.class_participants(actor, klass, status))
    rows = selectors.participant_rows(actor, page_obj)
    sessions = selectors.sessions_with_instructors(klass)
    return render(
        request,
        "training/classes/participants.html",
        {"klass": klass, "form": form, "page_obj": page_obj, "rows": rows, "is_admin": is_admin, "sessions": sessions},
    )
