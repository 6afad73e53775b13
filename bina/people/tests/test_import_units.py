"""Unit import through `import_file` (admin only; parents may come after children)."""

from __future__ import annotations

import pytest

from bina.core.errors import PermissionDenied
from bina.core.models import AuditEvent
from bina.people.models import OrgUnit
from bina.people.tests.test_import_support import UNIT_HEADER, run_import, write_csv, write_xlsx


def units(world):
    return {u.code: u for u in OrgUnit.objects.filter(pemda=world.pemda)}


def test_children_before_parents(world, tmp_path):
    rows = [["N-KEL", "Kelurahan Baru", "Kelurahan", "N-KEC"], ["N-KEC", "Kecamatan Baru", "KECAMATAN", ""]]
    report = run_import(world, write_csv(tmp_path / "u.csv", rows, header=UNIT_HEADER), kind="units")
    assert (report.status, report.created) == ("accepted", 2), report.errors
    got = units(world)
    assert got["N-KEL"].parent == got["N-KEC"] and got["N-KEL"].path.startswith(got["N-KEC"].path)
    assert got["N-KEC"].kind == "kecamatan"


def test_xlsx_units(world, tmp_path):
    rows = [["X-1", "Unit Satu", "uptd", "ALF-DKP"]]
    report = run_import(world, write_xlsx(tmp_path / "u.xlsx", rows, header=UNIT_HEADER), kind="units")
    assert report.created == 1, report.errors
    assert units(world)["X-1"].parent == world.units["dinas"]


def test_unknown_parent(world, tmp_path):
    report = run_import(
        world, write_csv(tmp_path / "u.csv", [["X", "X", "bidang", "NOPE"]], header=UNIT_HEADER), kind="units"
    )
    assert [(e.row, e.column, e.code) for e in report.errors] == [(2, "kode_induk", "unknown_parent")]
    assert "X" not in units(world)


def test_other_pemdas_parent_code_is_not_found(world, other_world, tmp_path):
    foreign = other_world.units["dinas"].code
    report = run_import(
        world, write_csv(tmp_path / "u.csv", [["X", "X", "bidang", foreign]], header=UNIT_HEADER), kind="units"
    )
    assert report.errors[0].code == "unknown_parent"


def test_parent_cycle_in_file(world, tmp_path):
    rows = [["A", "A", "bidang", "B"], ["B", "B", "bidang", "C"], ["C", "C", "bidang", "A"]]
    report = run_import(world, write_csv(tmp_path / "u.csv", rows, header=UNIT_HEADER), kind="units")
    assert sorted((e.row, e.code) for e in report.errors) == [
        (2, "parent_loop"),
        (3, "parent_loop"),
        (4, "parent_loop"),
    ]
    assert not {"A", "B", "C"} & set(units(world))


def test_parent_cycle_against_stored_tree(world, tmp_path):
    # Stored: ALF-DKP-PD under ALF-DKP. The file puts ALF-DKP under ALF-DKP-PD.
    rows = [["ALF-DKP", world.units["dinas"].name, "dinas", "ALF-DKP-PD"]]
    report = run_import(world, write_csv(tmp_path / "u.csv", rows, header=UNIT_HEADER), kind="units")
    assert [e.code for e in report.errors] == ["parent_loop"]


def test_changed_parent_moves_the_subtree_and_name_kind_update(world, tmp_path):
    kec_b = world.units["kec_b"]
    rows = [
        ["ALF-KEC-B", "Kecamatan Beta Baru", "kecamatan", "ALF-SETDA"],
        ["ALF-KEL-B1", world.units["kel_b1"].name, "kelurahan", "ALF-KEC-B"],
    ]
    report = run_import(world, write_csv(tmp_path / "u.csv", rows, header=UNIT_HEADER), kind="units")
    assert (report.updated, report.unchanged) == (1, 1), report.errors
    got = units(world)
    assert got["ALF-KEC-B"].parent == world.units["setda"] and got["ALF-KEC-B"].name == "Kecamatan Beta Baru"
    assert got["ALF-KEL-B1"].path.startswith(got["ALF-SETDA"].path + f"{kec_b.pk}/")
    assert AuditEvent.objects.filter(action="org_unit.move", target_id=str(kec_b.pk)).exists()


def test_swap_of_parent_and_child_is_applied_in_a_legal_order(world, tmp_path):
    # Stored: bidang under dinas. File: dinas under bidang, bidang top-level.
    rows = [["ALF-DKP", "Dinas", "dinas", "ALF-DKP-PD"], ["ALF-DKP-PD", "Bidang", "bidang", ""]]
    report = run_import(world, write_csv(tmp_path / "u.csv", rows, header=UNIT_HEADER), kind="units")
    assert report.updated == 2, report.errors
    got = units(world)
    assert got["ALF-DKP"].parent == got["ALF-DKP-PD"] and got["ALF-DKP-PD"].parent is None


def test_reimport_of_units_is_unchanged(world, tmp_path):
    path = write_csv(
        tmp_path / "u.csv", [["N1", "Satu", "badan", ""], ["N2", "Dua", "bidang", "N1"]], header=UNIT_HEADER
    )
    run_import(world, path, kind="units")
    report = run_import(world, path, kind="units")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_unit_errors_write_nothing_unless_partial(world, tmp_path):
    rows = [["N1", "Satu", "badan", ""], ["N2", "Dua", "planet", ""]]
    path = write_csv(tmp_path / "u.csv", rows, header=UNIT_HEADER)
    rejected = run_import(world, path, kind="units")
    assert rejected.status == "rejected" and "N1" not in units(world)
    assert rejected.errors[0].column == "jenis" and "kelurahan" in rejected.errors[0].reason
    partial = run_import(world, path, kind="units", partial=True)
    assert partial.status == "partial" and "N1" in units(world) and "N2" not in units(world)


def test_duplicate_unit_codes(world, tmp_path):
    rows = [["N1", "Satu", "badan", ""], ["N1", "Satu lagi", "badan", ""]]
    report = run_import(world, write_csv(tmp_path / "u.csv", rows, header=UNIT_HEADER), kind="units")
    assert sorted((e.row, e.code) for e in report.errors) == [(2, "duplicate"), (3, "duplicate")]


@pytest.mark.parametrize("persona", ["operator", "leader", "participant"])
def test_unit_import_is_admin_only(world, tmp_path, persona):
    path = write_csv(tmp_path / "u.csv", [["N1", "Satu", "badan", ""]], header=UNIT_HEADER)
    with pytest.raises(PermissionDenied):
        run_import(world, path, kind="units", persona=persona)


def test_one_audit_event_per_run(world, tmp_path):
    path = write_csv(tmp_path / "u.csv", [["N1", "Satu", "badan", ""]], header=UNIT_HEADER)
    run_import(world, path, kind="units", persona=None)
    event = AuditEvent.objects.get(action="import.units")
    assert event.actor_label == "system" and event.detail["created"] == 1 and event.pemda_id == world.pemda.pk
