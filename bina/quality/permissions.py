"""One permission function per public-service action (catalogue, holidays, records, figures).

The catalogue and the holiday calendar belong to the Pemda: its admin (or the Pemda's system actor)
edits them. Records are written by admins and operators within their write reach (a queue machine's
token holds an operator's reach: the units it may write). Figures are read within the read reach;
per-officer figures are personal data (UU 27/2022) and are narrowed further by `bina.quality.access`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor


def can_manage_catalogue(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin


def can_write_records(actor: Actor) -> bool:
    return actor.pemda_id is not None and not actor.write_reach().is_empty


def can_read_service_figures(actor: Actor) -> bool:
    return actor.pemda_id is not None and not actor.read_reach().is_empty


def can_read_officer_figures(actor: Actor) -> bool:
    """Whether the actor may ask for figures per officer at all (personal data, UU 27/2022).

    The admin reads every officer's; an employee reads their own and a supervisor their reports'
    (which rows: `bina.quality.access.officer_rollups_for`). A leader's or operator's unit reach
    gives no per-officer figures.
    """
    return actor.pemda_id is not None and (actor.is_admin or actor.employee_id is not None)
