"""The periodic loop (`bina.jobs.periodic`, `manage.py run_periodic`): intervals, a failing task, the registry."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bina.jobs.periodic import Periodic, PeriodicRunner, periodic_tasks


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_each_task_runs_at_once_then_at_its_interval_and_a_failure_stops_no_other():
    clock = Clock()
    ran: list[str] = []

    def broken() -> str:
        ran.append("broken")
        raise RuntimeError("database away")

    tasks = [
        Periodic("a", every=60, run=lambda: ran.append("a") or "ok"),
        Periodic("broken", every=10, run=broken),
        Periodic("b", every=900, run=lambda: ran.append("b") or "ok"),
    ]
    runner = PeriodicRunner(tasks, clock=clock)
    first = runner.run_due()
    assert [k for k, _line in first] == ["a", "broken", "b"]
    assert dict(first)["broken"] == "failed: RuntimeError: database away"
    assert runner.seconds_to_next() == 10
    clock.now += 10
    assert [k for k, _line in runner.run_due()] == ["broken"]  # tried again at its own interval
    clock.now += 50
    assert [k for k, _line in runner.run_due()] == ["a", "broken"]
    clock.now += 840
    assert "b" in [k for k, _line in runner.run_due()]
    assert ran.count("b") == 2 and ran.count("a") == 3


def test_settings_override_an_interval(settings):
    settings.BINA_PERIODIC_EVERY = {"a": 5}
    assert Periodic("a", every=60, run=lambda: "").interval == 5
    assert Periodic("b", every=60, run=lambda: "").interval == 60


def test_the_registry_holds_the_reclaimer_and_the_complaint_escalation():
    keys = {t.key for t in periodic_tasks()}
    assert {"jobs.reclaim", "complaints.escalate"} <= keys


@pytest.mark.django_db
def test_the_command_runs_once_and_refuses_an_unknown_task():
    out = StringIO()
    call_command("run_periodic", "--once", "--only", "jobs.reclaim", stdout=out)
    assert out.getvalue().strip() == "jobs.reclaim: reclaimed=0"
    with pytest.raises(CommandError) as refused:
        call_command("run_periodic", "--once", "--only", "no.such")
    assert "no.such" in str(refused.value) and "jobs.reclaim" in str(refused.value)
