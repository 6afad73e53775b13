"""`import_file`: the one entry point for imports (CLI, background job, API).

Default is all-or-nothing: every row is checked first and nothing is written when any row has
an error, so a bad file never leaves half an import behind. `partial=True` writes the valid rows;
`dry_run=True` only checks. Either way the report lists every error (file, row, column, value,
reason) and counts what was, or would have been, created, updated and left unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import BinaError, PermissionDenied, RowError, ValidationFailed
from bina.core.models import Pemda
from bina.people import permissions
from bina.people.imports.columns import EMPLOYEE_COLUMNS, UNIT_COLUMNS, map_header
from bina.people.imports.common import Run
from bina.people.imports.employees import import_employees
from bina.people.imports.reader import FileProblem, open_table
from bina.people.imports.report import ImportReport
from bina.people.imports.units import import_units

ImportKindName = Literal["units", "employees"]


def check_can_import(*, actor: Actor | None, pemda: Pemda, kind: str) -> None:
    """Raise `PermissionDenied` unless the actor may import this kind into this Pemda (None = system)."""
    if kind not in ("units", "employees"):
        raise ValidationFailed(_("Unknown import kind %(kind)s.") % {"kind": kind})
    if actor is None:
        return
    allowed = permissions.can_import_units(actor) if kind == "units" else permissions.can_import_employees(actor)
    if not allowed or actor.pemda_id != pemda.pk:
        if kind == "units":
            raise PermissionDenied(_("Only a BKPSDM admin can import organisation units."))
        raise PermissionDenied(_("You cannot import employees."))


def import_file(
    *,
    actor: Actor | None,
    pemda: Pemda,
    kind: Literal["units", "employees"],
    path: Path,
    file_name: str,
    dry_run: bool = False,
    partial: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportReport:
    """Import units or employees of `pemda` from the CSV/XLSX file at `path`.

    `file_name` is the user's name for the file (messages, and the format from its extension).
    `progress(done, total)` is called every few hundred rows; every data row counts twice (it is
    checked, then written), so `done` reaches `total` (an estimate until the file is read) at the end.
    """
    check_can_import(actor=actor, pemda=pemda, kind=kind)
    report = ImportReport(kind=kind, file_name=file_name, dry_run=dry_run, partial=partial)
    try:
        table = open_table(Path(path), file_name)
    except FileProblem as exc:
        report.errors.append(RowError(file=file_name, row=None, column="", value="", reason=str(exc), code="file"))
        report.file_rejected = True
    else:
        spec = UNIT_COLUMNS if kind == "units" else EMPLOYEE_COLUMNS
        columns, header_errors = map_header(table.header, spec, file_name=file_name, row=table.header_row)
        if header_errors:
            report.errors.extend(header_errors)
            report.file_rejected = True
        else:
            run = Run(
                actor=actor,
                pemda=pemda,
                table=table,
                columns=columns,
                report=report,
                dry_run=dry_run,
                partial=partial,
                progress=progress,
            )
            try:
                (import_units if kind == "units" else import_employees)(run)
            except FileProblem as exc:
                # Found while reading the rows (before anything is written): the file is rejected.
                report.errors.append(
                    RowError(file=file_name, row=exc.row, column="", value="", reason=str(exc), code="file")
                )
                report.file_rejected = True
                report.written = False
            except BinaError:
                # A service refused a write the checks did not foresee; the row error is in the
                # report and the transaction rolled back.
                report.written = False
    report.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
    audit_record(
        action=f"import.{kind}",
        actor=actor,
        pemda_id=pemda.pk,
        actor_label="" if actor is not None else "system",
        target_label=file_name,
        detail={
            "file": file_name,
            "status": report.status,
            "dry_run": dry_run,
            "partial": partial,
            "written": report.written,
            "total_rows": report.total_rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "errors": len(report.errors),
        },
    )
    return report
