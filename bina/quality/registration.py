"""What the quality app plugs in: the default catalogue and holidays every new Pemda starts with, the
catalogue, holiday and figures pages, their API, the import kinds and the queue machines' API."""

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
    from bina.imports.registry import ImportKind, register_import_kind
    from bina.quality import figures, permissions  # noqa: F401  (figures registers its report)
    from bina.quality.catalogue_imports import register_kinds
    from bina.quality.imports import SERVICE_RECORD_COLUMNS, import_service_records
    from bina.quality.permissions import can_write_records

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
    register_import_kind(
        ImportKind(
            name="service_records",
            label=_("Service records"),
            columns=SERVICE_RECORD_COLUMNS,
            importer=import_service_records,
            can_import=can_write_records,
            denied_message=_("Only BKPSDM admins and unit operators can import service records."),
            template="service_records.csv",
            description="Import service (queue) records from an Excel/CSV file",
        )
    )
    register_api("/", "bina.quality.api_records:router", 60)
