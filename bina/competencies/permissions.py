"""One permission function per competency-dictionary action.

The dictionary (PermenPANRB 38/2017 plus the Pemda's technical competencies) belongs to the BKPSDM: its
admin (or the system actor of its Pemda) changes it; everyone in the Pemda reads the active entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor


def can_browse_competencies(actor: Actor) -> bool:
    """The competency dictionary as a destination: those who plan training against it."""
    return actor.pemda_id is not None and (actor.is_admin or actor.is_operator or actor.is_leader)


def can_manage_competencies(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin
