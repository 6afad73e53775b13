from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bina.people.nip import NipError, mask_nip, parse_nip

TODAY = date(2026, 11, 23)


def test_valid_pns_nip_decodes_its_parts():
    info = parse_nip("19870315 201001 1 001", today=TODAY)
    assert info.nip == "198703152010011001"
    assert info.asn_type == "PNS"
    assert info.birth_date == date(1987, 3, 15)
    assert info.appointed_on == date(2010, 1, 1)
    assert info.gender == "L"
    assert info.serial == 1


def test_valid_pppk_nip_decodes_its_parts():
    info = parse_nip("20001231 2024 2 1 2 001", today=TODAY)
    assert info.asn_type == "PPPK"
    assert info.birth_date == date(2000, 12, 31)
    assert info.appointed_on == date(2024, 1, 1)
    assert info.appointment_round == 1
    assert info.gender == "P"


@pytest.mark.parametrize(
    ("nip", "part"),
    [
        ("1.98703E+17", "format"),
        ("19870315201001100", "length"),
        ("1987031520100110011", "length"),
        ("19870231 201001 1 001", "birth_date"),
        ("19870315 201013 1 001", "appointment"),
        ("19870315 203001 1 001", "appointment"),
        ("19870315 200001 1 001", "appointment"),
        ("19870315 201001 3 001", "gender"),
        ("19870315 201001 1 000", "serial"),
        ("19870315 2010 3 1 1 001", "type"),
        ("20001231 2024 2 0 1 001", "appointment_round"),
        ("1987031520100A1001", "format"),
    ],
)
def test_invalid_nip_names_the_wrong_part(nip, part):
    with pytest.raises(NipError) as exc:
        parse_nip(nip, today=TODAY)
    assert exc.value.part == part
    assert exc.value.message


def test_excel_number_message_says_format_as_text():
    with pytest.raises(NipError) as exc:
        parse_nip("1.98703E+17", today=TODAY)
    assert "Text" in exc.value.message or "Teks" in exc.value.message


@given(
    birth=st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31)),
    years=st.integers(min_value=19, max_value=25),
    month=st.integers(min_value=1, max_value=12),
    gender=st.sampled_from("12"),
    serial=st.integers(min_value=1, max_value=999),
)
def test_any_well_formed_pns_nip_round_trips(birth, years, month, gender, serial):
    nip = f"{birth:%Y%m%d}{birth.year + years}{month:02d}{gender}{serial:03d}"
    info = parse_nip(nip, today=TODAY)
    assert info.birth_date == birth
    assert info.appointed_on == date(birth.year + years, month, 1)
    assert info.serial == serial


def test_mask_nip_hides_the_middle():
    assert mask_nip("198703152010011001") == "1987***********001"
