"""Staff SKM pages: results per unit and period (with trend and downloads), campaigns, the poster, settings."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.core.confirm import confirm_page, is_confirmed
from bina.core.emblem import letterhead_for
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.views import FORM_ERRORS, form_page, page, require
from bina.reports.registry import report_download
from bina.reports.responses import download_response
from bina.skm import access, permissions, poster, selectors, services
from bina.skm.forms import CampaignForm, ResultsFilterForm, SettingForm
from bina.skm.reports import KEY
from bina.skm.workflows import CAMPAIGN_WORKFLOW
from bina.surveys.models import CampaignStatus


def _services(request: AuthedRequest) -> list[tuple[str, str]]:
    return [(s.code, s.name) for s in access.skm_services_for(request.actor).filter(is_active=True)]


@page
def results(request: AuthedRequest) -> HttpResponseBase:
    """`/skm/?unit=&start=&end=&service=[&format=xlsx|pdf]`: a unit's SKM, its trend, the report files."""
    actor = request.actor
    require(permissions.can_read_skm(actor), _("Your role does not show SKM results."))
    form = ResultsFilterForm(
        request.GET,
        units=access.skm_units_for(actor),
        services=_services(request),
        today=timezone.localdate(),
        default_unit=None if request.GET.get("unit") else selectors.skm_default_unit_code(actor),
    )
    context: dict[str, object] = {"form": form, "can_settings": permissions.can_change_skm_settings(actor)}
    if not form.is_valid():
        return render(request, "skm/results.html", context, status=422 if request.GET else 200)
    unit, start, end = form.cleaned_data["unit"], form.cleaned_data["start"], form.cleaned_data["end"]
    service = form.cleaned_data.get("service") or ""
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx", "pdf"):
        params = {"unit": unit.code, "from": start, "to": end, "service": service}
        return report_download(request, KEY, fmt=fmt, back=request.path + "?" + _without_format(request), params=params)
    found = selectors.skm_results(actor, unit_code=unit.code, start=start, end=end, service_code=service)
    trend = selectors.skm_trend(actor, unit_code=unit.code, start=dt.date(end.year - 2, 1, 1), end=end, per="semester")
    context.update(
        results=found,
        trend=trend,
        trend_chart=selectors.trend_chart(trend, unit.name),
        query=_without_format(request),
        min_respondents=selectors.MIN_RESPONDENTS,
        poster_url=reverse("skm:poster", kwargs={"unit_code": unit.code}),
    )
    return render(request, "skm/results.html", context)


def _without_format(request: AuthedRequest) -> str:
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()


@page
@require_http_methods(["GET", "POST"])
def campaigns(request: AuthedRequest) -> HttpResponse:
    """`/skm/kampanye/`: the campaigns in reach; admins and operators start one."""
    actor = request.actor
    require(permissions.can_read_skm(actor), _("Your role does not show SKM campaigns."))
    can_run = permissions.can_run_campaigns(actor)
    items = list(selectors.campaign_list(actor)[:200])
    context = {"campaigns": items, "can_run": can_run}
    if not can_run:
        require(request.method == "GET", _("Your role cannot start a survey campaign."))
        return render(request, "skm/campaigns.html", context)
    form = CampaignForm(
        request.POST if request.method == "POST" else None,
        units=access.skm_units_for(actor, write=True),
        services=_services(request),
    )

    def save(f: CampaignForm) -> object:
        code = f.cleaned_data.get("service") or ""
        service = access.skm_services_for(actor).filter(code=code).first() if code else None
        return services.skm_campaign_create(
            actor=actor,
            unit=f.cleaned_data["unit"],
            service=service,
            name=f.cleaned_data.get("name") or "",
            start=f.cleaned_data["start"],
            end=f.cleaned_data["end"],
            expected=f.cleaned_data.get("expected"),
        )

    return form_page(
        request,
        form,
        save=save,
        success=lambda c: (
            _("The survey campaign is planned; open it when its period begins.")
            if c.status == CampaignStatus.PLANNED
            else _("The survey campaign was started.")
        ),
        done=lambda c: redirect("skm:campaign", pk=c.pk),
        template="skm/campaigns.html",
        context=context,
    )


@page
def campaign(request: AuthedRequest, pk: int) -> HttpResponse:
    """`/skm/kampanye/<pk>/`: progress toward the minimum sample, and the lifecycle actions allowed now."""
    actor = request.actor
    require(permissions.can_read_skm(actor), _("Your role does not show SKM campaigns."))
    found = access.get_campaign_for_user(actor, pk)
    progress = selectors.campaign_progress(actor, found)
    return render(
        request,
        "skm/campaign.html",
        {"campaign": found, "progress": progress, "results": progress.results, "actions": progress.actions,
         "min_respondents": selectors.MIN_RESPONDENTS},
    )  # fmt: skip


@page
@require_POST
def campaign_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One action of `CAMPAIGN_WORKFLOW` (`skm:campaign_<action>`); a refusal is told on the campaign page."""
    actor = request.actor
    found = access.get_campaign_for_user(actor, pk, write=True)
    back = reverse("skm:campaign", args=[pk])
    if CAMPAIGN_WORKFLOW.transition(action).confirm and not is_confirmed(request):
        CAMPAIGN_WORKFLOW.check(action, found, actor)  # a refused action says so now, not after the confirmation
        return confirm_page(request, selectors.campaign_cancel_confirmation(found), back_url=back)
    try:
        done = services.skm_campaign_act(actor=actor, campaign=found, action=action)
    except FORM_ERRORS as exc:
        action_notice(request, str(exc.message), level="error")
    else:
        action_notice(
            request,
            _("The survey campaign is now: %(status)s.") % {"status": done.get_status_display()},
            level="warning" if action == "cancel" else "success",
        )
    return redirect(back)


@page
def poster_download(request: AuthedRequest, unit_code: str) -> HttpResponseBase:
    """`/skm/poster/<unit>/[?layanan=KODE]`: the counter poster (PDF) with the QR code of the public form."""
    actor = request.actor
    require(permissions.can_run_campaigns(actor), _("Admins and operators print SKM posters."))
    unit = access.get_skm_unit_for_user(actor, unit_code, write=True)
    code = str(request.GET.get("layanan", ""))[:32]
    service = access.skm_services_for(actor).filter(code=code).first() if code else None
    assert actor.pemda_id is not None
    pdf = poster.poster_pdf(
        pemda_slug=unit.pemda.slug,
        unit=unit,
        letterhead=letterhead_for(actor.pemda_id),
        service_code=service.code if service else "",
        service_name=service.name if service else "",
    )
    return download_response(pdf, filename=f"poster-skm-{unit.code}", fmt="pdf", personal=False)


@page
@require_http_methods(["GET", "POST"])
def settings_page(request: AuthedRequest) -> HttpResponse:
    """`/skm/pengaturan/`: the weight (exactly 1/9, or 0,111 as printed); the admin's."""
    actor = request.actor
    require(permissions.can_change_skm_settings(actor), _("Only the BKPSDM admin changes the SKM settings."))
    assert actor.pemda_id is not None
    form = SettingForm(
        request.POST if request.method == "POST" else None, initial={"weight": access.skm_weight_of(actor.pemda_id)}
    )
    return form_page(
        request,
        form,
        save=lambda f: services.skm_setting_update(actor=actor, weight=f.cleaned_data["weight"]),
        success=_("The SKM settings were saved."),
        done=lambda _s: redirect("skm:settings"),
        template="skm/settings.html",
    )
