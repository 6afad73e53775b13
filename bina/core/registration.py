"""What core plugs into the shell: the platform pages in the navigation, Pemda and audit cards at home."""

from django.utils.translation import gettext_lazy as _

from bina.core import cards, permissions
from bina.core.models import Pemda
from bina.core.registry import HomeCard, NavEntry, register_home_card, register_nav, register_pages


def register() -> None:
    # Public (no login): a Pemda's public site, the tenant taken from the URL (`bina.core.public`).
    register_pages("p/<slug:pemda_slug>/", "bina.core.urls_public", 15)
    register_pages("", "bina.core.urls", 10)
    register_nav(
        NavEntry("core:audit", _("Audit log"), 170, permissions.can_view_audit_log, group="system"),
        NavEntry(
            "core:pemda_settings",
            _("Settings"),
            180,
            lambda actor: (
                actor.pemda_id is not None and permissions.can_edit_pemda_settings(actor, Pemda(pk=actor.pemda_id))
            ),
            group="system",
        ),
        NavEntry("core:pemda_list", _("Pemda"), 190, permissions.can_manage_pemdas, group="system"),
    )
    register_home_card(
        HomeCard("core.todo", 5, "core/cards/_todo.html", cards.todo_card),
        HomeCard("core.pemdas", 10, "core/cards/_pemdas.html", cards.pemdas_card),
        HomeCard("core.recent_events", 30, "core/cards/_recent_events.html", cards.recent_events_card),
    )
