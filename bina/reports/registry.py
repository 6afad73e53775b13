"""The report registry: each app registers its reports once (key → columns, rows, formats, permission).

A report is data: its columns, a `build(actor, params)` that checks the actor's reach, logs personal-data
access where the law asks for it and returns the rows (an iterable, streamed where the format allows), and
the formats it offers. Faces (page, API, command) call `report_response` / `report_file` with a key, so
CSV/XLSX/PDF writing, file names and cache headers are decided here once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from django.contrib import messages
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.emblem import Letterhead, letterhead_for
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.reports import formats
from bina.reports.responses import download_response

FORMATS = ("csv", "xlsx", "pdf")


@dataclass(frozen=True)
class ReportData:
    """What one run of a report produced: rows (consumed once) and how to name and head the file."""

    rows: Iterable[Sequence[Any]]
    filename: str  # without the extension; made safe when sent
    title: str = ""  # the PDF title and the XLSX sheet name (the report's title when empty)
    subtitle: Sequence[str] = ()  # lines under the PDF title
    letterhead: Letterhead | None = None  # the kop surat above a PDF's title (else the actor's Pemda's)
    signatures: Sequence[str] = ()  # sign-off blocks under a PDF's table (who signs, e.g. "Penyelenggara")
    payload: Any = None  # what a report's own PDF layout (`Report.pdf_document`) draws from


class EmptyReport(ValidationFailed):
    """A request whose export would hold no row: said so instead of sending an empty file."""

    code = "empty_report"


@dataclass(frozen=True)
class Report:
    key: str  # "<app>.<name>", e.g. "training.class_participants"
    title: Callable[[], str]  # translated when called (the active language)
    columns: Callable[[], Sequence[str]]
    build: Callable[[Actor, Mapping[str, Any]], ReportData]
    formats: tuple[str, ...] = ("csv", "xlsx")
    permission: Callable[[Actor], bool] | None = None  # action check; object checks live in `build` (404)
    denied_message: Callable[[], str] = lambda: _("You may not download this report.")
    text_columns: Collection[int] = (0,)  # typed as text in XLSX (NIP, codes)
    personal: bool = True  # personal data: the response is never cached
    pdf_column_widths_mm: Sequence[float] | None = None
    pdf_landscape: bool = True
    pdf_row_height_mm: float | None = None  # a fixed height for body rows (room to sign in)
    empty_message: Callable[[], str] = lambda: _("There is nothing to export: no row matches.")
    # A report whose PDF is a document of its own (sections, charts), not one table: drawn from the
    # run's data under the same letterhead (the SKM report).
    pdf_document: Callable[[ReportData, Letterhead | None], bytes] | None = None


_REGISTRY: dict[str, Report] = {}


def register(report: Report) -> Report:
    """Add a report (called at import of the app's report module, from its `AppConfig.ready`)."""
    for fmt in report.formats:
        if fmt not in FORMATS:
            raise ValueError(f"Unknown report format {fmt!r} in {report.key}.")
    existing = _REGISTRY.get(report.key)
    if existing is not None and existing is not report:
        raise ValueError(f"Report {report.key} is registered twice.")
    _REGISTRY[report.key] = report
    return report


def get_report(key: str) -> Report:
    return _REGISTRY[key]


def registered_reports() -> list[Report]:
    return sorted(_REGISTRY.values(), key=lambda r: r.key)


def _run(report: Report, actor: Actor, fmt: str, params: Mapping[str, Any]) -> ReportData:
    if fmt not in report.formats:
        raise ValidationFailed(
            _("This report comes as %(formats)s, not %(format)s.")
            % {"formats": ", ".join(f.upper() for f in report.formats), "format": fmt.upper()}
        )
    if report.permission is not None and not report.permission(actor):
        raise PermissionDenied(report.denied_message())
    data = report.build(actor, {**params, "format": fmt})
    # Look at the first row only (big exports still stream): no row means no file, and a message.
    rows = iter(data.rows)
    first = next(rows, None)
    if first is None:
        raise EmptyReport(report.empty_message())
    return replace(data, rows=itertools.chain([first], rows))


def render(report: Report, data: ReportData, fmt: str, *, actor: Actor | None = None) -> bytes | Iterable[str]:
    """The file in `fmt`: CSV as a stream of lines, XLSX and PDF as bytes (a PDF under the letterhead of the
    actor's Pemda)."""
    columns = report.columns()
    title = data.title or report.title()
    if fmt == "csv":
        return formats.csv_stream(columns, data.rows)
    if fmt == "xlsx":
        return formats.xlsx_bytes(columns, data.rows, title=title, text_columns=report.text_columns)
    # Every PDF is headed by the kop surat: the one the report chose (its class's Pemda, an office line),
    # else the actor's Pemda's.
    letterhead = data.letterhead
    if letterhead is None and actor is not None:
        letterhead = letterhead_for(actor.pemda_id)
    if report.pdf_document is not None:
        return report.pdf_document(data, letterhead)
    return formats.pdf_table_bytes(
        title=title,
        columns=columns,
        rows=data.rows,
        subtitle=data.subtitle,
        column_widths_mm=report.pdf_column_widths_mm,
        landscape=report.pdf_landscape,
        letterhead=letterhead,
        row_height_mm=report.pdf_row_height_mm,
        signatures=data.signatures,
    )


def report_response(key: str, *, actor: Actor, fmt: str, params: Mapping[str, Any] | None = None) -> HttpResponseBase:
    """The download of report `key` for `actor` (422 for a format it lacks, 403 without the permission,
    `EmptyReport` (422) when no row matches: pages catch it and say so where the data is)."""
    report = get_report(key)
    data = _run(report, actor, fmt, params or {})
    return download_response(
        render(report, data, fmt, actor=actor), filename=data.filename, fmt=fmt, personal=report.personal
    )


def report_download(
    request: HttpRequest, key: str, *, fmt: str, back: str, params: Mapping[str, Any] | None = None
) -> HttpResponseBase:
    """A page's download button: the file, or, when it would be empty, back to `back` (the page where the
    data is shown) with a message saying there is nothing to export. Other refusals raise as usual."""
    try:
        return report_response(key, actor=request.actor, fmt=fmt, params=params)  # type: ignore[attr-defined]
    except EmptyReport as exc:
        messages.warning(request, str(exc.message))
        return redirect(back)


def report_file(key: str, *, actor: Actor, fmt: str, output: BinaryIO, params: Mapping[str, Any] | None = None) -> int:
    """Write report `key` to an open binary file (a command's `--output`); returns the number of rows."""
    report = get_report(key)
    data = _run(report, actor, fmt, params or {})
    count = 0

    def counted(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    body = render(report, replace(data, rows=counted(data.rows)), fmt, actor=actor)
    if isinstance(body, bytes):
        output.write(body)
    else:
        for chunk in body:
            output.write(chunk.encode("utf-8"))
    return count
