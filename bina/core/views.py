"""Core pages (home, Pemda settings, Pemda list, audit log) and the page helpers every app's views use.

`page` is the one way a page view is written: it requires a log-in and turns a `BinaError` raised by a
service, selector or `bina.people.access` into the matching page (404 for missing and out-of-scope
objects alike, 403 for actions the role may not take, 409/422 for refused changes).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bina.core import permissions, selectors, services
from bina.core.emblem import emblem_read, emblem_response
from bina.core.errors import BinaError, Conflict, PermissionDenied, ValidationFailed
from bina.core.forms import AuditFilterForm, PemdaCreateForm, PemdaEmblemForm, PemdaSettingsForm, picker_searching
from bina.core.http import AuthedRequest
from bina.core.notices import Level, action_notice

PER_PAGE = 50
# Refusals a user can fix by changing the form; PermissionDenied/NotFound become their own pages.
FORM_ERRORS = (ValidationFailed, Conflict)

View = Callable[..., HttpResponseBase]


# --- helpers for every app's pages ------------------------------------------------------


def error_response(request: HttpRequest, exc: BinaError) -> HttpResponse:
    titles = {
        404: _("Not found"),
        403: _("Not allowed"),
        409: _("Change refused"),
        422: _("Please check your input"),
    }
    return render(
        request,
        "core/error.html",
        {"title": titles.get(exc.status, _("Something went wrong")), "error": exc},
        status=exc.status,
    )


def page(view: View) -> View:
    """Login required; a `BinaError` becomes its page (404/403/409/422) instead of a crash."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except BinaError as exc:
            return error_response(request, exc)

    return login_required(wrapper)


def require(allowed: bool, message: str | None = None) -> None:
    """Refuse an action the actor's role does not allow (403); objects use `NotFound` (404) instead."""
    if not allowed:
        raise PermissionDenied(message or _("Your role does not allow this page."))


def add_service_error(form: BaseForm, exc: BinaError) -> None:
    """Show a service's refusal on the form: on the field it names, else at the top of the form."""
    fields = [d.get("field") for d in exc.details if isinstance(d, dict) and d.get("field") in form.fields]
    if fields:
        for name in fields:
            form.add_error(name, str(exc.message))
    else:
        form.add_error(None, str(exc.message))


def quiet(form: BaseForm) -> BaseForm:
    """The form as sent, without its errors: a picker's search (no JavaScript) re-renders it, nothing is saved."""
    form.full_clean()
    for name in list(form.errors):
        del form.errors[name]
    return form


def form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[Any], Any],
    success: str | Callable[[Any], str],
    done: Callable[[Any], HttpResponse],
    template: str,
    context: dict[str, Any] | None = None,
    level: Callable[[Any], Level] | None = None,
) -> HttpResponse:
    """The create/edit page shape: render the form, or save it and redirect.

    GET renders `template` with `form` plus `context` (200). A POST whose form is invalid renders it
    again with 422. A valid POST calls `save(form)`; a `FORM_ERRORS` refusal is shown on the form
    (`add_service_error`) and rendered with the error's status (409/422); otherwise the `success`
    message (a string, or a function of the saved result) is added and `done(result)` is returned,
    usually a redirect. Permission checks and object lookups stay in the view, before the call.
    """
    status = 200
    if request.method == "POST" and picker_searching(request.POST):
        quiet(form)  # a search picker's *Cari* without JavaScript: show the results, save nothing
    elif request.method == "POST":
        if form.is_valid():
            try:
                result = save(form)
            except FORM_ERRORS as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                text = success(result) if callable(success) else success
                # `level(result)`: an outcome that hurts someone (a rejected claim) is not told in the success colour.
                action_notice(request, text, level=level(result) if level else "success")
                return done(result)
        else:
            status = 422
    return render(request, template, {"form": form, **(context or {})}, status=status)


