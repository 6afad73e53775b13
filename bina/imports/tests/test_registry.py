"""The faces dispatch on the registry: a kind an app registers is importable from the command, the
service, the upload page and the background job without any face knowing it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from bina.imports import registry
from bina.imports.columns import Column, code
from bina.imports.common import Run
from bina.imports.models import ImportJob
from bina.imports.reader import is_blank
from bina.imports.service import import_file

WRITTEN: list[str] = []


def import_codes(run: Run) -> None:
    """A minimal kind: every row needs a code; writing appends it to WRITTEN."""
    rows = []
    for row_no, cells in run.table.rows():
        if is_blank(cells):
            continue
        value = code(run.cell(cells, "kode"))
        if not value:
            run.error(row_no, "kode", "", "The code is required.", "required")
            continue
        rows.append(value)
    run.report.total_rows = len(rows) + len({e.row for e in run.report.errors})
    run.report.created = len(rows)
    if run.will_write:
        WRITTEN.extend(rows)
    run.report.written = run.will_write


@pytest.fixture
def codes_kind(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    WRITTEN.clear()
    kind = registry.ImportKind(
        name="codes",
        label="Codes",
        columns=(Column("kode", True, ("code",)),),
        importer=import_codes,
        can_import=lambda actor: actor.is_admin,
        denied_message="Only admins import codes.",
    )
    monkeypatch.setitem(registry._KINDS, "codes", kind)
    return kind


def csv_file(tmp_path, *codes: str):
    path = tmp_path / "codes.csv"
    path.write_text("Code,Note\n" + "\n".join(f"{c},n" for c in codes) + "\n", encoding="utf-8")
    return path


def test_the_command_imports_a_registered_kind(world, codes_kind, tmp_path):
    out = StringIO()
    call_command("import_data", "codes", str(csv_file(tmp_path, "A", "B")), "--pemda", world.pemda.slug, stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "created=2 updated=0 unchanged=0 errors=0"
    assert WRITTEN == ["A", "B"]


def test_the_command_refuses_an_unknown_kind(world, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("import_data", "planets", str(csv_file(tmp_path, "A")), "--pemda", world.pemda.slug)
    assert exc.value.returncode == 2


def test_a_refused_file_of_any_kind_counts_nothing_written(world, codes_kind, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("import_data", "codes", str(csv_file(tmp_path, "A", "")), "--pemda", world.pemda.slug, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-2:] == [
        "Nothing was stored; the valid rows would have given: created=1 updated=0 unchanged=0",
        "created=0 updated=0 unchanged=0 errors=1",
    ]
    assert WRITTEN == []


def test_the_service_checks_the_kinds_own_permission(world, codes_kind, tmp_path):
    from bina.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_file(
            actor=world.actor("operator"),
            pemda=world.pemda,
            kind="codes",
            path=csv_file(tmp_path, "A"),
            file_name="codes.csv",
        )
    report = import_file(
        actor=world.actor("admin"), pemda=world.pemda, kind="codes", path=csv_file(tmp_path, "A"), file_name="c.csv"
    )
    assert (report.status, report.created, WRITTEN) == ("accepted", 1, ["A"])


def test_the_upload_page_offers_and_runs_a_registered_kind(
    world, codes_kind, client_as, tmp_path, django_capture_on_commit_callbacks
):
    client = client_as(world.users["admin"])
    assert 'value="codes"' in client.get(reverse("people:import")).content.decode()
    path = csv_file(tmp_path, "X")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:import"), {"kind": "codes", "file": SimpleUploadedFile("codes.csv", path.read_bytes())}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and (job.kind, job.status, job.report["status"]) == ("codes", "done", "accepted")
    assert job.get_kind_display() == "Codes" and WRITTEN == ["X"]
    # The operator may import employees but not this kind: it is not offered.
    assert 'value="codes"' not in client_as(world.users["operator"]).get(reverse("people:import")).content.decode()
