"""Reads over units and employees. Callers pass querysets already scoped by `bina.people.access`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bina.core.actor import Reach
from bina.core.confirm import Confirmation
from bina.core.dates import format_date
from bina.core.numbers import format_number
from bina.people.models import AsnType, Employee, EmployeeStatus, EmploymentRecord, OrgUnit, PositionKind
from bina.people.nip import nip_normalise
from bina.people.services import sort_name_for

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
        compact = nip_normalise(term)
        if compact.isdigit():
            qs = qs.filter(nip__startswith=compact)
        else:
            # sort_name is stored lower-cased without titles; normalising the term the same way
            # makes one LIKE over one column ("dr. budi" finds "Dr. BUDI SANTOSO, M.M.").
            normalised = sort_name_for(term)
            qs = qs.filter(sort_name__contains=normalised) if normalised else qs.filter(name__icontains=term)
    if filters.unit is not None:
        qs = qs.filter(unit_id__in=org_unit_subtree(filters.unit).values("pk"))
    if filters.asn_type:
        qs = qs.filter(asn_type=filters.asn_type)
    if filters.golongan:
        qs = qs.filter(golongan=filters.golongan)
    if filters.position_kind:
        qs = qs.filter(position_kind=filters.position_kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.select_related("unit")


def org_unit_search(
    qs: QuerySet[OrgUnit], *, parent: OrgUnit | None = None, kind: str = "", term: str = ""
) -> QuerySet[OrgUnit]:
    """Units under a parent, of a kind, or whose name or code contains the term, in tree order."""
    if parent is not None:
        qs = qs.filter(parent=parent)
    if kind:
        qs = qs.filter(kind=kind)
    term = term.strip()
    if term:
        qs = qs.filter(Q(name__icontains=term) | Q(code__icontains=term))
    return qs.order_by("path")


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


@dataclass
class TreeNode:
    """One unit of the collapsible organisation tree, with its sub-units."""

    unit: OrgUnit
    own: int
    sub: int
    children: list[TreeNode] = field(default_factory=list)
    match: bool = False  # the unit's name or code contains the search
    open: bool = False  # shown unfolded: it leads to a match


def org_unit_tree_nested(rows: list[tuple[OrgUnit, int, int]], *, query: str = "") -> tuple[list[TreeNode], int]:
    """The rows of `org_unit_tree_with_counts` as a tree, and the number of units matching `query`.

    With a search (name or code, any case) only the matching units and the units above them remain, and
    those above are unfolded so every match is in sight; without one, every unit is there, folded.
    """
    needle = query.strip().casefold()
    nodes = {unit.path: TreeNode(unit, own, sub) for unit, own, sub in rows}
    roots: list[TreeNode] = []
    for unit, _own, _sub in rows:  # path order: a parent comes before its children
        node = nodes[unit.path]
        parent = nodes.get(unit.path.rsplit("/", 2)[0] + "/")
        (parent.children if parent is not None and parent is not node else roots).append(node)
    if not needle:
        return roots, len(nodes)

    def keep(node: TreeNode) -> bool:
        node.match = needle in node.unit.name.casefold() or needle in node.unit.code.casefold()
        node.children = [child for child in node.children if keep(child)]
        node.open = bool(node.children)
        return node.match or node.open

    roots = [root for root in roots if keep(root)]
    return roots, sum(1 for node in nodes.values() if node.match)


def employment_at(employee: Employee, on: date) -> EmploymentRecord | None:
    """The unit and position an employee held on a date (for attributing training impact)."""
    return (
        EmploymentRecord.objects.filter(employee=employee, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("unit")
        .order_by("-valid_from", "-id")
        .first()
    )


# --- pages (employee list, profile, unit detail, dashboards) -------------------------------


def units_for_employee_filter(
    units: QuerySet[OrgUnit], employees: QuerySet[Employee], reach: Reach
) -> QuerySet[OrgUnit]:
    """Units offered in the employee-list filter: the reader's subtrees and the units of the people they see
    (a supervisor reads reports wherever they serve)."""
    q = Q(pk__in=employees.order_by().values("unit_id"))
    if reach.whole_pemda:
        q = Q(pk__isnull=False)
    else:
        for path in reach.paths:
            q |= Q(path__startswith=path)
    return units.filter(q).order_by("path")


def move_targets(units: QuerySet[OrgUnit], unit: OrgUnit) -> QuerySet[OrgUnit]:
    """Open units a unit may be re-hung under: not itself, not one of its own sub-units."""
    return units.filter(closed_on__isnull=True).exclude(path__startswith=unit.path).order_by("path")


def units_for_employee_edit(
    write_units: QuerySet[OrgUnit], read_units: QuerySet[OrgUnit], employee: Employee
) -> QuerySet[OrgUnit]:
    """Units an editor may move an employee to (open, in the write scope), plus the current unit."""
    return (write_units.filter(closed_on__isnull=True) | read_units.filter(pk=employee.unit_id)).order_by("path")


def is_visible(employees: QuerySet[Employee], employee_id: int | None) -> bool:
    return employee_id is not None and employees.filter(pk=employee_id).exists()


def with_supervisor_visibility(qs: QuerySet[Employee], scoped: QuerySet[Employee]) -> QuerySet[Employee]:
    """Annotate `supervisor_visible`: whether each row's supervisor is among `scoped` (one subquery)."""
    return qs.annotate(supervisor_visible=Exists(scoped.filter(pk=OuterRef("supervisor_id"))))


