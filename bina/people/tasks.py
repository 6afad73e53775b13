"""Background tasks of the people app (django-tasks): thin, fetch by id and call a service."""

from __future__ import annotations

from django_tasks import task

from bina.imports.jobs import import_job_run


@task()
def run_import_job(job_id: int) -> None:
    """Kept for import tasks queued before imports moved to `bina.imports.tasks`."""
    import_job_run(job_id)