def page_or_partial(
    request: HttpRequest, *, page: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """An htmx swap (not a boosted link, not a history restore) gets `partial`; anything else the whole `page`.

    The response varies on HX-Request so a cache never hands the fragment to a full page load.
    """
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        response = render(request, partial, context)
    else:
        response = render(request, page, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def paginate(request: HttpRequest, qs: QuerySet[Any], per_page: int = PER_PAGE) -> Page[Any]:
    """A page of the queryset: a COUNT and one SELECT whatever the size; bad page numbers clamp."""
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


# --- core pages -------------------------------------------------------------------------


@page
@require_http_methods(["GET", "POST"])
def pemda_settings(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    if actor.is_superadmin and actor.pemda_id is None:
        return redirect("core:pemda_list")
    pemda = selectors.pemda_of(actor)
    require(permissions.can_edit_pemda_settings(actor, pemda), _("Only a BKPSDM admin can change the Pemda settings."))
    form = PemdaSettingsForm(request.POST or None, initial={"name": pemda.name, "timezone": pemda.timezone})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.pemda_update(
                    actor=actor,
                    pemda=pemda,
                    name=form.cleaned_data["name"],
                    timezone_name=form.cleaned_data["timezone"],
                )
            except FORM_ERRORS as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("The settings were saved."))
                return redirect("core:pemda_settings")
        else:
            status = 422
        pemda.refresh_from_db()
    context = {"pemda": pemda, "form": form, "emblem_form": PemdaEmblemForm()}
    return render(request, "core/pemda_settings.html", context, status=status)


@page
@require_POST
def pemda_emblem_upload(request: AuthedRequest) -> HttpResponse:
    """Upload (or remove) the Pemda's emblem from the settings page."""
    actor = request.actor
    pemda = selectors.pemda_of(actor)
    require(permissions.can_edit_pemda_settings(actor, pemda), _("Only a BKPSDM admin can change the Pemda settings."))
    emblem_form = PemdaEmblemForm(request.POST, request.FILES)
    if emblem_form.is_valid():
        upload = emblem_form.cleaned_data.get("emblem")
        remove = emblem_form.cleaned_data.get("remove")
        try:
            if upload is not None:
                services.pemda_emblem_set(actor=actor, pemda=pemda, data=emblem_read(upload))
            elif remove:
                services.pemda_emblem_set(actor=actor, pemda=pemda, data=None)
            else:
                raise ValidationFailed(_("Choose an image file to upload."))
        except FORM_ERRORS as exc:
            emblem_form.add_error("emblem", str(exc.message))
        else:
            messages.success(request, _("The emblem was saved.") if upload else _("The emblem was removed."))
            return redirect("core:pemda_settings")
    pemda.refresh_from_db()
    form = PemdaSettingsForm(initial={"name": pemda.name, "timezone": pemda.timezone})
    context = {"pemda": pemda, "form": form, "emblem_form": emblem_form}
    return render(request, "core/pemda_settings.html", context, status=422)


@page
@require_GET
def pemda_emblem(request: AuthedRequest) -> HttpResponseBase:
    """The emblem of the actor's own Pemda (header, settings): no other Pemda's, whatever is asked."""
    return emblem_response(selectors.pemda_of(request.actor))


@page
@require_http_methods(["GET", "POST"])
def pemda_list(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(permissions.can_manage_pemdas(actor), _("Only the platform superadmin manages the list of Pemda."))
    form = PemdaCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                pemda = services.pemda_create(
                    actor=actor,
                    slug=data["slug"],
                    name=data["name"],
                    kind=data["kind"],
                    bps_code=data["bps_code"],
                    timezone_name=data["timezone"],
                )
            except FORM_ERRORS as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request, _("%(name)s was created. Now create its admin account.") % {"name": pemda.name}
                )
                return redirect("core:pemda_list")
        else:
            status = 422
    return render(request, "core/pemda_list.html", {"pemdas": selectors.pemdas_for(actor), "form": form}, status=status)


@page
def audit_log(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(permissions.can_view_audit_log(actor), _("Only admins can read the audit log."))
    form = AuditFilterForm(request.GET or None, actions=selectors.audit_actions_for(actor))
    filters = form.filters() if form.is_bound and form.is_valid() else selectors.AuditFilters()
    events = paginate(request, selectors.audit_events_for(actor, filters))
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, "core/audit.html", {"form": form, "page_obj": events}, status=status)
