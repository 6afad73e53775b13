"""What the simulations app plugs in: pages, API, navigation, the class panel and the competency evidence hook."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_api, register_nav, register_pages
from bina.simulations import permissions


def register() -> None:
    register_pages("simulations/", "bina.simulations.urls", 47)
    register_api("/", "bina.simulations.api:router", 47)
    register_nav(
        NavEntry(
            "simulations:scenario_list",
            _("Simulations"),
            62,
            permissions.can_browse_scenarios,
            sections=("simulations:",),
            group="training",
        )
    )
