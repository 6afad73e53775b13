"""One permission function per action on the organisation and employees (tested as a matrix in
bina/accounts/tests/test_permissions_matrix.py).

Object-level functions agree with the scoped querysets in `bina.people.access`: an object is
allowed exactly when the scoped queryset would return it. Views and API endpoints call these
(or the `get_*_for_user` helpers, which answer 404 for out-of-scope objects).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor
    from bina.people.models import Employee, OrgUnit


def _same_pemda(actor: Actor, pemda_id: int | None) -> bool:
    return actor.pemda_id is not None and actor.pemda_id == pemda_id


# --- organisation -----------------------------------------------------------------------


def can_view_org_unit(actor: Actor, unit: OrgUnit) -> bool:
    """Anyone in the Pemda may see the organisation chart (units are public structure)."""
    return _same_pemda(actor, unit.pemda_id)


def can_manage_org_unit(actor: Actor, unit: OrgUnit) -> bool:
    """Create below, rename, move or close a unit: admin anywhere, operator inside their subtree."""
    return _same_pemda(actor, unit.pemda_id) and actor.write_reach().covers(unit.path)


def can_import_units(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin


def can_browse_org_chart(actor: Actor) -> bool:
    """The organisation tree as a destination: those who manage or lead units (not a plain ASN or instructor)."""
    return actor.pemda_id is not None and (actor.is_admin or actor.is_operator or actor.is_leader)


# --- employees --------------------------------------------------------------------------


def can_list_employees(actor: Actor) -> bool:
    return actor.pemda_id is not None and (
        actor.is_admin or actor.is_operator or actor.is_leader or actor.is_supervisor
    )


def can_view_employee(actor: Actor, employee: Employee) -> bool:
    if not _same_pemda(actor, employee.pemda_id):
        return False
    if actor.employee_id == employee.pk:
        return True
    if actor.read_reach().covers(employee.unit.path) and (actor.is_admin or actor.is_operator or actor.is_leader):
        return True
    if actor.employee_id is not None:
        from bina.people.selectors import is_report_of

        return is_report_of(employee_id=employee.pk, supervisor_id=actor.employee_id)
    return False


def can_edit_employee(actor: Actor, employee: Employee) -> bool:
    return _same_pemda(actor, employee.pemda_id) and actor.write_reach().covers(employee.unit.path)


def can_create_employee(actor: Actor, unit: OrgUnit) -> bool:
    return can_manage_org_unit(actor, unit)


def can_import_employees(actor: Actor) -> bool:
    """Admins import for the whole Pemda; operators for their subtree (rows elsewhere are refused)."""
    return actor.pemda_id is not None and (actor.is_admin or actor.is_operator)
