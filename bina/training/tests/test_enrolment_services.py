"""Enrolment rules: sources, eligibility, prerequisites, clashes, seats, quotas, waitlist, notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import AuditEvent
from bina.notifications.models import Notification
from bina.people.factories import EmployeeFactory
from bina.training.classes.enrolment import (
    enrolment_accept,
    enrolment_approve,
    enrolment_decline,
    enrolment_mark_no_show,
    enrolment_reject,
    enrolment_request,
    enrolment_withdraw,
)
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus, UnitQuota
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory


@pytest.fixture(autouse=True)
def _english_messages():
    """Refusal messages are asserted in English (the msgids); the default UI language is Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture
def klass(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), capacity=2)
    SessionFactory(klass=k)
    return k


def _counters_match(klass):
    klass.refresh_from_db()
    rows = Enrolment.objects.filter(klass=klass)
    assert klass.enrolled_count == rows.filter(status="enrolled").count()
    assert klass.waitlist_count == rows.filter(status="waitlisted").count()


def test_self_registration_takes_a_seat_and_notifies(world, klass):
    e = enrolment_request(
        actor=world.actor("participant"), klass=klass, employee=world.employees["kel_a1_staff"], source="self"
    )
    assert e.status == EnrolmentStatus.ENROLLED
    _counters_match(klass)
    assert Notification.objects.filter(user=world.users["participant"], kind="enrolment").exists()
    assert AuditEvent.objects.filter(action="enrolment.request", target_id=str(e.pk)).exists()


def test_full_class_waitlists_then_withdrawal_promotes_the_first_waiting(world, klass):
    from bina.accounts.factories import UserFactory

    admin = world.actor("admin")
    people = [world.employees[k] for k in ("kel_a1_staff", "staff_bidang", "setda_staff", "kel_b1_staff")]
    setda_user = UserFactory(pemda=world.pemda, employee=world.employees["setda_staff"])
    results = [enrolment_request(actor=admin, klass=klass, employee=p, source="assignment") for p in people]
    assert [r.status for r in results] == ["enrolled", "enrolled", "waitlisted", "waitlisted"]
    _counters_match(klass)
    enrolment_withdraw(actor=world.actor("participant"), enrolment=results[0], reason="Sakit")
    results[2].refresh_from_db()
    results[3].refresh_from_db()
    assert results[2].status == "enrolled" and results[3].status == "waitlisted"
    _counters_match(klass)
    assert Notification.objects.filter(
        user=setda_user,
        kind="waitlist_promotion",
        event_key=f"promoted:enrolment:{results[2].pk}:v{results[2].version}",
    ).exists()


def test_the_same_event_twice_in_one_second_notifies_twice_and_a_replay_never(world, klass):
    """Issue 8.4: keys come from the event (enrolment, transition, version), not from the clock's second."""
    from bina.accounts.factories import UserFactory
    from bina.notifications.services import notify

    admin = world.actor("admin")
    klass.capacity = 1
    klass.save(update_fields=["capacity"])
    first = enrolment_request(actor=admin, klass=klass, employee=world.employees["kel_a1_staff"], source="assignment")
    setda = world.employees["setda_staff"]
    setda_user = UserFactory(pemda=world.pemda, employee=setda)
    waiting = enrolment_request(actor=admin, klass=klass, employee=setda, source="assignment")
    assert waiting.status == "waitlisted"
    enrolment_withdraw(actor=admin, enrolment=first, reason="Sakit")  # setda promoted (1st time)
    enrolment_withdraw(actor=admin, enrolment=Enrolment.objects.get(pk=waiting.pk), reason="Rapat")
    enrolment_request(actor=admin, klass=klass, employee=world.employees["staff_bidang"], source="assignment")
    again = enrolment_request(actor=admin, klass=klass, employee=setda, source="assignment")
    assert again.status == "waitlisted"
    enrolment_withdraw(
        actor=admin, enrolment=Enrolment.objects.get(klass=klass, employee=world.employees["staff_bidang"]), reason="x"
    )  # setda promoted again, within the same second as the first promotion
    promotions = Notification.objects.filter(user=setda_user, kind="waitlist_promotion")
    assert promotions.count() == 2
    # Replaying the last event (a retried request, a second worker) adds nothing.
    last = Enrolment.objects.get(pk=again.pk)
    notify(user=setda_user, kind="waitlist_promotion", event_key=f"promoted:enrolment:{last.pk}:v{last.version}",
           title="t", body="b", email=False)  # fmt: skip
    assert promotions.count() == 2


