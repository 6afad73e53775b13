"""Background import jobs: create (web upload), run (task), and read them in the actor's scope.

A job's file is stored under MEDIA_ROOT/imports/ with a random name; the user's name is kept for
messages. Whoever may import sees the jobs they started; admins see every job of their Pemda.
The job is a `bina.jobs` job: claimed by one worker, heartbeating while it runs, reclaimed and run
again from the start if its worker dies (an import writes nothing until it commits, so a retry is safe).
"""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import BinaError, PermissionDenied, ValidationFailed
from bina.core.models import Pemda
from bina.imports.models import ImportJob
from bina.imports.reader import file_format, unsupported_format_message
from bina.imports.report import ImportReport
from bina.imports.service import check_can_import, import_file, import_upload_check
from bina.jobs.registry import actor_for_job_user
from bina.jobs.services import Heartbeat, job_claim, job_fail, job_finish


def import_job_enqueue(job_id: int) -> None:
    from bina.imports.tasks import run_import_job

    run_import_job.enqueue(job_id)


@transaction.atomic
def import_job_create(
    *, actor: Actor, kind: str, upload: UploadedFile, dry_run: bool = False, partial: bool = False
) -> ImportJob:
    """Store the upload and queue the import (it starts once this transaction commits)."""
    if actor.pemda_id is None:
        raise PermissionDenied(_("You cannot import."))
    pemda = Pemda.objects.get(pk=actor.pemda_id)
    check_can_import(actor=actor, pemda=pemda, kind=kind)
    name = Path(upload.name or "").name
    if file_format(name) is None:
        raise ValidationFailed(unsupported_format_message(name), details=[{"field": "file"}])
    import_upload_check(file_name=name, size=upload.size)  # before the upload is stored
    job = ImportJob(
        pemda=pemda,
        kind=kind,
        original_name=name[:255],
        dry_run=dry_run,
        partial=partial,
        created_by_id=actor.user_id,
    )
    job.file.save(name, upload, save=False)
    job.save()
    job_id = job.pk
    transaction.on_commit(lambda: import_job_enqueue(job_id))
    return job


@transaction.atomic
def import_job_record(*, actor: Actor, pemda: Pemda, report: ImportReport) -> ImportJob:
    """Keep the report of a synchronous import (the API) as a finished job, so its full error list is
    downloadable like a background job's while the response lists only the first errors. No file is
    kept: the run is over."""
    job = ImportJob.objects.create(
        pemda=pemda,
        kind=report.kind,
        original_name=report.file_name[:255],
        dry_run=report.dry_run,
        partial=report.partial,
        created_by_id=actor.user_id,
    )
    # Through the job machinery's moves (queued -> running -> done), like every job.
    claimed = job_claim(ImportJob, job.pk)
    assert claimed is not None  # created above, in this transaction
    job_finish(claimed, result=report.as_dict(), done=report.total_rows, total=report.total_rows)
    return claimed


def import_job_run(job_id: int) -> ImportJob | None:
    """Run a queued job: claim it (only one worker wins), import while heartbeating, store the report."""
    job = job_claim(ImportJob, job_id)
    if job is None:
        return None
    job = ImportJob.objects.select_related("pemda", "created_by").get(pk=job_id)
    actor = actor_for_job_user(job.created_by)  # the job acts as the user who uploaded the file

    with translation.override(actor.language or None), Heartbeat(job) as beat:

        def progress(done: int, total: int | None) -> None:
            # done/total count each row twice (checked, then written); the job shows rows.
            beat.progress(done // 2, total // 2 if total is not None else None)

        try:
            report = import_file(
                actor=actor,
                pemda=job.pemda,
                kind=job.kind,
                path=Path(job.file.path),
                file_name=job.original_name,
                dry_run=job.dry_run,
                partial=job.partial,
                progress=progress,
            )
        except Exception as exc:  # the user must see that it failed, whatever the cause
            message = str(getattr(exc, "message", "")) or _("The import failed unexpectedly.")
            job_fail(job, code="refused" if isinstance(exc, BinaError) else "error", params={"error": message})
            if not isinstance(exc, PermissionDenied):
                raise
            return job
    job_finish(job, result=report.as_dict(), done=report.total_rows, total=report.total_rows)
    return job
