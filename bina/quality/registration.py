"""What the quality app plugs in: the default catalogue every new Pemda starts with, the service-record
import kind and the queue machines' API (pages come with their issue points)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from bina.core.registry import register_api
from bina.core.signals import pemda_created


def _load_catalogue(sender: Any, pemda: Any, **kwargs: Any) -> None:
    from bina.core.actor import Actor
    from bina.quality.services import service_catalogue_load

    service_catalogue_load(actor=Actor.system(pemda.pk, label="catalogue"))


def register() -> None:
    from bina.imports.registry import ImportKind, register_import_kind
    from bina.quality.imports import SERVICE_RECORD_COLUMNS, import_service_records
    from bina.quality.permissions import can_write_records

    pemda_created.connect(_load_catalogue, dispatch_uid="quality.load_catalogue")
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
