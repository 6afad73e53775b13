from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_nav, register_pages


def register() -> None:
    register_pages("", "bina.shell.urls", 0)
    register_nav(NavEntry("shell:home", _("Home"), 10, lambda actor: True))
