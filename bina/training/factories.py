"""Factories for programmes, courses, classes, sessions and enrolments (tests only).

They write rows directly; tests of rules go through `bina.training.services`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import factory
from django.utils import timezone

from bina.core.factories import PemdaFactory
from bina.training.catalogue.models import METHOD_PATH, Course, DeliveryMode, Method, Programme, ProgrammeStatus
from bina.training.classes.models import (
    ClassStatus,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Session,
    TrainingClass,
)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    pemda = factory.SubFactory(PemdaFactory)
    name = factory.Sequence(lambda n: f"Pembinaan ASN 2026 — Pelayanan Prima {n}")
    year = 2026
    goals = ["service_quality"]
    starts_on = date(2026, 1, 1)
    ends_on = date(2026, 12, 31)
    budget = 250_000_000
    status = ProgrammeStatus.ACTIVE


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    pemda = factory.SubFactory(PemdaFactory)
    programme = None
    code = factory.Sequence(lambda n: f"C{n:04d}")
    title = factory.Sequence(lambda n: f"Komunikasi Efektif dalam Pelayanan {n}")
    method = Method.WORKSHOP
    learning_path = factory.LazyAttribute(lambda o: METHOD_PATH[o.method])
    delivery_mode = DeliveryMode.TATAP_MUKA
    jp = 16
    min_attendance_pct = 80


def _tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


class TrainingClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingClass

    pemda = factory.SelfAttribute("course.pemda")
    course = factory.SubFactory(CourseFactory)
    code = factory.Sequence(lambda n: f"K{n:05d}")
    name = "Angkatan I"
    starts_on = factory.LazyFunction(_tomorrow)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=1))
    capacity = 30
    status = ClassStatus.OPEN


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    pemda = factory.SelfAttribute("klass.pemda")
    klass = factory.SubFactory(TrainingClassFactory)
    starts_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.combine(o.klass.starts_on, datetime.min.time()).replace(hour=8))
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    topic = factory.Sequence(lambda n: f"Materi {n}")
    room = "Ruang Rapat BKPSDM"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    pemda = factory.SelfAttribute("klass.pemda")
    klass = factory.SubFactory(TrainingClassFactory)
    employee = None
    status = EnrolmentStatus.ENROLLED
    source = EnrolmentSource.SELF


def assert_jp_totals_exact(pemda_id: int) -> dict[tuple[int, int], object]:
    """Assert every `EmployeeYearJp` of the Pemda equals the sum of its `JpCredit` rows (and that no total
    exists without credits); returns the totals, keyed (employee_id, year), for the test to look at."""
    from django.db.models import Sum

    from bina.training.learning.models import EmployeeYearJp, JpCredit

    credited = {
        (r["employee_id"], r["year"]): r["total"]
        for r in JpCredit.objects.filter(pemda_id=pemda_id)
        .values("employee_id", "year")
        .annotate(total=Sum("jp"))
        .order_by()
    }
    totals = {
        (e, y): jp
        for e, y, jp in EmployeeYearJp.objects.filter(pemda_id=pemda_id).values_list("employee_id", "year", "jp")
    }
    assert totals == credited
    return dict(totals)
