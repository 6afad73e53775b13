"""The below-target list (issue 9.11): who in a unit has fewer than 20 JP this year, as XLSX or CSV.

The rows are `employees_below_target`'s, the page's own selector, so the file and the page cannot disagree.
Personal data (NIP, name), so the export is logged (UU 27/2022 PDP) before the first row is produced.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.reports.registry import Report, ReportData, register
from bina.training.permissions import can_view_jp_compliance

CHUNK = 2000


def below_target_columns() -> list[str]:
    return [_("NIP"), _("Name"), _("Unit"), _("ASN type"), _("Position"), _("JP this year"), _("JP to go")]


def _rows(people: Any) -> Iterator[list[Any]]:
    for e in people.iterator(chunk_size=CHUNK):
        yield [e.nip, e.name, e.unit.name, e.asn_type, e.position_name, float(e.jp), float(e.jp_missing)]


def _build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    from bina.training.learning.selectors import employees_below_target

    year, unit = params["year"], params.get("unit")
    data = employees_below_target(actor, year, unit)
    audit_record(
        action="training.export_below_target",
        actor=actor,
        detail={"year": year, "unit": unit.code if unit else None, "format": params["format"]},
    )
    suffix = f"-{unit.code}" if unit is not None else ""
    title = _("Below %(target)s JP in %(year)s") % {"target": data.target, "year": year}
    return ReportData(rows=_rows(data.people), filename=f"below-target-{year}{suffix}", title=title)


BELOW_TARGET = register(
    Report(
        key="training.below_target",
        title=lambda: _("Below the JP target"),
        columns=below_target_columns,
        build=_build,
        formats=("xlsx", "csv"),
        permission=can_view_jp_compliance,
        denied_message=lambda: _("Only admins, leaders and operators see JP compliance."),
        text_columns=(0,),
    )
)
