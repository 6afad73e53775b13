"""What the SKM app plugs in: the questionnaire of every new Pemda, pages, API, reports, the import kind."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from bina.core.signals import pemda_created


def _load_instrument(sender: Any, pemda: Any, **kwargs: Any) -> None:
    from bina.core.actor import Actor
    from bina.skm.services import skm_instrument_load

    skm_instrument_load(actor=Actor.system(pemda.pk, label="skm"))


def register() -> None:
    from bina.core.public import PublicPage, register_public_page
    from bina.core.registry import NavEntry, register_api, register_nav, register_pages
    from bina.imports.registry import register_import_kind
    from bina.skm import permissions, reports
    from bina.skm.imports import IMPORT_KIND

    pemda_created.connect(_load_instrument, dispatch_uid="skm.load_instrument")
    register_import_kind(IMPORT_KIND)
    reports.register_reports()
    register_api("/", "bina.skm.api:router", 90)
    register_pages("skm/", "bina.skm.urls", 90)
    register_nav(NavEntry("skm:results", _("Satisfaction survey (SKM)"), 20, permissions.can_read_skm, group="quality"))
    register_nav(NavEntry("skm:campaigns", _("SKM campaigns"), 21, permissions.can_run_campaigns, group="quality"))
    register_public_page(
        PublicPage(
            key="skm",
            urls="bina.skm.urls_public",
            entry="start",
            title=_("Satisfaction survey"),
            description=_("Tell us how you were served: nine short questions, no name needed."),
            order=20,
        )
    )
