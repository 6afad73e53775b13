"""The catalogue's import kinds: service types (`kode,nama,sla_menit,sla_hari_kerja`) and holidays
(`tanggal,keterangan`), docs/imports.md.

Both are small (tens of rows), so rows are held in memory and written through the catalogue services
(`service_type_create/update`, `holiday_create/update`), which hold the rules and audit each change.
A file is all or nothing (one transaction) unless `--partial`; importing it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.errors import BinaError
from bina.imports import columns as c
from bina.imports.columns import Column
from bina.imports.common import Run
from bina.imports.reader import is_blank
from bina.quality import access, permissions, services
from bina.quality.models import HolidayKind

SERVICE_TYPE_COLUMNS = (
    Column("kode", True, ("code", "kode_layanan")),
    Column("nama", True, ("name", "nama_layanan")),
    Column("sla_menit", False, ("sla_minutes", "menit")),
    Column("sla_hari_kerja", False, ("sla_working_days", "hari_kerja")),
)
HOLIDAY_COLUMNS = (
    Column("tanggal", True, ("date",)),
    Column("keterangan", True, ("description", "nama")),
)


def _sla_cell(run: Run, cells: Any, row_no: int, column: str, maximum: int) -> tuple[int | None, bool]:
    """(value, ok) for an SLA cell: blank is None; else a whole number 1..maximum."""
    raw = c.text(run.cell(cells, column))
    if not raw:
        return None, True
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        run.error(
            row_no,
            column,
            c.display(run.cell(cells, column)),
            _("Write a whole number from 1 to %(max)d.") % {"max": maximum},
        )
        return None, False
    return int(raw), True


@dataclass
class ServiceRow:
    row: int
    code: str
    data: dict[str, Any]


def import_service_types(run: Run) -> None:
    if "sla_menit" not in run.columns and "sla_hari_kerja" not in run.columns:
        run.error(None, "sla_menit", "", _("The file needs a column sla_menit or sla_hari_kerja (or both)."), "column")
        return
    stored = {s.code: s for s in access.service_types_for(run.actor)}
    rows: list[ServiceRow] = []
    seen: dict[str, int] = {}
    for row_no, cells in run.table.rows():
        if is_blank(cells):
            continue
        run.report.total_rows += 1
        ok = True
        raw_code = c.text(run.cell(cells, "kode"))
        code = ""
        try:
            code = services.service_code_clean(raw_code)
        except BinaError as exc:
            run.error(row_no, "kode", raw_code, str(exc.message), "required" if not raw_code else "invalid")
            ok = False
        try:
            name = c.limited(run.cell(cells, "nama"), 200)
        except c.CellError as exc:
            run.error(row_no, "nama", c.display(run.cell(cells, "nama")), exc.reason)
            ok = False
        else:
            if not name:
                run.error(row_no, "nama", "", _("The service name is required."), "required")
                ok = False
        minutes, ok_m = _sla_cell(run, cells, row_no, "sla_menit", services.SLA_MINUTES_MAX)
        days, ok_d = _sla_cell(run, cells, row_no, "sla_hari_kerja", services.SLA_WORKING_DAYS_MAX)
        if ok_m and ok_d and (minutes is None) == (days is None):
            run.error(
                row_no,
                "sla_menit" if minutes is not None or "sla_hari_kerja" not in run.columns else "sla_hari_kerja",
                f"{minutes or ''}/{days or ''}",
                _("Fill in exactly one of sla_menit (a counter service) and sla_hari_kerja (a document)."),
                "one_sla",
            )
            ok = False
        ok = ok and ok_m and ok_d
        if code and code in seen:
            run.error(
                row_no,
                "kode",
                code,
                _("Service %(code)s also appears in row %(row)d; each service must appear once.")
                % {"code": code, "row": seen[code]},
                "duplicate",
            )
            ok = False
        elif code:
            seen[code] = row_no
        if ok:
            data = {"name": name, "sla_minutes": minutes, "sla_working_days": days}
            rows.append(ServiceRow(row_no, code, data))
    plan: list[tuple[ServiceRow, str]] = []
    for item in rows:
        service = stored.get(item.code)
        if service is None:
            plan.append((item, "create"))
        elif (service.name, service.sla_minutes, service.sla_working_days) != (
            item.data["name"],
            item.data["sla_minutes"],
            item.data["sla_working_days"],
        ):
            plan.append((item, "update"))
        else:
            run.report.unchanged += 1
    run.report.created = sum(1 for _item, how in plan if how == "create")
    run.report.updated = sum(1 for _item, how in plan if how == "update")
    if not run.will_write:
        return
    with transaction.atomic():
        for item, how in plan:
            if how == "create":
                services.service_type_create(
                    actor=run.actor, data={"code": item.code, **item.data, "sla_source": _("imported")}
                )
            else:
                services.service_type_update(actor=run.actor, service=stored[item.code], data=item.data)
    run.report.written = True
    run.audit_detail["codes"] = [item.code for item, _how in plan]


def import_holidays(run: Run) -> None:
    stored = {h.date: h for h in access.holidays_for(run.actor)}
    rows: list[tuple[int, dt.date, str]] = []
    seen: dict[dt.date, int] = {}
    for row_no, cells in run.table.rows():
        if is_blank(cells):
            continue
        run.report.total_rows += 1
        ok = True
        day: dt.date | None = None
        try:
            day = c.parse_date(run.cell(cells, "tanggal"))
        except c.CellError as exc:
            run.error(row_no, "tanggal", c.display(run.cell(cells, "tanggal")), exc.reason)
            ok = False
        else:
            if day is None:
                run.error(row_no, "tanggal", "", _("The date is required."), "required")
                ok = False
            elif day.year not in services.HOLIDAY_YEARS:
                run.error(row_no, "tanggal", day.isoformat(), _("The date is outside the years 2000-2100."), "invalid")
                ok = False
        try:
            description = c.limited(run.cell(cells, "keterangan"), 200)
        except c.CellError as exc:
            run.error(row_no, "keterangan", c.display(run.cell(cells, "keterangan")), exc.reason)
            ok = False
        else:
            if not description:
                run.error(row_no, "keterangan", "", _("The description is required."), "required")
                ok = False
        if day is not None and day in seen:
            run.error(
                row_no,
                "tanggal",
                day.isoformat(),
                _("This date also appears in row %(row)d; each date must appear once.") % {"row": seen[day]},
                "duplicate",
            )
            ok = False
        elif day is not None:
            seen[day] = row_no
        if ok and day is not None:
            rows.append((row_no, day, description))
    plan: list[tuple[dt.date, str, str]] = []
    for _row, day, description in rows:
        holiday = stored.get(day)
        if holiday is None:
            plan.append((day, description, "create"))
        elif holiday.description != description:
            plan.append((day, description, "update"))
        else:
            run.report.unchanged += 1
    run.report.created = sum(1 for *_rest, how in plan if how == "create")
    run.report.updated = sum(1 for *_rest, how in plan if how == "update")
    if not run.will_write:
        return
    with transaction.atomic():
        for day, description, how in plan:
            if how == "create":
                # A file's day off is the Pemda's own unless it says otherwise: edit the kind on the page.
                services.holiday_create(
                    actor=run.actor,
                    data={"date": day, "description": description, "kind": HolidayKind.LOCAL.value},
                )
            else:
                services.holiday_update(actor=run.actor, holiday=stored[day], data={"description": description})
    run.report.written = True
    run.audit_detail["dates"] = [day.isoformat() for day, *_rest in plan]


def register_kinds() -> None:
    from bina.imports.registry import ImportKind, register_import_kind

    denied = gettext_lazy("Only the BKPSDM admin can change the service catalogue.")
    register_import_kind(
        ImportKind(
            name="service_types",
            label=gettext_lazy("Service types"),
            columns=SERVICE_TYPE_COLUMNS,
            importer=import_service_types,
            can_import=permissions.can_manage_catalogue,
            denied_message=denied,
            template="service_types.csv",
            description="Import service types with their SLA from an Excel/CSV file",
        )
    )
    register_import_kind(
        ImportKind(
            name="holidays",
            label=gettext_lazy("Holidays"),
            columns=HOLIDAY_COLUMNS,
            importer=import_holidays,
            can_import=permissions.can_manage_catalogue,
            denied_message=denied,
            template="holidays.csv",
            description="Import the holiday calendar (dates and descriptions) from an Excel/CSV file",
        )
    )
