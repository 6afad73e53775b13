"""Organisation and employee pages. Thin: scope through `bina.people.access`, rules in services.

Units are the Pemda's public structure (`permissions.can_view_org_unit`): every user of the Pemda
sees the tree, but the people listed on a page are always those of `employees_for(actor)`, and
changes need `can_manage_org_unit` / `can_edit_employee` (outside the write scope: 404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.core.confirm import confirm_page, is_confirmed
from bina.core.forms import PICKER_FIELD_NAME as FIELD_NAME
from bina.core.forms import PICKER_LIMIT
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.selectors import pemda_of
from bina.core.views import FORM_ERRORS, add_service_error, page, page_or_partial, paginate, require
from bina.people import access, permissions, selectors, services
from bina.people.forms import (
    EmployeeEditForm,
    EmployeeFilterForm,
    UnitCloseForm,
    UnitCreateForm,
    UnitMoveForm,
    UnitRenameForm,
    employee_options,
    unit_options,
)
from bina.people.hooks import profile_sections_for
from bina.people.models import Employee, OrgUnit
from bina.reports.registry import report_download

# --- organisation units -------------------------------------------------------------------


def _require_pemda_member(request: AuthedRequest) -> Any:
    actor = request.actor
    require(actor.pemda_id is not None, _("The organisation chart belongs to a Pemda; your account has none."))
    return actor


@page
@require_http_methods(["GET", "POST"])
def unit_list(request: AuthedRequest) -> HttpResponse:
    """The whole tree with own and subtree head counts (2 queries); admins add top-level units here."""
    actor = _require_pemda_member(request)
    form = UnitCreateForm(request.POST or None, prefix="new")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                unit = services.org_unit_create(actor=actor, pemda=pemda_of(actor), parent=None, **form.cleaned_data)
            except FORM_ERRORS as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("%(unit)s was created.") % {"unit": unit.name})
                return redirect("people:unit_detail", code=unit.code)
        else:
            status = 422
    query = request.GET.get("q", "").strip()[:100]
    rows = selectors.org_unit_tree_with_counts(access.org_units_for(actor))
    roots, matches = selectors.org_unit_tree_nested(rows, query=query)
    return render(
        request,
        "people/unit_list.html",
        {"roots": roots, "query": query, "matches": matches, "create_form": form, "can_create_top": actor.is_admin},
        status=status,
    )


def _unit_page(request: AuthedRequest, unit: OrgUnit, status: int = 200, **forms: Any) -> HttpResponse:
    actor = request.actor
    can_manage = permissions.can_manage_org_unit(actor, unit)
    subtree = selectors.org_unit_tree_with_counts(selectors.org_unit_subtree(unit))
    context: dict[str, Any] = {
        "unit": unit,
        "subtree": subtree,
        "children": [row for row in subtree if row[0].parent_id == unit.pk],
        "page_obj": paginate(request, selectors.unit_employees(access.employees_for(actor), unit)),
        "can_manage": can_manage,
    }
    if can_manage:
        context["rename_form"] = forms.get("rename_form") or UnitRenameForm(
            initial={"name": unit.name, "kind": unit.kind}, prefix="rename"
        )
        context["move_form"] = forms.get("move_form") or _move_form(request, unit, data=None)
        context["close_form"] = forms.get("close_form") or UnitCloseForm(prefix="close")
        context["create_form"] = forms.get("create_form") or UnitCreateForm(prefix="child")
    return render(request, "people/unit_detail.html", context, status=status)


def _move_form(request: AuthedRequest, unit: OrgUnit, data: Any) -> UnitMoveForm:
    actor = request.actor
    targets = selectors.move_targets(access.org_units_for(actor, write=True), unit)
    initial = {"parent": unit.parent.code if unit.parent else None}
    return UnitMoveForm(data, targets=targets, allow_top_level=actor.is_admin, prefix="move", initial=initial)


@page
def unit_detail(request: AuthedRequest, code: str) -> HttpResponse:
    unit = access.get_org_unit_for_user(request.actor, code)
    return _unit_page(request, unit)


def _managed_unit(request: AuthedRequest, code: str) -> OrgUnit:
    # Units outside the write scope answer 404, like units that do not exist.
    return access.get_org_unit_for_user(request.actor, code, write=True)


@page
@require_POST
def unit_rename(request: AuthedRequest, code: str) -> HttpResponse:
    unit = _managed_unit(request, code)
    form = UnitRenameForm(request.POST, prefix="rename")
    if not form.is_valid():
        return _unit_page(request, unit, status=422, rename_form=form)
    try:
        services.org_unit_update(actor=request.actor, unit=unit, **form.cleaned_data)
    except FORM_ERRORS as exc:
        add_service_error(form, exc)
        unit.refresh_from_db()
        return _unit_page(request, unit, status=exc.status, rename_form=form)
    messages.success(request, _("The unit was saved."))
    return redirect("people:unit_detail", code=unit.code)


@page
@require_POST
def unit_move(request: AuthedRequest, code: str) -> HttpResponse:
    unit = _managed_unit(request, code)
    form = _move_form(request, unit, data=request.POST)
    if not form.is_valid():
        return _unit_page(request, unit, status=422, move_form=form)
    try:
        services.org_unit_move(actor=request.actor, unit=unit, new_parent=form.cleaned_data["parent"])
    except FORM_ERRORS as exc:
        add_service_error(form, exc)
        unit.refresh_from_db()
        return _unit_page(request, unit, status=exc.status, move_form=form)
    messages.success(request, _("%(unit)s was moved.") % {"unit": unit.name})
    return redirect("people:unit_detail", code=unit.code)


@page
@require_POST
def unit_close(request: AuthedRequest, code: str) -> HttpResponse:
    unit = _managed_unit(request, code)
    form = UnitCloseForm(request.POST, prefix="close")
    if not form.is_valid():
        return _unit_page(request, unit, status=422, close_form=form)
    if unit.closed_on is None and not is_confirmed(request):
        on = form.cleaned_data["closed_on"] or timezone.localdate()
        confirmation = selectors.org_unit_close_confirmation(unit, on)
        if confirmation is not None:  # else the service's refusal says what to move first
            back = reverse("people:unit_detail", kwargs={"code": unit.code})
            return confirm_page(request, confirmation, back_url=back)
    try:
        services.org_unit_close(actor=request.actor, unit=unit, on=form.cleaned_data["closed_on"])
    except FORM_ERRORS as exc:
        add_service_error(form, exc)
        return _unit_page(request, unit, status=exc.status, close_form=form)
    action_notice(request, _("%(unit)s was closed.") % {"unit": unit.name}, level="info")
    return redirect("people:unit_detail", code=unit.code)


@page
@require_POST
def unit_create_child(request: AuthedRequest, code: str) -> HttpResponse:
    parent = _managed_unit(request, code)
    form = UnitCreateForm(request.POST, prefix="child")
    if not form.is_valid():
        return _unit_page(request, parent, status=422, create_form=form)
    actor = request.actor
    try:
        unit = services.org_unit_create(actor=actor, pemda=pemda_of(actor), parent=parent, **form.cleaned_data)
    except FORM_ERRORS as exc:
        add_service_error(form, exc)
        return _unit_page(request, parent, status=exc.status, create_form=form)
    messages.success(request, _("%(unit)s was created.") % {"unit": unit.name})
    return redirect("people:unit_detail", code=unit.code)


# --- employees ------------------------------------------------------------------------------


@page
def employee_list(request: AuthedRequest) -> HttpResponseBase:
    """Search and filters as a GET form; with htmx only the results partial is swapped."""
    actor = request.actor
    require(permissions.can_list_employees(actor), _("Your role does not include the employee registry."))
    employees = access.employees_for(actor)
    units = selectors.units_for_employee_filter(access.org_units_for(actor), employees, actor.read_reach())
    form = EmployeeFilterForm(request.GET, units=units)
    form.is_valid()  # invalid filters are shown on the form and left out of the search
    if request.GET.get("format") == "xlsx":
        # The list as filtered on the page; nothing to export → back to the list, saying so.
        query = request.GET.copy()
        query.pop("format", None)
        back = reverse("people:employees") + (f"?{query.urlencode()}" if query else "")
        return report_download(request, "people.employees", fmt="xlsx", back=back, params={"filters": form.filters()})
    results = paginate(request, selectors.employee_search(employees, form.filters()))
    context = {"form": form, "page_obj": results}
    return page_or_partial(
        request,
        page="people/employee_list.html",
        partial="people/partials/_employee_results.html",
        context=context,
        status=200 if form.is_valid() else 422,
    )


def _employee_page(
    request: AuthedRequest, employee: Employee, form: EmployeeEditForm | None, status: int = 200
) -> HttpResponse:
    actor = request.actor
    scoped = access.employees_for(actor)
    context = {
        "employee": employee,
        "history": selectors.employment_history(employee),
        "reports": selectors.direct_reports(scoped, employee.pk),
        "supervisor_visible": selectors.is_visible(scoped, employee.supervisor_id),
        "form": form,
        # Sections other apps add (training: classes, JP per year, certificates, claims); see `people.hooks`.
        "sections": profile_sections_for(actor, employee),
    }
    return render(request, "people/employee_detail.html", context, status=status)


def _edit_form(request: AuthedRequest, employee: Employee, data: Any = None) -> EmployeeEditForm:
    actor = request.actor
    units = selectors.units_for_employee_edit(
        access.org_units_for(actor, write=True), access.org_units_for(actor), employee
    )
    return EmployeeEditForm(data, employee=employee, units=units, supervisors=access.employees_for(actor))


@page
@require_http_methods(["GET", "POST"])
def employee_detail(request: AuthedRequest, nip: str) -> HttpResponse:
    actor = request.actor
    employee = access.get_employee_for_user(actor, nip)
    can_edit = permissions.can_edit_employee(actor, employee)
    if request.method == "POST":
        require(can_edit, _("You may read this profile but not change it."))
        form = _edit_form(request, employee, data=request.POST)
        if not form.is_valid():
            return _employee_page(request, employee, form, status=422)
        try:
            services.employee_update(actor=actor, employee=employee, data=form.service_data())
        except FORM_ERRORS as exc:
            add_service_error(form, exc)
            employee.refresh_from_db()
            return _employee_page(request, employee, form, status=exc.status)
        messages.success(request, _("The profile was saved."))
        return redirect("people:employee_detail", nip=employee.nip)
    employee = access.open_employee_profile(actor, nip)
    return _employee_page(request, employee, _edit_form(request, employee) if can_edit else None)


# --- search pickers (bina.core.forms.SearchPicker) ----------------------------------------------


def _picker_request(request: AuthedRequest, default: str) -> tuple[str, str, bool]:
    """(the field's name, the search term, several or one) from a picker's query string."""
    field = request.GET.get("field", "")
    field = field if FIELD_NAME.match(field) else default
    term = (request.GET.get(f"{field}__q") or request.GET.get("q") or "")[:100]
    return field, term, request.GET.get("multiple") == "1"


def _picker_response(request: AuthedRequest, field: str, term: str, multiple: bool, options: list[Any]) -> HttpResponse:
    context = {
        "options": options,
        "name": field,
        "query": term,
        "input_type": "checkbox" if multiple else "radio",
        "more": len(options) >= PICKER_LIMIT,
    }
    return render(request, "core/widgets/_picker_options.html", context)


@page
def pick_units(request: AuthedRequest) -> HttpResponse:
    """A unit picker's results: the actor's own units (`access.org_units_for`), at most PICKER_LIMIT."""
    _require_pemda_member(request)
    field, term, multiple = _picker_request(request, "unit")
    # The picker sends its chosen options along: they are left out before the limit, not listed twice.
    units = access.org_units_for(request.actor).exclude(code__in=request.GET.getlist(field)[:500])
    return _picker_response(request, field, term, multiple, unit_options(units, term))


@page
def pick_employees(request: AuthedRequest) -> HttpResponse:
    """An employee picker's results by name or NIP: whom the actor may read, or (`scope=reports`) the
    active members of a supervisor's team. Finding is all it does: the form's own queryset decides."""
    _require_pemda_member(request)
    actor = request.actor
    field, term, multiple = _picker_request(request, "employee")
    employees = access.employees_for(actor).exclude(nip__in=request.GET.getlist(field)[:500])
    if request.GET.get("scope") == "reports":
        employees = selectors.team_members(employees, actor.employee_id)
    return _picker_response(request, field, term, multiple, employee_options(employees, term))
