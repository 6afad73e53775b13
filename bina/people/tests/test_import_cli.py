"""`import_units` / `import_employees` commands: exit codes, error lines, last line."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.people.factories import make_nip
from bina.people.models import Employee
from bina.people.tests.test_import_support import UNIT_HEADER, employee_row, write_csv


def run(*args):
    from io import StringIO

    out = StringIO()
    code = 0
    try:
        call_command(*args, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().strip().splitlines()


def test_exit_0_and_summary_last_line(world, tmp_path):
    path = write_csv(tmp_path / "units.csv", [["N1", "Satu", "badan", ""]], header=UNIT_HEADER)
    code, lines = run("import_units", str(path), "--pemda", world.pemda.slug)
    assert code == 0 and lines[-1] == "created=1 updated=0 unchanged=0 errors=0"


def test_exit_1_prints_one_line_per_error(world, tmp_path):
    nip = make_nip()
    path = write_csv(
        tmp_path / "pegawai.csv", [employee_row(nip, "A", "NOPE"), employee_row("1.98703E+17", "B", "ALF-DKP")]
    )
    code, lines = run("import_employees", str(path), "--pemda", world.pemda.slug)
    assert code == 1
    assert lines[0].startswith("pegawai.csv:2:kode_unit: NOPE — ")
    assert lines[1].startswith("pegawai.csv:3:nip: 1.98703E+17 — ")
    assert lines[-1] == "created=0 updated=0 unchanged=0 errors=2"
    assert not Employee.objects.filter(nip=nip).exists()


def test_dry_run_and_partial_flags(world, tmp_path):
    nip = make_nip()
    path = write_csv(tmp_path / "p.csv", [employee_row(nip, "A", "ALF-DKP"), employee_row(make_nip(), "B", "NOPE")])
    code, lines = run("import_employees", str(path), "--pemda", world.pemda.slug, "--dry-run", "--partial")
    assert code == 1 and not Employee.objects.filter(nip=nip).exists()
    code, lines = run("import_employees", str(path), "--pemda", world.pemda.slug, "--partial")
    assert code == 1 and Employee.objects.filter(nip=nip).exists()
    assert lines[-1] == "created=1 updated=0 unchanged=0 errors=1"


@pytest.mark.parametrize("problem", ["missing_file", "unknown_pemda", "bad_extension"])
def test_usage_errors_exit_2(world, tmp_path, problem):
    path = write_csv(tmp_path / "units.csv", [["N1", "Satu", "badan", ""]], header=UNIT_HEADER)
    slug = world.pemda.slug
    if problem == "missing_file":
        path = tmp_path / "nope.csv"
    elif problem == "unknown_pemda":
        slug = "atlantis"
    else:
        path = path.rename(tmp_path / "units.ods")
    with pytest.raises(CommandError) as exc:
        call_command("import_units", str(path), "--pemda", slug)
    assert exc.value.returncode == 2


def test_real_process_exit_code_for_usage_error(tmp_path):
    # Through a real process: argparse/CommandError map to the shell exit code.
    result = subprocess.run(
        [sys.executable, "manage.py", "import_units", str(tmp_path / "nope.csv"), "--pemda", "x"],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "bina.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2, result.stderr


def test_rejected_all_or_nothing_counts_nothing_written_and_says_what_would_have_been(world, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    nip = make_nip()
    path = write_csv(tmp_path / "p.csv", [employee_row(nip, "A", "ALF-DKP"), employee_row(make_nip(), "B", "NOPE")])
    code, lines = run("import_employees", str(path), "--pemda", world.pemda.slug)
    assert code == 1 and not Employee.objects.filter(nip=nip).exists()
    assert lines[-1] == "created=0 updated=0 unchanged=0 errors=1"
    assert lines[-2] == "Nothing was stored; the valid rows would have given: created=1 updated=0 unchanged=0"
