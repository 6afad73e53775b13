"""Scoped entry points to units and employees: the only way views, API and commands reach them.

Querysets here and the object checks in `bina.accounts.permissions` implement the same rule.
Out-of-scope objects raise `NotFound`, exactly like missing ones.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bina.core.actor import Actor, Reach
from bina.core.errors import NotFound
from bina.people import permissions
from bina.people.models import Employee, OrgUnit
from bina.people.nip import nip_normalise
from bina.people.selectors import reports_subquery


def _paths_q(field: str, paths: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def reach_q(field: str, reach: Reach) -> Q:
    """A filter on a materialised unit path field (`path`, `unit__path`) for the reach; empty reach, no rows."""
    if reach.whole_pemda:
        return Q()
    return _paths_q(field, reach.paths)


def _units_within(pemda_id: int, paths: tuple[str, ...]) -> Q:
    """Employees whose unit lies in one of the subtrees.

    A subquery over the (small) unit table, so the employee side uses its unit index instead of
    joining and matching the path of every employee's unit.
    """
    unit_ids = OrgUnit.objects.filter(_paths_q("path", paths), pemda_id=pemda_id).values("pk")
    return Q(unit_id__in=unit_ids)


def org_units_for(actor: Actor, *, write: bool = False) -> QuerySet[OrgUnit]:
    if actor.pemda_id is None:
        return OrgUnit.objects.none()
    qs = OrgUnit.objects.filter(pemda_id=actor.pemda_id)
    if write:
        qs = qs.filter(reach_q("path", actor.write_reach()))
    return qs


def org_units_in_reach(actor: Actor) -> QuerySet[OrgUnit]:
    """The units whose people the actor reads by position (admin, leader, operator): dashboards, JP compliance."""
    return org_units_for(actor).filter(reach_q("path", actor.read_reach()))


def employees_for(actor: Actor, *, write: bool = False) -> QuerySet[Employee]:
    if actor.pemda_id is None:
        return Employee.objects.none()
    qs = Employee.objects.filter(pemda_id=actor.pemda_id)
    units = actor.write_reach() if write else actor.read_reach()
    if units.whole_pemda:
        return qs
    reach = Q(pk__in=[])
    if units.paths:
        reach |= _units_within(actor.pemda_id, units.paths)
    if not write and actor.employee_id is not None:
        reach |= Q(pk=actor.employee_id)
        if actor.is_supervisor:
            reach |= Q(pk__in=reports_subquery(actor.employee_id))
    return qs.filter(reach)


def own_employee(actor: Actor) -> QuerySet[Employee]:
    """The actor's own employee record, which every reach includes (see `employees_for`).

    Its own filter, not `employees_for(actor).filter(pk=…)`: that would build the whole reach (and ask
    whether the actor supervises anyone) only to keep the one row a self-service request is about.
    """
    if actor.pemda_id is None or actor.employee_id is None:
        return Employee.objects.none()
    return Employee.objects.filter(pemda_id=actor.pemda_id, pk=actor.employee_id)


def get_employee_for_user(actor: Actor, nip: str, *, write: bool = False) -> Employee:
    nip = nip_normalise(nip)
    employee = employees_for(actor, write=write).select_related("unit", "supervisor", "pemda").filter(nip=nip).first()
    if employee is None:
        raise NotFound(_not_found_message("employee", nip))
    return employee


def open_employee_profile(actor: Actor, nip: str) -> Employee:
    """Fetch an employee's profile for reading and log the access (UU 27/2022 PDP: log access to personal data).

    Pages and the API call this for the full profile; lists do not log per row.
    """
    from bina.core.audit import audit_record

    employee = get_employee_for_user(actor, nip)
    audit_record(action="employee.view", actor=actor, target=employee)
    return employee


def get_org_unit_for_user(actor: Actor, key: str | int, *, write: bool = False) -> OrgUnit:
    qs = org_units_for(actor, write=write).select_related("parent")
    unit = qs.filter(pk=key).first() if isinstance(key, int) else qs.filter(code=key).first()
    if unit is None:
        raise NotFound(_not_found_message("unit", str(key)))
    return unit


def _not_found_message(kind: str, key: str) -> str:
    from django.utils.translation import gettext as _

    if kind == "employee":
        return _("No employee with NIP %(key)s was found.") % {"key": key}
    return _("No organisation unit %(key)s was found.") % {"key": key}


__all__ = [
    "employees_for",
    "get_employee_for_user",
    "get_org_unit_for_user",
    "org_units_for",
    "org_units_in_reach",
    "permissions",
    "reach_q",
]
