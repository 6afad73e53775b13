"""Template columns, their aliases in SIASN/SIMPEG exports, and parsers for the cell values.

Header matching ignores case, spaces and punctuation ("NIP Baru", "nip_baru" and "NIP-BARU" are
the same). Parsers raise `CellError` with a translated reason that says what is accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from bina.core.errors import RowError
from bina.people.imports.reader import Cell, Row
from bina.people.models import PPPK_GRADES, Education, Employee, Gender, OrgUnitKind, PositionKind
from bina.people.nip import nip_normalise


class CellError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    aliases: tuple[str, ...] = ()


UNIT_COLUMNS = (
    Column("kode", True, ("kodeunit", "kodeunor", "kodeunitkerja", "kodeopd", "code")),
    Column("nama", True, ("namaunit", "namaunor", "namaunitkerja", "namaopd", "unitkerja", "name")),
    Column("jenis", False, ("jenisunit", "tipe", "tipeunit", "jenisunor", "kind")),
    Column("kode_induk", False, ("induk", "kodeunitinduk", "kodeunorinduk", "kodeparent", "parent", "kodeatasan")),
)

EMPLOYEE_COLUMNS = (
    Column("nip", True, ("nipbaru", "nip18", "nomorindukpegawai", "nipppk", "nipnipppk", "nipnippppk")),
    Column("nama", True, ("namalengkap", "namapegawai", "namadangelar", "namalengkapdangelar", "name")),
    Column("jenis_kelamin", False, ("jk", "kelamin", "gender", "lp")),
    Column("tanggal_lahir", False, ("tgllahir", "tgllhr", "tanggallhr", "tgl_lahir", "birthdate")),
    Column("jenis_asn", True, ("asn", "statusasn", "jenispegawai", "statuspegawai", "statuskepegawaian")),
    Column("golongan", False, ("gol", "golruang", "golonganruang", "golru")),
    Column("jabatan", False, ("namajabatan", "jabatanterakhir", "position")),
    Column("jenis_jabatan", False, ("jnsjabatan", "tipejabatan", "jenisjab")),
    Column("kode_unit", True, ("unitkerja", "kodeunitkerja", "kodeunor", "unor", "kodeopd", "unit")),
    Column("nip_atasan", False, ("nipatasanlangsung", "atasan", "nippimpinan")),
    Column("pendidikan", False, ("pendidikanterakhir", "tingkatpendidikan", "jenjangpendidikan", "tkpendidikan")),
    Column("email", False, ("surel", "alamatemail", "emailkantor", "emailpribadi")),
    Column("telepon", False, ("telp", "nohp", "nomorhp", "hp", "notelp", "notelepon", "nomortelepon", "phone")),
)

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


def nip_text(cell: Cell | None) -> str:
    """NIP as typed; a numeric XLSX cell is rendered the way Excel shows it (1.98703E+17) so
    `parse_nip` refuses it with its "format the column as Text" advice: digits are never guessed."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return f"{float(cell):.5E}"
    return nip_normalise(text(cell))


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


def _choice(cell: Cell | None, table: Mapping[str, str], accepted: str) -> str:
    value = text(cell)
    if not value:
        return ""
    result = table.get(normalise(value))
    if result is None:
        raise CellError(
            _("%(value)s is not accepted here. Use one of: %(accepted)s.") % {"value": value, "accepted": accepted}
        )
    return result


