"""Simulation pages: the scenario library, a class's role-play, the observer's sheet (phone), the debrief,
branching practice and competency evidence. Thin: scope through `access`, reads in `selectors`, writes in `services`."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.core.actor import Actor
from bina.core.errors import ValidationFailed
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.selectors import pemda_of
from bina.core.views import FORM_ERRORS, form_page, page, require
from bina.people.models import Employee
from bina.simulations import access, permissions, selectors, services
from bina.simulations.forms import AssignForm, RatingForm, ScenarioSettingsForm
from bina.simulations.models import ServiceLevel
from bina.training.facade import LearningPath, Session, courses_for


def _member(request: AuthedRequest) -> Actor:
    actor = request.actor
    require(actor.pemda_id is not None, _("Simulations belong to a Pemda; your account has none."))
    return actor


@page
def scenario_list(request: AuthedRequest) -> HttpResponse:
    actor = _member(request)
    require(permissions.can_browse_scenarios(actor))
    level = request.GET.get("layanan", "")
    level = level if level in ServiceLevel.values else ""
    return render(
        request,
        "simulations/scenario_list.html",
        {
            "scenarios": list(selectors.scenario_list(actor, service_level=level)),
            "levels": ServiceLevel.choices,
            "level": level,
            "can_manage": permissions.can_manage_scenarios(actor),
            "can_practise": permissions.can_practise(actor),
        },
    )


@page
def scenario_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    scenario = selectors.scenario_detail(actor, pk)
    return render(
        request,
        "simulations/scenario_detail.html",
        {
            "scenario": scenario,
            "can_practise": permissions.can_practise(actor) and scenario.has_practice,
            "can_manage": permissions.can_manage_scenarios(actor),
            "runs": list(selectors.practice_runs(actor, scenario)[:10]),
        },
    )


@page
@require_http_methods(["GET", "POST"])
def scenario_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    require(permissions.can_manage_scenarios(actor), _("Only the BKPSDM admin changes the scenario library."))
    scenario = access.get_scenario_for_user(actor, pk)
    courses = courses_for(actor).filter(learning_path=LearningPath.NONKLASIKAL).order_by("title")
    initial = {
        "time_limit_minutes": scenario.time_limit_minutes,
        "is_active": scenario.is_active,
        "practice_course": scenario.practice_course_id,
    }
    form = ScenarioSettingsForm(request.POST or None, initial=initial, courses=courses)
    return form_page(
        request,
        form,
        save=lambda form: services.scenario_update(
            actor=actor,
            scenario=scenario,
            time_limit_minutes=form.cleaned_data["time_limit_minutes"],
            is_active=form.cleaned_data["is_active"],
            practice_course=form.cleaned_data["practice_course"],
        ),
        success=_("The scenario was saved."),
        done=lambda s: redirect("simulations:scenario_detail", s.pk),
        template="simulations/scenario_edit.html",
        context={"scenario": scenario},
    )


@page
@require_POST
def library_load(request: AuthedRequest) -> HttpResponse:
    actor = _member(request)
    added = services.scenario_library_load(actor=actor, pemda=pemda_of(actor))
    action_notice(request, _("Scenarios added to the library: %(n)s.") % {"n": added}, level="success")
    return redirect("simulations:scenario_list")


@page
def class_roleplay(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    klass = access.get_roleplay_class_for_user(actor, pk)
    data = selectors.class_roleplay(actor, klass)
    form = _assign_form(data) if data.can_run else None
    return render(request, "simulations/class_roleplay.html", {"data": data, "form": form})


def _assign_form(data: selectors.ClassRoleplay, post: Any = None) -> AssignForm:
    from bina.simulations.models import Scenario

    return AssignForm(
        post,
        scenarios=Scenario.objects.filter(pk__in=[s.pk for s in data.scenarios]),
        participants=Employee.objects.filter(pk__in=[e.pk for e in data.participants]).order_by("name"),
        sessions=Session.objects.filter(pk__in=[s.pk for s in data.sessions]).order_by("starts_at"),
    )


@page
@require_http_methods(["GET", "POST"])
def performance_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    klass = access.get_roleplay_class_for_user(actor, pk)
    require(permissions.can_run_roleplay(actor, klass), _("Only who teaches the class assigns its role-play."))
    data = selectors.class_roleplay(actor, klass)
    form = _assign_form(data, request.POST or None)
    return form_page(
        request,
        form,
        save=lambda form: services.performance_assign(
            actor=actor,
            klass=klass,
            scenario=form.cleaned_data["scenario"],
            officer=form.cleaned_data["officer"],
            round_no=form.cleaned_data["round_no"],
            citizen_peer=form.cleaned_data["citizen_peer"],
            citizen_actor=form.cleaned_data["citizen_actor"],
            session=form.cleaned_data["session"],
        ),
        success=_("The role-play was assigned."),
        done=lambda p: redirect("simulations:class_roleplay", klass.pk),
        template="simulations/class_roleplay.html",
        context={"data": data},
    )


@page
@require_POST
def performance_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One button action of `PERFORMANCE_WORKFLOW` (start, close, debrief); refusals are told on the class page."""
    actor = _member(request)
    performance = access.get_performance_for_user(actor, pk)
    try:
        done = services.performance_act(actor=actor, performance=performance, action=action)
    except FORM_ERRORS as exc:
        action_notice(request, str(exc.message), level="error")
    else:
        action_notice(
            request, _("The performance is now: %(status)s.") % {"status": done.get_status_display()}, level="success"
        )
    return redirect("simulations:class_roleplay", performance.klass_id)


