"""Who reads the participation figures (issue 11, §3), and who sees the people behind them.

The figures are aggregates of the people in the actor's read reach. Leaders and operators see them with
cells of fewer than `MIN_CELL_PEOPLE` people withheld; the admin sees every cell and the people behind it;
a supervisor sees the cells of their reports and, by name, only those reports (UU 27/2022: personal data
only to who already reads it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor


def can_view_participation(actor: Actor) -> bool:
    if actor.pemda_id is None or actor.is_public:
        return False
    if actor.is_admin or actor.is_system:
        return True
    if (actor.is_leader or actor.is_operator) and not actor.read_reach().is_empty:
        return True
    return actor.is_supervisor


def can_see_participation_people(actor: Actor) -> bool:
    """The names behind a cell: the admin (the whole Pemda), a supervisor (their own reports only)."""
    return (
        actor.pemda_id is not None
        and not actor.is_public
        and (actor.is_admin or actor.is_system or actor.is_supervisor)
    )


def sees_small_cells(actor: Actor) -> bool:
    """Cells under the minimum are shown only to whom every person in them is visible by name anyway."""
    if actor.is_admin or actor.is_system:
        return True
    return actor.is_supervisor and not actor.is_leader and not actor.is_operator


def can_run_campaigns(actor: Actor) -> bool:
    """Campaigns (sosialisasi, nudges) are started by the admin or a leader, toward people in their reach."""
    if actor.pemda_id is None or actor.is_public:
        return False
    return actor.is_admin or actor.is_system or (actor.is_leader and not actor.read_reach().is_empty)
