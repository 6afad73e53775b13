"""The home page: the cards apps registered (bina.core.registry) that have something for this actor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bina.core.actor import Actor
from bina.core.registry import registry


@dataclass(frozen=True)
class ShownCard:
    key: str
    template: str
    context: dict[str, Any]


def home_cards_for(actor: Actor, user: Any) -> list[ShownCard]:
    shown = []
    for card in registry.home_cards():
        context = card.context(actor, user)
        if context is not None:
            shown.append(ShownCard(key=card.key, template=card.template, context=context))
    return shown
