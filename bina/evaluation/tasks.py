"""Periodic evaluation work (`manage.py run_periodic`, task `evaluation.open`, every 15 minutes): open reaction
surveys of classes whose last session has ended, open behaviour questionnaires (baseline, follow-up after
`followup_weeks`), and send reminders to whoever has not answered. Each Pemda as its own system actor;
every step is idempotent (unique rows, conditional UPDATEs, notification event keys)."""

from __future__ import annotations

from bina.core.actor import Actor
from bina.core.models import Pemda
from bina.evaluation import services


def evaluation_round(*, slug: str | None = None) -> dict[str, int]:
    totals = {"surveys": 0, "invites": 0, "followups": 0, "reminders": 0}
    pemdas = Pemda.objects.filter(is_active=True).order_by("pk")
    if slug is not None:
        pemdas = pemdas.filter(slug=slug)
    for pemda in pemdas:
        actor = Actor.system(pemda.pk, label="evaluation")
        opened = services.reaction_surveys_open(actor=actor)
        totals["surveys"] += opened.surveys
        totals["invites"] += opened.invites
        totals["followups"] += services.behaviour_surveys_open(actor=actor)
        totals["reminders"] += services.evaluation_reminders_send(actor=actor)
    return totals


def evaluation_every_pemda() -> str:
    return " ".join(f"{k}={v}" for k, v in evaluation_round().items())
