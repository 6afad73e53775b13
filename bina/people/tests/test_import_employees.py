"""Employee import through `import_file`: real files on disk, real database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from bina.core.errors import PermissionDenied
from bina.core.models import AuditEvent
from bina.people.factories import make_nip
from bina.people.models import Employee, EmploymentRecord
from bina.people.tests.test_import_support import (
    EMPLOYEE_HEADER,
    birth,
    employee_row,
    nips_of,
    run_import,
    write_csv,
    write_xlsx,
)


@pytest.fixture
def english():
    """Wording assertions below are in English; the default (Indonesian) is checked separately."""
    with translation.override("en"):
        yield


def test_report_speaks_bahasa_indonesia_by_default(world, tmp_path, nips):
    rows = [*valid_rows(nips), employee_row(nips[0], "Budi lagi", "ALF-DKP")]
    report = run_import(world, write_csv(tmp_path / "dup.csv", rows))
    assert "baris 5" in report.errors[0].reason
    assert report.as_dict()["message"].startswith("Tidak ada data yang disimpan")


@pytest.fixture
def nips():
    head = make_nip(birth=dt.date(1975, 3, 12))
    staff = make_nip(birth=dt.date(1988, 7, 23), gender="P")
    pppk = make_nip(birth=dt.date(1995, 2, 10), asn_type="PPPK")
    return head, staff, pppk


def valid_rows(nips):
    head, staff, pppk = nips
    return [
        employee_row(head, "Dr. Budi Santoso, M.Si.", "ALF-DKP", golongan="IV/b", jenis_jabatan="struktural"),
        employee_row(staff, "Siti Rahmawati, S.Kom.", "ALF-DKP-PD", gender="P", supervisor=head),
        employee_row(pppk, "Ahmad Fauzi", "ALF-DKP-PD", supervisor=staff, jenis_jabatan="JFT"),
    ]


def codes(report):
    return [(e.row, e.column, e.code) for e in report.errors]


# --- encodings and delimiters --------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_each_encoding_reads_names_with_accents(world, tmp_path, nips, encoding):
    rows = valid_rows(nips)
    rows[0][1] = "Renée Schröder"
    path = write_csv(tmp_path / "pegawai.csv", rows, encoding=encoding)

    report = run_import(world, path)

    assert report.status == "accepted", report.errors
    assert Employee.objects.get(pemda=world.pemda, nip=nips[0]).name == "Renée Schröder"


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_each_delimiter(world, tmp_path, nips, delimiter):
    path = write_csv(tmp_path / "pegawai.csv", valid_rows(nips), delimiter=delimiter)
    report = run_import(world, path)
    assert (report.status, report.created) == ("accepted", 3), report.errors


def test_header_aliases_and_case_are_tolerated(world, tmp_path, nips):
    header = ["NIP Baru", "Nama Lengkap", "Jenis Kelamin", "Tgl Lahir", "JENIS ASN", "Gol", "Jabatan",
              "Jenis Jabatan", "Kode Unit Kerja", "NIP Atasan", "Pendidikan Terakhir", "Email", "No HP"]  # fmt: skip
    path = write_csv(tmp_path / "siasn.csv", valid_rows(nips), header=header)
    report = run_import(world, path)
    assert report.created == 3, report.errors


def test_only_required_columns(world, tmp_path, nips):
    path = write_csv(
        tmp_path / "min.csv", [[nips[0], "Budi", "PNS", "ALF-KEC-A"]], header=["nip", "nama", "jenis_asn", "Unit Kerja"]
    )
    report = run_import(world, path)
    assert report.created == 1, report.errors
    employee = Employee.objects.get(nip=nips[0])
    assert (employee.birth_date, employee.gender) == (birth(nips[0]), "L")


def test_missing_required_column_is_one_clear_error(world, tmp_path, nips):
    path = write_csv(tmp_path / "x.csv", [[nips[0], "Budi"]], header=["nip", "nama"])
    report = run_import(world, path)
    assert report.status == "rejected"
    assert {(e.row, e.column) for e in report.errors} == {(1, "jenis_asn"), (1, "kode_unit")}
    assert "kode_unit" in report.errors[0].reason or "jenis_asn" in report.errors[0].reason


def test_unknown_extension_is_one_clear_error(world, tmp_path):
    path = tmp_path / "pegawai.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    report = run_import(world, path)
    assert len(report.errors) == 1 and report.errors[0].row is None
    assert ".xlsx" in report.errors[0].reason and report.status == "rejected" and not report.written


# --- XLSX ---------------------------------------------------------------------------------


def test_xlsx_with_date_cells(world, tmp_path, nips):
    rows = valid_rows(nips)
    for row, nip in zip(rows, nips, strict=True):
        row[3] = birth(nip)  # a real Excel date cell
    path = write_xlsx(tmp_path / "pegawai.xlsx", rows)
    report = run_import(world, path)
    assert report.created == 3, report.errors


def test_xlsx_numeric_nip_cell_is_refused_with_text_advice(world, tmp_path, nips):
    rows = valid_rows(nips)
    rows[1][0] = int(nips[1])  # Excel stored the NIP as a number
    path = write_xlsx(tmp_path / "pegawai.xlsx", rows)

    report = run_import(world, path)

    assert report.status == "rejected" and not nips_of(world) & set(nips)
    (error,) = [e for e in report.errors if e.row == 3]
    assert error.column == "nip" and "Text" in error.reason and "E+17" in error.value


# --- values -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["{d:%d}-{d:%m}-{d:%Y}", "{d:%d}/{d:%m}/{d:%Y}", "{d:%Y}-{d:%m}-{d:%d}"])
def test_text_dates(world, tmp_path, nips, text):
    row = employee_row(nips[0], "Budi", "ALF-DKP", birth=text.format(d=birth(nips[0])))
    report = run_import(world, write_csv(tmp_path / "d.csv", [row]))
    assert report.created == 1, report.errors


def test_scientific_nip_in_csv_is_refused(world, tmp_path, nips):
    rows = valid_rows(nips)
    rows[0][0] = "1.97503E+17"
    report = run_import(world, write_csv(tmp_path / "sci.csv", rows))
    nip_errors = [e for e in report.errors if e.column == "nip"]
    assert nip_errors[0].row == 2 and "Text" in nip_errors[0].reason
    assert not Employee.objects.filter(nip__in=nips).exists()


def test_values_contradicting_the_nip_are_reported_per_column(world, tmp_path, nips):
    head = nips[0]
    wrong_birth = (birth(head) + dt.timedelta(days=1)).strftime("%d-%m-%Y")
    row = employee_row(head, "Budi", "ALF-DKP", gender="P", birth=wrong_birth, asn="PPPK", golongan="IX")
    report = run_import(world, write_csv(tmp_path / "c.csv", [row]))
    assert {e.column for e in report.errors if e.code == "contradicts_nip"} == {
        "jenis_kelamin",
        "tanggal_lahir",
        "jenis_asn",
    }


def test_enum_aliases(world, tmp_path, nips):
    head, staff, pppk = nips
    rows = [
        employee_row(head, "A", "ALF-DKP", gender="Laki-laki", jenis_jabatan="JFU", pendidikan="D-III"),
        employee_row(staff, "B", "ALF-DKP", gender="2", jenis_jabatan="Struktural", pendidikan="SMA/SMK"),
        employee_row(pppk, "C", "ALF-DKP", gender="1", jenis_jabatan="jft", pendidikan="S-2"),
    ]
    report = run_import(world, write_csv(tmp_path / "a.csv", rows))
    assert report.created == 3, report.errors
    got = {e.nip: (e.gender, e.position_kind, e.education) for e in Employee.objects.filter(nip__in=nips)}
    assert got == {head: ("L", "pelaksana", "D3"), staff: ("P", "struktural", "SMA"), pppk: ("L", "fungsional", "S2")}


def test_bad_enum_value_says_what_is_accepted(world, tmp_path, nips):
    row = employee_row(nips[0], "A", "ALF-DKP", pendidikan="SMK Teknik")
    report = run_import(world, write_csv(tmp_path / "a.csv", [row]))
    (error,) = report.errors
    assert (error.row, error.column, error.value) == (2, "pendidikan", "SMK Teknik")
    assert "S-1" in error.reason


def test_blank_rows_are_ignored(world, tmp_path, nips):
    rows = valid_rows(nips)
    rows.insert(1, [""] * len(EMPLOYEE_HEADER))
    rows.append([" "] * len(EMPLOYEE_HEADER))
    report = run_import(world, write_csv(tmp_path / "b.csv", rows))
    assert (report.status, report.total_rows, report.created) == ("accepted", 3, 3), report.errors


# --- cross-row and database checks ----------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_duplicate_nip_reports_both_rows(world, tmp_path, nips):
    rows = [*valid_rows(nips), employee_row(nips[0], "Budi lagi", "ALF-DKP")]
    report = run_import(world, write_csv(tmp_path / "dup.csv", rows))
    assert [(e.row, e.code) for e in report.errors] == [(2, "duplicate"), (5, "duplicate")]
    assert "row 5" in report.errors[0].reason and "row 2" in report.errors[1].reason


def test_unknown_unit_code(world, tmp_path, nips):
    rows = valid_rows(nips)
    rows[2][8] = "NOPE"
    report = run_import(world, write_csv(tmp_path / "u.csv", rows))
    assert codes(report) == [(4, "kode_unit", "unknown_unit")]


def test_other_pemdas_unit_code_is_not_found(world, other_world, tmp_path, nips):
    rows = valid_rows(nips)
    rows[0][8] = other_world.units["dinas"].code
    report = run_import(world, write_csv(tmp_path / "u.csv", rows))
    assert codes(report)[0] == (2, "kode_unit", "unknown_unit")
    assert not Employee.objects.filter(pemda=other_world.pemda, nip__in=nips).exists()


def test_same_nip_in_other_pemda_is_never_touched(world, other_world, tmp_path):
    foreign = other_world.employees["staff_bidang"]
    row = employee_row(foreign.nip, "Namesake", "ALF-DKP", gender=foreign.gender, asn=foreign.asn_type)
    report = run_import(world, write_csv(tmp_path / "x.csv", [row]))
    assert report.created == 1, report.errors
    foreign.refresh_from_db()
    assert foreign.name != "Namesake" and foreign.unit_id == other_world.units["bidang"].pk


def test_unknown_supervisor_nip(world, tmp_path, nips):
    rows = valid_rows(nips)
    rows[0][9] = make_nip()
    report = run_import(world, write_csv(tmp_path / "s.csv", rows))
    assert codes(report) == [(2, "nip_atasan", "unknown_supervisor")]


def test_supervisor_from_database_is_linked(world, tmp_path, nips):
    head = world.employees["head_dinas"]
    report = run_import(
        world, write_csv(tmp_path / "s.csv", [employee_row(nips[0], "A", "ALF-DKP", supervisor=head.nip)])
    )
    assert report.created == 1, report.errors
    assert Employee.objects.get(nip=nips[0]).supervisor == head


def test_supervisor_loop_within_the_file(world, tmp_path, nips):
    head, _staff, pppk = nips
    rows = valid_rows(nips)
    rows[0][9] = pppk  # head -> pppk -> staff -> head
    report = run_import(world, write_csv(tmp_path / "loop.csv", rows))
    assert sorted(codes(report)) == [(r, "nip_atasan", "supervisor_loop") for r in (2, 3, 4)]
    assert f"{head} → " in report.errors[0].reason


def test_supervisor_loop_against_the_database(world, tmp_path):
    # Stored: staff_bidang -> head_bidang -> head_dinas. The file makes head_dinas report to staff_bidang.
    head = world.employees["head_dinas"]
    staff = world.employees["staff_bidang"]
    row = employee_row(head.nip, head.name, "ALF-DKP", supervisor=staff.nip, asn=head.asn_type, gender=head.gender)
    report = run_import(world, write_csv(tmp_path / "loop.csv", [row]))
    assert codes(report) == [(2, "nip_atasan", "supervisor_loop")]
    head.refresh_from_db()
    assert head.supervisor_id is None


def test_supervisor_later_in_file_is_linked(world, tmp_path, nips):
    rows = list(reversed(valid_rows(nips)))  # reports before their supervisors
    report = run_import(world, write_csv(tmp_path / "r.csv", rows))
    assert report.created == 3, report.errors
    head, staff, pppk = (Employee.objects.get(nip=n) for n in nips)
    assert (pppk.supervisor, staff.supervisor, head.supervisor) == (staff, head, None)


# --- modes ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_all_or_nothing_writes_nothing_and_keeps_stored_data(world, tmp_path, nips):
    before = {e.pk: (e.name, e.unit_id) for e in Employee.objects.filter(pemda=world.pemda)}
    existing = world.employees["staff_bidang"]
    rows = [
        *valid_rows(nips),
        employee_row(existing.nip, "Renamed", "ALF-KEC-A", gender=existing.gender),
        employee_row("123", "Bad", "ALF-DKP"),
    ]
    report = run_import(world, write_csv(tmp_path / "bad.csv", rows))

    assert report.status == "rejected" and not report.written
    assert (report.created, report.updated) == (3, 1)  # what would have happened
    assert report.as_dict()["message"] == "Nothing was written because 1 row has errors."
    assert {e.pk: (e.name, e.unit_id) for e in Employee.objects.filter(pemda=world.pemda)} == before


def test_partial_writes_the_valid_rows(world, tmp_path, nips):
    rows = [*valid_rows(nips), employee_row(make_nip(), "Bad unit", "NOPE")]
    report = run_import(world, write_csv(tmp_path / "p.csv", rows), partial=True)
    assert (report.status, report.written, report.created, len(report.errors)) == ("partial", True, 3, 1)
    assert set(nips) <= nips_of(world)


def test_partial_skips_reports_of_a_skipped_supervisor(world, tmp_path, nips):
    rows = valid_rows(nips)
    rows[1][8] = "NOPE"  # staff fails; pppk reports to staff
    report = run_import(world, write_csv(tmp_path / "p.csv", rows), partial=True)
    assert sorted(codes(report)) == [(3, "kode_unit", "unknown_unit"), (4, "nip_atasan", "supervisor_skipped")]
    assert nips_of(world) & set(nips) == {nips[0]}


def test_dry_run_writes_nothing(world, tmp_path, nips):
    audit_before = AuditEvent.objects.count()
    report = run_import(world, write_csv(tmp_path / "d.csv", valid_rows(nips)), dry_run=True)
    assert (report.status, report.written, report.created) == ("dry_run", False, 3)
    assert not Employee.objects.filter(nip__in=nips).exists()
    assert AuditEvent.objects.count() == audit_before + 1  # only the import event


@pytest.mark.usefixtures("english")
def test_reimport_changes_nothing(world, tmp_path, nips):
    path = write_csv(tmp_path / "same.csv", valid_rows(nips))
    run_import(world, path)
    history = EmploymentRecord.objects.count()

    report = run_import(world, path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert report.as_dict()["message"] == "No changes: every row matches what is stored."
    assert report.summary_line() == "created=0 updated=0 unchanged=3 errors=0"
    assert EmploymentRecord.objects.count() == history


def test_changed_row_updates_with_history_and_audit(world, tmp_path):
    staff = world.employees["staff_bidang"]
    row = employee_row(
        staff.nip, staff.name, "ALF-KEC-A", gender="P", golongan="III/b", supervisor=world.employees["camat_a"].nip
    )
    report = run_import(world, write_csv(tmp_path / "move.csv", [row]))

    assert (report.updated, report.created) == (1, 0), report.errors
    staff.refresh_from_db()
    assert (staff.unit, staff.golongan, staff.supervisor) == (
        world.units["kec_a"],
        "III/b",
        world.employees["camat_a"],
    )
    records = list(EmploymentRecord.objects.filter(employee=staff).order_by("valid_from", "id"))
    assert records[-1].unit == world.units["kec_a"] and records[-1].source == "import"
    assert records[-1].valid_to is None and records[-2].valid_to is not None
    event = AuditEvent.objects.filter(action="employee.update", target_id=str(staff.pk)).get()
    assert event.detail["changes"]["unit"] == [world.units["bidang"].pk, world.units["kec_a"].pk]
    run_event = AuditEvent.objects.filter(action="import.employees").get()
    assert run_event.detail["updated"] == 1 and run_event.detail["file"] == "move.csv"


# --- who may import -------------------------------------------------------------------------


def test_operator_restricted_to_own_subtree(world, tmp_path, nips):
    rows = valid_rows(nips)
    rows[2][8] = "ALF-KEC-A"  # outside the operator's Dinas subtree
    rows[2][9] = ""
    report = run_import(world, write_csv(tmp_path / "op.csv", rows), persona="operator", partial=True)
    assert codes(report) == [(4, "kode_unit", "out_of_scope")]
    assert nips_of(world) & set(nips) == {nips[0], nips[1]}


def test_operator_cannot_take_over_employee_of_other_unit(world, tmp_path):
    other = world.employees["kel_a1_staff"]
    row = employee_row(other.nip, "Moved", "ALF-DKP", gender=other.gender, asn=other.asn_type)
    report = run_import(world, write_csv(tmp_path / "op.csv", [row]), persona="operator")
    assert codes(report) == [(2, "nip", "out_of_scope")]
    other.refresh_from_db()
    assert other.unit == world.units["kel_a1"]


@pytest.mark.parametrize("persona", ["leader", "participant", "instructor"])
def test_roles_without_import_right_are_refused(world, tmp_path, nips, persona):
    with pytest.raises(PermissionDenied):
        run_import(world, write_csv(tmp_path / "x.csv", valid_rows(nips)), persona=persona)


def test_admin_of_other_pemda_is_refused(world, other_world, tmp_path, nips):
    from bina.imports.service import import_file

    path = write_csv(tmp_path / "x.csv", valid_rows(nips))
    with pytest.raises(PermissionDenied):
        import_file(actor=other_world.actor("admin"), pemda=world.pemda, kind="employees", path=path, file_name="x.csv")


def test_progress_is_reported(world, tmp_path, nips):
    calls = []
    run_import(world, write_csv(tmp_path / "x.csv", valid_rows(nips)), progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (6, 6)


def test_docs_templates_import_cleanly(world):
    from django.conf import settings

    units = run_import(world, settings.BASE_DIR / "docs/templates/units.csv", kind="units")
    employees = run_import(world, settings.BASE_DIR / "docs/templates/employees.csv")
    assert (units.status, units.created, employees.status, employees.created) == ("accepted", 3, "accepted", 3), (
        units.errors,
        employees.errors,
    )


def test_supervisor_chains_in_one_batch_are_linked_at_any_depth(world, tmp_path):
    """New supervisors are inserted before their reports inside a batch (issue 8.2); a chain deeper than
    the levels inserted in order, and a supervisor later in the file, are still linked."""
    chain = [make_nip() for _ in range(12)]
    # Row k reports to row k-1 (head first), except the last, who reports to a row after it.
    rows = [employee_row(chain[0], "Kepala 0", "ALF-DKP")]
    rows += [employee_row(nip, f"Pegawai {k}", "ALF-DKP", supervisor=chain[k - 1]) for k, nip in enumerate(chain) if k]
    late = make_nip()
    rows.append(employee_row(make_nip(), "Lapor ke belakang", "ALF-DKP", supervisor=late))
    rows.append(employee_row(late, "Atasan belakang", "ALF-DKP"))
    report = run_import(world, write_csv(tmp_path / "chain.csv", rows))
    assert report.created == len(rows) and not report.errors, report.errors
    stored = dict(Employee.objects.filter(nip__in=[*chain, late]).values_list("nip", "supervisor__nip"))
    assert [stored[n] for n in chain] == [None, *chain[:-1]]
    assert Employee.objects.get(name="Lapor ke belakang").supervisor.nip == late
    event = AuditEvent.objects.get(action="import.employees")
    assert sorted(event.detail["created_nips"]) == sorted(
        Employee.objects.filter(nip__in=[r[0] for r in rows]).values_list("nip", flat=True)
    )
    assert event.detail["updated_nips"] == []
