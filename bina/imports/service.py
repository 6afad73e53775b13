"""`import_file`: the one entry point for imports (CLI, background job, API), for every registered kind.

Default is all-or-nothing: every row is checked first and nothing is written when any row has
an error, so a bad file never leaves half an import behind. `partial=True` writes the valid rows;
`dry_run=True` only checks. Either way the report lists every error (file, row, column, value,
reason) and counts what was, or would have been, created, updated and left unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import BinaError, PermissionDenied, RowError
from bina.core.models import Pemda
from bina.imports.columns import map_header
from bina.imports.common import Run
from bina.imports.reader import FileProblem, open_table
from bina.imports.registry import ImportKind, import_kind
from bina.imports.report import ImportReport


def check_can_import(*, actor: Actor, pemda: Pemda, kind: str) -> ImportKind:
    """The registered kind, or `PermissionDenied` unless the actor may import it into this Pemda
    (the system actor of a command: its own). Unknown kinds are a `ValidationFailed`."""
    spec = import_kind(kind)
    if not spec.can_import(actor) or actor.pemda_id != pemda.pk:
        raise PermissionDenied(str(spec.denied_message))
    return spec


def import_file(
    *,
    actor: Actor,
    pemda: Pemda,
    kind: str,
    path: Path,
    file_name: str,
    dry_run: bool = False,
    partial: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportReport:
    """Import rows of a registered `kind` into `pemda` from the CSV/XLSX file at `path`.

    `file_name` is the user's name for the file (messages, and the format from its extension).
    `progress(done, total)` is called every few hundred rows; a kind may count each data row twice
    (checked, then written), so `done` reaches `total` (an estimate until the file is read) at the end.
    """
    spec = check_can_import(actor=actor, pemda=pemda, kind=kind)
    report = ImportReport(kind=kind, file_name=file_name, dry_run=dry_run, partial=partial)
    extra: dict[str, Any] = {}
    try:
        table = open_table(Path(path), file_name)
    except FileProblem as exc:
        report.errors.append(RowError(file=file_name, row=None, column="", value="", reason=str(exc), code="file"))
        report.file_rejected = True
    else:
        columns, header_errors = map_header(table.header, spec.columns, file_name=file_name, row=table.header_row)
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
            extra = run.audit_detail
            try:
                spec.importer(run)
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
            # Only what was stored: a refused or rolled-back run changed no one.
            **(extra if report.written else {}),
        },
    )
    return report
