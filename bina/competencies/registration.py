"""What the competencies app plugs in: its navigation entry, and the dictionary every new Pemda starts with."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from bina.competencies import permissions
from bina.core.registry import NavEntry, register_api, register_nav, register_pages
from bina.core.signals import pemda_created


def _load_dictionary(sender: Any, pemda: Any, **kwargs: Any) -> None:
    # Every Pemda starts with the standard competency dictionary (PermenPANRB 38/2017).
    from bina.competencies.services import competency_dictionary_load

    competency_dictionary_load(pemda=pemda)


def register() -> None:
    register_pages("competencies/", "bina.competencies.urls", 40)
    register_api("/", "bina.competencies.api:router", 40)
    register_nav(
        NavEntry(
            "competencies:list",
            _("Competencies"),
            60,
            permissions.can_browse_competencies,
            sections=("competencies:",),
            group="training",
        )
    )
    pemda_created.connect(_load_dictionary, dispatch_uid="competencies.load_dictionary")
