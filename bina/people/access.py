"""Scoped entry points to units and employees: the only way views, API and commands reach them.

Querysets here and the object checks in `bina.accounts.permissions` implement the same rule.
Out-of-scope objects raise `NotFound`, exactly like missing ones.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.people import permissions
from bina.people.models import Employee, OrgUnit
from bina.people.selectors import reports_subquery


def _paths_q(field: str, paths: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


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
        paths = actor.write_paths()
        if paths is not None:
            qs = qs.filter(_paths_q("path", paths))
    return qs


def employees_for(actor: Actor, *, write: bool = False) -> QuerySet[Employee]:
    if actor.pemda_id is None:
        return Employee.objects.none()
    qs = Employee.objects.filter(pemda_id=actor.pemda_id)
    paths = actor.write_paths() if write else actor.read_paths()
    if paths is None and (write or actor.is_admin or actor.leader_all):
        return qs
    reach = Q(pk__in=[])
    if paths and (write or actor.is_admin or actor.is_operator or actor.is_leader):
        reach |= _units_within(actor.pemda_id, paths)
    if not write and actor.employee_id is not None:
        reach |= Q(pk=actor.employee_id)
        if actor.is_supervisor:
            reach |= Q(pk__in=reports_subquery(actor.employee_id))
    return qs.filter(reach)


def get_employee_for_user(actor: Actor, nip: str, *, write: bool = False) -> Employee:
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
    "permissions",
]
