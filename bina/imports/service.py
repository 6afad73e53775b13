"""`import_file`: the one entry point for imports (CLI, background job, API), for every registered kind.

Default is all-or-nothing: every row is checked first and nothing is written when any row has
an error, so a bad file never leaves half an import behind. `partial=True` writes the valid rows;
`dry_run=True` only checks. Either way the report lists every error (file, row, column, value,
reason) and counts what was, or would have been, created, updated and left unchanged.

Limits (settings, docs/imports.md "Limits") are enforced here, for every face: an upload larger than
`BINA_IMPORT_MAX_BYTES` is refused before it is stored or read (`import_upload_check`, called by the
faces with the upload's size, and on the file of a synchronous run); a synchronous run (`synchronous=True`, the API)
takes at most `BINA_IMPORT_SYNC_MAX_ROWS` data rows, counted before anything is checked or written.
Both refusals are `ImportTooLarge` (413) and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import BinaError, PermissionDenied, RowError
from bina.core.models import Pemda
from bina.imports.columns import map_header
from bina.imports.common import Run
from bina.imports.reader import FileProblem, Table, is_blank, open_table
from bina.imports.registry import ImportKind, import_kind
from bina.imports.report import ImportReport


class ImportTooLarge(BinaError):
    """Over an import limit: nothing was stored or read; the message says what to do instead."""

    code = "import_too_large"
    status = 413


def import_upload_check(*, file_name: str, size: int | None) -> None:
    """Refuse an upload over `BINA_IMPORT_MAX_BYTES` before it is stored or read."""
    limit = settings.BINA_IMPORT_MAX_BYTES
    if size is not None and size > limit:
        raise ImportTooLarge(
            _(
                "%(file)s is %(size)s MB; an import file may be at most %(limit)s MB. Split it into "
                "smaller files (for example by unit) and import them one after the other."
            )
            % {"file": file_name, "size": _megabytes(size), "limit": _megabytes(limit)},
            code="file_too_large",
            details=[{"field": "file", "size": size, "max_bytes": limit}],
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _check_sync_rows(table: Table, *, kind: str, file_name: str) -> None:
    """A synchronous run holds the request (and a worker) for its whole length: past the row limit the
    client is sent to the background job. Counting stops one row past the limit."""
    limit = settings.BINA_IMPORT_SYNC_MAX_ROWS
    try:
        rows = sum(1 for _ in islice((r for r in table.rows() if not is_blank(r[1])), limit + 1))
    except FileProblem:
        return  # an unreadable row: the import itself reports it, with its row number
    if rows > limit:
        raise ImportTooLarge(
            _(
                "%(file)s has more than %(limit)d rows, the most a synchronous import takes. Import it as a "
                "background job: POST /api/v1/imports/%(kind)s/jobs (or the Import page), then follow the job."
            )
            % {"file": file_name, "limit": limit, "kind": kind},
            code="too_many_rows",
            details=[{"field": "file", "max_rows": limit, "jobs_url": f"/api/v1/imports/{kind}/jobs"}],
        )


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
    synchronous: bool = False,
    options: dict[str, str] | None = None,
) -> ImportReport:
    """Import rows of a registered `kind` into `pemda` from the CSV/XLSX file at `path`.

    `file_name` is the user's name for the file (messages, and the format from its extension).
    `progress(done, total)` is called every few hundred rows; a kind may count each data row twice
    (checked, then written), so `done` reaches `total` (an estimate until the file is read) at the end.
    `synchronous` (a request waiting for the report): at most `BINA_IMPORT_MAX_BYTES` and
    `BINA_IMPORT_SYNC_MAX_ROWS` rows, else `ImportTooLarge`. A background job's upload was checked
    against the size limit when it was stored; the command line (the server's operator) has no limit.
    """
    spec = check_can_import(actor=actor, pemda=pemda, kind=kind)
    if synchronous:
        import_upload_check(file_name=file_name, size=Path(path).stat().st_size)
    report = ImportReport(kind=kind, file_name=file_name, dry_run=dry_run, partial=partial)
    extra: dict[str, Any] = {}
    try:
        table = open_table(Path(path), file_name)
    except FileProblem as exc:
        report.errors.append(RowError(file=file_name, row=None, column="", value="", reason=str(exc), code="file"))
        report.file_rejected = True
    else:
        if synchronous:
            _check_sync_rows(table, kind=kind, file_name=file_name)
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
                options=dict(options or {}),
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
