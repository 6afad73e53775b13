"""Reading CSV and XLSX files as a stream of rows, the way a BKPSDM really holds them.

CSV: UTF-8 (with or without BOM) or Windows-1252 (what Excel on Windows writes), comma or
semicolon (Excel in an Indonesian locale writes semicolons). The encoding is decided by checking
that the *whole* byte stream decodes as UTF-8, in chunks, so a single "é" near the end of a large
cp1252 file is not mis-decoded. Rows are never held all at once: every pass re-opens the file.

XLSX: python-calamine (fast, native); cells keep their types so dates stay dates and numbers
that should have been text (NIPs) can be recognised and refused.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.utils.translation import gettext as _

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta
Row = list[Cell]

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
_CHUNK = 1 << 20
_SAMPLE = 64 * 1024


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""

    def __init__(self, message: str, *, row: int | None = None):
        super().__init__(message)
        self.row = row


@dataclass
class Table:
    header: Row
    header_row: int
    # Each call starts a fresh pass over the data rows: (row number as the user sees it, cells).
    rows: Callable[[], Iterator[tuple[int, Row]]]
    total_estimate: int | None


def file_format(file_name: str) -> str | None:
    suffix = PurePath(file_name).suffix.lower()
    return suffix[1:] if suffix in SUPPORTED_SUFFIXES else None


def unsupported_format_message(file_name: str) -> str:
    return _(
        "%(file)s is not a CSV or XLSX file. Save the sheet from Excel as .xlsx or as CSV (.csv) and upload it again."
    ) % {"file": file_name}


def open_table(path: Path, file_name: str) -> Table:
    fmt = file_format(file_name)
    if fmt == "csv":
        return _open_csv(path, file_name)
    if fmt == "xlsx":
        return _open_xlsx(path, file_name)
    raise FileProblem(unsupported_format_message(file_name))


def is_blank(row: Row) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


# --- CSV ------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """UTF-8 (BOM or not) when every byte decodes as UTF-8, else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    # utf-8-sig drops a BOM when there is one and reads plain UTF-8 otherwise.
    return "utf-8-sig"


def detect_delimiter(header_line: str) -> str:
    """Semicolon when the header has more of them than commas (Excel in id/European locales)."""
    in_quotes = False
    counts = {",": 0, ";": 0, "\t": 0}
    for char in header_line:
        if char == '"':
            in_quotes = not in_quotes
        elif not in_quotes and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def _open_csv(path: Path, file_name: str) -> Table:
    encoding = detect_encoding(path)
    size = os.path.getsize(path)
    if size == 0:
        raise FileProblem(_("%(file)s is empty.") % {"file": file_name})

    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(_SAMPLE)
    first_line = next((line for line in sample.splitlines() if line.strip()), "")
    delimiter = detect_delimiter(first_line)

    def records() -> Iterator[tuple[int, Row]]:
        with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
            # Row numbers count records, as Excel shows them (a quoted value may span lines).
            yield from enumerate(csv.reader(handle, delimiter=delimiter), start=1)

    header: Row | None = None
    header_row = 0
    try:
        for number, record in records():
            if not is_blank(record):
                header, header_row = record, number
                break
    except csv.Error as exc:
        raise FileProblem(_("%(file)s cannot be read as CSV: %(error)s.") % {"file": file_name, "error": exc}) from exc
    if header is None:
        raise FileProblem(_("%(file)s has no header row.") % {"file": file_name})

    def data_rows() -> Iterator[tuple[int, Row]]:
        number = header_row
        try:
            for number, record in records():
                if number > header_row:
                    yield number, record
        except csv.Error as exc:
            # Typically a value with an opening quote and no closing one, which swallows the rest.
            raise FileProblem(
                _(
                    "%(file)s cannot be read as CSV after row %(row)d: %(error)s. Look in row %(next)d for a "
                    'value that opens a quote (") without closing it.'
                )
                % {"file": file_name, "row": number, "error": exc, "next": number + 1},
                row=number + 1,
            ) from exc

    lines = sample.count("\n")
    estimate = None
    if lines > 1:
        avg = len(sample.encode(encoding if encoding != "utf-8-sig" else "utf-8", errors="replace")) / lines
        estimate = max(int(size / avg) - header_row, 0)
    elif size <= _SAMPLE:
        estimate = max(lines - header_row + 1, 0)
    return Table(header=header, header_row=header_row, rows=data_rows, total_estimate=estimate)


# --- XLSX -----------------------------------------------------------------------------------


def _open_xlsx(path: Path, file_name: str) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except (CalamineError, OSError, ValueError) as exc:
        raise FileProblem(
            _("%(file)s cannot be read as an Excel workbook (.xlsx): %(error)s. Open it in Excel and save it again.")
            % {"file": file_name, "error": exc}
        ) from exc

    def numbered() -> Iterator[tuple[int, Row]]:
        # iter_rows() starts at the sheet's row 1 (empty leading rows included), so the position
        # is the row number Excel shows.
        for index, row in enumerate(sheet.iter_rows()):
            yield index + 1, row

    header: Row | None = None
    header_row = 0
    for number, row in numbered():
        if not is_blank(row):
            header, header_row = row, number
            break
    if header is None:
        raise FileProblem(_("%(file)s has no header row in its first sheet.") % {"file": file_name})

    def data_rows() -> Iterator[tuple[int, Row]]:
        for number, row in numbered():
            if number > header_row:
                yield number, row

    return Table(
        header=header,
        header_row=header_row,
        rows=data_rows,
        total_estimate=max((sheet.end[0] + 1 if sheet.end else 0) - header_row, 0),
    )
