"""The publication setting of a Pemda: configuration, read by the Pemda of the page (`public_pemda_id`) or of
the admin (`pemda_id`), never another's."""

from __future__ import annotations

from bina.core.actor import Actor
from bina.portal.models import SECTION_KEYS, Publication


def publication_of(pemda_id: int) -> Publication:
    """The Pemda's choice (the defaults until its admin saves one)."""
    return Publication.objects.filter(pemda_id=pemda_id).first() or Publication(pemda_id=pemda_id)


def public_publication(actor: Actor) -> Publication:
    """What the Pemda of the public page publishes; nothing for an actor without a public Pemda."""
    if actor.public_pemda_id is None:
        return Publication(**dict.fromkeys(SECTION_KEYS, False))
    return publication_of(actor.public_pemda_id)
