"""Which campaigns an actor reads: the admin every campaign of the Pemda; a leader those they started and those
aimed only at units in their reach (a campaign with no unit is aimed at its starter's whole reach: a leader of
the whole Pemda reads it). Missing and forbidden answer the same 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.participation.models import Arm, Campaign, CampaignMember, CampaignStatus
from bina.participation.permissions import can_run_campaigns
from bina.people.access import org_units_for, org_units_in_reach
from bina.training.facade import classes_for


def campaigns_for(actor: Actor) -> QuerySet[Campaign]:
    if not can_run_campaigns(actor) or actor.pemda_id is None:
        return Campaign.objects.none()
    own = Campaign.objects.filter(pemda_id=actor.pemda_id)
    if actor.is_admin or actor.is_system:
        return own
    reach = actor.read_reach()
    outside = org_units_for(actor).exclude(pk__in=org_units_in_reach(actor).values("pk"))
    aimed_inside = Q(units__isnull=False) & ~Q(pk__in=Campaign.objects.filter(units__in=outside).values("pk"))
    aimed_everywhere = Q(units__isnull=True) if reach.whole_pemda else Q(pk__in=[])
    return own.filter(Q(created_by_id=actor.user_id) | aimed_inside | aimed_everywhere).distinct()


def get_participation_campaign_for_user(actor: Actor, pk: int) -> Campaign:
    campaign = campaigns_for(actor).filter(pk=pk).first()
    if campaign is None:
        raise NotFound(_("No such campaign."))
    return campaign


def sosialisasi_classes_for(actor: Actor) -> QuerySet[Any]:
    """The classes a campaign may point to: those the actor sees whose course is of the method sosialisasi."""
    return classes_for(actor).filter(course__method="sosialisasi")


def employees_targeted_elsewhere(campaign: Campaign) -> set[int]:
    """Employees in the targeted group of another running campaign of the same Pemda (left out of a new draw)."""
    return set(
        CampaignMember.objects.filter(
            campaign__pemda_id=campaign.pemda_id, campaign__status=CampaignStatus.RUNNING, arm=Arm.TARGETED
        )
        .exclude(campaign=campaign)
        .values_list("employee_id", flat=True)
    )


def pemdas_with_running_campaigns() -> list[int]:
    """The platform's periodic loop: which Pemda have a running campaign (each is then read as its system actor)."""
    return list(Campaign.objects.filter(status=CampaignStatus.RUNNING).values_list("pemda_id", flat=True).distinct())
