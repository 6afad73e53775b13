"""Periodic work: close the sittings whose time limit has passed (task `assessments.expire`, every minute, run
by `manage.py run_periodic`; no cron). Each Pemda with a sitting in progress is done as its own system actor;
the round is safe to repeat and to run twice at once (each sitting is closed under its row lock)."""

from __future__ import annotations

from bina.assessments.access import pemda_ids_with_open_sittings
from bina.assessments.services import sittings_expire_due
from bina.core.actor import Actor

EXPIRE_EVERY_SECONDS = 60


def expire_every_pemda() -> str:
    closed = 0
    pemdas = pemda_ids_with_open_sittings()
    for pemda_id in pemdas:
        closed += sittings_expire_due(actor=Actor.system(pemda_id, label="assessments.expire"))
    return f"expired={closed} pemdas={len(pemdas)}"
