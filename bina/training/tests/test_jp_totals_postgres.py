"""Two transactions crediting the same employee at once keep the yearly total exact (PostgreSQL, READ COMMITTED):
the second recomputation waits for the first to commit instead of overwriting it with a sum that missed it."""

from __future__ import annotations

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from bina.training.factories import assert_jp_totals_exact
from bina.training.learning.models import JpCredit, JpSource
from bina.training.learning.services import jp_credits_add

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_concurrent_credits_for_one_employee_keep_the_exact_total(world):
    assert connection.vendor == "postgresql", "run this test with DATABASE_URL=postgres://… (make test-postgres)"
    staff = world.employees["kel_a1_staff"]
    first_written, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def credit(jp: str) -> JpCredit:
        return JpCredit(
            pemda=world.pemda, employee=staff, year=2026, jp=Decimal(jp), source=JpSource.EXTERNAL,
            title=f"Kursus {jp}", credited_on=date(2026, 5, 1),
        )  # fmt: skip

    def first() -> None:
        try:
            with transaction.atomic():
                jp_credits_add(credits=[credit("8")])
                first_written.set()
                release.wait(10)  # still uncommitted while the second one runs
        except BaseException as exc:
            errors.append(exc)
        finally:
            first_written.set()
            connection.close()

    def second() -> None:
        try:
            first_written.wait(10)
            with transaction.atomic():
                jp_credits_add(credits=[credit("5")])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    first_written.wait(10)
    time.sleep(0.5)  # the second transaction reaches its recomputation while the first is open
    release.set()
    for t in threads:
        t.join(20)
    assert errors == []
    assert assert_jp_totals_exact(world.pemda.pk) == {(staff.pk, 2026): Decimal("13")}
