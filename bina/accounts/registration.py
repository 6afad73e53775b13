"""What the accounts app plugs into the shell: user administration, my account, the account card."""

from django.utils.translation import gettext_lazy as _

from bina.accounts.permissions import can_open_user_admin
from bina.accounts.selectors import home_account_card
from bina.core.registry import HomeCard, NavEntry, register_api, register_home_card, register_nav, register_pages


def register() -> None:
    register_pages("accounts/", "bina.accounts.urls", 20)
    register_api("/auth", "bina.accounts.api:router", 10)
    register_nav(
        NavEntry("accounts:users", _("Users"), 160, can_open_user_admin, group="system"),
    )
    register_home_card(HomeCard("accounts.account", 60, "accounts/cards/_account.html", home_account_card))
