"""Reads over units and employees. Callers pass querysets already scoped by `bina.people.access`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from bina.people.models import Employee, EmployeeStatus, EmploymentRecord, OrgUnit

# A recursive CTE gives direct and indirect reports in one query on SQLite and PostgreSQL;
# UNION (not UNION ALL) stops at cycles should bad data ever contain one.
_REPORTS_SQL = (
    "WITH RECURSIVE reports(id) AS ("
    " SELECT id FROM people_employee WHERE supervisor_id = %s"
    " UNION SELECT e.id FROM people_employee e JOIN reports r ON e.supervisor_id = r.id"
    ") SELECT id FROM reports"
)


def reports_subquery(supervisor_id: int) -> RawSQL:
    """All direct and indirect reports of an employee, as a subquery for `pk__in`."""
    return RawSQL(_REPORTS_SQL, (supervisor_id,))


def is_report_of(*, employee_id: int, supervisor_id: int) -> bool:
    return Employee.objects.filter(pk=employee_id).filter(pk__in=reports_subquery(supervisor_id)).exists()


@dataclass(frozen=True)
class EmployeeFilters:
    search: str = ""
    unit: OrgUnit | None = None
    asn_type: str = ""
    golongan: str = ""
    position_kind: str = ""
    status: str = ""


def employee_search(qs: QuerySet[Employee], filters: EmployeeFilters) -> QuerySet[Employee]:
    """Search by name or NIP and filter by unit subtree, ASN type, golongan and position kind."""
    term = filters.search.strip()
    if term:
        compact = "".join(term.split())
        if compact.isdigit():
            qs = qs.filter(nip__startswith=compact)
        else:
            qs = qs.filter(Q(name__icontains=term) | Q(sort_name__icontains=term.lower()))
    if filters.unit is not None:
        qs = qs.filter(unit__path__startswith=filters.unit.path)
    if filters.asn_type:
        qs = qs.filter(asn_type=filters.asn_type)
    if filters.golongan:
        qs = qs.filter(golongan=filters.golongan)
    if filters.position_kind:
        qs = qs.filter(position_kind=filters.position_kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.select_related("unit")


def org_unit_subtree(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(pemda_id=unit.pemda_id, path__startswith=unit.path)


def org_unit_tree_with_counts(units: QuerySet[OrgUnit]) -> list[tuple[OrgUnit, int, int]]:
    """Units in tree order with (own active head count, subtree active head count).

    Two queries whatever the size: the units, and one GROUP BY over employees; subtree
    totals are rolled up in Python along the materialised paths.
    """
    unit_list = list(units.order_by("path"))
    if not unit_list:
        return []
    pemda_id = unit_list[0].pemda_id
    own = dict(
        Employee.objects.filter(pemda_id=pemda_id)
        .exclude(status__in=[EmployeeStatus.PENSIUN, EmployeeStatus.BERHENTI])
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    by_path = {u.path: u for u in unit_list}
    subtree: dict[int, int] = {u.pk: own.get(u.pk, 0) for u in unit_list}
    # Deepest first, so each unit's total is complete before it is added to its parent.
    for unit in sorted(unit_list, key=lambda u: u.depth, reverse=True):
        parent_path = unit.path.rsplit("/", 2)[0] + "/"
        parent = by_path.get(parent_path)
        if parent is not None and parent is not unit:
            subtree[parent.pk] += subtree[unit.pk]
    return [(u, own.get(u.pk, 0), subtree[u.pk]) for u in unit_list]


def employment_at(employee: Employee, on: date) -> EmploymentRecord | None:
    """The unit and position an employee held on a date (for attributing training impact)."""
    return (
        EmploymentRecord.objects.filter(employee=employee, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("unit")
        .order_by("-valid_from", "-id")
        .first()
    )
