"""Gap-free numbering under real concurrency on PostgreSQL (row lock on the sequence)."""

from __future__ import annotations

import pytest
from django.db import connection

from bina.certificates.models import Certificate
from bina.certificates.tests.test_services import _issue_concurrently, completed_class

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_numbers_are_gap_free_under_concurrency_on_postgresql(world):
    assert connection.vendor == "postgresql", "run this test with DATABASE_URL=postgres://… (make test-postgres)"
    _, extra = completed_class(world, 20)
    assert _issue_concurrently(extra) == []
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == list(range(1, 21))
