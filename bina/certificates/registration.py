from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_nav


def register() -> None:
    register_nav(
        NavEntry(
            "certificates:list",
            _("Certificates"),
            80,
            lambda actor: actor.pemda_id is not None,
            sections=("certificates:",),
        )
    )