_GENDER = {
    "l": Gender.MALE, "lakilaki": Gender.MALE, "laki": Gender.MALE, "pria": Gender.MALE, "1": Gender.MALE,
    "p": Gender.FEMALE, "perempuan": Gender.FEMALE, "wanita": Gender.FEMALE, "2": Gender.FEMALE,
}  # fmt: skip
_ASN = {"pns": "PNS", "cpns": "PNS", "pppk": "PPPK", "p3k": "PPPK", "nipppk": "PPPK"}
_POSITION = {
    "struktural": PositionKind.STRUKTURAL, "jabatanstruktural": PositionKind.STRUKTURAL,
    "jpt": PositionKind.STRUKTURAL, "administrator": PositionKind.STRUKTURAL, "pengawas": PositionKind.STRUKTURAL,
    "fungsional": PositionKind.FUNGSIONAL, "jft": PositionKind.FUNGSIONAL,
    "fungsionaltertentu": PositionKind.FUNGSIONAL, "jabatanfungsional": PositionKind.FUNGSIONAL,
    "jabatanfungsionaltertentu": PositionKind.FUNGSIONAL,
    "pelaksana": PositionKind.PELAKSANA, "jfu": PositionKind.PELAKSANA, "fungsionalumum": PositionKind.PELAKSANA,
    "jabatanfungsionalumum": PositionKind.PELAKSANA, "jabatanpelaksana": PositionKind.PELAKSANA,
}  # fmt: skip
_EDUCATION = {
    "sd": Education.SD, "smp": Education.SMP, "sltp": Education.SMP, "mts": Education.SMP,
    "sma": Education.SMA, "smk": Education.SMA, "smasmk": Education.SMA, "slta": Education.SMA, "smu": Education.SMA,
    "ma": Education.SMA, "stm": Education.SMA,
    "d1": Education.D1, "di": Education.D1, "d2": Education.D2, "dii": Education.D2,
    "d3": Education.D3, "diii": Education.D3, "d4": Education.D4, "div": Education.D4,
    "s1": Education.S1, "sarjana": Education.S1, "s2": Education.S2, "magister": Education.S2,
    "s3": Education.S3, "doktor": Education.S3,
}  # fmt: skip
_UNIT_KIND = {normalise(value): value for value in OrgUnitKind.values} | {
    normalise(label): value for value, label in OrgUnitKind.choices
}


@lru_cache(maxsize=4096)
def parse_gender(cell: Cell | None) -> str:
    return _choice(cell, _GENDER, "L, P, Laki-laki, Perempuan, 1, 2")


@lru_cache(maxsize=4096)
def parse_asn_type(cell: Cell | None) -> str:
    return _choice(cell, _ASN, "PNS, PPPK")


@lru_cache(maxsize=4096)
def parse_position_kind(cell: Cell | None) -> str:
    return _choice(cell, _POSITION, "struktural, fungsional (JFT), pelaksana (JFU)")


@lru_cache(maxsize=4096)
def parse_education(cell: Cell | None) -> str:
    return _choice(cell, _EDUCATION, "SD, SMP, SMA/SMK, D-I, D-II, D-III, D-IV, S-1, S-2, S-3")


@lru_cache(maxsize=4096)
def parse_unit_kind(cell: Cell | None) -> str:
    return _choice(cell, _UNIT_KIND, ", ".join(OrgUnitKind.values))


_PNS_GRADE = re.compile(r"^(IV|III|II|I)\s*[/.\- ]?\s*([A-Ea-e])$")
_PPPK_GRADES = frozenset(PPPK_GRADES)


@lru_cache(maxsize=4096)
def parse_golongan(cell: Cell | None, asn_type: str) -> str:
    """PNS: I/a-IV/e (PP 99/2000); PPPK: I-XVII (Perpres 98/2020). Written as "III/a" or "IX"."""
    value = text(cell).upper()
    if not value:
        return ""
    if asn_type == "PPPK":
        if value in _PPPK_GRADES:
            return value
        raise CellError(_("%(value)s is not a PPPK grade. Use I to XVII, for example IX.") % {"value": text(cell)})
    match = _PNS_GRADE.match(value)
    if match:
        room = match.group(2).lower()
        roman = match.group(1)
        if roman == "IV" or room != "e":
            return f"{roman}/{room}"
    raise CellError(_("%(value)s is not a PNS golongan. Use I/a to IV/e, for example III/b.") % {"value": text(cell)})


def parse_email(cell: Cell | None) -> str:
    value = text(cell)
    if not value:
        return ""
    # The same rule as the profile form and the API (Django's validator) and the column's length.
    if len(value) > _EMAIL_MAX:
        raise CellError(_("The email address is longer than %(max)d characters.") % {"max": _EMAIL_MAX})
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(_("%(value)s is not an email address.") % {"value": value}) from None
    return value


_EMAIL_MAX = Employee._meta.get_field("email").max_length or 254
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{5,30}$")


def parse_phone(cell: Cell | None) -> str:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        raise CellError(
            _(
                "The phone number is stored as a number, so Excel dropped its leading 0. Format the column as Text and type it again."
            )
        )
    value = text(cell)
    if not value:
        return ""
    if not _PHONE.match(value):
        raise CellError(_("%(value)s is not a phone number (digits, spaces, + and - only).") % {"value": value})
    return value


def limited(cell: Cell | None, max_length: int) -> str:
    value = " ".join(text(cell).split())
    if len(value) > max_length:
        raise CellError(_("The value is longer than %(max)d characters.") % {"max": max_length})
    return value


def code(cell: Cell | None) -> str:
    return text(cell)
