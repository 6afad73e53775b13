"""The impact page: ask a question, the estimate runs in the background, the answer is kept per data version."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bina.analytics import selectors, services, xapi
from bina.analytics.forms import ImpactForm
from bina.analytics.permissions import can_estimate_impact, can_export_class_records, can_export_own_records
from bina.core.actor import Actor
from bina.core.errors import ValidationFailed
from bina.core.views import AuthedRequest, page, page_or_partial, require
from bina.jobs.models import JobStatus
from bina.quality.selectors import service_type_list
from bina.reports.responses import download_response
from bina.training.facade import completed_course_choices, get_class_for_user

FIELDS = ("service", "metric", "level", "training", "start", "end", "threshold")


def _form(actor: Actor, data: QueryDict | None) -> ImpactForm:
    today = timezone.localdate()
    services_ = [(s.code, f"{s.code} – {s.name}") for s in service_type_list(actor, active_only=True)]
    courses = completed_course_choices(actor)
    initial = {
        "service": services_[0][0] if services_ else "",
        "metric": "process",
        "level": "officer",
        "start": f"{today.year - 2}-{today.month:02d}",
        "end": f"{today.year}-{today.month:02d}",
        "threshold": "0.5",
    }
    return ImpactForm(data, services=services_, courses=courses, initial=initial)


def _query(form: ImpactForm) -> selectors.ImpactQuery | None:
    """The form's question, or None with the problems added to the form (the same check as API and CLI)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return selectors.impact_query_parse(
            service=data["service"],
            metric=data["metric"],
            level=data["level"],
            trainings=data["training"],
            start=data["start"],
            end=data["end"],
            threshold=data.get("threshold") or 0.5,
        )
    except ValidationFailed as exc:
        names = {"from": "start", "to": "end"}
        for detail in exc.details:
            name = str(detail.get("field", ""))
            field = names.get(name, name)
            form.add_error(field if field in form.fields else None, str(detail.get("message", "")))
        return None


def _answer(run: Any) -> dict[str, Any] | None:
    """What the page shows of a finished run: the sentence or the reasons, the chart, the counts."""
    if run is None or run.status != JobStatus.DONE or not run.result:
        return None
    result = run.result
    service_name = result["service"]
    title = _("Change by month since the training")
    return {
        "result": result,
        "sentence": selectors.impact_sentence(result, service_name=service_name),
        "reasons": selectors.impact_reasons(result),
        "chart": selectors.event_study_chart(result, title=title),
        "withheld": [p["e"] for p in result["event_study"] if p["coef"] is None],
    }


