"""Upload endpoints, one pair per registered import kind (multipart), and the jobs they leave.

`POST /imports/<kind>`: synchronous. The upload is written to a private temporary directory and handed
to `bina.imports.service.import_file`, which validates every row before writing anything (or, with
`partial`, writes the good rows). The report is returned: 200 when the file was accepted or only
checked (`dry_run`), 422 when rows were refused; it lists the first `BINA_IMPORT_MAX_ERRORS_SHOWN`
errors with `errors_total`, and `report_url` downloads them all. Over `BINA_IMPORT_MAX_BYTES` or
`BINA_IMPORT_SYNC_MAX_ROWS` rows: 413, nothing changed (the limits are the service's).

`POST /imports/<kind>/jobs`: the same file as a background job (202), for files over the row limit;
`GET /imports/jobs/<id>` follows it, `GET /imports/jobs/<id>/report` downloads every error as CSV.
"""

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict

from bina.core.api import ERRORS, ErrorOut, actor_of
from bina.core.errors import BinaError, PermissionDenied
from bina.core.selectors import pemda_of
from bina.imports.models import ImportJob
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
    errors: list[RowErrorOut] = Field(description="The first errors (BINA_IMPORT_MAX_ERRORS_SHOWN); see errors_total.")
    errors_total: int = Field(0, description="How many errors the run found in all.")
    errors_truncated: bool = Field(False, description="True when `errors` lists only the first of them.")
    report_url: str | None = Field(None, description="Downloads every error as CSV.")


class ImportJobOut(Schema):
    id: int
    kind: str
    file_name: str
    status: Literal["queued", "running", "done", "failed"]
    rows_done: int
    rows_total: int | None
    url: str = Field(description="Where to follow the job.")
    report_url: str = Field(description="Every error as CSV, once the job is done.")
    failure: str = ""
    report: ImportReportOut | None = Field(None, description="Once done; errors capped as in a synchronous answer.")


# 422: the import's report (rows refused), or the error shape when the request itself is invalid (no file).
# 413: over a limit (file size, rows for a synchronous import): nothing was changed.
REPORT_RESPONSES: dict[int, Any] = {
    200: ImportReportOut,
    422: ImportReportOut | ErrorOut,
    400: ErrorOut,
    413: ErrorOut,
    **ERRORS,
}
JOB_RESPONSES: dict[int, Any] = {202: ImportJobOut, 422: ErrorOut, 400: ErrorOut, 413: ErrorOut, **ERRORS}


def _job_urls(job: ImportJob) -> tuple[str, str]:
    return f"/api/v1/imports/jobs/{job.pk}", f"/api/v1/imports/jobs/{job.pk}/report"


def _capped(result: dict[str, Any], report_url: str) -> dict[str, Any]:
    """A stored report as a response: the first errors, their total, where to download them all."""
    errors = result.get("errors") or []
    cap = settings.BINA_IMPORT_MAX_ERRORS_SHOWN
    return {
        **result,
        "errors": errors[:cap],
        "errors_total": len(errors),
        "errors_truncated": len(errors) > cap,
        "report_url": report_url,
    }


def _job_out(job: ImportJob) -> dict[str, Any]:
    url, report_url = _job_urls(job)
    result = job.result if job.status == "done" and isinstance(job.result, dict) else None
    return {
        "id": job.pk,
        "kind": job.kind,
        "file_name": job.original_name,
        "status": job.status,
        "rows_done": job.progress_done,
        "rows_total": job.progress_total,
        "url": url,
        "report_url": report_url,
        "failure": str(job.failure_message),
        "report": _capped(result, report_url) if result is not None else None,
    }


