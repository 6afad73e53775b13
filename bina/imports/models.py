"""An import run in the background: the uploaded file, its options, and (as the job's result) its report."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel
from bina.jobs.models import Job, JobStatus

ImportJobStatus = JobStatus


def import_upload_path(job: ImportJob, filename: str) -> str:
    """Stored under a random name: the user's file name is kept in `original_name`, never in a path."""
    return f"imports/{job.pemda_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ImportJob(TenantModel, Job):
    """One uploaded file being imported in the background; its report (`result`) is kept for the user."""

    kind = models.CharField(_("kind"), max_length=20)  # a registered import kind (bina.imports.registry)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=import_upload_path, max_length=255)
    dry_run = models.BooleanField(_("check only (dry run)"), default=False)
    partial = models.BooleanField(_("write the valid rows even if others have errors"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # The table the people app created before imports became their own app.
        db_table = "people_importjob"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pemda", "-created_at"], name="importjob_pemda_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name} ({self.status})"

    def get_kind_display(self) -> str:
        from bina.imports.registry import import_kind_or_none

        kind = import_kind_or_none(self.kind)
        return str(kind.label) if kind is not None else self.kind

    # The names the pages and reports used before the job base.
    @property
    def report(self) -> Any:
        return self.result

    @property
    def errors_shown(self) -> list[Any]:
        """The first errors of the report, as a page shows them; the rest are in the downloadable report."""
        errors = self.result.get("errors", []) if isinstance(self.result, dict) else []
        return list(errors[: settings.BINA_IMPORT_MAX_ERRORS_SHOWN])

    @property
    def errors_total(self) -> int:
        return len(self.result.get("errors", [])) if isinstance(self.result, dict) else 0

    @property
    def processed_rows(self) -> int:
        return self.progress_done

    @property
    def total_rows(self) -> int | None:
        return self.progress_total
