"""Completion rules, JP credit (PP 11/2017 as amended by PP 17/2020) and the certificate batch it queues."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from bina.certificates.models import BatchStatus, Certificate, CertificateBatch
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.training.attendance.completion import class_complete, enrolment_score_set, enrolment_scores_set
from bina.training.attendance.services import attendance_mark_bulk
from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.models import JpCredit


@pytest.fixture
def klass(world):
    k = TrainingClassFactory(
        course__pemda=world.pemda,
        course__jp=24,
        course__title="Pelayanan Prima",
        status=ClassStatus.RUNNING,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 4),
    )
    for day in range(8):
        s = SessionFactory(klass=k)
        s.starts_at += timedelta(hours=5 * day)
        s.ends_at += timedelta(hours=5 * day)
        s.save()
    return k


def _attend(world, klass, enrolment, n):
    admin = world.actor("admin")
    for i, s in enumerate(klass.sessions.order_by("starts_at")):
        attendance_mark_bulk(actor=admin, session=s, marks={enrolment.pk: "present" if i < n else "absent"})


def test_completion_decides_by_attendance_and_credits_jp_once(world, klass, django_capture_on_commit_callbacks):
    good = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    poor = EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"])
    withdrawn = EnrolmentFactory(klass=klass, employee=world.employees["camat_a"], status=EnrolmentStatus.WITHDRAWN)
    _attend(world, klass, good, 7)  # 87.5%
    _attend(world, klass, poor, 5)  # 62.5%
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        result = class_complete(actor=world.actor("admin"), klass=klass)
    assert (result.completed, result.failed, result.credited) == (1, 1, 1)
    good.refresh_from_db()
    poor.refresh_from_db()
    withdrawn.refresh_from_db()
    klass.refresh_from_db()
    assert good.status == EnrolmentStatus.COMPLETED and good.completed_at is not None
    assert poor.status == EnrolmentStatus.FAILED and poor.reason == ""  # no person's words: a code
    assert (poor.reason_code, poor.reason_params) == ("attendance_below_minimum", {"pct": "62.5", "min": "80"})
    with translation.override("en"):
        assert poor.reason_message == "attendance 62.5% < 80%"
    assert withdrawn.status == EnrolmentStatus.WITHDRAWN
    assert klass.status == ClassStatus.COMPLETED
    credit = JpCredit.objects.get()
    assert (credit.employee_id, credit.year, credit.jp, credit.title, credit.credited_on) == (
        good.employee_id, 2026, Decimal("24"), "Pelayanan Prima", date(2026, 3, 4)
    )  # fmt: skip
    # the certificate batch ran on commit
    batch = CertificateBatch.objects.get()
    assert batch.status == BatchStatus.DONE and batch.done == 1
    assert Certificate.objects.get().enrolment_id == good.pk
    # running it again never double-counts
    with django_capture_on_commit_callbacks(execute=True):
        again = class_complete(actor=world.actor("admin"), klass=klass)
    assert (again.completed, again.failed, again.credited, again.batch_id) == (0, 0, 0, None)
    assert JpCredit.objects.count() == 1 and Certificate.objects.count() == 1


def test_post_test_score_below_minimum_fails(world, klass):
    klass.course.has_post_test = True
    klass.course.min_post_test_score = Decimal("70")
    klass.course.save()
    passed = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    low = EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"])
    missing = EnrolmentFactory(klass=klass, employee=world.employees["camat_a"])
    for e in (passed, low, missing):
        _attend(world, klass, e, 8)
    enrolment_scores_set(
        actor=world.actor("admin"), klass=klass, scores={passed.pk: Decimal("85"), low.pk: Decimal("65.5")}
    )
    with translation.override("en"):
        class_complete(actor=world.actor("admin"), klass=klass)
    for e in (passed, low, missing):
        e.refresh_from_db()
    assert passed.status == EnrolmentStatus.COMPLETED
    assert low.status == EnrolmentStatus.FAILED and low.reason_code == "post_test_below_minimum"
    assert low.reason_params == {"score": "65.5", "min": "70"}
    assert missing.status == EnrolmentStatus.FAILED and missing.reason_code == "post_test_missing"
    with translation.override("en"):
        assert (low.reason_message, missing.reason_message) == ("post-test 65.5 < 70", "no post-test score")


def test_closed_class_completes_only_after_its_end_date(world, klass):
    klass.status = ClassStatus.CLOSED
    klass.ends_on = timezone.localdate() + timedelta(days=1)
    klass.starts_on = klass.ends_on - timedelta(days=2)
    klass.save()
    with pytest.raises(Conflict):
        class_complete(actor=world.actor("admin"), klass=klass)
    klass.ends_on = timezone.localdate() - timedelta(days=1)
    klass.starts_on = klass.ends_on - timedelta(days=2)
    klass.save()
    # Its eight sessions have no attendance at all: completing says so unless told it is meant.
    assert class_complete(actor=world.actor("admin"), klass=klass, allow_missing_attendance=True).completed == 0


@pytest.mark.parametrize("status", [ClassStatus.OPEN, ClassStatus.DRAFT, ClassStatus.CANCELLED])
def test_class_not_started_cannot_complete(world, klass, status):
    klass.status = status
    klass.save()
    with pytest.raises(Conflict):
        class_complete(actor=world.actor("admin"), klass=klass)


def test_only_admin_of_the_pemda_completes(world, other_world, klass):
    for actor in (world.actor("operator"), world.actor("instructor"), other_world.actor("admin")):
        with pytest.raises(PermissionDenied):
            class_complete(actor=actor, klass=klass)


def test_scores_are_validated_and_scoped_to_the_class(world, klass):
    e = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    with pytest.raises(ValidationFailed):
        enrolment_score_set(actor=world.actor("admin"), enrolment=e, score=Decimal("101"))
    stranger = EnrolmentFactory(
        klass=TrainingClassFactory(course__pemda=world.pemda), employee=world.employees["camat_a"]
    )
    with pytest.raises(ValidationFailed):
        enrolment_scores_set(actor=world.actor("admin"), klass=klass, scores={stranger.pk: Decimal("50")})
    with pytest.raises(PermissionDenied):
        enrolment_score_set(actor=world.actor("instructor"), enrolment=e, score=Decimal("50"))
    enrolment_score_set(actor=world.actor("admin"), enrolment=e, score=Decimal("77.25"))
    e.refresh_from_db()
    assert e.post_test_score == Decimal("77.25")


def test_class_without_sessions_completes_on_post_test_alone(world):
    klass = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.RUNNING)
    e = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    class_complete(actor=world.actor("admin"), klass=klass)
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.COMPLETED and e.attendance_pct is None
