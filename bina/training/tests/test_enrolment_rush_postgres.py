"""The enrolment rush on PostgreSQL: 200 concurrent requests through the HTTP stack for 30 seats.

Run with `make test-postgres` (DATABASE_URL=postgres://…). On PostgreSQL a seat is taken by one
conditional UPDATE of the class row (and quotas are recounted under that row's lock), so these are the
tests that prove the claim, not SQLite's single-writer transactions.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, Q

from bina.core.models import Pemda
from bina.people.factories import OrgUnitFactory
from bina.training.classes.models import Enrolment
from bina.training.factories import CourseFactory, SessionFactory, TrainingClassFactory
from bina.training.tests.test_enrolment_rush import (
    assert_exact,
    post_paths,
    post_together,
    quota_rush,
    rush,
    tokens_for,
)

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_two_hundred_concurrent_enrolments_for_thirty_seats():
    assert connection.vendor == "postgresql", "run this test with DATABASE_URL=postgres://… (make test-postgres)"
    result = rush(people=200, seats=30)
    assert_exact(result, people=200, seats=30)


@pytest.mark.django_db(transaction=True)
def test_a_rush_spread_over_several_classes_overbooks_none():
    """80 people at once over 4 classes of 5 seats (20 each, interleaved): every class exactly full."""
    assert connection.vendor == "postgresql", "run this test with DATABASE_URL=postgres://… (make test-postgres)"
    pemda = Pemda.objects.create(slug="rush-spread", name="Pemerintah Sebar", bps_code="9197")
    unit = OrgUnitFactory(pemda=pemda, code="SEBAR", name="Dinas Sebar")
    course = CourseFactory(pemda=pemda)
    classes = [TrainingClassFactory(course=course, capacity=5, code=f"SEBAR-{i}") for i in range(4)]
    for klass in classes:
        SessionFactory(klass=klass)
    tokens = tokens_for(pemda, unit, 80, "s")
    statuses, errors = post_together([(classes[i % 4].pk, t) for i, t in enumerate(tokens)])
    assert errors == []
    assert statuses == {"enrolled": 20, "waitlisted": 60}
    rows = Enrolment.objects.filter(klass__in=classes)
    assert rows.count() == rows.values("klass", "employee").distinct().count() == 80  # no duplicates
    counted = {
        r["klass"]: (r["enrolled"], r["waitlisted"])
        for r in rows.values("klass").annotate(
            enrolled=Count("pk", filter=Q(status="enrolled")), waitlisted=Count("pk", filter=Q(status="waitlisted"))
        )
    }
    for klass in classes:
        klass.refresh_from_db()
        assert counted[klass.pk] == (5, 15) == (klass.enrolled_count, klass.waitlist_count)


@pytest.mark.django_db(transaction=True)
def test_unit_quotas_hold_under_a_rush():
    assert connection.vendor == "postgresql", "run this test with DATABASE_URL=postgres://… (make test-postgres)"
    quota_rush()


@pytest.mark.django_db(transaction=True)
def test_withdrawals_during_a_rush_refill_the_seats_and_keep_the_counters():
    """The 10 people of a full class withdraw while 40 others rush for it: the seats are refilled, never overbooked."""
    assert connection.vendor == "postgresql", "run this test with DATABASE_URL=postgres://… (make test-postgres)"
    pemda = Pemda.objects.create(slug="rush-withdraw", name="Pemerintah Mundur", bps_code="9196")
    unit = OrgUnitFactory(pemda=pemda, code="MUNDUR", name="Dinas Mundur")
    klass = TrainingClassFactory(course=CourseFactory(pemda=pemda), capacity=10, code="MUNDUR-1")
    SessionFactory(klass=klass)
    leaving = tokens_for(pemda, unit, 10, "w")
    assert post_together([(klass.pk, t) for t in leaving]) == ({"enrolled": 10}, [])
    seats = dict(Enrolment.objects.filter(klass=klass).values_list("requested_by__api_tokens__prefix", "pk"))
    withdrawals = [(f"/api/v1/enrolments/{seats[t[:11]]}/withdraw", t, {"reason": "Tugas dinas"}) for t in leaving]
    arriving = [(f"/api/v1/classes/{klass.pk}/enrolments", t, {}) for t in tokens_for(pemda, unit, 40, "r")]
    statuses, errors = post_paths(withdrawals + arriving)
    assert errors == []
    assert statuses["withdrawn"] == 10
    assert statuses["enrolled"] + statuses["waitlisted"] == 40
    klass.refresh_from_db()
    rows = Enrolment.objects.filter(klass=klass)
    # Ten people ask for more than the ten seats, so every seat is taken again, by the rush or by promotion.
    assert rows.filter(status="enrolled").count() == 10 == klass.enrolled_count
    assert rows.filter(status="waitlisted").count() == 30 == klass.waitlist_count
    assert rows.filter(status="withdrawn").count() == 10
