"""Who may do what on the transparency portal: the Pemda's admin chooses what is published; anyone reads it."""

from __future__ import annotations

from bina.core.actor import Actor


def can_manage_publication(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin
