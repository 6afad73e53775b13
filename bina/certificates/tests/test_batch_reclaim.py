"""A certificate batch whose worker died no longer blocks its class: it is reclaimed and run again, or
failed with a reason after its last attempt, and the class can then batch again."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from bina.certificates.models import BatchStatus, Certificate, CertificateBatch
from bina.certificates.services import certificate_batch_create
from bina.certificates.tests.test_services import completed_class
from bina.jobs.services import job_claim


def crashed_batch(world, n: int) -> CertificateBatch:
    """A batch a worker claimed and then died on: running, its last heartbeat 20 minutes old."""
    klass, _ = completed_class(world, n)
    batch = certificate_batch_create(actor=world.actor("admin"), klass=klass)  # the task waits for commit
    assert job_claim(CertificateBatch, batch.pk) is not None
    CertificateBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=20))
    batch.refresh_from_db()
    return batch


def reclaim(django_capture_on_commit_callbacks) -> str:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the retry is queued after the reclaim commits
        call_command("reclaim_jobs", stdout=out)
    return out.getvalue()


def test_a_crashed_batch_blocks_its_class_until_reclaimed_then_completes(world, django_capture_on_commit_callbacks):
    batch = crashed_batch(world, 3)
    assert certificate_batch_create(actor=world.actor("admin"), klass=batch.klass).pk == batch.pk  # still "running"

    output = reclaim(django_capture_on_commit_callbacks)

    assert f"certificates.certificatebatch {batch.pk}: retried after 1 attempt(s)" in output
    batch.refresh_from_db()
    assert (batch.status, batch.attempts, batch.done, batch.total) == (BatchStatus.DONE, 2, 3, 3)
    assert Certificate.objects.filter(enrolment__klass=batch.klass).count() == 3


def test_a_batch_out_of_attempts_fails_with_the_reason_and_the_class_can_batch_again(
    world, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_MAX_ATTEMPTS = 1
    batch = crashed_batch(world, 2)

    reclaim(django_capture_on_commit_callbacks)

    batch.refresh_from_db()
    assert (batch.status, batch.failure_code, batch.failure_params) == (
        BatchStatus.FAILED,
        "worker_lost",
        {"attempts": 1},
    )
    with translation.override("en"):
        assert "stopped responding" in batch.error
    again = certificate_batch_create(actor=world.actor("admin"), klass=batch.klass)
    assert again.pk != batch.pk and again.status == BatchStatus.QUEUED


def test_a_fresh_heartbeat_is_not_reclaimed(world, django_capture_on_commit_callbacks):
    batch = crashed_batch(world, 1)
    CertificateBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())

    assert reclaim(django_capture_on_commit_callbacks) == ""
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == (BatchStatus.RUNNING, 1)


@pytest.mark.usefixtures("world")
def test_reclaim_command_with_nothing_to_do_prints_nothing(django_capture_on_commit_callbacks):
    assert reclaim(django_capture_on_commit_callbacks) == ""
