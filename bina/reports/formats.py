"""File formats of every report: CSV for Excel, XLSX in write-only mode, PDF tables with reportlab.

Rows are iterables, consumed once: CSV is yielded line by line (a big Pemda's export streams), XLSX is
built in openpyxl's write-only mode (constant memory per row). Text columns (NIP, codes) are written as
text cells so an 18-digit NIP never becomes a rounded spreadsheet number.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from bina.core.dates import format_date, format_datetime
from bina.core.emblem import Letterhead, letterhead_flowables
from bina.core.numbers import format_number
from bina.core.text import strip_illegal


class _Echo:
    """A file-like whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_stream(header: Iterable[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV for Excel: UTF-8 with a BOM (so Excel reads the encoding), one line per yield."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(list(header))
    for row in rows:
        yield writer.writerow(row)


def xlsx_bytes(
    header: Iterable[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "Sheet1",
    text_columns: Collection[int] = (),
) -> bytes:
    """XLSX in write-only mode; the columns in `text_columns` (0-based) are typed as text (`@`)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Sheet1")
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        # XML cannot carry control characters: text stored before they were refused must not break the file.
        row = [strip_illegal(value) if isinstance(value, str) else value for value in row]
        if not text_columns:
            sheet.append(row)
            continue
        cells: list[Any] = []
        for i, value in enumerate(row):
            if i in text_columns and value is not None:
                cell = WriteOnlyCell(sheet, value=strip_illegal(str(value)))
                cell.number_format = "@"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    with tempfile.TemporaryFile() as tmp:
        workbook.save(tmp)
        tmp.seek(0)
        return tmp.read()


def pdf_text(value: Any) -> str:
    """A cell as printed: no value is blank, numbers and dates in the reader's conventions (`92,5`, `12 Des 2026`)."""
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
        decimals = min(-exponent, 2) if isinstance(exponent, int) and exponent < 0 else 0
        return format_number(value, decimals)
    if isinstance(value, datetime.datetime):
        return format_datetime(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)


def signature_flowables(signatures: Sequence[str], width: float) -> list[Any]:
    """Sign-off blocks under a table: a caption, room to sign, a line for the name and NIP."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table

    if not signatures:
        return []
    style = ParagraphStyle("sign", fontName="Helvetica", fontSize=9, leading=12, alignment=TA_CENTER)
    cells = [
        [Paragraph(escape(caption), style), Spacer(1, 18 * mm), Paragraph("(" + "." * 48 + ")", style)]
        for caption in signatures
    ]
    return [Spacer(1, 8 * mm), Table([cells], colWidths=[width / len(cells)] * len(cells))]


def pdf_table_bytes(
    *,
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    subtitle: Sequence[str] = (),
    column_widths_mm: Sequence[float] | None = None,
    landscape: bool = True,
    before_table: Sequence[Any] = (),
    letterhead: Letterhead | None = None,
    row_height_mm: float | None = None,
    signatures: Sequence[str] = (),
) -> bytes:
    """An A4 document: the Pemda's letterhead (emblem and name), title, subtitle lines, any flowables (a
    chart drawing), then the table, whose header row repeats on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turned
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=turned(A4) if landscape else A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
    )
    styles = getSampleStyleSheet()
    cell_style = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    story: list[Any] = letterhead_flowables(letterhead, doc.width) if letterhead is not None else []
    story.append(Paragraph(escape(title), styles["Title"]))
    for i, line in enumerate(subtitle):
        story.append(Paragraph(escape(line), styles["Heading3" if i == 0 else "Normal"]))
    story.append(Spacer(1, 4 * mm))
    story.extend(before_table)
    data: list[list[Any]] = [[Paragraph(f"<b>{escape(c)}</b>", cell_style) for c in columns]]
    for row in rows:
        data.append([Paragraph(escape(pdf_text(v)), cell_style) for v in row])
    widths = [w * mm for w in column_widths_mm] if column_widths_mm else None
    heights = [None, *([row_height_mm * mm] * (len(data) - 1))] if row_height_mm else None
    table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1)
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
    story.extend(signature_flowables(signatures, doc.width))
    doc.build(story)
    return buffer.getvalue()
