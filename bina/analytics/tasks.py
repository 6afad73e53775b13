"""Background face of the impact estimate (thin: fetch by id, call the service)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_impact_estimate(run_id: int) -> None:
    from bina.analytics.services import impact_run_execute

    impact_run_execute(run_id=run_id)
