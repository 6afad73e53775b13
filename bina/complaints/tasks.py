"""Periodic complaint work: escalation of overdue complaints and closing of followed-up ones without a reply.

Run by the periodic loop (`manage.py run_periodic`, task `complaints.escalate`, every
`COMPLAINTS_ESCALATE_EVERY_SECONDS`, 15 minutes by default) and by `manage.py complaints_escalate` for
one round by hand. Each Pemda is done as its own system actor; `complaints_escalate` is idempotent.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from bina.complaints.services import EscalationResult, complaints_escalate
from bina.core.actor import Actor
from bina.core.models import Pemda

ESCALATE_EVERY_SECONDS: int = getattr(settings, "COMPLAINTS_ESCALATE_EVERY_SECONDS", 900)


def escalate_pemdas(*, slug: str | None = None, now: datetime | None = None) -> list[tuple[str, EscalationResult]]:
    """One round over every active Pemda (or the one with `slug`): (slug, what was escalated and closed)."""
    pemdas = Pemda.objects.filter(is_active=True).order_by("pk")
    if slug is not None:
        pemdas = pemdas.filter(slug=slug)
    return [
        (pemda.slug, complaints_escalate(actor=Actor.system(pemda.pk, label="complaints_escalate"), now=now))
        for pemda in pemdas
    ]


def escalate_every_pemda() -> str:
    """The periodic task's round, as one log line."""
    results = escalate_pemdas()
    escalated = sum(r.escalated for _slug, r in results)
    closed = sum(r.closed for _slug, r in results)
    return f"escalated={escalated} closed={closed} pemdas={len(results)}"
