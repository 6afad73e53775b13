"""Review of the CSV/XLSX import: failing tests for confirmed defects (adversarial but realistic files)."""

from __future__ import annotations

import openpyxl
import pytest
from django.utils import translation

from bina.people.factories import make_nip
from bina.people.models import Employee
from bina.people.tests.test_import_support import EMPLOYEE_HEADER, employee_row, run_import, write_csv


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def codes(report):
    return [(e.row, e.column, e.code) for e in report.errors]


# --- 1. XLSX with empty leading rows: row numbers are shifted ------------------------------


def test_xlsx_with_empty_leading_rows_reports_the_row_excel_shows(world, tmp_path):
    # BKPSDM sheets often leave the first rows empty (or for a title added later): header on
    # row 4, the only data row on row 5. The error must point at row 5, the row Excel shows.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for col, value in enumerate(EMPLOYEE_HEADER, start=1):
        sheet.cell(row=4, column=col, value=value)
    for col, value in enumerate(employee_row(make_nip(), "Budi", "NOPE"), start=1):
        sheet.cell(row=5, column=col, value=value)
    path = tmp_path / "pegawai.xlsx"
    workbook.save(path)

    report = run_import(world, path)

    # Actual: [(8, 'kode_unit', 'unknown_unit')] -- the 3 leading empty rows are counted twice.
    assert codes(report) == [(5, "kode_unit", "unknown_unit")]


# --- 2. A CSV syntax problem after the header crashes the import ---------------------------


def test_unterminated_quote_in_a_large_csv_is_a_report_not_a_crash(world, tmp_path):
    # One name typed as `"Budi` (opening quote, no closing quote) early in a large file: the csv
    # module swallows the rest of the file into one field and raises csv.Error (field limit).
    # Only the header read catches csv.Error; the row passes do not, so the user gets a
    # traceback / "The import failed unexpectedly" instead of a report naming file and row.
    rows = [employee_row(make_nip(), "Budi Santoso", "ALF-DKP") for _ in range(3000)]
    rows[1][1] = '"Budi Santoso'
    path = tmp_path / "pegawai.csv"
    lines = [",".join(EMPLOYEE_HEADER)] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    report = run_import(world, path)  # Actual: _csv.Error: field larger than field limit (131072)

    assert report.errors and not report.written
    assert report.errors[0].file == "pegawai.csv"


# --- 3. --partial can write a reporting loop through a skipped row --------------------------


def test_partial_never_writes_a_reporting_loop_through_a_skipped_row(world, tmp_path):
    # Stored: staff_bidang -> head_bidang -> head_dinas. The file makes head_dinas report to
    # staff_bidang, and also contains staff_bidang's row with a bad email (so it is skipped).
    # Pass 1 treats the bad row as "no supervisor" (sups=0), so no loop is seen; the partial
    # skip logic keeps head_dinas because staff_bidang is stored; the stored edge of the
    # skipped row then closes the loop head_dinas -> staff_bidang -> head_bidang -> head_dinas.
    head = world.employees["head_dinas"]
    staff = world.employees["staff_bidang"]
    rows = [
        employee_row(head.nip, head.name, "ALF-DKP", supervisor=staff.nip, asn=head.asn_type, gender=head.gender),
        employee_row(staff.nip, staff.name, "ALF-DKP-PD", gender=staff.gender, asn=staff.asn_type, email="bad"),
    ]

    run_import(world, write_csv(tmp_path / "pegawai.csv", rows), partial=True)

    seen: list[int] = []
    node = Employee.objects.get(pk=head.pk)
    while node.supervisor_id is not None and node.pk not in seen:
        seen.append(node.pk)
        node = Employee.objects.get(pk=node.supervisor_id)
    assert node.supervisor_id is None, f"reporting loop written: {[*seen, node.pk]}"


# --- 4. Email validation is weaker than the model / API --------------------------------------


@pytest.mark.parametrize("email", ["budi@gmail..com", "budi@gmail.com,"])
def test_invalid_email_is_refused_like_the_api_does(world, tmp_path, email):
    # Typical typos (double dot, trailing comma from a list) pass the import's regex, while the
    # API (bina/people/api.py `_check_email`, Django validate_email) and the edit form reject
    # them: imported employees then cannot be saved through the form without fixing the email.
    row = employee_row(make_nip(), "Budi", "ALF-DKP", email=email)
    report = run_import(world, write_csv(tmp_path / "pegawai.csv", [row]))
    assert codes(report) == [(2, "email", "invalid")]


def test_email_longer_than_the_column_is_refused(world, tmp_path):
    # Employee.email is an EmailField (max_length=254). The import has no length check: SQLite
    # stores the over-long value, PostgreSQL fails the write with DataError (uncaught).
    email = "x" * 250 + "@gmail.com"
    row = employee_row(make_nip(), "Budi", "ALF-DKP", email=email)
    report = run_import(world, write_csv(tmp_path / "pegawai.csv", [row]))
    assert codes(report) == [(2, "email", "invalid")]
