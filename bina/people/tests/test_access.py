import pytest

from bina.core.errors import NotFound
from bina.people.access import employees_for, get_employee_for_user, org_units_for


def names(qs):
    return {e.name for e in qs}


def test_admin_sees_every_employee_of_own_pemda_only(world, other_world):
    seen = employees_for(world.actor("admin"))
    assert set(seen) == set(world.employees.values())


def test_operator_sees_only_own_subtree(world):
    seen = set(employees_for(world.actor("operator")))
    assert seen == {world.employees["head_dinas"], world.employees["head_bidang"], world.employees["staff_bidang"]}


def test_leader_sees_subtree_read_only(world):
    actor = world.actor("leader")
    assert set(employees_for(actor)) == {world.employees["camat_a"], world.employees["kel_a1_staff"]}
    assert not employees_for(actor, write=True).exists()


def test_supervisor_sees_direct_and_indirect_reports_and_self(world):
    seen = set(employees_for(world.actor("supervisor")))
    assert seen == {world.employees["head_dinas"], world.employees["head_bidang"], world.employees["staff_bidang"]}


def test_participant_sees_only_self(world):
    assert set(employees_for(world.actor("participant"))) == {world.employees["kel_a1_staff"]}


def test_instructor_sees_no_employee(world):
    assert not employees_for(world.actor("instructor")).exists()


def test_other_pemda_employee_is_not_found_for_admin(world, other_world):
    foreign = other_world.employees["head_dinas"]
    with pytest.raises(NotFound):
        get_employee_for_user(world.actor("admin"), foreign.nip)


def test_operator_may_write_only_in_subtree(world):
    actor = world.actor("operator")
    assert set(org_units_for(actor, write=True)) == {world.units["dinas"], world.units["bidang"]}
    with pytest.raises(NotFound):
        get_employee_for_user(actor, world.employees["kel_b1_staff"].nip)
