from django.utils.translation import gettext_lazy as _

from bina.core.registry import (
    HomeCard,
    NavEntry,
    TodoSource,
    register_api,
    register_home_card,
    register_nav,
    register_pages,
    register_todo,
)
from bina.partners import cards


def register() -> None:
    register_pages("partners/", "bina.partners.urls", 50)
    register_api("/", "bina.partners.api:router", 50)
    register_nav(
        NavEntry(
            "partners:list",
            _("Partners"),
            70,
            lambda actor: actor.pemda_id is not None and (actor.is_admin or actor.is_partner_coordinator),
            sections=("partners:",),
            group="quality",
        )
    )
    register_todo(TodoSource("partners.agreements", 30, cards.agreements_todo))
    register_home_card(HomeCard("partners.coordinator", 9, "partners/cards/_coordinator.html", cards.coordinator_card))
