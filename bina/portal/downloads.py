"""Open-data files of the portal: one aggregate table as CSV (UTF-8 with BOM) or XLSX, via `bina.reports`."""

from __future__ import annotations

from django.http.response import HttpResponseBase

from bina.portal.selectors import Table
from bina.reports.formats import csv_stream, xlsx_bytes
from bina.reports.responses import download_response


def table_response(table: Table, *, fmt: str, pemda_slug: str) -> HttpResponseBase:
    name = f"{pemda_slug}-{table.key}"
    if fmt == "csv":
        return download_response(csv_stream(table.header, table.rows), filename=name, fmt="csv", personal=False)
    content = xlsx_bytes(table.header, table.rows, title=table.title[:31], text_columns=(0,))
    return download_response(content, filename=name, fmt="xlsx", personal=False)
