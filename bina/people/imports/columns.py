"""Unit and employee template columns, their aliases in SIASN/SIMPEG exports, and the people parsers.

Header mapping and the shared parsers (dates, text, codes) are `bina.imports.columns`, re-exported
here so the importers read `c.parse_date` as well as `c.parse_gender`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from bina.imports.columns import CellError as CellError
from bina.imports.columns import Column, normalise, text
from bina.imports.columns import choice as _choice
from bina.imports.columns import code as code
from bina.imports.columns import display as display
from bina.imports.columns import limited as limited
from bina.imports.columns import parse_date as parse_date
from bina.imports.reader import Cell
from bina.people.models import PPPK_GRADES, Education, Employee, Gender, OrgUnitKind, PositionKind
from bina.people.nip import nip_normalise

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


def nip_text(cell: Cell | None) -> str:
    """NIP as typed; a numeric XLSX cell is rendered the way Excel shows it (1.98703E+17) so
    `parse_nip` refuses it with its "format the column as Text" advice: digits are never guessed."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return f"{float(cell):.5E}"
    return nip_normalise(text(cell))


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
    if _PLAIN_EMAIL.match(value):
        return value
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(_("%(value)s is not an email address.") % {"value": value}) from None
    return value


_EMAIL_MAX = Employee._meta.get_field("email").max_length or 254
# Addresses of the plainest shape, a strict subset of what Django's validator accepts (its dot-atom user
# part, its domain labels, a letters-only TLD): accepted without it, which costs a fifth of an
# import's parsing; anything else goes through the validator.
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z"
)
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
