"""The SKM report (`skm.results`): the element table in CSV/XLSX, the published layout in PDF (`bina.skm.pdf`).

Faces: `skm_report --format json|xlsx|pdf` (JSON is the API's body, `SkmResults.as_json`), the results
page's download buttons. Fewer than 5 respondents: no file (`EmptyReport`), the page says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import ValidationFailed
from bina.reports.registry import Report, ReportData, register
from bina.skm import permissions
from bina.skm.index import round_half_up

KEY = "skm.results"


def _date(params: Mapping[str, Any], name: str) -> dt.date:
    value = params.get(name)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(_("Write the dates as YYYY-MM-DD.")) from None


def build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    from bina.skm.selectors import MIN_RESPONDENTS, skm_results

    results = skm_results(
        actor,
        unit_code=str(params.get("unit") or ""),
        start=_date(params, "from"),
        end=_date(params, "to"),
        service_code=str(params.get("service") or ""),
    )
    weight = results.result.weight
    rows: list[list[Any]] = []
    if results.shown:
        for i, e in enumerate(results.result.elements, start=1):
            nrr = round_half_up(e.nrr, 4) if e.nrr is not None else None
            weighted = round_half_up(e.nrr * weight.value_fraction, 4) if e.nrr is not None else None
            rows.append([f"U{i}", e.name, e.answered, e.total, nrr, weighted])
    period = f"{results.start.isoformat()} – {results.end.isoformat()}"
    return ReportData(
        rows=rows,
        filename=f"skm-{results.unit.code}-{results.start.isoformat()}-{results.end.isoformat()}",
        title=_("Satisfaction survey (SKM) results"),
        subtitle=[f"{results.unit.name} ({results.unit.code})", period]
        if results.respondents >= MIN_RESPONDENTS
        else [],
        payload=results,
    )


def _pdf(data: ReportData, letterhead: Any) -> bytes:
    from bina.skm.pdf import skm_report_pdf

    return skm_report_pdf(data.payload, letterhead)


def register_reports() -> None:
    register(
        Report(
            key=KEY,
            title=lambda: _("Satisfaction survey (SKM) results"),
            columns=lambda: [_("Element"), _("Name"), _("Respondents"), _("Sum"), _("NRR"), _("NRR × weight")],
            build=build,
            formats=("csv", "xlsx", "pdf"),
            permission=permissions.can_read_skm,
            personal=False,
            text_columns=(0, 1),
            empty_message=lambda: _("Results are shown from 5 respondents: this unit and period have fewer."),
            pdf_document=_pdf,
        )
    )
