"""The one writer of JP credits: every credit added or withdrawn goes through here, so each employee's yearly
total (`EmployeeYearJp`, what compliance reads) stays the sum of their `JpCredit` rows.

Totals are recomputed from the credits of the (employee, year) pairs touched, never incremented, so they are
exact whatever happened before; call these inside the caller's transaction (the credit and its total commit
or roll back together).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet, Sum

from bina.training.learning.models import EmployeeYearJp, JpCredit, JpSource

BATCH = 500  # employees per aggregate query: well under SQLite's bound-parameter limit
JP_TOTALS_LOCK = 20_203  # first key of the per-employee advisory locks (PP 11/2017 art. 203)


def jp_credits_add(*, credits: Iterable[JpCredit]) -> list[JpCredit]:
    """Insert the credits (one bulk insert) and bring their employees' yearly totals up to date."""
    created = JpCredit.objects.bulk_create(list(credits), batch_size=BATCH)
    jp_totals_refresh(pairs={(c.employee_id, c.year) for c in created})
    return created


def jp_credit_practice(*, employee_id: int, pemda_id: int, jp: Decimal, title: str, credited_on: date) -> JpCredit:
    """Credit a completed self-study practice (a simulation's branching practice) as non-classical JP: one
    credit of source `simulation`; the caller (bina.simulations) keeps it once per employee and scenario."""
    return jp_credits_add(
        credits=[
            JpCredit(
                pemda_id=pemda_id,
                employee_id=employee_id,
                year=credited_on.year,
                jp=jp,
                source=JpSource.SIMULATION,
                title=title[:200],
                credited_on=credited_on,
            )
        ]
    )[0]


def jp_credits_remove(*, credits: QuerySet[JpCredit]) -> int:
    """Delete the credits and bring their employees' yearly totals up to date; returns how many were deleted."""
    pairs = set(credits.values_list("employee_id", "year"))
    deleted, _ = credits.delete()
    jp_totals_refresh(pairs=pairs)
    return deleted


def jp_totals_refresh(*, pairs: Iterable[tuple[int, int]]) -> None:
    """Recompute the totals of these (employee_id, year) pairs from their credits: upsert the sums, delete
    the totals of pairs left without credits. One aggregate, one upsert and one delete per year emptied per batch."""
    by_employee: dict[int, set[int]] = {}
    for employee_id, year in pairs:
        by_employee.setdefault(employee_id, set()).add(year)
    employee_ids = sorted(by_employee)
    for start in range(0, len(employee_ids), BATCH):
        batch = employee_ids[start : start + BATCH]
        _lock_employees(batch)
        years = set().union(*(by_employee[e] for e in batch))
        sums = {
            (row["employee_id"], row["year"]): row
            for row in JpCredit.objects.filter(employee_id__in=batch, year__in=years)
            .values("employee_id", "year", "pemda_id")
            .annotate(total=Sum("jp"))
            .order_by()
            if row["year"] in by_employee[row["employee_id"]]
        }
        EmployeeYearJp.objects.bulk_create(
            [
                EmployeeYearJp(pemda_id=row["pemda_id"], employee_id=e, year=y, jp=row["total"])
                for (e, y), row in sorted(sums.items())
            ],
            update_conflicts=True,
            unique_fields=["employee", "year"],
            update_fields=["jp"],
        )
        gone: dict[int, list[int]] = {}  # year -> employees left without credits that year (withdrawals)
        for e in batch:
            for y in by_employee[e]:
                if (e, y) not in sums:
                    gone.setdefault(y, []).append(e)
        for y, emptied in gone.items():
            EmployeeYearJp.objects.filter(year=y, employee_id__in=emptied).delete()


def _lock_employees(employee_ids: list[int]) -> None:
    """Serialise recomputations of the same employee until commit (PostgreSQL, READ COMMITTED): a second
    transaction crediting the same employee waits here, then its aggregate sees the first one's credits (without
    it, its upsert would overwrite the first one's total with a sum that missed them). Advisory locks, taken in
    id order, touch no row other code locks. SQLite runs one writing transaction at a time already."""
    if connection.vendor != "postgresql" or not employee_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, e) FROM (SELECT unnest(%s::int[]) AS e ORDER BY 1) AS ids",
            [JP_TOTALS_LOCK, employee_ids],
        )


def jp_totals_rebuild(*, pemda_id: int) -> int:
    """Rebuild every total of one Pemda from its credits in one INSERT ... SELECT (bulk loads: the bench data,
    imports); returns the number of totals written."""
    table, credits = EmployeeYearJp._meta.db_table, JpCredit._meta.db_table
    EmployeeYearJp.objects.filter(pemda_id=pemda_id).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (pemda_id, employee_id, year, jp) "
            f"SELECT pemda_id, employee_id, year, SUM(jp) FROM {credits} WHERE pemda_id = %s "
            "GROUP BY pemda_id, employee_id, year",
            [pemda_id],
        )
        return cursor.rowcount
