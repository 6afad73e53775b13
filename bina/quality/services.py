"""Writes of the quality app (public services): the catalogue and the holiday calendar (records: `bina.quality.records`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import PermissionDenied
from bina.quality import permissions
from bina.quality.catalogue import DEFAULT_SERVICES
from bina.quality.models import ServiceType


@transaction.atomic
def service_catalogue_load(*, actor: Actor) -> int:
    """Create the default service types the actor's Pemda is missing; return how many were created.

    Idempotent and never overwrites: a Pemda's edited SLA or name stays as the Pemda set it.
    """
    if not permissions.can_manage_catalogue(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only the BKPSDM admin can change the service catalogue."))
    pemda_id = actor.pemda_id
    have = set(ServiceType.objects.filter(pemda_id=pemda_id).values_list("code", flat=True))
    missing = [
        ServiceType(
            pemda_id=pemda_id,
            code=item.code,
            name=item.name,
            unit_kind=item.unit_kind,
            channels=list(item.channels),
            sla_minutes=item.sla_minutes,
            sla_working_days=item.sla_working_days,
            sla_source=item.source,
            order=order,
        )
        for order, item in enumerate(DEFAULT_SERVICES, start=1)
        if item.code not in have
    ]
    ServiceType.objects.bulk_create(missing)
    if missing:
        audit_record(
            action="quality.catalogue_load",
            actor=actor,
            target_label=", ".join(s.code for s in missing),
            detail={"codes": [s.code for s in missing]},
        )
    return len(missing)
