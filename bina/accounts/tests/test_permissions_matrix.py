"""Role x action x own/other unit x own/other Pemda, for every permission function.

Expected values are written out in full so a change to any rule shows up as a failing cell.
"""

from __future__ import annotations

import pytest

from bina.accounts import permissions as accounts_p
from bina.accounts.scope import actor_for_user
from bina.core import permissions as core_p
from bina.core.actor import Actor
from bina.people import permissions as p
from bina.people.access import employees_for, org_units_for

PERSONAS = ["admin", "operator", "leader", "instructor", "supervisor", "participant", "superadmin"]

# Targets: "own" = inside the operator's subtree (Dinas) / the supervisor's team;
# "unit" = another unit of the same Pemda (Kelurahan Beta Satu); "pemda" = the other Pemda.
T, F = True, False

EMPLOYEE_ACTIONS = {
    # persona:          view own, view other-unit, view other-pemda, edit own, edit other-unit, edit other-pemda
    "admin": (T, T, F, T, T, F),
    "operator": (T, F, F, T, F, F),
    "leader": (F, F, F, F, F, F),  # leader reaches Kecamatan Alfa only
    "instructor": (F, F, F, F, F, F),
    "supervisor": (T, F, F, F, F, F),
    "participant": (F, F, F, F, F, F),
    "superadmin": (F, F, F, F, F, F),
}

UNIT_ACTIONS = {
    # persona:          view own, view other-unit, view other-pemda, manage own, manage other-unit, manage other-pemda
    "admin": (T, T, F, T, T, F),
    "operator": (T, T, F, T, F, F),
    "leader": (T, T, F, F, F, F),
    "instructor": (T, T, F, F, F, F),
    "supervisor": (T, T, F, F, F, F),
    "participant": (T, T, F, F, F, F),
    "superadmin": (F, F, F, F, F, F),
}

PEMDA_ACTIONS = {
    # persona: import units, import employees, list employees, manage users own/other pemda,
    #          pemda settings own/other, manage pemdas, audit log
    "admin": (T, T, T, T, F, T, F, F, T),
    "operator": (F, T, T, F, F, F, F, F, F),
    "leader": (F, F, T, F, F, F, F, F, F),
    "instructor": (F, F, F, F, F, F, F, F, F),
    "supervisor": (F, F, T, F, F, F, F, F, F),
    "participant": (F, F, F, F, F, F, F, F, F),
    "superadmin": (F, F, F, T, T, T, T, T, T),
}


def actor_of(persona: str, world, superadmin) -> Actor:
    if persona == "superadmin":
        return actor_for_user(superadmin)
    return world.actor(persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_employee_actions_matrix(persona, world, other_world, superadmin):
    actor = actor_of(persona, world, superadmin)
    own = world.employees["staff_bidang"]
    other_unit = world.employees["kel_b1_staff"]
    other_pemda = other_world.employees["staff_bidang"]
    got = (
        p.can_view_employee(actor, own),
        p.can_view_employee(actor, other_unit),
        p.can_view_employee(actor, other_pemda),
        p.can_edit_employee(actor, own),
        p.can_edit_employee(actor, other_unit),
        p.can_edit_employee(actor, other_pemda),
    )
    assert got == EMPLOYEE_ACTIONS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_org_unit_actions_matrix(persona, world, other_world, superadmin):
    actor = actor_of(persona, world, superadmin)
    own, other_unit, other_pemda = world.units["bidang"], world.units["kel_b1"], other_world.units["bidang"]
    got = (
        p.can_view_org_unit(actor, own),
        p.can_view_org_unit(actor, other_unit),
        p.can_view_org_unit(actor, other_pemda),
        p.can_manage_org_unit(actor, own),
        p.can_manage_org_unit(actor, other_unit),
        p.can_manage_org_unit(actor, other_pemda),
    )
    assert got == UNIT_ACTIONS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_pemda_level_actions_matrix(persona, world, other_world, superadmin):
    actor = actor_of(persona, world, superadmin)
    got = (
        p.can_import_units(actor),
        p.can_import_employees(actor),
        p.can_list_employees(actor),
        accounts_p.can_manage_users(actor, world.pemda),
        accounts_p.can_manage_users(actor, other_world.pemda),
        core_p.can_edit_pemda_settings(actor, world.pemda),
        core_p.can_edit_pemda_settings(actor, other_world.pemda),
        core_p.can_manage_pemdas(actor),
        core_p.can_view_audit_log(actor),
    )
    assert got == PEMDA_ACTIONS[persona]


def test_self_is_always_visible_to_participant(world):
    actor = world.actor("participant")
    assert p.can_view_employee(actor, world.employees["kel_a1_staff"])
    assert not p.can_edit_employee(actor, world.employees["kel_a1_staff"])


def test_leader_sees_own_subtree_but_cannot_edit(world):
    actor = world.actor("leader")
    assert p.can_view_employee(actor, world.employees["kel_a1_staff"])
    assert not p.can_edit_employee(actor, world.employees["kel_a1_staff"])


@pytest.mark.parametrize("persona", PERSONAS)
def test_object_permissions_agree_with_scoped_querysets(persona, world, other_world, superadmin):
    """The object check and the queryset are two faces of one rule: they must never disagree."""
    actor = actor_of(persona, world, superadmin)
    readable = set(employees_for(actor).values_list("pk", flat=True))
    writable = set(employees_for(actor, write=True).values_list("pk", flat=True))
    for employee in [*world.employees.values(), *other_world.employees.values()]:
        assert p.can_view_employee(actor, employee) == (employee.pk in readable), employee.name
        assert p.can_edit_employee(actor, employee) == (employee.pk in writable), employee.name
    manageable = set(org_units_for(actor, write=True).values_list("pk", flat=True))
    for unit in [*world.units.values(), *other_world.units.values()]:
        assert p.can_manage_org_unit(actor, unit) == (unit.pk in manageable), unit.name
