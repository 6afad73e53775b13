"""Exports: training history in the SIASN riwayat-diklat shape (CSV/XLSX) and class participant lists (XLSX/PDF).

SIASN columns. BKN's SIASN records a PNS's training history under "Riwayat Diklat" (diklat struktural)
and "Riwayat Kursus" (kursus/pelatihan teknis and fungsional); its upload templates carry the NIP, the
type, the name of the training, the organising institution, the certificate number, the start and end
dates, the year and the number of hours (jumlah jam). A search of the reference corpora (pages and docs,
"SIASN riwayat diklat", "riwayat kursus") found no copy of BKN's column list, so the headers below are
the names from `docs` / the domain reference and must be confirmed against the Pemda's SIASN template
before a bulk upload: NIP, Jenis Diklat, Nama Diklat, Institusi Penyelenggara, Nomor Sertifikat,
Tanggal Mulai, Tanggal Selesai, Tahun, Jumlah Jam. Dates are written dd-mm-yyyy as SIASN shows them.

NIP is always text (an 18-digit number would lose digits as a spreadsheet number). Big Pemdas stream:
rows come from `iterator(chunk_size=...)`, CSV is yielded line by line, XLSX is built in openpyxl's
write-only mode.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import PermissionDenied
from bina.people.access import employees_for
from bina.people.models import OrgUnit
from bina.training.models import (
    Enrolment,
    EnrolmentStatus,
    ExternalLearning,
    ExternalStatus,
    TrainingClass,
    TrainingType,
)
from bina.training.permissions import can_export_training_history

SIASN_COLUMNS = (
    "NIP",
    "Jenis Diklat",
    "Nama Diklat",
    "Institusi Penyelenggara",
    "Nomor Sertifikat",
    "Tanggal Mulai",
    "Tanggal Selesai",
    "Tahun",
    "Jumlah Jam",
)
CHUNK = 2000
TYPE_LABELS: dict[str, str] = {
    TrainingType.STRUKTURAL: "Struktural",
    TrainingType.FUNGSIONAL: "Fungsional",
    TrainingType.TEKNIS: "Teknis",
    TrainingType.MANAJERIAL: "Manajerial",
    TrainingType.SOSIAL_KULTURAL: "Sosial Kultural",
}


def _dmy(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _hours(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    d = Decimal(value)
    return str(int(d)) if d == d.to_integral_value() else str(d.normalize())


def riwayat_diklat_rows(actor: Actor, *, year: int, unit: OrgUnit | None = None, fmt: str = "") -> Iterator[list[str]]:
    """SIASN rows for completed classes (with the certificate number) and approved external learning.

    Scope: `can_export_training_history` (admin, operator) and the employees the actor may read. Checked
    and logged here, before the first row is produced (UU 27/2022 PDP: log access to personal data), so a
    streamed download never starts for someone who may not have it.
    """
    if not can_export_training_history(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only a BKPSDM admin or a unit operator can export training history."))
    audit_record(
        action="training.export_riwayat_diklat",
        actor=actor,
        detail={"year": year, "unit": unit.code if unit else None, "format": fmt},
    )
    return _riwayat_rows(actor, year=year, unit=unit)


def _riwayat_rows(actor: Actor, *, year: int, unit: OrgUnit | None) -> Iterator[list[str]]:
    # Rows hang off `employees_for(actor)` (Pemda and unit scope in one place), so no Pemda filter here.
    employees = employees_for(actor)
    if unit is not None:
        employees = employees.filter(unit__path__startswith=unit.path)
    employee_ids = employees.values("pk")
    enrolments = (
        Enrolment.objects.filter(
            status=EnrolmentStatus.COMPLETED,
            klass__ends_on__year=year,
            employee_id__in=employee_ids,
        )
        .order_by("employee__nip", "klass__starts_on", "pk")
        .values_list(
            "employee__nip",
            "klass__course__training_type",
            "klass__course__title",
            "klass__organiser__name",
            "certificate__issuer_name",
            "pemda__name",
            "certificate__number",
            "klass__starts_on",
            "klass__ends_on",
            "klass__course__jp",
        )
    )
    for nip, ttype, title, organiser, issuer, pemda_name, number, starts, ends, jp in enrolments.iterator(
        chunk_size=CHUNK
    ):
        yield [
            nip,
            TYPE_LABELS.get(ttype, ttype),
            title,
            organiser or issuer or pemda_name,
            number or "",
            _dmy(starts),
            _dmy(ends),
            str(ends.year),
            _hours(jp),
        ]
    external = (
        ExternalLearning.objects.filter(
            status=ExternalStatus.APPROVED, ends_on__year=year, employee_id__in=employee_ids
        )
        .order_by("employee__nip", "starts_on", "pk")
        .values_list(
            "employee__nip",
            "training_type",
            "title",
            "organiser",
            "certificate_number",
            "starts_on",
            "ends_on",
            "jp_approved",
        )
    )
    for nip, ttype, title, organiser, number, starts, ends, hours in external.iterator(chunk_size=CHUNK):
        yield [
            nip,
            TYPE_LABELS.get(ttype, ttype),
            title,
            organiser,
            number,
            _dmy(starts),
            _dmy(ends),
            str(ends.year),
            _hours(hours),
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(header: Iterable[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV for Excel: UTF-8 with a BOM so Excel reads the encoding, every value written as text."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(list(header))
    for row in rows:
        yield writer.writerow(row)


def xlsx_bytes(header: Iterable[str], rows: Iterable[list[Any]], *, title: str = "Sheet1") -> bytes:
    """XLSX in write-only mode (constant memory per row); NIPs stay strings, never numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(row)
    with tempfile.TemporaryFile() as tmp:
        workbook.save(tmp)
        tmp.seek(0)
        return tmp.read()


