"""The people app's home-page cards: the organisation at a glance, my team, my profile (reads, scoped)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.people import access, selectors
from bina.people.models import Employee, OrgUnit
from bina.people.selectors import EmployeeBreakdown


@dataclass
class UnitBar:
    unit: OrgUnit
    count: int
    percent: float
    label: str = ""


@dataclass
class Overview:
    """Counts for an admin (whole Pemda), operator or leader (their subtrees)."""

    breakdown: EmployeeBreakdown
    unit_count: int
    bars: list[UnitBar]
    units: list[tuple[OrgUnit, int, int]]


@dataclass
class SupervisorTeam:
    direct: list[Employee]
    indirect_count: int


def _top_units(tree: list[tuple[OrgUnit, int, int]]) -> tuple[list[tuple[OrgUnit, int, int]], OrgUnit | None]:
    """The units a chart compares: the children of a single root, or the roots when there are several."""
    if not tree:
        return [], None
    paths = {u.path for u, _own, _sub in tree}
    roots = [row for row in tree if row[0].path.rsplit("/", 2)[0] + "/" not in paths]
    if len(roots) != 1:
        return roots, None
    root = roots[0][0]
    return [row for row in tree if row[0].depth == root.depth + 1 and row[0].path.startswith(root.path)], root


def overview_for(actor: Actor, *, tree_depth: int) -> Overview:
    read_units = selectors.org_units_in_paths(access.org_units_for(actor), actor.read_paths())
    tree = selectors.org_unit_tree_with_counts(read_units)
    top, root = _top_units(tree)
    rows = [(u, sub) for u, _own, sub in top if u.closed_on is None]
    if root is not None:
        own = next(own for u, own, _sub in tree if u.pk == root.pk)
        if own:
            rows.insert(0, (root, own))
    rows.sort(key=lambda r: -r[1])
    biggest = max((n for _u, n in rows), default=0) or 1
    bars = [
        UnitBar(
            unit=u,
            count=n,
            percent=round(100 * n / biggest, 1),
            label=_("%(unit)s (own staff)") % {"unit": u.name} if root is not None and u.pk == root.pk else u.name,
        )
        for u, n in rows[:12]
    ]
    min_depth = min((u.depth for u, _o, _s in tree), default=0)
    shallow = [row for row in tree if row[0].depth <= min_depth + tree_depth]
    return Overview(
        breakdown=selectors.employee_breakdown(access.employees_for(actor)),
        unit_count=len(tree),
        bars=bars,
        units=shallow,
    )


def overview_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    if actor.pemda_id is None or not (actor.is_admin or actor.is_operator or actor.is_leader):
        return None
    return {"overview": overview_for(actor, tree_depth=0 if actor.is_admin or actor.is_leader else 1)}


def team_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    if actor.pemda_id is None or actor.employee_id is None or not actor.is_supervisor:
        return None
    scoped = access.employees_for(actor)
    direct = list(selectors.direct_reports(scoped, actor.employee_id))
    team = SupervisorTeam(direct=direct, indirect_count=selectors.report_count(scoped, actor.employee_id) - len(direct))
    return {"team": team}


def me_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    if actor.pemda_id is None or actor.employee_id is None:
        return None
    me = access.employees_for(actor).select_related("unit", "supervisor").filter(pk=actor.employee_id).first()
    return {"me": me} if me is not None else None
