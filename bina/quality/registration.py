"""What the quality app plugs in: the default catalogue every new Pemda starts with (pages come with their issue points)."""

from typing import Any

from bina.core.registry import register_api
from bina.core.signals import pemda_created


def _load_catalogue(sender: Any, pemda: Any, **kwargs: Any) -> None:
    from bina.core.actor import Actor
    from bina.quality.services import service_catalogue_load

    service_catalogue_load(actor=Actor.system(pemda.pk, label="catalogue"))


def register() -> None:
    pemda_created.connect(_load_catalogue, dispatch_uid="quality.load_catalogue")
    register_api("/", "bina.quality.api_stats:router", 55)
