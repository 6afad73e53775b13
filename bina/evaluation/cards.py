"""The home card of a respondent: questionnaires still to answer (two queries, none when there is nothing)."""

from __future__ import annotations

from typing import Any

from bina.core.actor import Actor
from bina.evaluation import permissions, selectors


def pending_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    if not permissions.can_answer_surveys(actor):
        return None
    items = selectors.my_pending(actor)
    return {"pending": items} if items else None
