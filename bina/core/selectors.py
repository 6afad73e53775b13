"""Reads over Pemda, the audit log and the home dashboards, always starting from an `Actor`.

Every function answers only what the actor may see: a BKPSDM admin their own Pemda, the
platform superadmin every Pemda (but no personal data), everyone else nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from bina.accounts import permissions
from bina.core.access import audit_events_in_scope
from bina.core.errors import PermissionDenied
from bina.core.models import AuditEvent, Pemda
from bina.people.models import Employee

if TYPE_CHECKING:
    from bina.accounts.models import User
    from bina.core.actor import Actor
    from bina.people.models import Employee, OrgUnit
    from bina.people.selectors import EmployeeBreakdown


# --- Pemda ------------------------------------------------------------------------------


def pemda_of(actor: Actor) -> Pemda:
    """The actor's own Pemda. Platform accounts have none: refusing them is an action check (403)."""
    pemda = Pemda.objects.filter(pk=actor.pemda_id).first() if actor.pemda_id is not None else None
    if pemda is None:
        raise PermissionDenied(_("Platform accounts have no Pemda data; log in with an account of the Pemda."))
    return pemda


def pemdas_for(actor: Actor) -> QuerySet[Pemda]:
    """All Pemda with their user counts, for the platform superadmin only."""
    if not permissions.can_manage_pemdas(actor):
        return Pemda.objects.none()
    return Pemda.objects.annotate(user_count=Count("users")).order_by("name")


# --- audit log --------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    user: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_events_for(actor: Actor, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """A Pemda admin sees their Pemda's events; the superadmin every event except those about employees
    (the rule: `bina.core.access.audit_events_in_scope`)."""
    qs = audit_events_in_scope(actor)
    filters = filters or AuditFilters()
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.user:
        qs = qs.filter(actor_label__iexact=filters.user.strip())
    # Dates are days in the active time zone (the Pemda's, WIB by default).
    if filters.date_from:
        qs = qs.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(created_at__date__lte=filters.date_to)
    return qs.select_related("pemda").order_by("-created_at", "-id")


def audit_actions_for(actor: Actor) -> list[str]:
    """The distinct actions present in the actor's part of the log (for the filter select)."""
    return sorted(set(audit_events_for(actor).order_by().values_list("action", flat=True).distinct()))


# --- home dashboards --------------------------------------------------------------------


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


@dataclass
class Dashboard:
    overview: Overview | None = None
    recent_events: list[AuditEvent] = field(default_factory=list)
    team: SupervisorTeam | None = None
    me: Employee | None = None
    account: User | None = None
    token_count: int = 0
    pemdas: list[Pemda] = field(default_factory=list)
    is_empty: bool = False


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


def _overview(actor: Actor, *, tree_depth: int) -> Overview:
    from bina.people import access, selectors

    read_units = access.org_units_in_reach(actor)
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


def dashboard_for(actor: Actor, user: User) -> Dashboard:
    """The home page sections an actor gets; a user with several roles gets several sections.

    The number of queries depends on the roles held, never on the amount of data.
    """
    from bina.people import access, selectors

    board = Dashboard()
    if actor.is_superadmin:
        board.pemdas = list(pemdas_for(actor))
    if actor.pemda_id is not None:
        if actor.is_admin or actor.is_operator or actor.is_leader:
            board.overview = _overview(actor, tree_depth=0 if actor.is_admin or actor.is_leader else 1)
        if permissions.can_view_audit_log(actor):
            board.recent_events = list(audit_events_for(actor)[:8])
        if actor.is_supervisor and actor.employee_id is not None:
            scoped = access.employees_for(actor)
            direct = list(selectors.direct_reports(scoped, actor.employee_id))
            board.team = SupervisorTeam(
                direct=direct, indirect_count=selectors.report_count(scoped, actor.employee_id) - len(direct)
            )
        if actor.employee_id is not None:
            board.me = (
                access.employees_for(actor).select_related("unit", "supervisor").filter(pk=actor.employee_id).first()
            )
    board.account = user
    board.token_count = user.api_tokens.filter(revoked_at__isnull=True).count()
    board.is_empty = not (board.overview or board.team or board.me or board.pemdas or actor.roles)
    return board