@page
@require_GET
def impact(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(can_estimate_impact(actor), _("Only the Pemda's admin and leaders estimate the impact of training."))
    form = _form(actor, request.GET if request.GET else None)
    context: dict[str, Any] = {"form": form, "run": None, "answer": None}
    status = 200
    if form.is_bound:
        query = _query(form)
        if query is None:
            status = 422
        else:
            run = selectors.impact_run_current(actor, query)
            context.update(query=query, run=run, answer=_answer(run), query_string=request.GET.urlencode())
    return page_or_partial(
        request, page="analytics/impact.html", partial="analytics/partials/_impact_answer.html", context=context,
        status=status,
    )  # fmt: skip


@page
@require_POST
def impact_run(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(can_estimate_impact(actor), _("Only the Pemda's admin and leaders estimate the impact of training."))
    form = _form(actor, request.POST)
    query = _query(form)
    if query is None:
        return page_or_partial(
            request, page="analytics/impact.html", partial="analytics/partials/_impact_answer.html",
            context={"form": form, "run": None, "answer": None}, status=422,
        )  # fmt: skip
    services.impact_run_request(actor=actor, query=query)
    params = [(name, value) for name in FIELDS for value in request.POST.getlist(name)]
    return redirect(f"{reverse('analytics:impact')}?{urlencode(params)}")


@page
@require_GET
def unit_chain(request: AuthedRequest) -> HttpResponse:
    """The chain of one kelurahan: trained staff, service times, queue, IKM, complaints, the estimates."""
    from bina.analytics import chain
    from bina.analytics.forms import ChainForm
    from bina.people.access import org_units_in_reach
    from bina.people.models import OrgUnitKind

    actor = request.actor
    require(can_estimate_impact(actor), _("Only the Pemda's admin and leaders estimate the impact of training."))
    units = [
        (u.code, u.name)
        for u in org_units_in_reach(actor).filter(kind=OrgUnitKind.KELURAHAN).order_by("name").only("code", "name")
    ]
    services_ = [(s.code, f"{s.code} – {s.name}") for s in service_type_list(actor, active_only=True)]
    courses = completed_course_choices(actor)
    start, end = chain.default_months(timezone.localdate())
    initial = {
        "unit": "",
        "service": services_[0][0] if services_ else "",
        "training": [code for code, _label in courses],
        "start": selectors.panels.month_start(start).strftime("%Y-%m"),
        "end": selectors.panels.month_start(end).strftime("%Y-%m"),
    }
    if units and courses:
        initial["unit"] = chain.default_unit_code(
            actor, codes=[code for code, _name in units], trainings=tuple(initial["training"]), start=start, end=end
        )
    form = ChainForm(request.GET or None, units=units, services=services_, courses=courses, initial=initial)
    data = None
    status = 200
    if form.is_bound and not form.is_valid():
        status = 422
    else:
        values: dict[str, Any] = form.cleaned_data if form.is_bound else initial
        try:
            start, end = selectors.period_parse(start=values["start"], end=values["end"])
        except ValidationFailed as exc:
            if form.is_bound:
                for detail in exc.details:
                    form.add_error(None, str(detail.get("message", "")))
                status = 422
            # Unbound: nothing to show yet (no service, kelurahan or completed course in the reach).
        else:
            if values["unit"] and values["service"] and values["training"]:
                data = chain.unit_chain(
                    actor, unit_code=values["unit"], service_code=values["service"],
                    trainings=tuple(values["training"]), start=start, end=end,
                )  # fmt: skip
    return page_or_partial(
        request, page="analytics/chain.html", partial="analytics/chain.html", context={"form": form, "chain": data},
        status=status,
    )  # fmt: skip


@page
@require_GET
def monthly_report(request: AuthedRequest) -> HttpResponseBase:
    """The one-page monthly report as a PDF (`?month=YYYY-MM`, default last month)."""
    from bina.analytics import monthly
    from bina.reports.responses import download_response

    actor = request.actor
    require(can_estimate_impact(actor), _("Only the Pemda's admin and leaders read the monthly report."))
    raw = request.GET.get("month") or selectors.panels.month_start(
        selectors.panels.month_index(timezone.localdate()) - 1
    ).strftime("%Y-%m")
    month, _same = selectors.period_parse(start=raw, end=raw)
    summary = monthly.monthly_summary(actor, month=month)
    pdf = monthly.monthly_report_pdf(summary, pemda_id=actor.pemda_id or 0)
    return download_response(pdf, filename=f"laporan-bulanan-{raw}", fmt="pdf")


@page
@require_POST
def monthly_subscribe(request: AuthedRequest) -> HttpResponse:
    from bina.analytics import monthly

    monthly.monthly_report_subscribe(actor=request.actor, on=request.POST.get("on") == "1")
    return redirect(reverse("shell:home"))


def _statements_file(statements: list[dict[str, Any]], filename: str) -> HttpResponseBase:
    body = json.dumps({"statements": statements, "more": ""}, ensure_ascii=False, indent=1)
    response = download_response(body.encode(), filename=filename, fmt="json")
    response["X-Experience-API-Version"] = xapi.XAPI_VERSION
    return response


@page
@require_GET
def xapi_mine(request: AuthedRequest) -> HttpResponseBase:
    """My learner records as xAPI statements (JSON), for my own LRS or e-portfolio."""
    actor = request.actor
    require(can_export_own_records(actor), _("Only a participant has learner records to download."))
    result = selectors.learner_statements(actor, mine=True)
    return _statements_file(result.statements, "xapi-catatan-belajar")


@page
@require_GET
def xapi_class(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """A class's learner records as xAPI statements (JSON), for the Pemda's LRS: the admin only."""
    actor = request.actor
    klass = get_class_for_user(actor, pk)
    require(can_export_class_records(actor), _("Only the admin exports a class's learner records."))
    result = selectors.learner_statements(actor, class_id=klass.pk)
    return _statements_file(result.statements, f"xapi-{klass.code}")
