"""Background tasks of the people app (django-tasks): thin, fetch by id and call a service."""

from __future__ import annotations

from django_tasks import task

from bina.people.imports.jobs import import_job_run


@task()
def run_import_job(job_id: int) -> None:
    import_job_run(job_id)
