"""Upload endpoints, one per registered import kind (`POST /imports/<kind>`, multipart), answered
with the import report.

The upload is written to a private temporary directory and handed to
`bina.imports.service.import_file`, which validates every row before writing anything
(or, with `partial`, writes the good rows). The report is returned synchronously: 200 when the
file was accepted or only checked (`dry_run`), 422 when rows were refused.
"""

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict

from bina.core.api import ERRORS, ErrorOut, actor_of
from bina.core.errors import BinaError, PermissionDenied
from bina.core.selectors import pemda_of
from bina.imports.registry import ImportKind, import_kinds


class ImportsUnavailable(BinaError):
    code = "imports_unavailable"
    status = 503


_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


class RowErrorOut(Schema):
    file: str = ""
    row: int | None = Field(None, description="Row number as the spreadsheet shows it; null for file-level problems.")
    column: str = ""
    value: Any = ""
    reason: str
    code: str = "invalid"


class ImportReportOut(Schema):
    """The import report; the service may add keys, which are passed through."""

    model_config = ConfigDict(extra="allow")

    status: Literal["accepted", "rejected", "partial", "dry_run"]
    written: bool
    message: str
    created: Any
    updated: Any
    unchanged: Any
    total_rows: int
    errors: list[RowErrorOut]


# 422: the import's report (rows refused), or the error shape when the request itself is invalid (no file).
REPORT_RESPONSES: dict[int, Any] = {200: ImportReportOut, 422: ImportReportOut | ErrorOut, 400: ErrorOut, **ERRORS}


def _run_import(request: HttpRequest, *, kind: ImportKind, file: UploadedFile, dry_run: bool, partial: bool) -> Any:
    actor = actor_of(request)
    # Checked here too so a refused user's upload is never written to disk; the service checks again.
    if not kind.can_import(actor):
        raise PermissionDenied(str(kind.denied_message))
    pemda = pemda_of(actor)
    # Imported lazily: the rest of the API keeps working while the import package is being deployed.
    try:
        from bina.imports.service import import_file
    except ImportError as exc:
        raise ImportsUnavailable(_("Imports are not available on this server yet; try again later.")) from exc

    file_name = Path(file.name or "upload").name
    suffix = Path(file_name).suffix.lower()
    safe_suffix = suffix if _SUFFIX.match(suffix) else ""
    with tempfile.TemporaryDirectory(prefix="bina-import-") as tmp:
        path = Path(tmp) / f"upload{safe_suffix}"
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        report = import_file(
            actor=actor, pemda=pemda, kind=kind.name, path=path, file_name=file_name, dry_run=dry_run, partial=partial
        )
    body = report.as_dict()
    ok = body.get("status") in ("accepted", "dry_run") or (body.get("status") == "partial" and not body.get("errors"))
    return Status(200 if ok else 422, body)


def _endpoint(kind: ImportKind) -> Callable[..., Any]:
    def endpoint(
        request: HttpRequest,
        file: File[UploadedFile],
        dry_run: Form[bool] = False,
        partial: Form[bool] = False,
    ) -> Any:
        return _run_import(request, kind=kind, file=file, dry_run=dry_run, partial=partial)

    endpoint.__name__ = f"import_{kind.name}"
    return endpoint


def build_router() -> Router:
    """One operation per registered kind (so each has its own documented path)."""
    router = Router(tags=["imports"])
    for kind in import_kinds():
        router.post(
            f"/{kind.name}",
            response=REPORT_RESPONSES,
            summary=kind.description or f"Import {kind.name}",
            description="Multipart form: `file`, optional `dry_run` (check only) and `partial` (write the good rows).",
        )(_endpoint(kind))
    return router


# Built when the URLconf is loaded, after every app registered its kinds in `ready()`.
router = build_router()
