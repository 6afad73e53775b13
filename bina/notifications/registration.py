from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_api, register_nav, register_pages
from bina.notifications.selectors import unread_count


def register() -> None:
    register_pages("notifications/", "bina.notifications.urls", 80)
    register_api("/", "bina.notifications.api:router", 80)
    register_nav(
        NavEntry(
            "notifications:list",
            _("Notifications"),
            120,
            lambda actor: True,
            badge=lambda actor: unread_count(actor.user_id),
        )
    )
