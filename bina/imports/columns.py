"""Header mapping and the cell parsers every import kind shares.

Header matching ignores case, spaces and punctuation ("NIP Baru", "nip_baru" and "NIP-BARU" are
the same). Parsers raise `CellError` with a translated reason that says what is accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _

from bina.core.errors import RowError
from bina.core.text import TextInvalid, check_text
from bina.imports.reader import Cell, Row


class CellError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    aliases: tuple[str, ...] = ()


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: object) -> str:
    return _NON_ALNUM.sub("", str(text).lower())


def map_header(
    header: Row, columns: tuple[Column, ...], *, file_name: str, row: int
) -> tuple[dict[str, int], list[RowError]]:
    """Column name -> index in the row; errors for missing required or doubled columns."""
    lookup: dict[str, str] = {}
    for column in columns:
        lookup[normalise(column.name)] = column.name
        for alias in column.aliases:
            lookup[normalise(alias)] = column.name
    found: dict[str, int] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(header):
        key = normalise(cell)
        name = lookup.get(key)
        if name is None:
            continue  # exports carry many other columns; they are ignored
        if name in found:
            errors.append(
                RowError(
                    file=file_name,
                    row=row,
                    column=str(cell),
                    value=str(cell),
                    code="duplicate_column",
                    reason=_("Columns %(first)s and %(second)s both mean %(column)s; keep only one.")
                    % {"first": str(header[found[name]]).strip(), "second": str(cell).strip(), "column": name},
                )
            )
            continue
        found[name] = index
    expected = ",".join(c.name for c in columns)
    for column in columns:
        if column.required and column.name not in found:
            errors.append(
                RowError(
                    file=file_name,
                    row=row,
                    column=column.name,
                    value="",
                    code="missing_column",
                    reason=_(
                        "The required column %(column)s is missing. The header row of the template is: %(headers)s"
                    )
                    % {"column": column.name, "headers": expected},
                )
            )
    return found, errors


# --- cell values ----------------------------------------------------------------------------


def text(cell: Cell | None) -> str:
    """A cell as trimmed text; integral numbers lose the ".0" Excel gives them."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def display(cell: Cell | None) -> str:
    """The value as the user would recognise it in the report."""
    if isinstance(cell, float) and not cell.is_integer():
        return repr(cell)
    if isinstance(cell, float | int) and not isinstance(cell, bool) and abs(cell) >= 1e15:
        return f"{cell:.5E}"
    return text(cell)


_DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@lru_cache(maxsize=4096)
def parse_date(cell: Cell | None) -> dt.date | None:
    """Excel date cells, dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy and ISO yyyy-mm-dd; blank is None."""
    if cell is None:
        return None
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        # A date cell whose format was lost shows Excel's day serial; it is exact, not a guess.
        if 1 <= cell <= 80000 and float(cell).is_integer():
            return _EXCEL_EPOCH + dt.timedelta(days=int(cell))
        raise CellError(
            _("%(value)s is not a date. Write dates as dd-mm-yyyy, for example 15-03-1987.") % {"value": display(cell)}
        )
    value = text(cell)
    if not value:
        return None
    match = _DATE_DMY.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.match(value)
        if not match:
            raise CellError(
                _("%(value)s is not a date. Write dates as dd-mm-yyyy (15-03-1987), dd/mm/yyyy or yyyy-mm-dd.")
                % {"value": value}
            )
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(
            _("%(value)s is not a real date (day %(day)d, month %(month)d).")
            % {"value": value, "day": day, "month": month}
        ) from None


_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def parse_decimal(cell: Cell | None, *, places: int) -> Decimal | None:
    """A number with at most `places` decimals: a number cell, `12`, `12.5` or `12,5` (the
    Indonesian decimal comma); blank is None. Thousands separators are not accepted (`1.000` would be
    ambiguous), nor are more decimals than the field keeps (they are never rounded away silently)."""
    if cell is None:
        return None
    if isinstance(cell, bool) or not isinstance(cell, int | float | str):
        raise CellError(_("%(value)s is not a number.") % {"value": display(cell)})
    value = text(cell) if not isinstance(cell, float) else repr(cell).removesuffix(".0")
    if not value:
        return None
    if not _NUMBER.match(value):
        raise CellError(_("%(value)s is not a number. Write it as 12 or 12,5.") % {"value": value})
    number = Decimal(value.replace(",", "."))
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise CellError(_("%(value)s has more than %(places)d decimal places.") % {"value": value, "places": places})
    return number


def choice(cell: Cell | None, table: Mapping[str, str], accepted: str) -> str:
    value = text(cell)
    if not value:
        return ""
    result = table.get(normalise(value))
    if result is None:
        raise CellError(
            _("%(value)s is not accepted here. Use one of: %(accepted)s.") % {"value": value, "accepted": accepted}
        )
    return result


def limited(cell: Cell | None, max_length: int) -> str:
    """One line of text: spaces collapsed, control characters refused (a CSV can carry a NUL byte)."""
    try:
        value = " ".join(check_text(text(cell)).split())
    except TextInvalid as exc:
        raise CellError(exc.message) from None
    if len(value) > max_length:
        raise CellError(_("The value is longer than %(max)d characters.") % {"max": max_length})
    return value


def code(cell: Cell | None) -> str:
    return text(cell)
