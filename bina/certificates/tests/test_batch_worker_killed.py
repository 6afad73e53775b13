"""A certificate batch whose worker is killed (`kill -9`, a real `db_worker`) mid-class no longer blocks
the class: it is reclaimed, and the next worker finishes it without issuing anything twice."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from collections.abc import Callable, Iterator

import pytest

from bina.certificates.models import BatchStatus, Certificate, CertificateBatch
from bina.certificates.services import certificate_batch_create
from bina.certificates.tests.test_services import completed_class
from bina.jobs.services import jobs_reclaim
from bina.jobs.testing import DB_BACKEND, kill_9, start_db_worker, stop, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

PARTICIPANTS = 60


@pytest.fixture
def start_worker() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> subprocess.Popen[bytes]:
        started.append(start_db_worker(*args))
        return started[-1]

    yield start
    stop(started)


def test_killed_batch_worker_is_reclaimed_and_the_class_gets_every_certificate_once(world, settings, start_worker):
    settings.TASKS = {"default": {"BACKEND": DB_BACKEND}}  # queued for the worker, not run here
    klass, _ = completed_class(world, PARTICIPANTS)
    batch = certificate_batch_create(actor=world.actor("admin"), klass=klass)
    worker = start_worker()

    def some_issued() -> bool:
        b = CertificateBatch.objects.get(pk=batch.pk)
        return b.status == BatchStatus.RUNNING and b.progress_done >= 3

    wait_for(some_issued, timeout=60, what="the batch to issue a few certificates")
    kill_9(worker)
    issued = Certificate.objects.filter(enrolment__klass=klass).count()
    dead = CertificateBatch.objects.get(pk=batch.pk)
    assert dead.status == BatchStatus.RUNNING and 0 < issued < PARTICIPANTS
    # Blocked: asking again returns the dead batch.
    assert certificate_batch_create(actor=world.actor("admin"), klass=klass).pk == batch.pk

    time.sleep(1.2)
    assert [r.outcome for r in jobs_reclaim(stale_after=dt.timedelta(seconds=1))] == ["retried"]
    finisher = start_worker("--batch")
    assert finisher.wait(timeout=300) == 0, finisher.stderr.read() if finisher.stderr else ""

    done = CertificateBatch.objects.get(pk=batch.pk)
    assert (done.status, done.attempts, done.done, done.total) == (BatchStatus.DONE, 2, PARTICIPANTS, PARTICIPANTS)
    serials = sorted(Certificate.objects.filter(enrolment__klass=klass).values_list("serial", flat=True))
    assert serials == list(range(serials[0], serials[0] + PARTICIPANTS))  # every participant once, no gap
    assert not Certificate.objects.filter(enrolment__klass=klass, pdf="").exists()