def _run_import(request: HttpRequest, *, kind: ImportKind, file: UploadedFile, dry_run: bool, partial: bool) -> Any:
    actor = actor_of(request)
    # Checked here too so a refused user's upload is never written to disk; the service checks again.
    if not kind.can_import(actor):
        raise PermissionDenied(str(kind.denied_message))
    pemda = pemda_of(actor)
    # Imported lazily: the rest of the API keeps working while the import package is being deployed.
    try:
        from bina.imports.jobs import import_job_record
        from bina.imports.service import import_file, import_upload_check
    except ImportError as exc:
        raise ImportsUnavailable(_("Imports are not available on this server yet; try again later.")) from exc

    file_name = Path(file.name or "upload").name
    # Before the upload is copied or read: the service's size limit, on the size Django streamed to disk.
    import_upload_check(file_name=file_name, size=file.size)
    suffix = Path(file_name).suffix.lower()
    safe_suffix = suffix if _SUFFIX.match(suffix) else ""
    with tempfile.TemporaryDirectory(prefix="bina-import-") as tmp:
        path = Path(tmp) / f"upload{safe_suffix}"
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        report = import_file(
            actor=actor,
            pemda=pemda,
            kind=kind.name,
            path=path,
            file_name=file_name,
            dry_run=dry_run,
            partial=partial,
            synchronous=True,
        )
    job = import_job_record(actor=actor, pemda=pemda, report=report)
    body = report.as_dict(max_errors=settings.BINA_IMPORT_MAX_ERRORS_SHOWN, report_url=_job_urls(job)[1])
    ok = body.get("status") in ("accepted", "dry_run") or (body.get("status") == "partial" and not body.get("errors"))
    return Status(200 if ok else 422, body)


def _queue_import(request: HttpRequest, *, kind: ImportKind, file: UploadedFile, dry_run: bool, partial: bool) -> Any:
    from bina.imports.jobs import import_job_create

    actor = actor_of(request)
    if not kind.can_import(actor):
        raise PermissionDenied(str(kind.denied_message))
    job = import_job_create(actor=actor, kind=kind.name, upload=file, dry_run=dry_run, partial=partial)
    return Status(202, _job_out(job))


def _endpoint(kind: ImportKind, handler: Callable[..., Any], name: str) -> Callable[..., Any]:
    """One upload endpoint of `kind`: synchronous (`_run_import`) or queued as a job (`_queue_import`)."""

    def endpoint(
        request: HttpRequest,
        file: File[UploadedFile],
        dry_run: Form[bool] = False,
        partial: Form[bool] = False,
    ) -> Any:
        return handler(request, kind=kind, file=file, dry_run=dry_run, partial=partial)

    endpoint.__name__ = name
    return endpoint


def import_job_detail(request: HttpRequest, job_id: int) -> Any:
    from bina.imports.access import get_import_job_for_user

    return _job_out(get_import_job_for_user(actor_of(request), job_id))


def import_job_report(request: HttpRequest, job_id: int) -> HttpResponseBase:
    from bina.imports.access import get_import_job_for_user
    from bina.imports.report import errors_csv

    job = get_import_job_for_user(actor_of(request), job_id)
    errors = (job.result or {}).get("errors", []) if isinstance(job.result, dict) else []
    response = HttpResponse(errors_csv(errors), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    return response


def build_router() -> Router:
    """One operation per registered kind (so each has its own documented path)."""
    router = Router(tags=["imports"])
    for kind in import_kinds():
        router.post(
            f"/{kind.name}",
            response=REPORT_RESPONSES,
            summary=kind.description or f"Import {kind.name}",
            description=(
                "Multipart form: `file`, optional `dry_run` (check only) and `partial` (write the good rows). "
                "Synchronous: at most BINA_IMPORT_SYNC_MAX_ROWS rows and BINA_IMPORT_MAX_BYTES (413 otherwise, "
                "nothing changed; send larger files to `/jobs`). The report lists the first "
                "BINA_IMPORT_MAX_ERRORS_SHOWN errors; `report_url` downloads them all."
            ),
        )(_endpoint(kind, _run_import, f"import_{kind.name}"))
        router.post(
            f"/{kind.name}/jobs",
            response=JOB_RESPONSES,
            summary=f"{kind.description or f'Import {kind.name}'} in the background",
            description=(
                "The same form as the synchronous import, for files of any row count up to "
                "BINA_IMPORT_MAX_BYTES: answered 202 with the job; follow it at `url`."
            ),
        )(_endpoint(kind, _queue_import, f"import_{kind.name}_job"))
    router.get("/jobs/{job_id}", response={200: ImportJobOut, **ERRORS}, summary="An import job and its report")(
        import_job_detail
    )
    router.get(
        "/jobs/{job_id}/report",
        response={200: None, **ERRORS},
        summary="Every error of an import as CSV",
        openapi_extra={"responses": {"200": {"content": {"text/csv": {}}}}},
    )(import_job_report)
    return router


# Built when the URLconf is loaded, after every app registered its kinds in `ready()`.
router = build_router()
