"""The default holiday calendar: data per SKB year, loaded once for every Pemda, never overwriting edits."""

import datetime as dt

import pytest

from bina.core.actor import Actor
from bina.core.audit_actions import AUDIT_ACTIONS
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.quality.access import holiday_dates
from bina.quality.holidays_data import DEFAULT_HOLIDAYS, DEFAULT_YEARS, SOURCES
from bina.quality.models import Holiday, HolidayKind
from bina.quality.services import holiday_create, holiday_delete, holiday_update, holidays_load
from bina.quality.workdays import add_working_days

pytestmark = pytest.mark.django_db


def test_every_default_year_has_a_source_and_unique_dates():
    assert DEFAULT_YEARS == (2024, 2025, 2026, 2027)
    assert all(SOURCES[year] for year in DEFAULT_YEARS)
    dates = [h.date for h in DEFAULT_HOLIDAYS]
    assert len(dates) == len(set(dates))
    assert {h.date.year for h in DEFAULT_HOLIDAYS} == set(DEFAULT_YEARS)
    # Fixed-date national holidays are certain every year; uncertain ones say "perkiraan" when stored.
    for year in DEFAULT_YEARS:
        fixed = {h.date: h for h in DEFAULT_HOLIDAYS if h.date.year == year}
        for month, day in ((1, 1), (5, 1), (6, 1), (8, 17), (12, 25)):
            assert fixed[dt.date(year, month, day)].certain
    guesses = [h for h in DEFAULT_HOLIDAYS if not h.certain]
    assert guesses and all(h.stored_description.endswith("(perkiraan)") for h in guesses)


def test_2024_idul_fitri_with_its_cuti_bersama():
    april = {h.date.day: h.kind for h in DEFAULT_HOLIDAYS if h.date.year == 2024 and h.date.month == 4}
    assert april == {
        8: "cuti_bersama",
        9: "cuti_bersama",
        10: "nasional",
        11: "nasional",
        12: "cuti_bersama",
        15: "cuti_bersama",
    }


def test_load_is_idempotent_and_keeps_a_pemdas_edits(world):
    system = Actor.system(world.pemda.pk, label="test")
    assert holidays_load(actor=system, years=[2024]) == sum(1 for h in DEFAULT_HOLIDAYS if h.date.year == 2024)
    Holiday.objects.filter(pemda=world.pemda, date=dt.date(2024, 8, 17)).update(description="HUT RI ke-79")
    assert holidays_load(actor=system, years=[2024]) == 0
    assert Holiday.objects.get(pemda=world.pemda, date=dt.date(2024, 8, 17)).description == "HUT RI ke-79"
    assert holidays_load(actor=system, years=[1999]) == 0


def test_only_the_admin_loads_holidays(world):
    with pytest.raises(PermissionDenied):
        holidays_load(actor=world.actor("operator"), years=DEFAULT_YEARS)
    assert not Holiday.objects.filter(pemda=world.pemda).exists()


def test_a_new_pemda_starts_with_the_holidays_and_working_days_use_them():
    from bina.core.services import pemda_create

    pemda = pemda_create(
        actor=Actor.platform(label="test"), slug="kota-libur", name="Kota Libur", kind="kota", bps_code="9997"
    )
    assert Holiday.objects.filter(pemda=pemda).count() == len(DEFAULT_HOLIDAYS)
    # Mon 8 Apr 2024 + 3 working days: 8-12 and 15 Apr are Idul Fitri and cuti bersama, so 16, 17, 18 Apr.
    holidays = holiday_dates(pemda.pk, dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    assert add_working_days(dt.date(2024, 4, 8), 3, holidays) == dt.date(2024, 4, 18)


def test_holiday_writes_and_their_refusals(world, other_world):
    admin = world.actor("admin")
    day = holiday_create(
        actor=admin, data={"date": dt.date(2026, 4, 16), "description": "Hari jadi kota", "kind": "lokal"}
    )
    with pytest.raises(Conflict):
        holiday_create(actor=admin, data={"date": dt.date(2026, 4, 16), "description": "Dua kali", "kind": "lokal"})
    with pytest.raises(ValidationFailed):
        holiday_create(actor=admin, data={"date": dt.date(2026, 4, 17), "description": "  ", "kind": "lokal"})
    with pytest.raises(ValidationFailed):
        holiday_create(actor=admin, data={"date": dt.date(2026, 4, 17), "description": "x", "kind": "planet"})
    for persona in ("operator", "leader", "participant"):
        with pytest.raises(PermissionDenied):
            holiday_update(actor=world.actor(persona), holiday=day, data={"description": "Diubah"})
        with pytest.raises(PermissionDenied):
            holiday_delete(actor=world.actor(persona), holiday=day)
    with pytest.raises(PermissionDenied):
        holiday_delete(actor=other_world.actor("admin"), holiday=day)
    day.refresh_from_db()
    assert day.description == "Hari jadi kota"
    holiday_update(actor=admin, holiday=day, data={"kind": HolidayKind.CUTI_BERSAMA.value})
    day.refresh_from_db()
    assert day.kind == "cuti_bersama"
    holiday_delete(actor=admin, holiday=day)
    assert not Holiday.objects.filter(pk=day.pk).exists()


def test_new_audit_codes_have_labels():
    for code in (
        "quality.holidays_load",
        "quality.holiday_create",
        "quality.holiday_update",
        "quality.holiday_delete",
        "quality.service_type_create",
        "quality.service_type_update",
        "import.service_types",
        "import.holidays",
    ):
        assert code in AUDIT_ACTIONS
