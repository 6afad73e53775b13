from datetime import date, timedelta

import pytest
from django.utils import timezone

from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import AuditEvent
from bina.people.models import EmploymentRecord, OrgUnit
from bina.people.selectors import employment_at, org_unit_tree_with_counts
from bina.people.services import (
    employee_create,
    employee_update,
    org_unit_close,
    org_unit_create,
    org_unit_delete,
    org_unit_move,
    sort_name_for,
)


def test_sort_name_strips_titles():
    assert sort_name_for("Dr. Ir. BUDI SANTOSO, S.T., M.M.") == "budi santoso"
    assert sort_name_for("Hj. Siti Aminah, S.Pd.") == "siti aminah"


def test_move_rewrites_the_whole_subtree_paths(world):
    admin = world.actor("admin")
    kec_a, dinas = world.units["kec_a"], world.units["dinas"]
    child = org_unit_create(
        actor=admin, pemda=world.pemda, code="X-1", name="Seksi X", kind="lainnya", parent=world.units["kel_a1"]
    )
    org_unit_move(actor=admin, unit=kec_a, new_parent=dinas)
    child.refresh_from_db()
    kel = OrgUnit.objects.get(pk=world.units["kel_a1"].pk)
    assert kel.path == f"{dinas.path}{kec_a.pk}/{kel.pk}/"
    assert child.path == f"{kel.path}{child.pk}/"
    assert child.depth == 3
    assert AuditEvent.objects.filter(action="org_unit.move").count() == 1


def test_move_under_own_subtree_is_refused(world):
    with pytest.raises(ValidationFailed):
        org_unit_move(actor=world.actor("admin"), unit=world.units["kec_a"], new_parent=world.units["kel_a1"])


def test_operator_cannot_move_unit_outside_subtree(world):
    with pytest.raises(PermissionDenied):
        org_unit_move(actor=world.actor("operator"), unit=world.units["bidang"], new_parent=world.units["kec_b"])


def test_close_refuses_while_people_remain_and_keeps_everything(world):
    with pytest.raises(Conflict):
        org_unit_close(actor=world.actor("admin"), unit=world.units["kel_b1"])
    assert OrgUnit.objects.get(pk=world.units["kel_b1"].pk).closed_on is None


def test_close_empty_unit_and_delete_refused_when_history_points_at_it(world):
    admin = world.actor("admin")
    emp = world.employees["kel_b1_staff"]
    employee_update(actor=admin, employee=emp, data={"unit": world.units["kel_a1"]}, effective=timezone.localdate())
    unit = OrgUnit.objects.get(pk=world.units["kel_b1"].pk)
    org_unit_close(actor=admin, unit=unit)
    assert unit.closed_on == timezone.localdate()
    with pytest.raises(Conflict):
        org_unit_delete(actor=admin, unit=unit)  # the history still points at it


def test_unit_change_closes_history_and_keeps_past_unit(world):
    admin = world.actor("admin")
    emp = world.employees["staff_bidang"]
    old_unit = emp.unit
    move_day = timezone.localdate()
    employee_update(actor=admin, employee=emp, data={"unit": world.units["kel_b1"]}, effective=move_day)
    records = list(EmploymentRecord.objects.filter(employee=emp).order_by("valid_from"))
    assert [r.unit_id for r in records] == [old_unit.pk, world.units["kel_b1"].pk]
    assert records[0].valid_to == move_day - timedelta(days=1)
    assert employment_at(emp, move_day - timedelta(days=1)).unit_id == old_unit.pk
    assert employment_at(emp, move_day).unit_id == world.units["kel_b1"].pk


def test_supervisor_loop_is_refused(world):
    admin = world.actor("admin")
    with pytest.raises(ValidationFailed):
        employee_update(
            actor=admin, employee=world.employees["head_dinas"], data={"supervisor": world.employees["staff_bidang"]}
        )


def test_create_refuses_gender_contradicting_nip(world):
    with pytest.raises(ValidationFailed):
        employee_create(
            actor=world.actor("admin"),
            pemda=world.pemda,
            nip="198703152010011001",
            data={"name": "Budi", "gender": "P", "unit": world.units["dinas"]},
        )


def test_create_derives_fields_from_nip_and_starts_history(world):
    emp = employee_create(
        actor=world.actor("admin"),
        pemda=world.pemda,
        nip="19870315 201001 2 001",
        data={"name": "Sri Wahyuni, S.Sos.", "unit": world.units["dinas"]},
    )
    assert (emp.gender, emp.birth_date, emp.asn_type, emp.appointed_on) == (
        "P",
        date(1987, 3, 15),
        "PNS",
        date(2010, 1, 1),
    )
    assert emp.history.count() == 1


def test_operator_cannot_create_employee_in_other_unit(world):
    with pytest.raises(PermissionDenied):
        employee_create(
            actor=world.actor("operator"),
            pemda=world.pemda,
            nip="198703152010011001",
            data={"name": "Budi", "unit": world.units["kel_b1"]},
        )


def test_tree_counts_roll_up_subtrees(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = org_unit_tree_with_counts(OrgUnit.objects.filter(pemda=world.pemda))
    by_code = {u.code: (own, total) for u, own, total in rows}
    assert by_code[world.units["dinas"].code] == (1, 3)
    assert by_code[world.units["kec_a"].code] == (1, 2)
