"""Core's home-page cards: the Pemda on the platform (superadmin) and recent activity (admins)."""

from __future__ import annotations

from typing import Any

from bina.core import permissions
from bina.core.actor import Actor
from bina.core.registry import TodoItem, registry
from bina.core.selectors import audit_events_for, pemdas_for


def pemdas_card(actor: Actor, user: Any) -> dict[str, object] | None:
    if not actor.is_superadmin:
        return None
    return {"pemdas": list(pemdas_for(actor))}


def recent_events_card(actor: Actor, user: Any) -> dict[str, object] | None:
    if actor.pemda_id is None or not permissions.can_view_audit_log(actor):
        return None
    events = list(audit_events_for(actor)[:8])
    return {"events": events} if events else None


def todo_card(actor: Actor, user: Any) -> dict[str, object] | None:
    """The to-do list: every app's lines (`register_todo`) for this actor; hidden when no app has any."""
    if actor.pemda_id is None:
        return None
    items: list[TodoItem] = [item for source in registry.todo_sources() for item in source.items(actor)]
    if not items:
        return None
    return {"items": items, "waiting": sum(item.count for item in items)}
