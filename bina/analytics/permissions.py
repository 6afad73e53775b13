"""Who may estimate the impact of training (issue 11, §2).

An estimate aggregates many officers' service figures; it shows nobody's own figures (event-study cells of
fewer than 5 officers are withheld). The admin and the Pemda's leaders ask for it, within their read reach.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor


def can_estimate_impact(actor: Actor) -> bool:
    return actor.pemda_id is not None and (actor.is_admin or actor.is_leader) and not actor.read_reach().is_empty


def can_export_class_records(actor: Actor) -> bool:
    """A class's learner records as xAPI statements (for the Pemda's LRS): the admin only."""
    return actor.pemda_id is not None and actor.is_admin


def can_export_own_records(actor: Actor) -> bool:
    """One's own learner records: whoever has an employee record (a participant)."""
    return actor.pemda_id is not None and actor.employee_id is not None
