"""What the quality app plugs in: the default catalogue and holidays every new Pemda starts with, the
catalogue and holiday pages, their API and import kinds."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_api, register_nav, register_pages
from bina.core.signals import pemda_created


def _load_defaults(sender: Any, pemda: Any, **kwargs: Any) -> None:
    from bina.core.actor import Actor
    from bina.quality.holidays_data import DEFAULT_YEARS
    from bina.quality.services import holidays_load, service_catalogue_load

    actor = Actor.system(pemda.pk, label="catalogue")
    service_catalogue_load(actor=actor)
    holidays_load(actor=actor, years=DEFAULT_YEARS)


def register() -> None:
    from bina.quality import figures, permissions  # noqa: F401  (figures registers its report)
    from bina.quality.catalogue_imports import register_kinds

    pemda_created.connect(_load_defaults, dispatch_uid="quality.load_catalogue")
    register_pages("quality/", "bina.quality.urls", 60)
    register_api("/", "bina.quality.api_catalogue:router", 58)
    register_nav(
        NavEntry(
            "quality:figures",
            _("Service figures"),
            79,
            permissions.can_open_service_figures,
            group="quality",
        ),
        NavEntry(
            "quality:service_types",
            _("Service catalogue"),
            80,
            permissions.can_read_catalogue,
            sections=("quality:service_type",),
            group="quality",
        ),
        NavEntry(
            "quality:holidays",
            _("Holiday calendar"),
            81,
            permissions.can_read_catalogue,
            sections=("quality:holiday",),
            group="quality",
        ),
    )
    register_kinds()
    register_api("/", "bina.quality.api_stats:router", 55)