def test_someone_cannot_self_register_for_another_person(world, klass):
    with pytest.raises(PermissionDenied):
        enrolment_request(
            actor=world.actor("participant"), klass=klass, employee=world.employees["camat_a"], source="self"
        )


def test_a_second_request_for_the_same_class_is_a_conflict(world, klass):
    actor, me = world.actor("participant"), world.employees["kel_a1_staff"]
    enrolment_request(actor=actor, klass=klass, employee=me, source="self")
    with pytest.raises(Conflict, match="already has a place"):
        enrolment_request(actor=actor, klass=klass, employee=me, source="self")
    assert Enrolment.objects.filter(klass=klass, employee=me).count() == 1


def test_re_request_after_withdrawal_reuses_the_row(world, klass):
    actor, me = world.actor("participant"), world.employees["kel_a1_staff"]
    first = enrolment_request(actor=actor, klass=klass, employee=me, source="self")
    enrolment_withdraw(actor=actor, enrolment=first, reason="Tugas luar")
    again = enrolment_request(actor=actor, klass=klass, employee=me, source="self")
    assert again.pk == first.pk and again.status == "enrolled"
    _counters_match(klass)


def test_draft_class_and_closed_window_refuse_self_registration(world, klass):
    actor, me = world.actor("participant"), world.employees["kel_a1_staff"]
    klass.status = ClassStatus.DRAFT
    klass.save()
    with pytest.raises(Conflict, match="not open"):
        enrolment_request(actor=actor, klass=klass, employee=me, source="self")
    klass.status = ClassStatus.OPEN
    klass.registration_closes_at = timezone.now() - timedelta(hours=1)
    klass.save()
    with pytest.raises(Conflict, match="Registration closed"):
        enrolment_request(actor=actor, klass=klass, employee=me, source="self")
    # the admin's assignment skips the window
    e = enrolment_request(actor=world.actor("admin"), klass=klass, employee=me, source="assignment")
    assert e.status == "enrolled"


def test_class_without_self_registration_refuses_it(world, klass):
    klass.allow_self_registration = False
    klass.save()
    with pytest.raises(ValidationFailed, match="nominate"):
        enrolment_request(
            actor=world.actor("participant"), klass=klass, employee=world.employees["kel_a1_staff"], source="self"
        )


def test_eligibility_by_unit_subtree_and_position_kind(world, klass):
    klass.eligible_units.set([world.units["kec_b"]])
    with pytest.raises(ValidationFailed, match="Kecamatan Beta"):
        enrolment_request(
            actor=world.actor("participant"), klass=klass, employee=world.employees["kel_a1_staff"], source="self"
        )
    ok = enrolment_request(
        actor=world.actor("admin"), klass=klass, employee=world.employees["kel_b1_staff"], source="assignment"
    )
    assert ok.status == "enrolled"
    klass.eligible_units.clear()
    klass.eligible_position_kinds = ["struktural"]
    klass.save()
    with pytest.raises(ValidationFailed, match="positions"):
        enrolment_request(
            actor=world.actor("admin"), klass=klass, employee=world.employees["setda_staff"], source="assignment"
        )


