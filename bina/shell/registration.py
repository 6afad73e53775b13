from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_nav


def register() -> None:
    register_nav(NavEntry("shell:home", _("Home"), 10, lambda actor: True))
