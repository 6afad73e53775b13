"""Class rules: validation, quotas, sessions and instructor clashes, lifecycle, cancellation notifies everyone."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from bina.accounts.factories import UserFactory
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import AuditEvent
from bina.notifications.models import Notification
from bina.partners.factories import InstructorFactory
from bina.training.classes.models import ClassStatus, Enrolment
from bina.training.classes.services import (
    class_cancel,
    class_close_registration,
    class_create,
    class_open,
    class_quota_set,
    class_start,
    class_update,
    session_create,
    session_delete,
    session_update,
)
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory


@pytest.fixture(autouse=True)
def _english_messages():
    """Refusal messages are asserted in English (the msgids); the default UI language is Indonesian."""
    with translation.override("en"):
        yield


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


@pytest.fixture
def course(world):
    return CourseFactory(pemda=world.pemda)


def _data(course, **extra):
    start = timezone.localdate() + timedelta(days=10)
    return {"course": course, "code": "PP-01", "name": "Angkatan I", "starts_on": start,
            "ends_on": start + timedelta(days=2), "capacity": 30, **extra}  # fmt: skip


def test_admin_creates_a_draft_class_audited(world, course):
    k = class_create(actor=world.actor("admin"), pemda_id=world.pemda.pk, data=_data(course))
    assert k.status == ClassStatus.DRAFT
    assert AuditEvent.objects.filter(action="class.create", target_id=str(k.pk)).exists()


def test_only_admin_creates_classes(world, course):
    with pytest.raises(PermissionDenied):
        class_create(actor=world.actor("operator"), pemda_id=world.pemda.pk, data=_data(course))


def test_code_is_unique_per_pemda(world, other_world, course):
    class_create(actor=world.actor("admin"), pemda_id=world.pemda.pk, data=_data(course))
    with pytest.raises(Conflict, match="PP-01"):
        class_create(actor=world.actor("admin"), pemda_id=world.pemda.pk, data=_data(course))
    other_course = CourseFactory(pemda=other_world.pemda)
    assert class_create(actor=other_world.actor("admin"), pemda_id=other_world.pemda.pk, data=_data(other_course))


def test_course_of_another_pemda_is_refused(world, other_world):
    with pytest.raises(ValidationFailed, match="another Pemda"):
        class_create(
            actor=world.actor("admin"), pemda_id=world.pemda.pk, data=_data(CourseFactory(pemda=other_world.pemda))
        )


def test_registration_window_must_close_by_the_first_day(world, course):
    data = _data(course)
    data["registration_opens_at"] = timezone.now()
    data["registration_closes_at"] = _at(data["starts_on"] + timedelta(days=1), 12)
    with pytest.raises(ValidationFailed, match="first day"):
        class_create(actor=world.actor("admin"), pemda_id=world.pemda.pk, data=data)
    data["registration_closes_at"] = data["registration_opens_at"] - timedelta(hours=1)
    with pytest.raises(ValidationFailed, match="close after it opens"):
        class_create(actor=world.actor("admin"), pemda_id=world.pemda.pk, data=data)


def test_capacity_cannot_drop_below_enrolled(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), capacity=5, enrolled_count=3)
    with pytest.raises(ValidationFailed, match="3 people"):
        class_update(actor=world.actor("admin"), klass=k, data={"capacity": 2})


def test_quota_cannot_exceed_capacity_but_sum_may(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), capacity=10)
    rows = class_quota_set(
        actor=world.actor("admin"), klass=k, quotas={world.units["dinas"]: 8, world.units["kec_a"]: 8}
    )
    assert len(rows) == 2
    with pytest.raises(ValidationFailed, match="capacity"):
        class_quota_set(actor=world.actor("admin"), klass=k, quotas={world.units["dinas"]: 11})


def test_session_outside_class_dates_is_refused(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda))
    day = k.ends_on + timedelta(days=1)
    with pytest.raises(ValidationFailed, match="within the class dates"):
        session_create(
            actor=world.actor("admin"), klass=k, data={"starts_at": _at(day, 8), "ends_at": _at(day, 10), "topic": "X"}
        )


def test_instructor_clash_names_the_other_class_and_time(world):
    teacher = InstructorFactory(pemda=world.pemda, name="Bu Guru")
    day = timezone.localdate() + timedelta(days=3)
    busy = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), code="BUSY-1", starts_on=day)
    SessionFactory(klass=busy, instructor=teacher, starts_at=_at(day, 8), ends_at=_at(day, 12))
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), code="NEW-1", starts_on=day)
    with pytest.raises(Conflict, match=r"Bu Guru already teaches BUSY-1.*08:00"):
        session_create(
            actor=world.actor("admin"),
            klass=k,
            data={"starts_at": _at(day, 10), "ends_at": _at(day, 13), "topic": "T", "instructor": teacher},
        )
    # once the other class is cancelled the slot is free
    busy.status = ClassStatus.CANCELLED
    busy.save()
    s = session_create(
        actor=world.actor("admin"),
        klass=k,
        data={"starts_at": _at(day, 10), "ends_at": _at(day, 13), "topic": "T", "instructor": teacher},
    )
    moved = session_update(actor=world.actor("admin"), session=s, data={"topic": "Baru"})
    assert moved.topic == "Baru"


def test_lifecycle_open_needs_a_session_then_close_start(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), status=ClassStatus.DRAFT)
    admin = world.actor("admin")
    with pytest.raises(Conflict, match="at least one session"):
        class_open(actor=admin, klass=k)
    SessionFactory(klass=k)
    assert class_open(actor=admin, klass=k).status == "open"
    assert class_close_registration(actor=admin, klass=k).status == "closed"
    assert class_start(actor=admin, klass=k).status == "running"
    with pytest.raises(Conflict):
        class_open(actor=admin, klass=k)


def test_cancel_cancels_active_enrolments_and_notifies_each_person(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), enrolled_count=1, waitlist_count=1)
    UserFactory(pemda=world.pemda, employee=world.employees["camat_a"])
    EnrolmentFactory(klass=k, employee=world.employees["kel_a1_staff"], status="enrolled")
    EnrolmentFactory(klass=k, employee=world.employees["camat_a"], status="waitlisted")
    EnrolmentFactory(klass=k, employee=world.employees["setda_staff"], status="withdrawn")
    with pytest.raises(ValidationFailed):
        class_cancel(actor=world.actor("admin"), klass=k, reason="")
    k = class_cancel(actor=world.actor("admin"), klass=k, reason="Narasumber berhalangan")
    assert k.status == "cancelled" and k.enrolled_count == 0 and k.waitlist_count == 0
    statuses = dict(Enrolment.objects.filter(klass=k).values_list("employee__name", "status"))
    assert sorted(statuses.values()) == ["cancelled", "cancelled", "withdrawn"]
    notes = Notification.objects.filter(kind="class_cancelled", event_key=f"class-cancelled:{k.pk}")
    assert notes.count() == 2
    assert "Narasumber berhalangan" in notes.first().body


def test_completed_class_cannot_be_cancelled(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), status=ClassStatus.COMPLETED)
    with pytest.raises(Conflict):
        class_cancel(actor=world.actor("admin"), klass=k, reason="x")


def test_last_session_of_an_open_class_cannot_be_deleted(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda))
    s = SessionFactory(klass=k)
    with pytest.raises(Conflict, match="at least one session"):
        session_delete(actor=world.actor("admin"), session=s)
    extra = SessionFactory(klass=k)
    session_delete(actor=world.actor("admin"), session=extra)
    assert k.sessions.count() == 1


def test_other_pemda_admin_cannot_manage_the_class(world, other_world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda))
    with pytest.raises(PermissionDenied):
        class_update(actor=other_world.actor("admin"), klass=k, data={"name": "X"})
