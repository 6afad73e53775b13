"""Background import jobs: create (web upload), run (task), and read them in the actor's scope.

A job's file is stored under MEDIA_ROOT/imports/ with a random name; the user's name is kept for
messages. Operators see only the jobs they started; admins see every job of their Pemda.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bina.accounts.scope import actor_for_user
from bina.core.actor import Actor
from bina.core.errors import NotFound, PermissionDenied, ValidationFailed
from bina.core.models import Pemda
from bina.people import permissions
from bina.people.imports.reader import file_format, unsupported_format_message
from bina.people.imports.service import check_can_import, import_file
from bina.people.models import ImportJob, ImportJobStatus

# Save progress at most this often: a write per row would cost more than the import.
PROGRESS_SAVE_EVERY = 1000


def import_jobs_for(actor: Actor) -> QuerySet[ImportJob]:
    # Whoever may import units (an admin) may import employees too, so this one check covers both.
    if actor.pemda_id is None or not permissions.can_import_employees(actor):
        return ImportJob.objects.none()
    qs = ImportJob.objects.filter(pemda_id=actor.pemda_id)
    if not actor.is_admin:
        qs = qs.filter(created_by_id=actor.user_id)
    return qs


def get_import_job_for_user(actor: Actor, job_id: int) -> ImportJob:
    job = import_jobs_for(actor).filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("No such import."))
    return job


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

    from bina.people.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def import_job_run(job_id: int) -> ImportJob | None:
    """Run a queued job: claim it (only one worker wins), import, store the report."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("pemda", "created_by").get(pk=job_id)
    actor = actor_for_user(job.created_by) if job.created_by is not None else Actor.anonymous()
    last_saved = 0

    def progress(done: int, total: int | None) -> None:
        nonlocal last_saved
        # done/total count each row twice (checked, then written); the job shows rows.
        rows, estimate = done // 2, (total // 2 if total is not None else None)
        if rows - last_saved >= PROGRESS_SAVE_EVERY or (estimate is not None and rows >= estimate):
            last_saved = rows
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=rows, total_rows=estimate)

    with translation.override(actor.language or None):
        try:
            report = import_file(
                actor=actor,
                pemda=job.pemda,
                kind=job.kind,  # type: ignore[arg-type]
                path=Path(job.file.path),
                file_name=job.original_name,
                dry_run=job.dry_run,
                partial=job.partial,
                progress=progress,
            )
        except Exception as exc:  # the user must see that it failed, whatever the cause
            fields: dict[str, Any] = {
                "status": ImportJobStatus.FAILED,
                "finished_at": timezone.now(),
                "report": {
                    "message": str(getattr(exc, "message", "")) or _("The import failed unexpectedly."),
                    "errors": [],
                },
            }
            ImportJob.objects.filter(pk=job.pk).update(**fields)
            if not isinstance(exc, PermissionDenied):
                raise
            return job
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJobStatus.DONE,
            finished_at=timezone.now(),
            processed_rows=report.total_rows,
            total_rows=report.total_rows,
            report=report.as_dict(),
        )
    job.refresh_from_db()
    return job
