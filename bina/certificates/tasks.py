"""Background faces of certificate services (thin: fetch by id, call the service)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_class_certificates(batch_id: int) -> None:
    from bina.certificates.services import certificate_batch_run

    certificate_batch_run(batch_id)