# --- class participant lists ----------------------------------------------------------------------


def participant_columns() -> list[str]:
    return [
        _("NIP"),
        _("Name"),
        _("Unit"),
        _("Status"),
        _("Attendance (%)"),
        _("Score"),
        _("Certificate number"),
    ]


def participant_rows(enrolments: QuerySet[Enrolment]) -> list[list[Any]]:
    """One row per enrolment; attendance and score are numbers (sortable in a spreadsheet), NIP text."""
    status_labels = dict(EnrolmentStatus.choices)
    qs = enrolments.select_related("employee", "employee__unit", "certificate").order_by("employee__name", "pk")
    rows = []
    for e in qs:
        certificate = getattr(e, "certificate", None)
        rows.append(
            [
                e.employee.nip,
                e.employee.name,
                e.employee.unit.name,
                str(status_labels.get(e.status, e.status)),
                float(e.attendance_pct) if e.attendance_pct is not None else None,
                float(e.post_test_score) if e.post_test_score is not None else None,
                certificate.number if certificate is not None else "",
            ]
        )
    return rows


def _pdf_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return _hours(Decimal(str(value)))
    return str(value)


def participants_xlsx(klass: TrainingClass, enrolments: QuerySet[Enrolment]) -> bytes:
    return xlsx_bytes(participant_columns(), participant_rows(enrolments), title=klass.code)


def participants_pdf(klass: TrainingClass, enrolments: QuerySet[Enrolment]) -> bytes:
    """A4 list with a header (class, course, dates) and a table whose header row repeats on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"{klass.code} {klass.name}",
    )
    styles = getSampleStyleSheet()
    cell_style = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    story: list[Any] = [
        Paragraph(_("Participant list"), styles["Title"]),
        Paragraph(f"{klass.course.title} — {klass.code} {klass.name}", styles["Heading3"]),
        Paragraph(
            _("Dates: %(start)s to %(end)s · JP: %(jp)s")
            % {"start": _dmy(klass.starts_on), "end": _dmy(klass.ends_on), "jp": klass.course.jp},
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
    ]
    data: list[list[Any]] = [[Paragraph(f"<b>{c}</b>", cell_style) for c in participant_columns()]]
    from xml.sax.saxutils import escape

    for row in participant_rows(enrolments):
        data.append([Paragraph(escape(_pdf_text(v)), cell_style) for v in row])
    widths = [38 * mm, 55 * mm, 60 * mm, 30 * mm, 22 * mm, 18 * mm, 50 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return buffer.getvalue()
