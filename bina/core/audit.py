"""Writing to the audit log. Every change to people data, import, login, role change and token goes here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from bina.core.models import AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest

    from bina.core.actor import Actor


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Each trusted proxy appends the address it saw; anything left of those is what the client
    # claimed, so count hops from the right (README: deployment, TRUSTED_PROXY_COUNT).
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: Actor | None = None,
    pemda_id: int | None = None,
    target: models.Model | None = None,
    target_label: str = "",
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
    user_id: int | None = None,
    actor_label: str = "",
) -> AuditEvent:
    if actor is not None:
        user_id = user_id or actor.user_id
        actor_label = actor_label or actor.username
        pemda_id = pemda_id if pemda_id is not None else (actor.pemda_id or actor.public_pemda_id)
        ip = ip or actor.ip
    if target is not None and pemda_id is None:
        pemda_id = getattr(target, "pemda_id", None)
    return AuditEvent.objects.create(
        pemda_id=pemda_id,
        actor_id=user_id,
        actor_label=actor_label[:150],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or (str(target) if target is not None else ""))[:255],
        detail=detail or {},
        ip_address=ip,
    )
