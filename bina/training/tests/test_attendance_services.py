"""Attendance services: rotating code, check-in window and lateness, bulk marks, attendance %."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from bina.core.errors import PermissionDenied, ValidationFailed
from bina.core.models import AuditEvent
from bina.partners.factories import InstructorFactory
from bina.training.attendance.models import Attendance, AttendanceMethod, AttendanceStatus
from bina.training.attendance.services import (
    attendance_check_in,
    attendance_mark_bulk,
    session_checkin_url,
    session_code_is_valid,
    session_qr_code,
)
from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory


@pytest.fixture(autouse=True)
def _english_messages():
    """Refusal messages are asserted in English (the msgids); the default UI language is Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture
def setup(world):
    klass = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.RUNNING)
    instructor = InstructorFactory(pemda=world.pemda, user=world.users["instructor"])
    sessions = [SessionFactory(klass=klass, instructor=instructor) for _ in range(2)]
    sessions[1].starts_at += timedelta(days=1)
    sessions[1].ends_at += timedelta(days=1)
    sessions[1].save()
    mine = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    other = EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"])
    return klass, sessions, mine, other


def test_code_changes_every_minute_and_accepts_previous_minute(setup):
    _, sessions, _, _ = setup
    s = sessions[0]
    t = s.starts_at.replace(second=5)
    code = session_qr_code(s, t)
    assert len(code) == 6
    assert session_qr_code(s, t + timedelta(seconds=50)) == code
    assert session_qr_code(s, t + timedelta(minutes=1)) != code
    assert session_code_is_valid(s, code, t + timedelta(minutes=1))
    assert session_code_is_valid(s, code.lower(), t)
    assert not session_code_is_valid(s, code, t + timedelta(minutes=2))
    assert session_qr_code(sessions[1], t) != code


def test_checkin_url_is_absolute(setup, settings):
    settings.SITE_URL = "https://bina.example.go.id"
    s = setup[1][0]
    assert session_checkin_url(s, code="ABC123") == f"https://bina.example.go.id/training/checkin/{s.pk}/ABC123/"


def test_check_in_on_time_is_present_and_refreshes_pct(world, setup):
    _klass, sessions, mine, _ = setup
    s = sessions[0]
    at = s.starts_at + timedelta(minutes=5)
    att = attendance_check_in(actor=world.actor("participant"), session=s, code=session_qr_code(s, at), at=at)
    assert att.status == AttendanceStatus.PRESENT and att.method == AttendanceMethod.QR
    mine.refresh_from_db()
    assert mine.attendance_pct == Decimal("50.00")
    assert AuditEvent.objects.filter(action="attendance.check_in").count() == 1


def test_check_in_after_fifteen_minutes_is_late(world, setup):
    s = setup[1][0]
    at = s.starts_at + timedelta(minutes=16)
    att = attendance_check_in(actor=world.actor("participant"), session=s, code=session_qr_code(s, at), at=at)
    assert att.status == AttendanceStatus.LATE


def test_scanning_twice_keeps_the_first_check_in(world, setup):
    s = setup[1][0]
    first = s.starts_at
    attendance_check_in(actor=world.actor("participant"), session=s, code=session_qr_code(s, first), at=first)
    later = s.starts_at + timedelta(minutes=40)
    again = attendance_check_in(actor=world.actor("participant"), session=s, code=session_qr_code(s, later), at=later)
    assert again.status == AttendanceStatus.PRESENT and again.checked_in_at == first
    assert Attendance.objects.count() == 1


def test_expired_code_is_refused_with_instruction(world, setup):
    s = setup[1][0]
    at = s.starts_at
    old = session_qr_code(s, at - timedelta(minutes=2))
    with pytest.raises(ValidationFailed) as exc:
        attendance_check_in(actor=world.actor("participant"), session=s, code=old, at=at)
    assert exc.value.code == "code_expired"
    assert "current code" in str(exc.value.message)


@pytest.mark.parametrize(
    ("offset", "code"), [(timedelta(minutes=-31), "too_early"), (timedelta(hours=4, minutes=1), "session_over")]
)
def test_check_in_outside_window_is_refused(world, setup, offset, code):
    s = setup[1][0]
    at = s.starts_at + offset
    with pytest.raises(ValidationFailed) as exc:
        attendance_check_in(actor=world.actor("participant"), session=s, code=session_qr_code(s, at), at=at)
    assert exc.value.code == code


def test_check_in_refusal_shows_the_pemda_local_time(world, setup):
    """A WIT Pemda (UTC+9) reads its own clock, not the server's WIB default."""
    from zoneinfo import ZoneInfo

    world.pemda.timezone = "Asia/Jayapura"
    world.pemda.save(update_fields=["timezone"])
    s = setup[1][0]
    at = s.starts_at - timedelta(hours=1)
    with pytest.raises(ValidationFailed) as exc:
        attendance_check_in(actor=world.actor("participant"), session=s, code=session_qr_code(s, at), at=at)
    opens = (s.starts_at - timedelta(minutes=30)).astimezone(ZoneInfo("Asia/Jayapura"))
    assert opens.strftime("%H:%M") in str(exc.value.message)


def test_check_in_opens_thirty_minutes_before(world, setup):
    s = setup[1][0]
    at = s.starts_at - timedelta(minutes=29)
    assert attendance_check_in(actor=world.actor("participant"), session=s, code=session_qr_code(s, at), at=at)


def test_not_enrolled_cannot_check_in(world, other_world, setup):
    s = setup[1][0]
    at = s.starts_at
    for actor in (world.actor("supervisor"), other_world.actor("participant"), world.actor("admin")):
        with pytest.raises(ValidationFailed) as exc:
            attendance_check_in(actor=actor, session=s, code=session_qr_code(s, at), at=at)
        assert exc.value.code == "not_enrolled"


def test_withdrawn_enrolment_cannot_check_in(world, setup):
    _, sessions, mine, _ = setup
    mine.status = EnrolmentStatus.WITHDRAWN
    mine.save()
    s = sessions[0]
    with pytest.raises(ValidationFailed):
        attendance_check_in(
            actor=world.actor("participant"), session=s, code=session_qr_code(s, s.starts_at), at=s.starts_at
        )


def test_instructor_marks_bulk_and_pct_counts_present_and_late_only(world, setup):
    _klass, sessions, mine, other = setup
    actor = world.actor("instructor")
    attendance_mark_bulk(
        actor=actor, session=sessions[0], marks={mine.pk: "late", other.pk: "excused"}, notes={other.pk: "sakit"}
    )
    attendance_mark_bulk(actor=actor, session=sessions[1], marks={mine.pk: "present", other.pk: "absent"})
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.attendance_pct == Decimal("100.00")
    assert other.attendance_pct == Decimal("0.00")
    assert Attendance.objects.get(session=sessions[0], enrolment=other).note == "sakit"
    # changing a mark updates it in place
    attendance_mark_bulk(actor=actor, session=sessions[1], marks={mine.pk: "absent"})
    mine.refresh_from_db()
    assert mine.attendance_pct == Decimal("50.00")
    assert Attendance.objects.filter(enrolment=mine).count() == 2


def test_bulk_mark_overrides_qr_status_as_manual(world, setup):
    _, sessions, mine, _ = setup
    s = sessions[0]
    attendance_check_in(
        actor=world.actor("participant"), session=s, code=session_qr_code(s, s.starts_at), at=s.starts_at
    )
    attendance_mark_bulk(actor=world.actor("admin"), session=s, marks={mine.pk: "excused"})
    att = Attendance.objects.get(session=s, enrolment=mine)
    assert att.status == "excused" and att.method == AttendanceMethod.MANUAL


def test_bulk_mark_refuses_other_class_enrolments_and_bad_status(world, setup):
    _, sessions, mine, _ = setup
    stranger = EnrolmentFactory(
        klass=TrainingClassFactory(course__pemda=world.pemda), employee=world.employees["camat_a"]
    )
    with pytest.raises(ValidationFailed) as exc:
        attendance_mark_bulk(actor=world.actor("admin"), session=sessions[0], marks={stranger.pk: "present"})
    assert exc.value.code == "not_in_class"
    with pytest.raises(ValidationFailed) as exc:
        attendance_mark_bulk(actor=world.actor("admin"), session=sessions[0], marks={mine.pk: "here"})
    assert exc.value.code == "bad_status"
    assert not Attendance.objects.exists()


def test_only_session_instructor_or_admin_marks(world, other_world, setup):
    _, sessions, mine, _ = setup
    for actor in (world.actor("participant"), world.actor("operator"), other_world.actor("admin")):
        with pytest.raises(PermissionDenied):
            attendance_mark_bulk(actor=actor, session=sessions[0], marks={mine.pk: "present"})
    # an instructor account that does not teach this session
    InstructorFactory(pemda=world.pemda, user=world.users["leader"])
    with pytest.raises(PermissionDenied):
        attendance_mark_bulk(actor=world.actor("leader"), session=sessions[0], marks={mine.pk: "present"})
