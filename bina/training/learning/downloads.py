"""File downloads shared by the pages and the API: training's registered reports (`bina.training.learning.exports`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse

from bina.core.actor import Actor
from bina.reports.registry import report_download, report_response


def riwayat_download(actor: Actor, *, year: int, unit: Any, fmt: str) -> HttpResponseBase:
    """The SIASN file itself (CSV streamed, or XLSX); the rows check the permission and log the export."""
    return report_response("training.riwayat_diklat", actor=actor, fmt=fmt, params={"year": year, "unit": unit})


def participants_response(actor: Actor, pk: int, fmt: str) -> HttpResponseBase:
    return report_response("training.class_participants", actor=actor, fmt=fmt, params={"class_id": pk})


def compliance_download(actor: Actor, *, year: int, unit: Any, fmt: str = "csv") -> HttpResponseBase:
    return report_response("training.jp_compliance", actor=actor, fmt=fmt, params={"year": year, "unit": unit})


def below_target_download(actor: Actor, *, year: int, unit: Any, fmt: str) -> HttpResponseBase:
    """The below-target list as a file (XLSX or CSV; another format answers 422)."""
    return report_response("training.below_target", actor=actor, fmt=fmt, params={"year": year, "unit": unit})


def participants_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The participants page's buttons: the file, or back to the page saying there is no one to list."""
    back = reverse("training:class_participants", args=[pk])
    return report_download(request, "training.class_participants", fmt=fmt, back=back, params={"class_id": pk})


def attendance_sheet_download(request: HttpRequest, pk: int, session_id: int | None) -> HttpResponseBase:
    back = reverse("training:class_participants", args=[pk])
    params = {"class_id": pk, "session_id": session_id}
    return report_download(request, "training.attendance_sheet", fmt="pdf", back=back, params=params)


def compliance_page_download(request: HttpRequest, *, year: int, unit: Any, fmt: str) -> HttpResponseBase:
    query = f"?year={year}" + (f"&unit={unit.code}" if unit is not None else "")
    back = reverse("training:compliance") + query
    return report_download(request, "training.jp_compliance", fmt=fmt, back=back, params={"year": year, "unit": unit})


def annual_page_download(request: HttpRequest, *, year: int, fmt: str) -> HttpResponseBase:
    back = reverse("training:compliance") + f"?year={year}"
    return report_download(request, "training.annual_development", fmt=fmt, back=back, params={"year": year})
