"""One permission function per partner action (institutions, agreements, instructors).

Partners belong to the BKPSDM: its admin (or the system actor of its Pemda) manages them; a partner
coordinator reads its own institution through `bina.partners.access`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor


def can_manage_partners(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin
