"""Day-before session reminders: Pemda time zone, one email per participant however often the job runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from bina.notifications.models import Notification
from bina.partners.factories import InstructorFactory
from bina.training.classes.models import ClassStatus, EnrolmentStatus, Session
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.reminders import session_reminders_send

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2030, 3, 10, 7, 0, tzinfo=WIB)  # the 07:00 WIB run
TOMORROW_9 = datetime(2030, 3, 11, 9, 0, tzinfo=WIB)


def session_tomorrow(world, *, starts_at=TOMORROW_9, status=ClassStatus.OPEN, **kwargs):
    klass = TrainingClassFactory(course__pemda=world.pemda, course__title="Pelayanan Prima", status=status,
                                 starts_on=starts_at.date(), ends_on=starts_at.date())  # fmt: skip
    return SessionFactory(klass=klass, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), **kwargs)


def test_reminds_each_enrolled_participant_once_even_when_run_twice(world, django_capture_on_commit_callbacks):
    session = session_tomorrow(world, room="Aula BKPSDM", topic="Standar pelayanan")
    EnrolmentFactory(klass=session.klass, employee=world.employees["kel_a1_staff"])
    EnrolmentFactory(klass=session.klass, employee=world.employees["head_dinas"])
    EnrolmentFactory(klass=session.klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send(now=NOW) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send(now=NOW) == 0
        call_command("send_session_reminders")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.users["participant"].email, world.users["supervisor"].email]
    )
    assert Notification.objects.filter(event_key=f"reminder:session:{session.pk}").count() == 2
    session.refresh_from_db()
    assert session.reminder_sent_at is not None


def test_reminder_text_is_in_the_recipients_language(world, django_capture_on_commit_callbacks):
    session = session_tomorrow(world, room="Aula", topic="Etika")
    world.users["participant"].language = "en"
    world.users["participant"].save()
    EnrolmentFactory(klass=session.klass, employee=world.employees["kel_a1_staff"])
    with django_capture_on_commit_callbacks(execute=True):
        session_reminders_send(now=NOW)
    message = mail.outbox[0]
    assert message.subject == "Reminder: Pelayanan Prima tomorrow at 09:00"
    assert "11 Mar 2030 at 09:00 WIB" in message.body and "WIB" in message.body and "Aula" in message.body


def test_instructor_account_is_reminded_too(world):
    instructor = InstructorFactory(pemda=world.pemda, user=world.users["instructor"])
    session_tomorrow(world, instructor=instructor)
    session_reminders_send(now=NOW)
    assert Notification.objects.filter(user=world.users["instructor"], kind="session_reminder").exists()


def test_sessions_not_tomorrow_or_of_cancelled_classes_are_skipped(world):
    today = session_tomorrow(world, starts_at=datetime(2030, 3, 10, 13, 0, tzinfo=WIB))
    later = session_tomorrow(world, starts_at=datetime(2030, 3, 12, 0, 0, tzinfo=WIB))
    cancelled = session_tomorrow(world, status=ClassStatus.CANCELLED)
    for s in (today, later, cancelled):
        EnrolmentFactory(klass=s.klass, employee=world.employees["kel_a1_staff"])
    assert session_reminders_send(now=NOW) == 0
    assert not Session.objects.filter(reminder_sent_at__isnull=False).exists()


def test_tomorrow_is_the_pemdas_own_day(world, other_world):
    # 23:30 WIB on 10 March is already 11 March 01:30 WIT: for a WIT Pemda "tomorrow" is 12 March.
    other_world.pemda.timezone = "Asia/Jayapura"
    other_world.pemda.save()
    wit = ZoneInfo("Asia/Jayapura")
    now = datetime(2030, 3, 10, 23, 30, tzinfo=WIB)
    wib_session = session_tomorrow(world, starts_at=datetime(2030, 3, 11, 10, 0, tzinfo=WIB))
    wit_wrong = session_tomorrow(other_world, starts_at=datetime(2030, 3, 11, 10, 0, tzinfo=wit))
    wit_right = session_tomorrow(other_world, starts_at=datetime(2030, 3, 12, 10, 0, tzinfo=wit))
    for s, w in ((wib_session, world), (wit_wrong, other_world), (wit_right, other_world)):
        EnrolmentFactory(klass=s.klass, employee=w.employees["kel_a1_staff"])
    session_reminders_send(now=now)
    reminded = set(Session.objects.filter(reminder_sent_at__isnull=False).values_list("pk", flat=True))
    assert reminded == {wib_session.pk, wit_right.pk}


def test_a_claimed_session_is_not_sent_by_a_second_runner(world):
    session = session_tomorrow(world)
    EnrolmentFactory(klass=session.klass, employee=world.employees["kel_a1_staff"])
    Session.objects.filter(pk=session.pk).update(reminder_sent_at=NOW)  # another run claimed it first
    assert session_reminders_send(now=NOW) == 0
    assert not Notification.objects.exists()


def test_reminder_goes_only_to_the_participants_own_pemda_users(world, other_world):
    session = session_tomorrow(world)
    EnrolmentFactory(klass=session.klass, employee=world.employees["kel_a1_staff"])
    EnrolmentFactory(klass=session_tomorrow(other_world).klass, employee=other_world.employees["head_dinas"])
    session_reminders_send(now=NOW)
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "participant.alfa",
        "supervisor.beta",
    ]


def test_task_runs_the_service(world):
    from bina.training.tasks import send_session_reminders_task

    result = send_session_reminders_task.enqueue()
    assert result.return_value == 0
