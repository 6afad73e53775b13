"""The LAPOR! import kind: complaints a Pemda received through SP4N-LAPOR! (lapor.go.id), from an export.

No official export schema is published: the columns are Bina's own (docs/imports.md), with the aliases the
LAPOR! admin pages' spreadsheets use. The key is the LAPOR! tracking number: importing a file again changes
nothing, a changed row updates the words (never the stage, which Bina's workflow owns).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.complaints import access, permissions
from bina.complaints.models import Category
from bina.complaints.services import ComplaintInput, complaint_import, pemda_zone
from bina.core.errors import BinaError
from bina.imports.columns import CellError, Column, limited, parse_date, text
from bina.imports.common import Run
from bina.imports.reader import is_blank
from bina.people.access import org_units_for
from bina.quality.access import service_types_for

COLUMNS = (
    Column("nomor_laporan", True, ("no_laporan", "tracking_id", "id_laporan", "nomor_tracking")),
    Column("tanggal_laporan", True, ("tanggal", "tanggal_masuk", "waktu_laporan")),
    Column("isi_laporan", True, ("isi", "uraian", "laporan")),
    Column("kategori", False, ("jenis_laporan", "tipe")),
    Column("kode_unit", False, ("unit",)),
    Column("kode_layanan", False, ("layanan",)),
    Column("nomor_tiket", False, ()),
    Column("nama_pelapor", False, ("nama",)),
    Column("kontak_pelapor", False, ("kontak", "email", "telepon")),
)
CATEGORIES = {
    "pengaduan": Category.PENGADUAN,
    "aspirasi": Category.ASPIRASI,
    "permintaan informasi": Category.INFORMASI,
    "informasi": Category.INFORMASI,
}
_TIME = re.compile(r"^(.+?)[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")


def parse_moment(cell: Any, zone: Any) -> dt.datetime | None:
    """`2026-03-02 09:15`, `02/03/2026 09.15`, or a date alone (taken as 08:00, the opening of the offices)."""
    if isinstance(cell, dt.datetime):
        return cell.replace(tzinfo=zone) if cell.tzinfo is None else cell
    value = text(cell)
    moment = dt.time(8, 0)
    match = _TIME.match(value) if value else None
    if match:
        value = match.group(1)
        moment = dt.time(int(match.group(2)), int(match.group(3)), int(match.group(4) or 0))
    day = parse_date(value if match else cell)
    return dt.datetime.combine(day, moment, tzinfo=zone) if day else None


def import_lapor(run: Run) -> None:
    actor = run.actor
    zone = pemda_zone(run.pemda.pk)
    units = set(org_units_for(actor).values_list("code", flat=True))
    service_codes = set(service_types_for(actor).values_list("code", flat=True))
    now = timezone.now()
    rows: list[tuple[int, ComplaintInput]] = []
    seen: set[str] = set()
    bad_rows: set[int] = set()
    for row_no, cells in run.table.rows():
        if is_blank(cells):
            continue

        def fail(column: str, value: Any, reason: str, code: str = "invalid", row_no: int = row_no) -> None:
            run.error(row_no, column, value, reason, code)
            bad_rows.add(row_no)

        lapor_id = limited(run.cell(cells, "nomor_laporan"), 40)
        if not lapor_id:
            fail("nomor_laporan", "", _("The LAPOR! tracking number is required."), "required")
        elif lapor_id in seen:
            fail("nomor_laporan", lapor_id, _("This tracking number appears twice in the file."), "duplicate")
        seen.add(lapor_id)
        try:
            received = parse_moment(run.cell(cells, "tanggal_laporan"), zone)
        except CellError as exc:
            fail("tanggal_laporan", text(run.cell(cells, "tanggal_laporan")), str(exc))
            received = None
        else:
            if received is None:
                fail("tanggal_laporan", "", _("The date of the report is required."), "required")
            elif received > now:
                fail("tanggal_laporan", text(run.cell(cells, "tanggal_laporan")), _("The date is in the future."))
        description = text(run.cell(cells, "isi_laporan"))
        if len(description) < 10:
            fail("isi_laporan", description, _("The report's text must have at least 10 characters."))
        category_text = text(run.cell(cells, "kategori")).lower()
        category = CATEGORIES.get(category_text, Category.PENGADUAN if not category_text else "")
        if not category:
            fail("kategori", category_text, _("Use Pengaduan, Aspirasi or Permintaan Informasi."))
        unit_code = text(run.cell(cells, "kode_unit"))
        if unit_code and unit_code not in units:
            fail("kode_unit", unit_code, _("No unit with this code in the Pemda."), "unknown_unit")
        service_code = text(run.cell(cells, "kode_layanan"))
        if service_code and service_code not in service_codes:
            fail("kode_layanan", service_code, _("No service with this code in the Pemda."), "unknown_service")
        if row_no in bad_rows:
            continue
        rows.append(
            (
                row_no,
                ComplaintInput(
                    description=description[:5000],
                    category=category,
                    unit_code=unit_code,
                    service_code=service_code,
                    ticket_number=limited(run.cell(cells, "nomor_tiket"), 40),
                    name=limited(run.cell(cells, "nama_pelapor"), 120),
                    contact=limited(run.cell(cells, "kontak_pelapor"), 120),
                    received_at=received,
                    lapor_id=lapor_id,
                ),
            )
        )
    run.report.total_rows = len(rows) + len(bad_rows)
    if not run.will_write:
        # A check-only (or refused) run counts what the valid rows would do.
        known = access.known_lapor_ids(run.pemda.pk, [d.lapor_id for _, d in rows])
        run.report.created = sum(1 for _, d in rows if d.lapor_id not in known)
        run.report.unchanged = len(rows) - run.report.created
        run.report.written = False
        return
    with transaction.atomic():
        for row_no, data in rows:
            try:
                with transaction.atomic():
                    _complaint, outcome = complaint_import(actor=actor, data=data)
            except BinaError as exc:
                run.error(row_no, "isi_laporan", "", str(exc.message))
                if not run.partial:
                    raise
                continue
            setattr(run.report, outcome, getattr(run.report, outcome) + 1)
    run.report.written = True


def register_kinds() -> None:
    from bina.imports.registry import ImportKind, register_import_kind

    register_import_kind(
        ImportKind(
            name="lapor",
            label=gettext_lazy("Complaints from LAPOR!"),
            columns=COLUMNS,
            importer=import_lapor,
            can_import=permissions.can_file_complaint,
            denied_message=gettext_lazy("Only an admin or an operator can import complaints."),
            template="lapor.csv",
            description="Complaints exported from SP4N-LAPOR! (Bina's columns; no official schema exists).",
        )
    )
