"""Due dates in working days across weekends and holidays (worked examples), in the Pemda's zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bina.complaints import duedates
from bina.complaints.models import ComplaintSettings, Stage
from bina.complaints.tests.helpers import act, complaint_in, file_complaint
from bina.quality.models import Holiday

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def test_three_working_days_from_a_friday_end_on_wednesday_night():
    # Fri 4 Dec 2026 15:00 → Mon 7, Tue 8, Wed 9: due Wed 9 Dec 23:59:59 WIB.
    assert duedates.working_days_due(wib(2026, 12, 4, 15, 0), 3, set(), WIB) == wib(2026, 12, 9, 23, 59, 59)


def test_a_holiday_pushes_the_due_date_by_one_working_day():
    holidays = {date(2026, 12, 8)}
    assert duedates.working_days_due(wib(2026, 12, 4, 15, 0), 3, holidays, WIB) == wib(2026, 12, 10, 23, 59, 59)


def test_cuti_bersama_before_a_weekend():
    # Wed 23 Dec, Christmas 25 Dec and cuti bersama 24 Dec, then the weekend: Mon 28, Tue 29, Wed 30.
    holidays = {date(2026, 12, 24), date(2026, 12, 25)}
    assert duedates.working_days_due(wib(2026, 12, 23, 9, 0), 3, holidays, WIB) == wib(2026, 12, 30, 23, 59, 59)


def test_the_local_date_counts_not_the_utc_one():
    # 23:30 UTC on Friday is 06:30 on Saturday in WIB: counted from Saturday → Mon, Tue, Wed.
    start = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)
    assert duedates.working_days_due(start, 3, set(), WIB) == wib(2026, 12, 9, 23, 59, 59)


def test_sixty_calendar_days():
    assert duedates.calendar_days_due(wib(2026, 12, 7, 10, 0), 60, WIB) == wib(2027, 2, 5, 23, 59, 59)


@pytest.mark.django_db
def test_stages_are_due_from_the_pemdas_calendar(world):
    Holiday.objects.create(pemda=world.pemda, date=date(2026, 12, 8), description="Libur daerah")
    complaint = file_complaint(world, received_at=wib(2026, 12, 4, 15, 0))
    assert complaint.due_at == wib(2026, 12, 10, 23, 59, 59)  # Mon 7, (Tue 8 off), Wed 9, Thu 10
    # Verification keeps the one window of verification and forwarding.
    verified = act(world, complaint, "verify")
    assert verified.due_at == complaint.due_at
    assert verified.settle_due_at is not None


@pytest.mark.django_db
def test_follow_up_window_and_per_pemda_settings(world, other_world):
    ComplaintSettings.objects.create(pemda=world.pemda, followup_days=2)
    complaint = complaint_in(world, Stage.DIDISPOSISIKAN)
    start = complaint.stage_started_at.astimezone(WIB).date()
    expected = duedates.end_of_day(duedates.add_working_days(start, 2, set()), WIB)
    assert complaint.due_at == expected
    # Another Pemda keeps the default of 5 working days.
    theirs = complaint_in(other_world, Stage.DIDISPOSISIKAN)
    start = theirs.stage_started_at.astimezone(WIB).date()
    assert theirs.due_at == duedates.end_of_day(duedates.add_working_days(start, 5, set()), WIB)


@pytest.mark.django_db
def test_postponed_and_closed_complaints_have_no_staff_due_date(world):
    assert complaint_in(world, Stage.DITUNDA).due_at is None
    assert complaint_in(world, Stage.DIARSIPKAN).due_at is None
