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
from bina.accounts.services import token_create
from bina.core.models import Pemda
from bina.people.factories import EmployeeFactory, OrgUnitFactory
from bina.people.models import OrgUnit
from bina.training.classes.models import Enrolment, TrainingClass, UnitQuota
from bina.training.factories import CourseFactory, SessionFactory, TrainingClassFactory
from conftest import token_issuer

# Requests in flight at once: a real server answers with a bounded pool of workers (and database
# connections); the rest wait in the socket backlog, as they do here on the semaphore.
MAX_IN_FLIGHT = 40


@dataclass
class RushResult:
    statuses: Counter[str]
    errors: list[str]
    klass: TrainingClass


def tokens_for(pemda: Pemda, unit: OrgUnit, count: int, prefix: str) -> list[str]:
    """COUNT employees of UNIT, each with a user and an API token; returns the tokens."""
    tokens = []
    for i in range(count):
        employee = EmployeeFactory(pemda=pemda, unit=unit, name=f"Peserta {prefix} {i:03d}")
        user = UserFactory(pemda=pemda, employee=employee, username=f"rush{prefix}{i:03d}")
        tokens.append(token_create(actor=token_issuer(user), user=user)[1])
    return tokens


def post_together(requests: list[tuple[int, str]]) -> tuple[Counter[str], list[str]]:
    """One thread per (class id, token), released together, each asking for a place; the outcomes and errors."""
    return post_paths([(f"/api/v1/classes/{class_id}/enrolments", token, {}) for class_id, token in requests])


def post_paths(requests: list[tuple[str, str, dict[str, str]]]) -> tuple[Counter[str], list[str]]:
    """One thread per (path, token, body), released together; the `status` of each answer, and the errors."""
    connections.close_all()  # each thread opens its own connection
    barrier = threading.Barrier(len(requests))
    in_flight = threading.BoundedSemaphore(MAX_IN_FLIGHT)
    lock = threading.Lock()
    statuses: Counter[str] = Counter()
    errors: list[str] = []

    def one(path: str, token: str, body: dict[str, str]) -> None:
        client = Client()
        barrier.wait()
        with in_flight:
            try:
                response = client.post(
                    path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
                )
                with lock:
                    if response.status_code in (200, 201):
                        statuses[response.json()["status"]] += 1
                    else:
                        errors.append(f"{response.status_code} {response.content[:200]!r}")
            except Exception as exc:
                with lock:
                    errors.append(repr(exc))
            finally:
                connections.close_all()

    threads = [threading.Thread(target=one, args=r) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return statuses, errors


def rush(*, people: int, seats: int) -> RushResult:
    pemda = Pemda.objects.create(slug="rush", name="Pemerintah Rush", bps_code="9199")
    unit = OrgUnitFactory(pemda=pemda, code="RUSH", name="Dinas Rush")
    klass = TrainingClassFactory(course=CourseFactory(pemda=pemda), capacity=seats, code="RUSH-1")
    SessionFactory(klass=klass)
    tokens = tokens_for(pemda, unit, people, "")
    statuses, errors = post_together([(klass.pk, t) for t in tokens])
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


def quota_rush() -> TrainingClass:
    """A class of 12 seats with unit quotas (6 for a dinas, 3 for one of its bidang) and a rush of 25 people:
    10 from the bidang, 10 from elsewhere in the dinas, 5 from another dinas no quota covers."""
    pemda = Pemda.objects.create(slug="rush-quota", name="Pemerintah Kuota", bps_code="9198")
    dinas = OrgUnitFactory(pemda=pemda, code="DINAS", name="Dinas Kuota")
    bidang = OrgUnitFactory(pemda=pemda, code="BIDANG", name="Bidang Kuota", parent=dinas)
    other = OrgUnitFactory(pemda=pemda, code="LAIN", name="Dinas Lain")
    klass = TrainingClassFactory(course=CourseFactory(pemda=pemda), capacity=12, code="RUSH-Q")
    SessionFactory(klass=klass)
    UnitQuota.objects.create(klass=klass, unit=dinas, seats=6)
    UnitQuota.objects.create(klass=klass, unit=bidang, seats=3)
    tokens = tokens_for(pemda, bidang, 10, "b") + tokens_for(pemda, dinas, 10, "d") + tokens_for(pemda, other, 5, "o")
    statuses, errors = post_together([(klass.pk, t) for t in tokens])
    assert errors == []
    klass.refresh_from_db()
    # The dinas quota fills (20 ask for 6 seats), the bidang never passes 3, the uncovered five all fit.
    enrolled = Enrolment.objects.filter(klass=klass, status="enrolled")
    assert enrolled.filter(employee__unit__path__startswith=dinas.path).count() == 6
    assert enrolled.filter(employee__unit=bidang).count() <= 3
    assert enrolled.filter(employee__unit=other).count() == 5
    assert statuses == {"enrolled": 11, "waitlisted": 14}
    assert enrolled.count() == 11 == klass.enrolled_count
    assert Enrolment.objects.filter(klass=klass, status="waitlisted").count() == 14 == klass.waitlist_count
    # Nobody waits for a seat they could have: only people of the (full) dinas quota wait.
    waiting_units = set(
        Enrolment.objects.filter(klass=klass, status="waitlisted").values_list("employee__unit", flat=True)
    )
    assert waiting_units <= {dinas.pk, bidang.pk}
    return klass


@pytest.mark.django_db(transaction=True)
def test_unit_quotas_hold_under_a_rush_on_sqlite():
    quota_rush()
