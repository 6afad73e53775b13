from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_api, register_nav, register_pages


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
