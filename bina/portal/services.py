"""Writes of the transparency portal: the admin's choice of what is published."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import PermissionDenied
from bina.portal import permissions
from bina.portal.models import SECTION_KEYS, Publication


@transaction.atomic
def publication_update(*, actor: Actor, data: Mapping[str, bool]) -> Publication:
    """Publish or withdraw sections of the Pemda's portal; audited with what changed (nothing: no entry)."""
    if not permissions.can_manage_publication(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only the Pemda's admin chooses what the transparency portal publishes."))
    pemda_id = actor.pemda_id  # the admin's own Pemda: a write keyed by it, not a read on someone's behalf
    publication = Publication.objects.select_for_update().get_or_create(pemda_id=pemda_id)[0]
    changes = {}
    for key in SECTION_KEYS:
        if key in data and getattr(publication, key) != bool(data[key]):
            changes[key] = [getattr(publication, key), bool(data[key])]
            setattr(publication, key, bool(data[key]))
    publication.save()
    if changes:
        audit_record(action="portal.publication_update", actor=actor, detail={"changes": changes})
    return publication
