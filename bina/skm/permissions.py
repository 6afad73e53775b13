"""One permission function per SKM action.

Results are read within the read reach (admins and Pemda-wide leaders: every unit; operators and unit
leaders: their subtree). Campaigns are run by admins and by operators within their write reach. The
weight setting and the counter posters belong to the admin (posters also to operators of the unit).
Visitors (the public actor) only answer the questionnaire.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor
    from bina.surveys.models import Campaign


def can_read_skm(actor: Actor) -> bool:
    return actor.pemda_id is not None and not actor.read_reach().is_empty


def can_run_campaigns(actor: Actor) -> bool:
    return actor.pemda_id is not None and not actor.write_reach().is_empty


def can_change_skm_settings(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin


def can_import_skm(actor: Actor) -> bool:
    return actor.pemda_id is not None and not actor.write_reach().is_empty


def can_answer_skm(actor: Actor) -> bool:
    return actor.is_public and actor.public_pemda_id is not None


def can_manage_campaign(actor: Actor, campaign: Campaign) -> bool:
    """Open, close, reopen or cancel this campaign: an admin, or an operator whose write reach holds its unit."""
    return (
        can_run_campaigns(actor)
        and campaign.unit is not None
        and campaign.pemda_id == actor.pemda_id
        and actor.write_reach().covers(campaign.unit.path)
    )
