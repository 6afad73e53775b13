"""Competency dictionary pages: everyone in the Pemda reads it; the BKPSDM admin edits it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.competencies import access, hooks, selectors, services
from bina.competencies.forms import CompetencyForm
from bina.competencies.permissions import can_manage_competencies
from bina.core.actor import Actor
from bina.core.http import AuthedRequest
from bina.core.selectors import pemda_of
from bina.core.views import form_page, page, require


def _member(request: AuthedRequest) -> Actor:
    actor = request.actor
    require(actor.pemda_id is not None, _("The competency dictionary belongs to a Pemda; your account has none."))
    return actor


@page
def competency_list(request: AuthedRequest) -> HttpResponse:
    actor = _member(request)
    return render(
        request,
        "competencies/list.html",
        {"groups": selectors.competency_groups(actor), "can_manage": can_manage_competencies(actor)},
    )


@page
def competency_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    competency = access.get_competency_for_user(actor, pk)
    return render(
        request,
        "competencies/detail.html",
        {
            "competency": competency,
            "can_manage": can_manage_competencies(actor),
            "evidence_links": [link for hook in hooks.evidence_links if (link := hook(actor, competency))],
        },
    )


@page
@require_http_methods(["GET", "POST"])
def competency_create(request: AuthedRequest) -> HttpResponse:
    actor = _member(request)
    require(can_manage_competencies(actor), _("Only a BKPSDM admin can add competencies."))
    form = CompetencyForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda form: services.competency_create(
            actor=actor,
            pemda=pemda_of(actor),
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            definition=form.cleaned_data["definition"],
            levels=form.levels(),
        ),
        success=lambda competency: _("%(name)s was added.") % {"name": competency.name},
        done=lambda competency: redirect("competencies:detail", pk=competency.pk),
        template="competencies/form.html",
        context={"competency": None},
    )


@page
@require_http_methods(["GET", "POST"])
def competency_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    require(can_manage_competencies(actor), _("Only a BKPSDM admin can change competencies."))
    competency = access.get_competency_for_user(actor, pk)
    form = CompetencyForm(request.POST or None, competency=competency)
    return form_page(
        request,
        form,
        save=lambda form: services.competency_update(
            actor=actor,
            competency=competency,
            code=None if competency.is_standard else form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            definition=form.cleaned_data["definition"],
            levels=form.levels(),
        ),
        success=_("The competency was saved."),
        done=lambda _result: redirect("competencies:detail", pk=competency.pk),
        template="competencies/form.html",
        context={"competency": competency},
    )


@page
@require_POST
def competency_set_active(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    require(can_manage_competencies(actor), _("Only a BKPSDM admin can change competencies."))
    competency = access.get_competency_for_user(actor, pk)
    services.competency_set_active(actor=actor, competency=competency, active=request.POST.get("active") == "1")
    messages.success(request, _("The competency was saved."))
    return redirect("competencies:detail", pk=competency.pk)
