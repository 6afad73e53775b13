"""The participation pages: the table per dimension and year, the people behind a cell, the downloads."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.errors import ValidationFailed
from bina.core.http import AuthedRequest
from bina.core.views import page, require
from bina.participation import selectors
from bina.participation.permissions import can_view_participation
from bina.reports.registry import report_download


def _params(request: AuthedRequest) -> dict[str, Any]:
    raw_year = request.GET.get("year", "").strip()
    if raw_year and not raw_year.isdigit():
        message = _("The year must be a number, e.g. 2026.")
        raise ValidationFailed(message, details=[{"field": "year", "message": message}])
    year = int(raw_year) if raw_year else timezone.localdate().year
    dimension = request.GET.get("dimension", "").strip() or selectors.Dimension.UNIT
    return {
        "year": selectors.check_year(year),
        "dimension": selectors.check_dimension(dimension),
        "key": request.GET.get("key", "")[:64],
    }


def _years(year: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), year}, reverse=True)


@page
def figures(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(can_view_participation(actor), _("Your role does not read the participation figures."))
    params = _params(request)
    table = selectors.participation_table(actor, year=params["year"], dimension=params["dimension"])
    context = {
        "t": table,
        "params": params,
        "dimensions": selectors.Dimension.choices,
        "years": _years(params["year"]),
        "min_cell": table.min_cell,
    }
    return render(request, "participation/figures.html", context)


@page
def people(request: AuthedRequest) -> HttpResponse:
    params = _params(request)
    data = selectors.participation_people(
        request.actor, year=params["year"], dimension=params["dimension"], cell=params["key"]
    )
    back = f"{reverse('participation:figures')}?dimension={params['dimension']}&year={params['year']}"
    return render(request, "participation/people.html", {"c": data, "back": back})


def _download(request: AuthedRequest, fmt: str) -> HttpResponseBase:
    params = _params(request)
    back = f"{reverse('participation:figures')}?{request.GET.urlencode()}"
    return report_download(
        request,
        "participation.figures",
        fmt=fmt,
        back=back,
        params={"year": params["year"], "dimension": params["dimension"]},
    )


@page
def figures_xlsx(request: AuthedRequest) -> HttpResponseBase:
    return _download(request, "xlsx")


@page
def figures_csv(request: AuthedRequest) -> HttpResponseBase:
    return _download(request, "csv")