def test_inactive_employee_is_refused(world, klass):
    retired = EmployeeFactory(pemda=world.pemda, unit=world.units["bagian"], status="pensiun")
    with pytest.raises(ValidationFailed, match="not active"):
        enrolment_request(actor=world.actor("admin"), klass=klass, employee=retired, source="assignment")


def test_prerequisite_course_must_be_completed(world, klass):
    basic = CourseFactory(pemda=world.pemda, title="Dasar Pelayanan")
    klass.course.prerequisites.add(basic)
    me = world.employees["kel_a1_staff"]
    with pytest.raises(ValidationFailed, match="Dasar Pelayanan"):
        enrolment_request(actor=world.actor("participant"), klass=klass, employee=me, source="self")
    EnrolmentFactory(klass=TrainingClassFactory(course=basic, status="completed"), employee=me, status="completed")
    assert enrolment_request(actor=world.actor("participant"), klass=klass, employee=me, source="self").status == (
        "enrolled"
    )


def test_participant_schedule_clash_names_the_other_class(world, klass):
    me = world.employees["kel_a1_staff"]
    other = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), code="OTHER-1", starts_on=klass.starts_on)
    SessionFactory(klass=other, topic="Etika Pelayanan")
    EnrolmentFactory(klass=other, employee=me, status="enrolled")
    with pytest.raises(Conflict, match=r"OTHER-1.*Etika Pelayanan"):
        enrolment_request(actor=world.actor("participant"), klass=klass, employee=me, source="self")


def test_nomination_by_supervisor_then_accept(world, klass):
    sup = world.actor("supervisor")
    staff = world.employees["staff_bidang"]  # indirect report of head_dinas
    e = enrolment_request(actor=sup, klass=klass, employee=staff, source="nomination")
    assert e.status == "nominated"
    _counters_match(klass)
    from bina.accounts.factories import UserFactory
    from bina.accounts.scope import actor_for_user

    staff_user = UserFactory(pemda=world.pemda, employee=staff)
    assert Notification.objects.filter(kind="nomination").count() == 0  # no account at the time
    assert e.answered_at is None
    accepted = enrolment_accept(actor=actor_for_user(staff_user), enrolment=e)
    assert accepted.status == "enrolled" and accepted.answered_at is not None
    _counters_match(klass)


def test_nomination_decline_records_the_reason(world, klass):
    e = enrolment_request(
        actor=world.actor("admin"), klass=klass, employee=world.employees["kel_a1_staff"], source="assignment"
    )
    e.status = "nominated"
    e.save()
    klass.enrolled_count = 0
    klass.save()
    with pytest.raises(ValidationFailed):
        enrolment_decline(actor=world.actor("participant"), enrolment=e, reason="  ")
    with pytest.raises(ValidationFailed, match="Choose one of"):
        enrolment_decline(actor=world.actor("participant"), enrolment=e, reason="Cuti", category="holiday")
    e.refresh_from_db()
    assert e.status == "nominated" and e.reason_category == ""
    declined = enrolment_decline(
        actor=world.actor("participant"), enrolment=e, reason="Cuti melahirkan", category="health"
    )
    assert declined.status == "declined" and declined.reason == "Cuti melahirkan"
    assert declined.reason_category == "health" and declined.answered_at is not None


def test_supervisor_cannot_nominate_someone_outside_their_reports(world, klass):
    with pytest.raises(PermissionDenied):
        enrolment_request(
            actor=world.actor("supervisor"), klass=klass, employee=world.employees["kel_b1_staff"], source="nomination"
        )


def test_approval_required_goes_pending_then_approve_or_reject(world, klass):
    klass.requires_approval = True
    klass.save()
    e = enrolment_request(
        actor=world.actor("participant"), klass=klass, employee=world.employees["kel_a1_staff"], source="self"
    )
    assert e.status == "pending"
    with pytest.raises(PermissionDenied):
        enrolment_approve(actor=world.actor("participant"), enrolment=e)
    approved = enrolment_approve(actor=world.actor("admin"), enrolment=e)
    assert approved.status == "enrolled"
    assert Notification.objects.filter(kind="approval", user=world.users["participant"]).exists()
    _counters_match(klass)
    # assignment skips approval
    other = enrolment_request(
        actor=world.actor("admin"), klass=klass, employee=world.employees["camat_a"], source="assignment"
    )
    assert other.status == "enrolled"


