"""The periodic round opens what is due and is safe to repeat: one survey per class, one invitation per attendee,
the behaviour baseline for participant and supervisor, no second reminder before its time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from bina.competencies.factories import CompetencyFactory
from bina.evaluation.models import BehaviourSurvey, ClassSurvey, ReactionInvite
from bina.training.attendance.models import Attendance
from bina.training.catalogue.models import CourseCompetency
from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


def test_run_periodic_twice_opens_once(world):
    ended = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.RUNNING)
    yesterday = timezone.now() - timedelta(days=1)
    session = SessionFactory(klass=ended, starts_at=yesterday - timedelta(hours=3), ends_at=yesterday)
    came = EnrolmentFactory(klass=ended, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.ENROLLED)
    EnrolmentFactory(klass=ended, employee=world.employees["kel_b1_staff"], status=EnrolmentStatus.ENROLLED)
    Attendance.objects.create(pemda=world.pemda, session=session, enrolment=came, status="present", method="qr")
    upcoming = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.OPEN)
    CourseCompetency.objects.create(
        course=upcoming.course, competency=CompetencyFactory(pemda=world.pemda), target_level=2
    )
    EnrolmentFactory(klass=upcoming, employee=world.employees["staff_bidang"], status=EnrolmentStatus.ENROLLED)
    for _ in range(2):
        call_command("run_periodic", "--once", "--only", "evaluation.open")
    assert ClassSurvey.objects.filter(klass=ended).count() == 1
    assert list(ReactionInvite.objects.values_list("employee_id", flat=True)) == [came.employee_id]
    baseline = set(BehaviourSurvey.objects.values_list("rater", "respondent_id"))
    # Staf Bidang's supervisor is Kepala Bidang: both answer the baseline.
    assert baseline == {("self", world.employees["staff_bidang"].pk), ("supervisor", world.employees["head_bidang"].pk)}
