"""Evaluation pages: answering (reaction survey, behaviour follow-up) on the phone, results, curation, report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from bina.core.errors import BinaError
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.views import form_page, page, paginate, require
from bina.evaluation import access, permissions, selectors, services
from bina.evaluation.models import Consent
from bina.evaluation.reports import CLASSES_KEY, classes_headers, classes_table
from bina.evaluation.reports import KEY as REPORT_KEY
from bina.reports.registry import report_download
from bina.training.facade import classes_for


def _consent(request: AuthedRequest) -> tuple[str, str]:
    return request.POST.get("testimony", "")[:4000], request.POST.get("consent", Consent.NONE)[:10]


def _field_errors(exc: BinaError) -> dict[str, str]:
    """A refusal's messages by form field (the questionnaire pages show each beside its question), and the
    whole message under "form"."""
    errors = {str(d.get("field")): str(d.get("message", exc.message)) for d in exc.details if isinstance(d, dict)}
    errors.setdefault("form", str(exc.message))
    return errors


@page
def mine(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_answer_surveys(request.actor), _("Only participants answer evaluations."))
    from bina.evaluation.hooks import mine_links

    context = {
        "items": selectors.my_pending(request.actor),
        "results": selectors.my_behaviour_links(request.actor),
        "links": [link for hook in mine_links if (link := hook(request.actor)) is not None],
    }
    return render(request, "evaluation/mine.html", context)


@page
@require_http_methods(["GET", "POST"])
def reaction_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    invite = access.get_invite_for_user(actor, pk)
    form = selectors.reaction_form(actor, invite)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST" and not form.answered:
        values = {q.element: request.POST.get(q.element, "")[:2000] for q in form.questions}
        ratings: dict[int, int] = {}
        for s in form.sessions:
            raw = request.POST.get(f"session_{s.session_id}", "")
            ratings[s.session_id] = int(raw) if raw.isdigit() and len(raw) < 3 else 0
        text, consent = _consent(request)
        try:
            services.reaction_answer(
                actor=actor, invite=invite, values=values, session_ratings=ratings, testimony=text, consent=consent
            )
        except BinaError as exc:
            status, errors = exc.status, _field_errors(exc)
        else:
            action_notice(request, _("Thank you: your answers were recorded anonymously."))
            return redirect("evaluation:mine")
    context = {"f": form, "errors": errors, "posted": request.POST, "consents": Consent.choices}
    return render(request, "evaluation/reaction_answer.html", context, status=status)


@page
@require_http_methods(["GET", "POST"])
def behaviour_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    survey = access.get_behaviour_survey_for_user(actor, pk)
    form = selectors.behaviour_form(actor, survey)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST" and not form.answered:
        values: dict[int, int] = {}
        for i in form.indicators:
            raw = request.POST.get(f"competency_{i.competency_id}", "")
            values[i.competency_id] = int(raw) if raw.isdigit() and len(raw) < 3 else 0
        text, consent = _consent(request)
        try:
            services.behaviour_answer(actor=actor, survey=survey, values=values, testimony=text, consent=consent)
        except BinaError as exc:
            status, errors = exc.status, _field_errors(exc)
        else:
            action_notice(request, _("Thank you: your answers were recorded."))
            return redirect("evaluation:mine")
    context = {"f": form, "errors": errors, "posted": request.POST, "consents": Consent.choices}
    return render(request, "evaluation/behaviour_answer.html", context, status=status)


@page
def class_list(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(permissions.can_open_results(actor), _("Your role does not read evaluation results."))
    qs = access.results_classes_for(actor, classes_for(actor)).select_related("course").order_by("-starts_on", "code")
    return render(request, "evaluation/class_list.html", {"page_obj": paginate(request, qs)})


@page
def class_results(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    klass = access.get_results_class_for_user(actor, pk)
    context = {
        "klass": klass,
        "r": selectors.class_reaction_results(actor, klass),
        "b": selectors.class_behaviour_results(actor, klass),
        "participants": selectors.class_behaviour_participants(actor, klass),
        "testimonies": selectors.class_testimonies(klass),
        "can_download": permissions.can_download_class_report(actor),
    }
    return render(request, "evaluation/class_results.html", context)


def _report(request: AuthedRequest, pk: int, fmt: str) -> HttpResponseBase:
    back = reverse("evaluation:class_results", args=[pk])
    return report_download(request, REPORT_KEY, fmt=fmt, back=back, params={"klass": pk})


@page
def class_report_pdf(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _report(request, pk, "pdf")


@page
def class_report_xlsx(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _report(request, pk, "xlsx")


@page
def course_results(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    course = access.get_results_course_for_user(actor, pk)
    context = {
        "course": course,
        "across": _across(actor, {"course": course.pk}),
        "can_download": permissions.can_download_class_report(actor),
        "c": selectors.course_reaction_results(actor, course),
        "b": selectors.course_behaviour_results(actor, course),
        "testimonies": selectors.course_testimonies(course),
    }
    return render(request, "evaluation/course_results.html", context)


def _across(actor: Any, params: dict[str, Any]) -> dict[str, Any]:
    from bina.evaluation.reports import classes_scope

    _name, _subtitle, _pemda, classes = classes_scope(actor, params)
    return {"headers": classes_headers(), "rows": classes_table(actor, classes)}


def _across_report(request: AuthedRequest, scope: str, pk: int, fmt: str) -> HttpResponseBase:
    back = reverse(f"evaluation:{scope}_results", args=[pk])
    return report_download(request, CLASSES_KEY, fmt=fmt, back=back, params={scope: pk})


@page
def course_report_pdf(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _across_report(request, "course", pk, "pdf")


@page
def course_report_xlsx(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _across_report(request, "course", pk, "xlsx")


@page
def programme_results(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    programme = access.get_results_programme_for_user(actor, pk)
    context = {
        "programme": programme,
        "across": _across(actor, {"programme": programme.pk}),
        "can_download": permissions.can_download_class_report(actor),
    }
    return render(request, "evaluation/programme_results.html", context)


@page
def programme_report_pdf(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _across_report(request, "programme", pk, "pdf")


@page
def programme_report_xlsx(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _across_report(request, "programme", pk, "xlsx")


@page
def enrolment_behaviour(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    enrolment = access.get_behaviour_enrolment_for_user(actor, pk)
    return render(
        request,
        "evaluation/enrolment_behaviour.html",
        {"b": selectors.enrolment_behaviour_results(actor, enrolment), "e": enrolment},
    )


@page
def instructor_results(request: AuthedRequest, pk: int) -> HttpResponse:
    instructor = access.get_instructor_for_results(request.actor, pk)
    rating = selectors.instructor_rating(request.actor, instructor)
    return render(
        request, "evaluation/rating.html", {"subject": instructor.name, "rating": rating, "kind": _("Instructor")}
    )


@page
def partner_results(request: AuthedRequest, pk: int) -> HttpResponse:
    partner = access.get_partner_for_results(request.actor, pk)
    rating = selectors.partner_rating(request.actor, partner)
    return render(
        request, "evaluation/rating.html", {"subject": partner.name, "rating": rating, "kind": _("Partner institution")}
    )


@page
def testimonies(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(permissions.can_manage_evaluation(actor), _("Only the BKPSDM admin curates testimonies."))
    return render(
        request, "evaluation/testimonies.html", {"page_obj": paginate(request, selectors.testimonies_to_curate(actor))}
    )


@page
@require_POST
def testimony_curate(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    require(permissions.can_manage_evaluation(actor), _("Only the BKPSDM admin curates testimonies."))
    testimony = access.get_testimony_for_user(actor, pk)
    status = request.POST.get("status", "")[:10]
    services.testimony_curate(actor=actor, testimony=testimony, status=status)
    action_notice(request, _("Testimony updated."), level="info" if status == "hidden" else "success")
    return redirect("evaluation:testimonies")


@page
@require_http_methods(["GET", "POST"])
def instrument_page(request: AuthedRequest) -> HttpResponse:
    """The Pemda's reaction questionnaire: reword its questions (a new version; old answers keep theirs)."""
    actor = request.actor
    require(permissions.can_manage_evaluation(actor), _("Only the BKPSDM admin can change the evaluation."))
    current = selectors.reaction_questionnaire(actor)
    status, error = 200, ""
    if request.method == "POST":
        texts = {q.element: request.POST[q.element][:600] for q in current.questions if q.element in request.POST}
        try:
            services.reaction_instrument_update(actor=actor, texts=texts)
        except BinaError as exc:
            status, error = exc.status, str(exc.message)
        else:
            action_notice(request, _("The questionnaire was saved as a new version."))
            return redirect("evaluation:instrument")
    return render(request, "evaluation/instrument.html", {"q": current, "error": error}, status=status)


class SettingsForm(forms.Form):
    min_responses = forms.IntegerField(
        label=gettext_lazy("Responses needed before results are shown"), min_value=2, max_value=50
    )
    followup_weeks = forms.IntegerField(
        label=gettext_lazy("Behaviour follow-up after completion (weeks)"), min_value=1, max_value=104
    )
    reminder_days = forms.IntegerField(label=gettext_lazy("Days between reminders"), min_value=1, max_value=60)
    max_reminders = forms.IntegerField(label=gettext_lazy("Reminders at most"), min_value=0, max_value=10)


@page
@require_http_methods(["GET", "POST"])
def settings_page(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(permissions.can_manage_evaluation(actor), _("Only the BKPSDM admin can change the evaluation."))
    current = access.settings_of(actor.pemda_id or 0)
    form = SettingsForm(request.POST or None, initial={f: getattr(current, f) for f in services.SETTINGS_FIELDS})

    def save(form: SettingsForm) -> Any:
        return services.evaluation_settings_update(actor=actor, data=form.cleaned_data)

    return form_page(
        request,
        form,
        save=save,
        success=_("Evaluation settings saved."),
        done=lambda _r: redirect("evaluation:settings"),
        template="evaluation/settings.html",
    )
