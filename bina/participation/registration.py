"""What the participation app plugs in: the figures page, its people drill-down, the API and the export."""

from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_api, register_nav, register_pages


def register() -> None:
    from bina.participation import exports  # noqa: F401  (registers the report)
    from bina.participation.permissions import can_view_participation

    register_pages("participation/", "bina.participation.urls", 63)
    register_api("/", "bina.participation.api:router", 55)
    register_nav(NavEntry("participation:figures", _("Participation"), 26, can_view_participation, group="training"))
