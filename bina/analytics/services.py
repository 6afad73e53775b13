"""Writes of the analytics app: asking for an impact estimate, and the background run that answers it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from bina.accounts.scope import actor_for_user
from bina.analytics import selectors
from bina.analytics.access import reach_of
from bina.analytics.models import ImpactRun
from bina.analytics.permissions import can_estimate_impact
from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import BinaError, PermissionDenied
from bina.jobs.models import JobStatus
from bina.jobs.services import job_claim, job_fail, job_finish


@transaction.atomic
def impact_run_request(*, actor: Actor, query: selectors.ImpactQuery) -> ImpactRun:
    """The run answering `query` over the actor's reach at the current data: reused when one is queued,
    running or done for the same key; otherwise a new one is queued for the task worker."""
    if not can_estimate_impact(actor):
        raise PermissionDenied(_("Only the Pemda's admin and leaders estimate the impact of training."))
    assert actor.pemda_id is not None
    version = selectors.impact_data_version(actor)
    key = selectors.impact_run_key(query, reach_of(actor), version)
    existing = selectors.impact_run_current(actor, query, version=version)
    if existing is not None and existing.status != JobStatus.FAILED:
        return existing
    run = ImpactRun.objects.create(
        pemda_id=actor.pemda_id,
        key=key,
        query=selectors.query_as_dict(query),
        reach=reach_of(actor),
        data_version=version,
        requested_by_id=actor.user_id,
    )
    audit_record(action="impact.run_request", actor=actor, target=run, detail=selectors.query_as_dict(query))
    run_id = run.pk
    transaction.on_commit(lambda: impact_run_enqueue(run_id))
    return run


def impact_run_enqueue(run_id: int) -> None:
    from bina.analytics.tasks import run_impact_estimate

    run_impact_estimate.enqueue(run_id)


def impact_run_execute(*, run_id: int) -> ImpactRun | None:
    """The task's body: claim the run, estimate as the person who asked (with their reach today; a reach
    that changed since is refused: ask again), store the answer."""
    run = job_claim(ImpactRun, run_id)
    if run is None:
        return None
    actor = actor_for_user(run.requested_by) if run.requested_by else None
    if actor is None or actor.pemda_id != run.pemda_id or reach_of(actor) != run.reach:
        job_fail(run, code="refused", params={"error": _("the requester's access changed; ask again")})
        return run
    try:
        query = selectors.query_from_dict(run.query)
        result = selectors.impact_estimate(actor=actor, query=query).as_dict()
    except BinaError as exc:
        job_fail(run, code="refused", params={"error": str(exc.message)})
        return run
    except Exception as exc:  # the run says what went wrong instead of staying "running"
        job_fail(run, code="error", params={"error": str(exc)[:2000]})
        return run
    job_finish(run, result=result)
    return run