def test_reject_needs_a_reason(world, klass):
    klass.requires_approval = True
    klass.save()
    e = enrolment_request(
        actor=world.actor("participant"), klass=klass, employee=world.employees["kel_a1_staff"], source="self"
    )
    with pytest.raises(ValidationFailed):
        enrolment_reject(actor=world.actor("admin"), enrolment=e, reason="")
    rejected = enrolment_reject(actor=world.actor("admin"), enrolment=e, reason="Kuota unit penuh")
    assert rejected.status == "rejected"


def test_unit_quota_sends_the_extra_person_to_the_waitlist(world, klass):
    klass.capacity = 5
    klass.save()
    UnitQuota.objects.create(klass=klass, unit=world.units["dinas"], seats=1)
    admin = world.actor("admin")
    a = enrolment_request(actor=admin, klass=klass, employee=world.employees["staff_bidang"], source="assignment")
    b = enrolment_request(actor=admin, klass=klass, employee=world.employees["head_bidang"], source="assignment")
    c = enrolment_request(actor=admin, klass=klass, employee=world.employees["setda_staff"], source="assignment")
    assert (a.status, b.status, c.status) == ("enrolled", "waitlisted", "enrolled")
    # promotion skips people whose quota is full and respects order otherwise
    enrolment_withdraw(actor=admin, enrolment=c, reason="Dipindah")
    b.refresh_from_db()
    assert b.status == "waitlisted"
    enrolment_withdraw(actor=admin, enrolment=a, reason="Dipindah")
    b.refresh_from_db()
    assert b.status == "enrolled"
    _counters_match(klass)


def test_no_show_only_after_the_class_started(world, klass):
    admin = world.actor("admin")
    e = enrolment_request(actor=admin, klass=klass, employee=world.employees["kel_a1_staff"], source="assignment")
    with pytest.raises(Conflict, match="started"):
        enrolment_mark_no_show(actor=admin, enrolment=e, reason="Tidak hadir")
    klass.status = ClassStatus.RUNNING
    klass.save()
    e = enrolment_mark_no_show(actor=admin, enrolment=e, reason="Tidak hadir tanpa keterangan")
    assert e.status == "no_show" and e.reason
    _counters_match(klass)


def test_participant_cannot_withdraw_from_a_running_class(world, klass):
    e = enrolment_request(
        actor=world.actor("participant"), klass=klass, employee=world.employees["kel_a1_staff"], source="self"
    )
    klass.status = ClassStatus.RUNNING
    klass.save()
    with pytest.raises(Conflict, match="BKPSDM"):
        enrolment_withdraw(actor=world.actor("participant"), enrolment=e, reason="Sakit")


def test_other_pemda_admin_cannot_assign(world, other_world, klass):
    with pytest.raises(PermissionDenied):
        enrolment_request(
            actor=other_world.actor("admin"), klass=klass, employee=world.employees["kel_a1_staff"], source="assignment"
        )


def test_capacity_increase_promotes_waitlisted(world, klass):
    from bina.training.classes.services import class_update

    admin = world.actor("admin")
    people = [world.employees[k] for k in ("kel_a1_staff", "staff_bidang", "setda_staff")]
    rows = [enrolment_request(actor=admin, klass=klass, employee=p, source="assignment") for p in people]
    assert rows[2].status == "waitlisted"
    class_update(actor=admin, klass=klass, data={"capacity": 3})
    rows[2].refresh_from_db()
    assert rows[2].status == "enrolled"
    _counters_match(klass)
