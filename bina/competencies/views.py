"""Competency dictionary pages: everyone in the Pemda reads it; the BKPSDM admin edits it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.competencies import selectors, services
from bina.competencies.forms import CompetencyForm
from bina.core.selectors import pemda_of
from bina.core.views import FORM_ERRORS, add_service_error, page, require
from bina.training.permissions import can_manage_catalogue


def _member(request: HttpRequest):  # type: ignore[no-untyped-def]
    actor = request.actor  # type: ignore[attr-defined]
    require(actor.pemda_id is not None, _("The competency dictionary belongs to a Pemda; your account has none."))
    return actor


@page
def competency_list(request: HttpRequest) -> HttpResponse:
    actor = _member(request)
    return render(
        request,
        "competencies/list.html",
        {"groups": selectors.competency_groups(actor), "can_manage": can_manage_catalogue(actor)},
    )


@page
def competency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    competency = selectors.get_competency_for_user(actor, pk)
    return render(
        request,
        "competencies/detail.html",
        {"competency": competency, "can_manage": can_manage_catalogue(actor)},
    )


@page
@require_http_methods(["GET", "POST"])
def competency_create(request: HttpRequest) -> HttpResponse:
    actor = _member(request)
    require(can_manage_catalogue(actor), _("Only a BKPSDM admin can add competencies."))
    form = CompetencyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                competency = services.competency_create(
                    actor=actor,
                    pemda=pemda_of(actor),
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    definition=form.cleaned_data["definition"],
                    levels=form.levels(),
                )
            except FORM_ERRORS as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("%(name)s was added.") % {"name": competency.name})
                return redirect("competencies:detail", pk=competency.pk)
        else:
            status = 422
    return render(request, "competencies/form.html", {"form": form, "competency": None}, status=status)


@page
@require_http_methods(["GET", "POST"])
def competency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    require(can_manage_catalogue(actor), _("Only a BKPSDM admin can change competencies."))
    competency = selectors.get_competency_for_user(actor, pk)
    form = CompetencyForm(request.POST or None, competency=competency)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.competency_update(
                    actor=actor,
                    competency=competency,
                    code=None if competency.is_standard else form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    definition=form.cleaned_data["definition"],
                    levels=form.levels(),
                )
            except FORM_ERRORS as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("The competency was saved."))
                return redirect("competencies:detail", pk=competency.pk)
        else:
            status = 422
    return render(request, "competencies/form.html", {"form": form, "competency": competency}, status=status)


@page
@require_POST
def competency_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    require(can_manage_catalogue(actor), _("Only a BKPSDM admin can change competencies."))
    competency = selectors.get_competency_for_user(actor, pk)
    services.competency_set_active(actor=actor, competency=competency, active=request.POST.get("active") == "1")
    messages.success(request, _("The competency was saved."))
    return redirect("competencies:detail", pk=competency.pk)
