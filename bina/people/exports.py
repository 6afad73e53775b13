"""The people app's report: the employee list as the registry page shows it (its search and filters), in XLSX.

Registered under `people.employees` (loaded from `bina.people.registration`); the file is `bina.reports`'.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.people import access, permissions
from bina.people.models import AsnType, EmployeeStatus, PositionKind
from bina.people.selectors import EmployeeFilters, employee_search
from bina.reports.registry import Report, ReportData, register

CHUNK = 2000


def employee_columns() -> list[str]:
    return [
        _("NIP"), _("Name"), _("Unit"), _("Unit code"), _("ASN type"), _("Golongan"), _("Position"),
        _("Position kind"), _("Status"),
    ]  # fmt: skip


def _rows(actor: Actor, filters: EmployeeFilters) -> Iterator[list[Any]]:
    asn = dict(AsnType.choices)
    kinds = dict(PositionKind.choices)
    statuses = dict(EmployeeStatus.choices)
    qs = (
        employee_search(access.employees_for(actor), filters)
        .order_by("sort_name", "nip")
        .values_list("nip", "name", "unit__name", "unit__code", "asn_type", "golongan", "position_name",
                     "position_kind", "status")
    )  # fmt: skip
    for nip, name, unit, code, asn_type, golongan, position, kind, status in qs.iterator(chunk_size=CHUNK):
        yield [
            nip, name, unit, code, str(asn.get(asn_type, asn_type)), golongan, position,
            str(kinds.get(kind, kind)) if kind else "", str(statuses.get(status, status)),
        ]  # fmt: skip


def _build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    """The employees the actor may read (`access.employees_for`), filtered as on the page; the export of
    personal data is logged before the first row (UU 27/2022 PDP)."""
    filters: EmployeeFilters = params.get("filters") or EmployeeFilters()
    audit_record(
        action="people.export_employees",
        actor=actor,
        detail={
            "format": params["format"],
            "search": filters.search[:100],
            "unit": filters.unit.code if filters.unit is not None else None,
            "asn_type": filters.asn_type,
            "golongan": filters.golongan,
            "position_kind": filters.position_kind,
            "status": filters.status,
        },
    )
    return ReportData(rows=_rows(actor, filters), filename="employees", title=_("Employees"))


EMPLOYEES = register(
    Report(
        key="people.employees",
        title=lambda: _("Employees"),
        columns=employee_columns,
        build=_build,
        formats=("xlsx",),
        permission=permissions.can_list_employees,
        denied_message=lambda: _("Your role does not include the employee registry."),
        text_columns=(0, 3),
        empty_message=lambda: _("No employee matches these filters: there is nothing to export."),
    )
)
