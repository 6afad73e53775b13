from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_nav
from bina.notifications.selectors import unread_count


def register() -> None:
    register_nav(
        NavEntry(
            "notifications:list",
            _("Notifications"),
            120,
            lambda actor: True,
            badge=lambda actor: unread_count(actor.user_id),
        )
    )
