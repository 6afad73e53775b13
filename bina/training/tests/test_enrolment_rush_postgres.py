"""The enrolment rush on PostgreSQL: 200 concurrent requests through the HTTP stack for 30 seats.

Run with `make test-postgres` (DATABASE_URL=postgres://…). On PostgreSQL the seat check relies on
`SELECT … FOR UPDATE` of the class row, so this is the test that proves the lock, not SQLite's
single-writer transactions.
"""

from __future__ import annotations

import pytest
from django.db import connection

from bina.training.tests.test_enrolment_rush import assert_exact, rush

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_two_hundred_concurrent_enrolments_for_thirty_seats():
    assert connection.vendor == "postgresql", "run this test with DATABASE_URL=postgres://… (make test-postgres)"
    result = rush(people=200, seats=30)
    assert_exact(result, people=200, seats=30)
