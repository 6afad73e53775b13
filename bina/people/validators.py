"""One rule per field of the employee registry, used by every face: the import columns, the employee
form, the API schemas and, for every write, `bina.people.services` (so no face can store what another
refuses). NIP rules are `bina.people.nip`; choice fields (gender, ASN type, position kind, education,
status) are the model's choices everywhere.

Each validator returns the value as stored (trimmed, spaces collapsed where the field is one line) or
raises `FieldInvalid` with the message every face shows.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from bina.core.text import TextInvalid, check_text
from bina.people.models import PNS_GOLONGAN, PPPK_GRADES, Employee


class FieldInvalid(ValueError):
    def __init__(self, message: str, code: str = "invalid", field: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


def _max(field: str) -> int:
    return Employee._meta.get_field(field).max_length or 0  # type: ignore[union-attr]


NAME_MAX = _max("name")
POSITION_NAME_MAX = _max("position_name")
EMAIL_MAX = _max("email")
PHONE_MAX = _max("phone")
GOLONGAN_MAX = _max("golongan")

_PNS_GRADE = re.compile(r"^(IV|III|II|I)\s*[/.\- ]?\s*([A-Ea-e])$")
_PPPK_GRADES = frozenset(PPPK_GRADES)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{5,30}$")


def _clean_text(value: str) -> str:
    try:
        return check_text(value)
    except TextInvalid as exc:
        raise FieldInvalid(exc.message, "control_character") from None


def one_line(value: str, max_length: int) -> str:
    """Text on one line: control characters refused, runs of spaces (and line breaks) made one space."""
    value = " ".join(_clean_text(value).split())
    if len(value) > max_length:
        raise FieldInvalid(_("The value is longer than %(max)d characters.") % {"max": max_length}, "too_long")
    return value


def employee_name(value: str) -> str:
    name = one_line(value, NAME_MAX)
    if not name:
        raise FieldInvalid(_("The name is required."), "required")
    return name


def employee_position_name(value: str) -> str:
    return one_line(value, POSITION_NAME_MAX)


def employee_golongan(value: str, *, asn_type: str) -> str:
    """PNS: I/a-IV/e (PP 99/2000); PPPK: I-XVII (Perpres 98/2020). Written as "III/a" or "IX"; "" is none."""
    raw = _clean_text(value).strip()
    upper = raw.upper()
    if not upper:
        return ""
    if asn_type == "PPPK":
        if upper in _PPPK_GRADES:
            return upper
        raise FieldInvalid(_("%(value)s is not a PPPK grade. Use I to XVII, for example IX.") % {"value": raw})
    match = _PNS_GRADE.match(upper)
    if match:
        graded = f"{match.group(1)}/{match.group(2).lower()}"
        if graded in PNS_GOLONGAN:
            return graded
    raise FieldInvalid(_("%(value)s is not a PNS golongan. Use I/a to IV/e, for example III/b.") % {"value": raw})


# Addresses of the plainest shape, a strict subset of what Django's validator accepts (its dot-atom user
# part, its domain labels, a letters-only TLD): accepted without it, which costs a fifth of an import's
# parsing (issue 8.2); anything else goes through the validator.
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z"
)


def employee_email(value: str) -> str:
    value = _clean_text(value).strip()
    if not value:
        return ""
    if len(value) > EMAIL_MAX:
        raise FieldInvalid(_("The email address is longer than %(max)d characters.") % {"max": EMAIL_MAX}, "too_long")
    if _PLAIN_EMAIL.match(value):
        return value
    try:
        validate_email(value)
    except ValidationError:
        raise FieldInvalid(_("%(value)s is not an email address.") % {"value": value}) from None
    return value


def employee_phone(value: str) -> str:
    value = _clean_text(value).strip()
    if not value:
        return ""
    if not _PHONE.match(value):
        raise FieldInvalid(_("%(value)s is not a phone number (digits, spaces, + and - only).") % {"value": value})
    return value


# Fields whose rule needs nothing but the value (the API schemas and the form run them as they parse).
FIELD_RULES = {
    "name": employee_name,
    "position_name": employee_position_name,
    "email": employee_email,
    "phone": employee_phone,
}


def clean_employee_fields(values: dict[str, object], *, asn_type: str) -> dict[str, object]:
    """`values` with the rule of each field applied; the first refusal raises `FieldInvalid` naming its field."""
    cleaned = dict(values)
    for field, value in values.items():
        if not isinstance(value, str):
            continue
        try:
            if field == "golongan":
                cleaned[field] = employee_golongan(value, asn_type=asn_type)
            elif field in FIELD_RULES:
                cleaned[field] = FIELD_RULES[field](value)
        except FieldInvalid as exc:
            exc.field = field
            raise
    return cleaned
