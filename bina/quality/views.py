"""Catalogue and holiday pages: every member of the Pemda reads them, its admin edits them. Thin:
reads through `selectors`/`access`, rules in `services`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.core.confirm import Confirmation, confirm_page, is_confirmed
from bina.core.dates import format_date
from bina.core.errors import ValidationFailed
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.views import form_page as _form_page
from bina.core.views import page, require
from bina.quality import access, figures, selectors, services
from bina.quality.forms import HolidayForm, ServiceTypeForm
from bina.quality.holidays_data import SOURCES
from bina.quality.models import Holiday, ServiceType
from bina.quality.permissions import can_manage_catalogue, can_open_service_figures, can_read_catalogue
from bina.reports.registry import report_download


def _reader(request: AuthedRequest) -> Any:
    actor = request.actor
    require(can_read_catalogue(actor), _("The service catalogue belongs to a Pemda; your account has none."))
    return actor


def _manager(request: AuthedRequest) -> Any:
    actor = _reader(request)
    require(can_manage_catalogue(actor), _("Only the BKPSDM admin can change the service catalogue."))
    return actor


@page
def service_type_list(request: AuthedRequest) -> HttpResponse:
    actor = _reader(request)
    context = {"services": list(selectors.service_type_list(actor)), "can_manage": can_manage_catalogue(actor)}
    return render(request, "quality/service_type_list.html", context)


def _service_form(request: AuthedRequest, service: ServiceType | None) -> HttpResponse:
    actor = _manager(request)
    initial = None
    if service is not None:
        initial = {f: getattr(service, f) for f in services.SERVICE_TYPE_FIELDS}
    form = ServiceTypeForm(request.POST or None, initial=initial, editing=service is not None)

    def save(form: ServiceTypeForm) -> ServiceType:
        if service is None:
            return services.service_type_create(actor=actor, data=form.cleaned_data)
        return services.service_type_update(actor=actor, service=service, data=form.cleaned_data)

    return _form_page(
        request,
        form,
        save=save,
        success=lambda saved: _("%(code)s was saved.") % {"code": saved.code},
        done=lambda saved: redirect("quality:service_types"),
        template="quality/service_type_form.html",
        context={"service": service},
    )


@page
@require_http_methods(["GET", "POST"])
def service_type_create(request: AuthedRequest) -> HttpResponse:
    return _service_form(request, None)


@page
@require_http_methods(["GET", "POST"])
def service_type_edit(request: AuthedRequest, code: str) -> HttpResponse:
    actor = _manager(request)
    return _service_form(request, access.get_service_type_for_user(actor, code))


def _year(request: AuthedRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return selectors.default_year()


@page
def holiday_list(request: AuthedRequest) -> HttpResponse:
    actor = _reader(request)
    year = _year(request)
    context = {
        "calendar": selectors.holiday_year(actor, year),
        "source": selectors.holiday_source(year),
        "has_defaults": year in SOURCES,
        "can_manage": can_manage_catalogue(actor),
    }
    return render(request, "quality/holiday_list.html", context)


def _holiday_form(request: AuthedRequest, holiday: Holiday | None) -> HttpResponse:
    actor = _manager(request)
    initial = {f: getattr(holiday, f) for f in services.HOLIDAY_FIELDS} if holiday else None
    form = HolidayForm(request.POST or None, initial=initial)

    def save(form: HolidayForm) -> Holiday:
        if holiday is None:
            return services.holiday_create(actor=actor, data=form.cleaned_data)
        return services.holiday_update(actor=actor, holiday=holiday, data=form.cleaned_data)

    return _form_page(
        request,
        form,
        save=save,
        success=lambda saved: _("%(date)s was saved.") % {"date": format_date(saved.date)},
        done=lambda saved: redirect(f"{reverse('quality:holidays')}?year={saved.date.year}"),
        template="quality/holiday_form.html",
        context={"holiday": holiday},
    )


@page
@require_http_methods(["GET", "POST"])
def holiday_create(request: AuthedRequest) -> HttpResponse:
    return _holiday_form(request, None)


@page
@require_http_methods(["GET", "POST"])
def holiday_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    return _holiday_form(request, access.get_holiday_for_user(actor, pk))


@page
@require_POST
def holiday_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    holiday = access.get_holiday_for_user(actor, pk)
    back = f"{reverse('quality:holidays')}?year={holiday.date.year}"
    if not is_confirmed(request):
        confirmation = Confirmation(
            title=_("Delete a holiday"),
            consequence=_("%(date)s (%(name)s) becomes a working day: SLA due dates of this Pemda count it again.")
            % {"date": format_date(holiday.date), "name": holiday.description},
            people=_("Every service record and complaint of the Pemda is measured with this calendar."),
            button=_("Delete"),
        )
        return confirm_page(request, confirmation, back_url=back)
    services.holiday_delete(actor=actor, holiday=holiday)
    action_notice(request, _("%(date)s was deleted from the calendar.") % {"date": format_date(holiday.date)})
    return redirect(back)


# --- service figures (issue 10 §2 "Pages") -------------------------------------------------------


def _period(request: AuthedRequest) -> tuple[dt.date, dt.date]:
    start, end = figures.default_period()
    try:
        start = dt.date.fromisoformat(request.GET.get("from", "")[:10]) if request.GET.get("from") else start
        end = dt.date.fromisoformat(request.GET.get("to", "")[:10]) if request.GET.get("to") else end
    except ValueError:
        raise ValidationFailed(_("Write the period's dates as yyyy-mm-dd.")) from None
    return start, end


def _figure_params(request: AuthedRequest) -> dict[str, Any]:
    start, end = _period(request)
    return {
        "unit": request.GET.get("unit", "").strip()[:32],
        "service": request.GET.get("service", "").strip()[:32],
        "start": start,
        "end": end,
    }


@page
def service_figures(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(can_open_service_figures(actor), _("Your role does not read service figures."))
    params = _figure_params(request)
    data = figures.service_figures(
        actor,
        unit_code=params["unit"] or None,
        service_code=params["service"] or None,
        start=params["start"],
        end=params["end"],
    )
    hours, queue_rows = figures.queue_table(data.queue)
    context = {"f": data, "params": params, "hours": hours, "queue_rows": queue_rows, "query": request.GET.urlencode()}
    return render(request, "quality/figures.html", context)


def _figures_download(request: AuthedRequest, fmt: str) -> HttpResponseBase:
    params = _figure_params(request)
    back = f"{reverse('quality:figures')}?{request.GET.urlencode()}"
    return report_download(request, "quality.service_figures", fmt=fmt, back=back, params=params)


@page
def service_figures_xlsx(request: AuthedRequest) -> HttpResponseBase:
    return _figures_download(request, "xlsx")


@page
def service_figures_pdf(request: AuthedRequest) -> HttpResponseBase:
    return _figures_download(request, "pdf")
