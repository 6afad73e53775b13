"""File downloads shared by the pages and the API (the HTTP response around an export)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from bina.training import exports
from bina.training.access import get_class_for_user
from bina.training.selectors.classes import class_participants


def riwayat_download(actor: Any, *, year: int, unit: Any, fmt: str) -> HttpResponseBase:
    """The SIASN file itself (CSV streamed, or XLSX); the rows check the permission and log the export."""
    rows = exports.riwayat_diklat_rows(actor, year=year, unit=unit, fmt=fmt)
    filename = f"riwayat-diklat-{year}"
    if fmt == "csv":
        streaming = StreamingHttpResponse(
            exports.csv_stream(exports.SIASN_COLUMNS, rows), content_type="text/csv; charset=utf-8"
        )
        streaming["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return streaming
    response = HttpResponse(
        exports.xlsx_bytes(exports.SIASN_COLUMNS, rows, title="Riwayat Diklat"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def participants_response(actor: Any, pk: int, fmt: str) -> HttpResponse:
    """The participant list as a file: the same permission and selector as the page and the API (403/404)."""
    klass = get_class_for_user(actor, pk)
    enrolments = class_participants(actor, klass)
    if fmt == "pdf":
        response = HttpResponse(exports.participants_pdf(klass, enrolments), content_type="application/pdf")
    else:
        response = HttpResponse(
            exports.participants_xlsx(klass, enrolments),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="participants-{klass.code}.{fmt}"'
    return response
