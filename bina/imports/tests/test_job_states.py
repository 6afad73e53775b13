"""The job state machine (bina.jobs) on a real job model: the transition table is enforced, a claim
is won once, a heartbeat moves, and a reclaimer acts only on what it read."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from bina.core.errors import Conflict
from bina.imports.models import ImportJob
from bina.jobs.models import TRANSITIONS, JobStatus
from bina.jobs.services import Heartbeat, job_claim, job_fail, job_finish, jobs_reclaim


@pytest.fixture
def job(world):
    return ImportJob.objects.create(pemda=world.pemda, kind="units", original_name="u.csv", file="imports/u.csv")


def test_the_transition_table_has_no_way_out_of_done_or_failed():
    assert TRANSITIONS[JobStatus.DONE] == frozenset() and TRANSITIONS[JobStatus.FAILED] == frozenset()
    assert JobStatus.QUEUED in TRANSITIONS[JobStatus.RUNNING]  # the reclaim


def test_a_job_is_claimed_once(job):
    first = job_claim(ImportJob, job.pk)
    assert first is not None and (first.status, first.attempts) == (JobStatus.RUNNING, 1)
    assert first.heartbeat_at is not None
    assert job_claim(ImportJob, job.pk) is None


def test_finishing_a_queued_job_is_refused_by_the_table(job):
    with pytest.raises(Conflict):
        job_finish(job)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_a_finished_job_cannot_fail(job):
    running = job_claim(ImportJob, job.pk)
    assert running is not None and job_finish(running, result={"ok": True}, done=3, total=3)
    with pytest.raises(Conflict):
        job_fail(running, code="error", params={"error": "late"})
    assert (running.status, running.result, running.progress_done) == (JobStatus.DONE, {"ok": True}, 3)


def test_an_attempt_that_was_reclaimed_cannot_finish_the_job(job):
    old = job_claim(ImportJob, job.pk)
    assert old is not None
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    assert [r.outcome for r in jobs_reclaim()] == ["retried"]
    new = job_claim(ImportJob, job.pk)
    assert new is not None and new.attempts == 2

    assert job_finish(old, result={"stale": True}) is False  # the dead worker woke up: too late
    assert job_finish(new, result={"fresh": True}) is True
    assert new.result == {"fresh": True}


def test_a_reclaimer_that_read_an_older_heartbeat_takes_nothing(job):
    running = job_claim(ImportJob, job.pk)
    assert running is not None
    old = timezone.now() - dt.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=old)
    # Between this reclaimer's read and its UPDATE, the worker beat: the guarded UPDATE matches nothing.
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=old + dt.timedelta(seconds=1))
    assert ImportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=old).update(status="queued") == 0
    assert [r.outcome for r in jobs_reclaim()] == ["retried"]  # a reclaimer reading now acts once
    assert jobs_reclaim() == []


def test_the_heartbeat_writes_time_and_progress_while_the_work_runs(job):
    running = job_claim(ImportJob, job.pk)
    assert running is not None
    with Heartbeat(running, every=60) as beat:
        beat.progress(5, 10)
        time.sleep(0.01)
        assert beat.beat()  # what the thread does every `every` seconds
    running.refresh_from_db()
    assert (running.progress_done, running.progress_total) == (5, 10)
    assert running.heartbeat_at is not None and running.heartbeat_at > running.started_at


def test_make_serve_and_make_worker_run_the_reclaimer_next_to_the_worker():
    from django.conf import settings

    from bina.jobs.periodic import periodic_tasks

    makefile = (settings.BASE_DIR / "Makefile").read_text()
    for target in ("serve:", "worker:"):
        body = makefile.split(f"\n{target}", 1)[1].split("\n\n", 1)[0]
        # The periodic loop runs the reclaimer (`jobs.reclaim`) among its tasks.
        assert "manage.py db_worker" in body and "manage.py run_periodic" in body, target
    assert "jobs.reclaim" in {t.key for t in periodic_tasks()}


def test_an_import_job_refused_at_run_time_fails_with_the_reason(world, settings, tmp_path):
    from django.utils import translation

    from bina.imports.jobs import import_job_run

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "u.csv").write_text("kode,nama\nX,Unit X\n", encoding="utf-8")
    # Queued by someone who may no longer import units (an operator): the run refuses it.
    job = ImportJob.objects.create(
        pemda=world.pemda,
        kind="units",
        original_name="u.csv",
        file="imports/u.csv",
        created_by=world.users["operator"],
    )

    import_job_run(job.pk)

    job.refresh_from_db()
    assert (job.status, job.failure_code, job.attempts) == (JobStatus.FAILED, "refused", 1)
    # The service's own words were rendered when the job ran, in its starter's language (Indonesian).
    assert job.failure_params == {"error": "Hanya admin BKPSDM yang dapat mengimpor unit organisasi."}
    with translation.override("en"):
        assert job.failure_message == "Refused: Hanya admin BKPSDM yang dapat mengimpor unit organisasi."
