"""The demo training year (Surabaya and Serang) against the real database, and the bench data builder."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Count, Q

from bina.accounts.models import Role, RoleAssignment, User
from bina.accounts.scope import actor_for_user
from bina.certificates.models import Certificate
from bina.core.models import Pemda
from bina.demo.generator import generate
from bina.demo.services import DemoLoadResult, _ensure_pemda_accounts
from bina.demo.training import SEAT_STATUSES, demo_training_load
from bina.demo.training_data import COURSES, DEMO_TODAY, PROGRAMME_NAME
from bina.partners.models import Agreement, Instructor, InstructorKind, Partner
from bina.training.attendance.completion import enrolment_outcome
from bina.training.attendance.models import Attendance, AttendanceStatus
from bina.training.catalogue.models import Course, Programme
from bina.training.classes.models import (
    ClassStatus,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Session,
    TrainingClass,
)
from bina.training.external.models import ExternalLearning, ExternalStatus
from bina.training.factories import assert_jp_totals_exact
from bina.training.learning.models import JpCredit, JpSource

# Slow (whole demo Pemda built): kept in `make test`, left out by `make test-quick`.
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.demo]


def _small_pemda(slug: str, employees: int = 400) -> Pemda:
    pemda = generate(slug, employees=employees, seed=7).pemda
    _ensure_pemda_accounts(pemda, DemoLoadResult())
    return pemda


def _snapshot(pemda: Pemda) -> list[tuple[object, ...]]:
    return list(
        Enrolment.objects.filter(pemda=pemda)
        .order_by("klass__code", "employee__nip")
        .values_list(
            "klass__code",
            "employee__nip",
            "status",
            "attendance_pct",
            "post_test_score",
            "reason",
            "reason_code",
            "reason_params",
        )
    )


def _assert_consistent(pemda: Pemda) -> None:
    classes = TrainingClass.objects.filter(pemda=pemda).annotate(
        seated=Count("enrolments", filter=Q(enrolments__status__in=SEAT_STATUSES), distinct=True),
        waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED), distinct=True),
        n_sessions=Count("sessions", distinct=True),
    )
    assert classes.count() >= 18
    for klass in classes:
        assert (klass.enrolled_count, klass.waitlist_count) == (klass.seated, klass.waiting), klass.code
        assert klass.enrolled_count <= klass.capacity
        assert klass.n_sessions >= 2
    attended = Counter(
        Attendance.objects.filter(
            pemda=pemda, status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE)
        ).values_list("enrolment_id", flat=True)
    )
    sessions = dict(Session.objects.filter(pemda=pemda).values_list("klass_id").annotate(n=Count("pk")).order_by())
    for e in Enrolment.objects.filter(pemda=pemda, attendance_pct__isnull=False).select_related("klass__course"):
        expected = (Decimal(attended[e.pk] * 100) / sessions[e.klass_id]).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert e.attendance_pct == expected
        if e.status in (EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED):
            ok, code, params = enrolment_outcome(e, e.klass)
            assert ok == (e.status == EnrolmentStatus.COMPLETED) and (e.reason_code, e.reason_params) == (code, params)
    completed = Enrolment.objects.filter(pemda=pemda, status=EnrolmentStatus.COMPLETED).select_related("klass__course")
    credits = {c.enrolment_id: c for c in JpCredit.objects.filter(pemda=pemda, source=JpSource.CLASS)}
    assert set(credits) == {e.pk for e in completed}
    for e in completed:
        assert (credits[e.pk].year, credits[e.pk].jp) == (e.klass.ends_on.year, e.klass.course.jp)
    certificates = Certificate.objects.filter(pemda=pemda)
    assert set(certificates.values_list("enrolment_id", flat=True)) == {e.pk for e in completed}
    for year in set(certificates.values_list("year", flat=True)):
        serials = sorted(certificates.filter(year=year).values_list("serial", flat=True))
        assert serials == list(range(1, len(serials) + 1))  # gap-free per Pemda and year


def test_training_year_for_a_pemda_has_programme_partners_classes_and_every_status():
    pemda = _small_pemda("serang")
    result = demo_training_load(pemda=pemda, seed=3)
    assert result.created

    programme = Programme.objects.get(pemda=pemda, name=PROGRAMME_NAME)
    assert programme.budget > 0 and programme.goals
    assert set(Course.objects.filter(programme=programme).values_list("title", flat=True)) == {c.title for c in COURSES}
    assert {c.method for c in Course.objects.filter(pemda=pemda)} >= {"workshop", "bimtek", "simulasi", "elearning"}
    assert Course.objects.filter(pemda=pemda, competency_targets__competency__name="Integritas").exists()
    assert set(Partner.objects.filter(pemda=pemda).values_list("short_name", flat=True)) == {
        "UNTIRTA",
        "UIN SMH Banten",
        "BPSDM Banten",
    }
    assert Agreement.objects.filter(pemda=pemda).count() == 3
    soon = Agreement.objects.filter(pemda=pemda, ends_on__lte=DEMO_TODAY.replace(year=2027, month=2, day=21))
    assert soon.count() == 1  # one agreement expires within 90 days: the warning has something to show
    kinds = set(Instructor.objects.filter(pemda=pemda).values_list("kind", flat=True))
    assert kinds == {InstructorKind.WIDYAISWARA, InstructorKind.PARTNER, InstructorKind.ASN}

    statuses = set(Enrolment.objects.filter(pemda=pemda).values_list("status", flat=True))
    assert statuses >= {
        EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.WITHDRAWN, EnrolmentStatus.DECLINED,
        EnrolmentStatus.NO_SHOW, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED, EnrolmentStatus.NOMINATED,
        EnrolmentStatus.PENDING,
    }  # fmt: skip
    assert not Enrolment.objects.filter(
        pemda=pemda,
        status__in=(EnrolmentStatus.WITHDRAWN, EnrolmentStatus.DECLINED, EnrolmentStatus.NO_SHOW),
        reason="",
    ).exists()
    class_statuses = Counter(TrainingClass.objects.filter(pemda=pemda).values_list("status", flat=True))
    assert class_statuses[ClassStatus.COMPLETED] > class_statuses[ClassStatus.OPEN] > 0
    assert class_statuses[ClassStatus.RUNNING] == 1
    assert Enrolment.objects.filter(pemda=pemda, post_test_score__isnull=False).exists()
    external = Counter(ExternalLearning.objects.filter(pemda=pemda).values_list("status", flat=True))
    assert set(external) == {ExternalStatus.SUBMITTED, ExternalStatus.APPROVED, ExternalStatus.REJECTED}
    approved = ExternalLearning.objects.filter(pemda=pemda, status=ExternalStatus.APPROVED)
    assert JpCredit.objects.filter(external__in=approved).count() == approved.count()
    _assert_consistent(pemda)

    # The demo accounts have something to show.
    participant = User.objects.get(username="participant.serang").employee
    mine = Enrolment.objects.filter(employee=participant)
    assert mine.filter(status=EnrolmentStatus.ENROLLED, klass__starts_on__gt=DEMO_TODAY).exists()
    assert mine.filter(status=EnrolmentStatus.NOMINATED, source=EnrolmentSource.NOMINATION).exists()
    assert Certificate.objects.filter(enrolment__employee=participant).exists()
    instructor_user = User.objects.get(username="instructor.serang")
    assert Session.objects.filter(
        instructor__user=instructor_user, klass__status=ClassStatus.OPEN, starts_at__date__gt=DEMO_TODAY
    ).exists()
    # The instructor account is the ASN's own: linked to the employee record of the instructor it teaches as.
    taught_as = Instructor.objects.get(user=instructor_user)
    assert taught_as.employee_id is not None and instructor_user.employee_id == taught_as.employee_id
    # Every home card has something to show: budgets, a failed certificate batch, two years of JP.
    from bina.certificates.models import BatchStatus, CertificateBatch

    assert TrainingClass.objects.filter(pemda=pemda, budget_planned__gt=0, budget_used__gt=0).exists()
    assert CertificateBatch.objects.filter(pemda=pemda, status=BatchStatus.FAILED).count() == 1
    assert {2025, 2026} <= set(JpCredit.objects.filter(pemda=pemda).values_list("year", flat=True))
    assert assert_jp_totals_exact(pemda.pk)  # the yearly totals compliance reads match the credits
    coordinator = User.objects.get(username="partner.serang")
    assignment = RoleAssignment.objects.get(user=coordinator, role=Role.PARTNER)
    assert assignment.partner.short_name == "UNTIRTA"
    assert actor_for_user(coordinator).partner_ids == (assignment.partner_id,)
    assert {a.username for a in result.accounts} == {"instructor.serang", "partner.serang"}


def test_training_year_is_seeded_and_a_second_load_changes_nothing():
    pemda = _small_pemda("serang")
    demo_training_load(pemda=pemda, seed=5)
    before = _snapshot(pemda)
    counts = (Enrolment.objects.count(), Certificate.objects.count(), JpCredit.objects.count(), User.objects.count())
    again = demo_training_load(pemda=pemda, seed=5)
    assert not again.created
    assert _snapshot(pemda) == before
    assert (Enrolment.objects.count(), Certificate.objects.count(), JpCredit.objects.count(), User.objects.count()) == (
        counts
    )


def test_bench_training_data_builder_at_small_scale_keeps_counts_consistent():
    from bina.bench.training_data import build_training_data

    pemda = generate("serang", employees=200, seed=1).pemda
    stats = build_training_data(pemda=pemda, enrolments=2000, per_class=30, seed=4)

    assert stats.enrolments == Enrolment.objects.filter(pemda=pemda).count() == 2000
    assert stats.classes == TrainingClass.objects.filter(pemda=pemda).count() == round(2000 / 30)
    assert stats.sessions == Session.objects.filter(pemda=pemda).count() == 2 * stats.classes
    assert stats.attendance == Attendance.objects.filter(pemda=pemda).count() > 0
    per_employee = Counter(Enrolment.objects.filter(pemda=pemda).values_list("employee_id", flat=True))
    assert per_employee[stats.heavy_employee_id] == stats.heavy_enrolments > 20
    assert stats.sample_class_id and stats.open_class_id
    assert TrainingClass.objects.get(pk=stats.open_class_id).status == ClassStatus.OPEN
    assert Enrolment.objects.filter(klass_id=stats.open_class_id, employee_id=stats.heavy_employee_id).exists()
    assert stats.jp_credits == stats.certificates == stats.by_status[EnrolmentStatus.COMPLETED]
    _assert_consistent_counters_and_certificates(pemda)
    assert sum(assert_jp_totals_exact(pemda.pk).values()) == sum(
        JpCredit.objects.filter(pemda=pemda).values_list("jp", flat=True)
    )
    # Ids continue after the bulk load: the ORM can add rows (sequences are in step).
    klass = TrainingClass.objects.get(pk=stats.sample_class_id)
    extra = Session.objects.create(
        pemda=pemda, klass=klass, starts_at=klass.sessions.first().starts_at, ends_at=klass.sessions.last().ends_at,
        topic="Tambahan",
    )  # fmt: skip
    assert extra.pk > max(Session.objects.exclude(pk=extra.pk).values_list("pk", flat=True))


def _assert_consistent_counters_and_certificates(pemda: Pemda) -> None:
    classes = TrainingClass.objects.filter(pemda=pemda).annotate(
        seated=Count("enrolments", filter=Q(enrolments__status__in=SEAT_STATUSES)),
        waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED)),
    )
    for klass in classes:
        assert (klass.enrolled_count, klass.waitlist_count) == (klass.seated, klass.waiting)
        assert klass.enrolled_count <= klass.capacity
    completed = set(
        Enrolment.objects.filter(pemda=pemda, status=EnrolmentStatus.COMPLETED).values_list("pk", flat=True)
    )
    assert set(JpCredit.objects.filter(pemda=pemda).values_list("enrolment_id", flat=True)) == completed
    certificates = Certificate.objects.filter(pemda=pemda)
    assert set(certificates.values_list("enrolment_id", flat=True)) == completed
    for year in set(certificates.values_list("year", flat=True)):
        serials = sorted(certificates.filter(year=year).values_list("serial", flat=True))
        assert serials == list(range(1, len(serials) + 1))


def test_demo_accounts_see_their_training_on_the_pages(client_as):
    from django.urls import reverse

    pemda = _small_pemda("serang")
    demo_training_load(pemda=pemda, seed=2026)
    participant = User.objects.get(username="participant.serang")
    page = client_as(participant).get(reverse("training:my_learning"))
    assert page.status_code == 200
    upcoming = Enrolment.objects.filter(employee=participant.employee, status=EnrolmentStatus.ENROLLED).first()
    assert upcoming is not None and upcoming.klass.course.title in page.content.decode()

    certificates = client_as(participant).get(reverse("certificates:list"))
    number = Certificate.objects.filter(enrolment__employee=participant.employee).first().number
    assert certificates.status_code == 200 and number in certificates.content.decode()

    admin = User.objects.get(username="admin.serang")
    klass = TrainingClass.objects.filter(pemda=pemda, status=ClassStatus.COMPLETED).order_by("starts_on").first()
    participants = client_as(admin).get(reverse("training:class_participants", kwargs={"pk": klass.pk}))
    assert participants.status_code == 200
    assert klass.enrolments.filter(status=EnrolmentStatus.COMPLETED).first().employee.name in (
        participants.content.decode()
    )
    # Other Pemda: the Serang class is not found for a Surabaya admin.
    _small_pemda("surabaya", employees=300)
    other = User.objects.get(username="admin.surabaya")
    assert client_as(other).get(reverse("training:class_detail", kwargs={"pk": klass.pk})).status_code == 404
