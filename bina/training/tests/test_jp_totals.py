"""Yearly JP totals (`EmployeeYearJp`) stay the sum of the JP credits after every way credits are written:
class completion, reopening a completion, approving external learning, a single row saved or deleted, a bulk
rebuild and the migration's backfill; and compliance reads them."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from bina.training.attendance.completion import class_complete, class_reopen
from bina.training.attendance.services import attendance_mark_bulk
from bina.training.classes.models import ClassStatus
from bina.training.external.services import external_approve, external_submit
from bina.training.factories import (
    EnrolmentFactory,
    SessionFactory,
    TrainingClassFactory,
    assert_jp_totals_exact,
)
from bina.training.learning.models import EmployeeYearJp, JpCredit, JpSource
from bina.training.learning.selectors import employees_below_target, unit_jp_compliance
from bina.training.learning.services import jp_totals_rebuild
from bina.training.tests.test_external import pdf


def _claim(world, jp: str, ends_on: date):
    """The participant's external claim of `jp` JP, approved in full by the admin."""
    item = external_submit(
        actor=world.actor("participant"),
        title=f"Webinar {jp}",
        organiser="LAN RI",
        method="seminar",
        training_type="teknis",
        starts_on=ends_on - timedelta(days=1),
        ends_on=ends_on,
        jp_claimed=Decimal(jp),
        certificate_file=pdf(),
        certificate_number=f"LAN/{jp}",
    )
    return external_approve(actor=world.actor("admin"), item=item)


def _credit(world, employee_name: str, jp: str, year: int) -> JpCredit:
    return JpCredit.objects.create(
        pemda=world.pemda,
        employee=world.employees[employee_name],
        year=year,
        jp=Decimal(jp),
        source=JpSource.EXTERNAL,
        title="Kursus daring",
        credited_on=date(year, 3, 1),
    )


@pytest.fixture
def klass(world):
    ends = timezone.localdate() - timedelta(days=1)
    k = TrainingClassFactory(
        course__pemda=world.pemda,
        course__jp=16,
        status=ClassStatus.RUNNING,
        starts_on=ends - timedelta(days=1),
        ends_on=ends,
    )
    SessionFactory(klass=k)
    return k


def test_completion_and_reopen_keep_the_totals_equal_to_the_credits(world, klass, django_capture_on_commit_callbacks):
    year = klass.ends_on.year
    staff, bidang = world.employees["kel_a1_staff"], world.employees["staff_bidang"]
    _credit(world, "kel_a1_staff", "6", year)  # a credit from elsewhere in the same year stays through it all
    enrolments = [EnrolmentFactory(klass=klass, employee=e) for e in (staff, bidang)]
    admin = world.actor("admin")
    attendance_mark_bulk(actor=admin, session=klass.sessions.get(), marks={e.pk: "present" for e in enrolments})
    with django_capture_on_commit_callbacks(execute=True):
        class_complete(actor=admin, klass=klass)
    totals = assert_jp_totals_exact(world.pemda.pk)
    assert totals[(staff.pk, year)] == Decimal("22") and totals[(bidang.pk, year)] == Decimal("16")

    class_reopen(actor=admin, klass=klass, reason="Presensi salah input")
    totals = assert_jp_totals_exact(world.pemda.pk)
    # The withdrawn class leaves the other credit's 6 JP, and no total at all for who had only the class.
    assert totals[(staff.pk, year)] == Decimal("6") and (bidang.pk, year) not in totals

    with django_capture_on_commit_callbacks(execute=True):
        class_complete(actor=admin, klass=klass)
    assert assert_jp_totals_exact(world.pemda.pk)[(staff.pk, year)] == Decimal("22")


def test_external_approval_adds_to_the_year_of_the_end_date(world):
    staff = world.employees["kel_a1_staff"]  # the participant
    _claim(world, "12", date(2025, 12, 30))
    _claim(world, "10", date(2026, 1, 5))
    _claim(world, "9", date(2026, 2, 5))
    totals = assert_jp_totals_exact(world.pemda.pk)
    assert (totals[(staff.pk, 2025)], totals[(staff.pk, 2026)]) == (Decimal("12"), Decimal("19"))


def test_a_single_credit_saved_moved_or_deleted_keeps_its_totals(world):
    staff = world.employees["kel_a1_staff"]
    credit = _credit(world, "kel_a1_staff", "8", 2026)
    _credit(world, "kel_a1_staff", "4.5", 2026)
    assert assert_jp_totals_exact(world.pemda.pk) == {(staff.pk, 2026): Decimal("12.5")}
    credit.year = 2025
    credit.save()
    assert assert_jp_totals_exact(world.pemda.pk) == {(staff.pk, 2025): Decimal("8"), (staff.pk, 2026): Decimal("4.5")}
    credit.delete()
    assert assert_jp_totals_exact(world.pemda.pk) == {(staff.pk, 2026): Decimal("4.5")}


def test_compliance_reads_the_totals(world):
    """Compliance counts what `EmployeeYearJp` says, so a drifted total would show; a rebuild repairs it."""
    admin = world.actor("admin")
    _credit(world, "kel_a1_staff", "20", 2026)
    before = unit_jp_compliance(admin, 2026).total
    assert (before.compliant, before.jp_total) == (1, Decimal("20"))
    EmployeeYearJp.objects.filter(employee=world.employees["kel_a1_staff"]).update(jp=Decimal("3"))
    drifted = unit_jp_compliance(admin, 2026).total
    assert (drifted.compliant, drifted.jp_total) == (0, Decimal("3"))
    below = employees_below_target(admin, 2026).people
    assert below.get(pk=world.employees["kel_a1_staff"].pk).jp == Decimal("3")

    assert jp_totals_rebuild(pemda_id=world.pemda.pk) == 1
    assert_jp_totals_exact(world.pemda.pk)
    after = unit_jp_compliance(admin, 2026).total
    assert (after.employees, after.compliant, after.jp_total) == (before.employees, 1, Decimal("20"))


def test_rebuild_touches_only_its_pemda(world, other_world):
    _credit(world, "kel_a1_staff", "5", 2026)
    other = JpCredit.objects.create(
        pemda=other_world.pemda,
        employee=other_world.employees["kel_a1_staff"],
        year=2026,
        jp=Decimal("7"),
        source=JpSource.EXTERNAL,
        title="Kursus",
        credited_on=date(2026, 3, 1),
    )
    EmployeeYearJp.objects.update(jp=Decimal("1"))
    jp_totals_rebuild(pemda_id=world.pemda.pk)
    assert_jp_totals_exact(world.pemda.pk)
    assert EmployeeYearJp.objects.get(employee_id=other.employee_id).jp == Decimal("1")


def test_the_migration_backfills_the_totals_from_existing_credits(world):
    staff = world.employees["kel_a1_staff"]
    _credit(world, "kel_a1_staff", "5", 2025)
    _credit(world, "kel_a1_staff", "7", 2026)
    _credit(world, "kel_a1_staff", "8.5", 2026)
    EmployeeYearJp.objects.all().delete()  # as before the migration: credits, no totals
    migration = importlib.import_module("bina.training.migrations.0009_employee_year_jp").Migration
    backfill = migration.operations[-1]
    with connection.cursor() as cursor:
        cursor.execute(backfill.sql)
    totals = assert_jp_totals_exact(world.pemda.pk)
    assert totals == {(staff.pk, 2025): Decimal("5"), (staff.pk, 2026): Decimal("15.5")}
