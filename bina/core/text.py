"""The one rule for free text every face accepts (forms, API bodies, imports): no control characters.

A NUL byte cannot be stored by PostgreSQL (psycopg refuses it: a 500) and SQLite stores it, after
which the XLSX exports break (XML cannot carry it); other control characters are invisible in pages
and equally illegal in XLSX. Tab, line feed and carriage return are ordinary text (multi-line fields).
Lone surrogates (JSON can carry "\\ud800") cannot be encoded as UTF-8 by the database driver either.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# C0 controls except \t \n \r, DEL, C1 controls, UTF-16 surrogates, and the noncharacters U+FFFE/U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class TextInvalid(ValueError):
    """Text that no field may hold; `message` is translated and says what is wrong."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def illegal_character(value: str) -> str | None:
    """The first character no text field may hold, or None."""
    match = _ILLEGAL.search(value)
    return match.group() if match else None


def check_text(value: str) -> str:
    """`value` unchanged, or `TextInvalid` naming the first forbidden character (as U+XXXX: it is invisible)."""
    bad = illegal_character(value)
    if bad is not None:
        raise TextInvalid(
            _("The text contains a control character (U+%(code)04X) that cannot be stored; remove it.")
            % {"code": ord(bad)}
        )
    return value


def strip_illegal(value: str, replacement: str = "") -> str:
    """Defence in depth for outputs (XLSX, import reports): drop (or mark) what `check_text` refuses."""
    return _ILLEGAL.sub(replacement, value)


def validate_text(value: object) -> None:
    """Django validator (forms): the same refusal as `check_text`."""
    if isinstance(value, str):
        try:
            check_text(value)
        except TextInvalid as exc:
            raise ValidationError(exc.message, code="control_character") from None
