"""An SKM campaign's lifecycle is one table (`CAMPAIGN_WORKFLOW`): every (state, action) pair of the services
and of the campaign page agrees with it; a refusal changes nothing; who may act; collection is not gated."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bina.core.audit import AuditEvent
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.skm import services
from bina.skm.access import campaign_for_population, get_campaign_for_user
from bina.skm.elements import ELEMENT_CODES
from bina.skm.factories import responses_add, skm_ready
from bina.skm.workflows import CAMPAIGN_WORKFLOW
from bina.surveys.models import Campaign, CampaignStatus

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


class _RollBack(Exception):
    pass


def campaign_in(world, status: str, *, unit="kel_a1", expected=None) -> Campaign:
    skm_ready(world.pemda)
    made = services.skm_campaign_create(
        actor=world.actor("admin"), unit=world.units[unit], service=None, name="", start=START, end=END,
        expected=expected,
    )  # fmt: skip
    Campaign.objects.filter(pk=made.pk).update(status=status)
    return get_campaign_for_user(world.actor("admin"), made.pk)


def _accepted(world, campaign: Campaign, action: str) -> bool:
    try:
        with transaction.atomic():
            services.skm_campaign_act(actor=world.actor("admin"), campaign=campaign, action=action)
            raise _RollBack
    except _RollBack:
        return True
    except Conflict:
        return False


@pytest.mark.parametrize("status", list(CampaignStatus.values))
def test_every_state_action_pair_follows_the_table(world, status):
    campaign = campaign_in(world, status)
    for action in CAMPAIGN_WORKFLOW.actions:
        assert _accepted(world, campaign, action) == CAMPAIGN_WORKFLOW.permits_state(action, status), (status, action)
    offered = [a for a in CAMPAIGN_WORKFLOW.actions if status in CAMPAIGN_WORKFLOW.transition(a).sources]
    assert CAMPAIGN_WORKFLOW.allowed_actions(campaign, world.actor("admin")) == offered


def test_a_refused_action_is_a_409_and_changes_nothing(world):
    campaign = campaign_in(world, CampaignStatus.CANCELLED)
    audits = AuditEvent.objects.count()
    with pytest.raises(Conflict) as refused:
        services.skm_campaign_act(actor=world.actor("admin"), campaign=campaign, action="reopen")
    assert refused.value.status == 409
    assert str(CampaignStatus.CANCELLED.label) in str(refused.value.message)  # names the state
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED and AuditEvent.objects.count() == audits
    with pytest.raises(ValidationFailed) as unknown:
        services.skm_campaign_act(actor=world.actor("admin"), campaign=campaign, action="explode")
    assert unknown.value.code == "unknown_action"


def test_the_lifecycle_is_audited_and_a_repeated_close_does_nothing(world):
    campaign = campaign_in(world, CampaignStatus.PLANNED)
    admin = world.actor("admin")
    for action, status in [("open", "open"), ("close", "closed"), ("reopen", "open"), ("close", "closed")]:
        campaign = services.skm_campaign_act(actor=admin, campaign=campaign, action=action)
        assert Campaign.objects.get(pk=campaign.pk).status == status
    audits = AuditEvent.objects.count()
    services.skm_campaign_act(actor=admin, campaign=campaign, action="close")  # a form sent twice
    assert AuditEvent.objects.count() == audits
    codes = list(AuditEvent.objects.filter(target_id=str(campaign.pk)).values_list("action", flat=True))
    assert codes.count("surveys.campaign_open") == 2 and codes.count("surveys.campaign_close") == 2


def test_who_may_act(world, other_world):
    campaign = campaign_in(world, CampaignStatus.OPEN)
    for persona in ("leader", "operator", "participant"):  # the operator's reach is the Dinas, not the kelurahan
        with pytest.raises(PermissionDenied):
            services.skm_campaign_act(actor=world.actor(persona), campaign=campaign, action="close")
        assert CAMPAIGN_WORKFLOW.allowed_actions(campaign, world.actor(persona)) == []
    with pytest.raises(PermissionDenied):
        services.skm_campaign_act(actor=other_world.actor("admin"), campaign=campaign, action="close")
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.OPEN
    # An operator of the campaign's unit runs it.
    own = campaign_in(world, CampaignStatus.OPEN, unit="bidang")
    operator = world.actor("operator")
    own = get_campaign_for_user(operator, own.pk, write=True)
    assert services.skm_campaign_act(actor=operator, campaign=own, action="close").status == CampaignStatus.CLOSED


def test_a_campaign_is_planned_when_its_period_starts_later(world):
    skm_ready(world.pemda)
    today = timezone.localdate()
    admin = world.actor("admin")
    unit = world.units["kel_a1"]
    later = services.skm_campaign_create(
        actor=admin, unit=unit, service=None, name="Nanti", start=today + dt.timedelta(days=10),
        end=today + dt.timedelta(days=40), expected=None,
    )  # fmt: skip
    now = services.skm_campaign_create(
        actor=admin, unit=unit, service=None, name="Sekarang", start=today, end=today + dt.timedelta(days=30),
        expected=None,
    )  # fmt: skip
    assert (later.status, now.status) == (CampaignStatus.PLANNED, CampaignStatus.OPEN)


def test_the_page_offers_what_the_table_allows(world, client_as):
    admin = client_as(world.users["admin"])
    leader = client_as(world.users["leader"])
    for status in CampaignStatus.values:
        campaign = campaign_in(world, status)
        html = admin.get(reverse("skm:campaign", args=[campaign.pk])).content.decode()
        shown = re.findall(r'data-action="([a-z-]+)"', html)
        assert shown == CAMPAIGN_WORKFLOW.allowed_actions(campaign, world.actor("admin")), status
        # The leader reads the campaign and is offered nothing.
        assert 'data-action="' not in leader.get(reverse("skm:campaign", args=[campaign.pk])).content.decode()


def test_page_actions_move_the_campaign_and_a_refusal_is_told(world, client_as):
    admin = client_as(world.users["admin"])
    campaign = campaign_in(world, CampaignStatus.PLANNED)
    assert admin.post(reverse("skm:campaign_open", args=[campaign.pk])).status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.OPEN
    # Cancelling asks once more; only the confirmed post cancels.
    first = admin.post(reverse("skm:campaign_cancel", args=[campaign.pk]))
    assert first.status_code == 200 and Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.OPEN
    confirmed = admin.post(reverse("skm:campaign_cancel", args=[campaign.pk]), {"confirmed": "yes"})
    assert confirmed.status_code == 302 and Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.CANCELLED
    # A refused action (from a cancelled campaign) is told on the page and changes nothing.
    refused = admin.post(reverse("skm:campaign_reopen", args=[campaign.pk]), follow=True)
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.CANCELLED
    assert "Dibatalkan" in refused.content.decode()
    assert admin.post(reverse("skm:campaign_cancel", args=[campaign.pk])).status_code == 409  # before confirming


def test_collection_is_not_gated_and_a_cancelled_campaign_gives_no_population(world):
    campaign = campaign_in(world, CampaignStatus.PLANNED, expected=500)
    unit = world.units["kel_a1"]
    responses_add(unit, [dict.fromkeys(ELEMENT_CODES, 4)] * 3, day=dt.date(2026, 2, 2))  # answers whatever the state
    assert campaign_for_population(unit, "", START, END) == campaign
    services.skm_campaign_act(actor=world.actor("admin"), campaign=campaign, action="cancel")
    assert campaign_for_population(unit, "", START, END) is None