@page
@require_http_methods(["GET", "POST"])
def performance_rate(request: AuthedRequest, pk: int) -> HttpResponse:
    """The observer's sheet on a phone: a level and a note per criterion of the rubric."""
    actor = _member(request)
    performance = access.get_performance_for_user(actor, pk)
    sheet = selectors.rating_sheet(actor, performance)
    form = RatingForm(request.POST or None, criteria=sheet.criteria, initial_levels=sheet.mine)

    def save(form: RatingForm) -> object:
        ratings = form.ratings()
        if not ratings:
            raise ValidationFailed(_("Score at least one criterion."))
        return services.performance_rate(actor=actor, performance=performance, ratings=ratings)

    return form_page(
        request,
        form,
        save=save,
        success=_("Your scores were saved."),
        done=lambda rows: redirect("simulations:class_roleplay", performance.klass_id),
        template="simulations/rate.html",
        context={"sheet": sheet},
    )


@page
def debrief(request: AuthedRequest, pk: int, employee_pk: int) -> HttpResponse:
    actor = _member(request)
    klass = access.get_roleplay_class_for_user(actor, pk)
    return render(request, "simulations/debrief.html", {"d": selectors.debrief(actor, klass, employee_pk)})


@page
def practice_list(request: AuthedRequest) -> HttpResponse:
    actor = _member(request)
    require(permissions.can_practise(actor), _("Branching practice is for employees of the Pemda."))
    scenarios = [s for s in selectors.scenario_list(actor) if s.has_practice]
    return render(
        request,
        "simulations/practice_list.html",
        {"scenarios": scenarios, "runs": list(selectors.practice_runs(actor)[:20])},
    )


@page
@require_POST
def practice_start(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    scenario = access.get_scenario_for_user(actor, pk)
    run = services.practice_start(actor=actor, scenario=scenario)
    return redirect("simulations:practice", run.pk)


@page
@require_http_methods(["GET", "POST"])
def practice(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    run = access.get_practice_run_for_user(actor, pk)
    status = 200
    if request.method == "POST":
        try:
            run = services.practice_choose(
                actor=actor,
                run=run,
                step_key=request.POST.get("step", "")[:40],
                choice_key=request.POST.get("choice", "")[:40],
            )
        except FORM_ERRORS as exc:
            action_notice(request, str(exc.message), level="error")
            status = exc.status
        else:
            return redirect(reverse("simulations:practice", args=[run.pk]) + "#step")
    return render(request, "simulations/practice.html", {"v": selectors.practice_view(actor, run)}, status=status)


@page
def evidence_mine(request: AuthedRequest) -> HttpResponse:
    actor = _member(request)
    require(actor.employee_id is not None, _("Your account is not linked to an employee."))
    assert actor.employee_id is not None
    return redirect("simulations:evidence", actor.employee_id)


@page
def evidence(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    employee, rows = selectors.competency_evidence(actor, pk)
    return render(request, "simulations/evidence.html", {"employee": employee, "rows": rows})
