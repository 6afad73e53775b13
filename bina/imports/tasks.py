"""Background task of imports (django-tasks): thin, fetch by id and call the job runner."""

from __future__ import annotations

from django_tasks import task

from bina.imports.jobs import import_job_run


@task()
def run_import_job(job_id: int) -> None:
    import_job_run(job_id)
