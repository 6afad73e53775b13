"""NIP (Nomor Induk Pegawai) validation.

Rules (shared/domain, "NIP"; PP 11/2017 on PNS management, PermenPANRB/BKN NI PPPK numbering):

- 18 digits.
- PNS: ``YYYYMMDD`` birth date, ``YYYYMM`` TMT CPNS (year and month of appointment),
  ``G`` gender (1 male, 2 female), ``NNN`` serial 001-999.
- PPPK (NI PPPK): ``YYYYMMDD`` birth date, ``YYYY`` year of appointment, ``2`` (the PPPK
  code, where a PNS number holds the first digit of a month, 0 or 1), ``F`` appointment
  round 1-9, ``G`` gender, ``NNN`` serial. So the 13th digit alone tells PNS from PPPK.
- The birth date must exist; the appointment must be plausible (at age 18 or later, not
  in the future); the gender digit is 1 or 2. Errors say which part is wrong.
- A NIP is never "repaired": only the separators people type to group the parts (spaces, dots,
  dashes) are removed, by `nip_normalise`, the one normalisation every face uses (forms, API
  paths and bodies, imports, lookups, search, login).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

MIN_APPOINTMENT_AGE = 18
_SCIENTIFIC = re.compile(r"^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$")
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015]+")  # whitespace, dots, hyphens and dashes
NIP_LENGTH = 18


class NipError(ValueError):
    """An invalid NIP; `part` names the part that is wrong (for a precise message)."""

    def __init__(self, message: str, part: str):
        super().__init__(message)
        self.message = message
        self.part = part


@dataclass(frozen=True)
class NipInfo:
    nip: str
    asn_type: str  # "PNS" or "PPPK"
    birth_date: date
    appointed_on: date  # first day of the TMT month (PNS) or of the TMT year (PPPK)
    gender: str  # "L" or "P"
    serial: int
    appointment_round: int | None = None  # PPPK only


def looks_like_excel_number(raw: str) -> bool:
    """True for values such as "1.98703E+17": Excel turned the NIP into a number and lost digits."""
    return bool(_SCIENTIFIC.match(raw.strip()))


def nip_normalise(raw: object) -> str:
    """The NIP as stored and looked up: the separators people type between its parts removed.

    `1987 0101 201001 1 001`, `19870101.201001.1.001` and `19870101-201001-1-001` are one NIP. Nothing
    else changes: letters or missing digits stay for `parse_nip` to refuse, and a value Excel turned
    into a number (`1.98703E+17`) is kept as it is, so it is refused with the advice to fix the column.
    """
    value = str(raw if raw is not None else "").strip()
    if value.isdigit() and value.isascii():
        return value  # the common case, already normal: no regular expression (imports call this per row)
    if looks_like_excel_number(value):
        return value
    return _SEPARATORS.sub("", value)


def looks_like_nip(value: str) -> bool:
    """18 digits (a normalised value): worth looking up as a NIP; `parse_nip` says whether it is valid."""
    return len(value) == NIP_LENGTH and value.isdigit() and value.isascii()


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def parse_nip(raw: str, *, today: date | None = None) -> NipInfo:
    """Validate a NIP and return what it encodes; raise `NipError` saying which part is wrong."""
    today = today or date.today()
    value = nip_normalise(raw)
    if not value:
        raise NipError(_("NIP is empty."), "nip")
    if not value.isdigit() and looks_like_excel_number(value):
        raise NipError(
            _(
                "NIP %(value)s was turned into a number by Excel and its last digits are lost. "
                "Format the NIP column as Text and type the 18 digits again."
            )
            % {"value": value},
            "format",
        )
    if not (value.isdigit() and value.isascii()):
        raise NipError(_("NIP must contain digits only (got %(value)s).") % {"value": value}, "format")
    if len(value) != NIP_LENGTH:
        raise NipError(
            _("NIP must have 18 digits; %(value)s has %(count)d.") % {"value": value, "count": len(value)},
            "length",
        )

    birth = _date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    if birth is None:
        raise NipError(
            _("Digits 1-8 of the NIP (%(part)s) are not a real birth date (YYYYMMDD).") % {"part": value[0:8]},
            "birth_date",
        )
    if birth > today:
        raise NipError(
            _("Digits 1-8 of the NIP (%(part)s) give a birth date in the future.") % {"part": value[0:8]},
            "birth_date",
        )

    kind_digit = value[12]
    round_no: int | None = None
    if kind_digit in "01":
        asn_type = "PNS"
        year, month = int(value[8:12]), int(value[12:14])
        if not 1 <= month <= 12:
            raise NipError(
                _(
                    "Digits 9-14 of the NIP (%(part)s) must be the TMT year and month (YYYYMM); month %(month)s does not exist."
                )
                % {"part": value[8:14], "month": value[12:14]},
                "appointment",
            )
        appointed = date(year, month, 1)
        appointment_part = value[8:14]
    elif kind_digit == "2":
        asn_type = "PPPK"
        year = int(value[8:12])
        appointed = date(year, 1, 1) if year >= 1 else date.min
        round_no = int(value[13])
        if round_no == 0:
            raise NipError(
                _("Digit 14 of the NI PPPK is the appointment round and must be 1-9, not 0."), "appointment_round"
            )
        appointment_part = value[8:12]
    else:
        raise NipError(
            _("Digit 13 of the NIP is %(digit)s: it must be 0 or 1 (first digit of the TMT month, PNS) or 2 (PPPK).")
            % {"digit": kind_digit},
            "type",
        )

    # A PNS TMT is a month, a PPPK TMT only a year: compare at the precision the NIP has.
    if (asn_type == "PNS" and appointed > today) or (asn_type == "PPPK" and appointed.year > today.year):
        raise NipError(
            _("The appointment date in the NIP (%(part)s) is in the future.") % {"part": appointment_part},
            "appointment",
        )
    age_at_appointment = (
        _age_on(birth, date(appointed.year, appointed.month, 28)) if asn_type == "PNS" else appointed.year - birth.year
    )
    if age_at_appointment < MIN_APPOINTMENT_AGE:
        raise NipError(
            _(
                "The appointment date in the NIP (%(part)s) would make this person %(age)d years old "
                "when appointed; the minimum is %(min)d."
            )
            % {"part": appointment_part, "age": max(age_at_appointment, 0), "min": MIN_APPOINTMENT_AGE},
            "appointment",
        )

    gender_digit = value[14]
    if gender_digit not in "12":
        raise NipError(
            _("Digit 15 of the NIP is the gender and must be 1 (male) or 2 (female), not %(digit)s.")
            % {"digit": gender_digit},
            "gender",
        )
    serial = int(value[15:18])
    if serial == 0:
        raise NipError(_("The last 3 digits of the NIP (serial number) must be 001-999, not 000."), "serial")

    return NipInfo(
        nip=value,
        asn_type=asn_type,
        birth_date=birth,
        appointed_on=appointed,
        gender="L" if gender_digit == "1" else "P",
        serial=serial,
        appointment_round=round_no,
    )


def mask_nip(nip: str) -> str:
    """Public outputs show only the birth-year and serial (UU 27/2022 PDP: minimise personal data)."""
    if len(nip) != 18:
        return "*" * len(nip)
    return f"{nip[:4]}{'*' * 11}{nip[15:]}"