def unit_employees(employees: QuerySet[Employee], unit: OrgUnit) -> QuerySet[Employee]:
    """The people serving in this unit itself (not its sub-units), among those the reader may see."""
    return employees.filter(unit=unit).order_by("sort_name", "nip")


def direct_reports(employees: QuerySet[Employee], supervisor_id: int) -> QuerySet[Employee]:
    return employees.filter(supervisor_id=supervisor_id).select_related("unit").order_by("sort_name", "nip")


def report_count(employees: QuerySet[Employee], supervisor_id: int) -> int:
    """Direct plus indirect reports (org chart `Employee.supervisor`), one query."""
    return employees.filter(pk__in=reports_subquery(supervisor_id)).count()


def employment_history(employee: Employee) -> QuerySet[EmploymentRecord]:
    """Where and as what an employee served, newest first."""
    return EmploymentRecord.objects.filter(employee=employee).select_related("unit").order_by("-valid_from", "-id")


@dataclass(frozen=True)
class EmployeeBreakdown:
    total: int
    active: int
    by_asn_type: dict[str, int]
    by_position_kind: dict[str, int]
    by_status: dict[str, int]

    def _rows(self, counts: dict[str, int], choices: list[tuple[str, Any]]) -> list[tuple[str, int]]:
        labels = dict(choices)
        return [(str(labels.get(key, key) or "-"), n) for key, n in sorted(counts.items(), key=lambda kv: -kv[1])]

    @property
    def asn_type_rows(self) -> list[tuple[str, int]]:
        return self._rows(self.by_asn_type, AsnType.choices)

    @property
    def position_kind_rows(self) -> list[tuple[str, int]]:
        return self._rows(self.by_position_kind, PositionKind.choices)

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        return self._rows(self.by_status, EmployeeStatus.choices)


def employee_breakdown(employees: QuerySet[Employee]) -> EmployeeBreakdown:
    """Head counts by ASN type, position kind and status in one GROUP BY query."""
    rows = employees.order_by().values_list("asn_type", "position_kind", "status").annotate(n=Count("id"))
    by_asn: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    by_status: dict[str, int] = {}
    total = 0
    for asn_type, kind, status, n in rows:
        total += n
        by_asn[asn_type] = by_asn.get(asn_type, 0) + n
        by_kind[kind or ""] = by_kind.get(kind or "", 0) + n
        by_status[status] = by_status.get(status, 0) + n
    active = total - by_status.get(EmployeeStatus.PENSIUN, 0) - by_status.get(EmployeeStatus.BERHENTI, 0)
    return EmployeeBreakdown(
        total=total, active=active, by_asn_type=by_asn, by_position_kind=by_kind, by_status=by_status
    )


def org_unit_close_confirmation(unit: OrgUnit, on: date) -> Confirmation | None:
    """The confirmation step of closing a unit (bina.core.confirm), or None while the service would refuse
    (open sub-units or active people: its refusal says what to move first)."""
    open_children = OrgUnit.objects.filter(parent=unit, closed_on__isnull=True).exists()
    active = Employee.objects.filter(unit=unit).exclude(status__in=[EmployeeStatus.PENSIUN, EmployeeStatus.BERHENTI])
    if open_children or active.exists():
        return None
    history = EmploymentRecord.objects.filter(unit=unit).values("employee_id").distinct().count()
    params = {"unit": unit.name, "day": format_date(on), "n": format_number(history)}
    return Confirmation(
        title=_("Close %(unit)s?") % params,
        consequence=_(
            "%(unit)s is closed from %(day)s: nobody can be placed in it any more, and it leaves the pickers."
        )
        % params,
        people=ngettext(
            "The history of %(n)s person keeps pointing at it.",
            "The history of %(n)s people keeps pointing at it.",
            history,
        )
        % params,
        button=_("Yes, close the unit"),
    )


def unit_pick(qs: QuerySet[OrgUnit], term: str, limit: int) -> list[tuple[OrgUnit, int]]:
    """Up to `limit` units of `qs` whose name or code contains `term` (top units when empty), in tree order,
    each with its number of sub-units (choosing a unit chooses its subtree). Two queries."""
    units = list(org_unit_search(qs.filter(closed_on__isnull=True), term=term)[:limit])
    if not units:
        return []
    paths = Q()
    for unit in units:
        paths |= Q(path__startswith=unit.path)
    below = list(qs.filter(paths).values_list("path", flat=True))
    return [(u, sum(1 for p in below if p.startswith(u.path) and p != u.path)) for u in units]


def employee_pick(qs: QuerySet[Employee], term: str, limit: int) -> list[Employee]:
    """Up to `limit` employees of `qs` found by name or NIP (`employee_search`), by name."""
    if not term.strip():
        return []
    return list(employee_search(qs, EmployeeFilters(search=term)).order_by("sort_name", "nip")[:limit])


def team_members(employees: QuerySet[Employee], supervisor_id: int | None) -> QuerySet[Employee]:
    """The active direct and indirect reports of a supervisor among `employees` (none without an employee)."""
    if supervisor_id is None:
        return employees.none()
    return employees.filter(pk__in=reports_subquery(supervisor_id), status=EmployeeStatus.AKTIF).exclude(
        pk=supervisor_id
    )
