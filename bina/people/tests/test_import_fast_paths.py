"""The employee import's fast paths (issue 8.2) accept exactly what the full rules accept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from bina.people.imports.columns import CellError, parse_email
from bina.people.nip import NipError, nip_normalise, parse_nip

EMAILS = [
    "a@b.co", "budi.santoso@surabaya.go.id", "A+B_c-d@EX-AMPLE.COM", "x@y", "a..b@c.de", "a@-b.de", "a@b-.de",
    "a@b.c", "a@b.de\n", "ä@b.de", "a@b.d3", "a.@b.de", ".a@b.de", "a@b..de", "o'brien@example.com",
    "user@localhost", "a@[127.0.0.1]", "a b@c.de",
]  # fmt: skip


@pytest.mark.parametrize("value", EMAILS)
def test_email_is_accepted_exactly_when_djangos_validator_accepts_it(value):
    try:
        validate_email(value.strip())
        expected = True
    except ValidationError:
        expected = False
    try:
        parse_email(value)
        got = True
    except CellError:
        got = False
    assert got == expected, value


# (value, normalised, valid NIP)
NIPS = [
    ("198701012010011001", "198701012010011001", True),
    ("1987 0101 201001 1 001", "198701012010011001", True),
    ("19870101.201001.1.001", "198701012010011001", True),
    ("1.98703E+17", "1.98703E+17", False),
    ("19870101201001100", "19870101201001100", False),
    ("١٩٨٧٠١٠١٢٠١٠٠١١٠٠١", "١٩٨٧٠١٠١٢٠١٠٠١١٠٠١", False),  # digits, but not ASCII: refused
]


@pytest.mark.parametrize(("value", "normalised", "valid"), NIPS)
def test_nip_fast_path_agrees_with_the_rule(value, normalised, valid):
    assert nip_normalise(value) == normalised
    if valid:
        assert parse_nip(value).nip == normalised
    else:
        with pytest.raises(NipError):
            parse_nip(value)
