"""`/api/v1/campaigns`: the campaigns (sosialisasi, nudges) as the pages show them, thin over the same services.

List and read (with the result: groups, enrolled within the window, the difference and its interval), create a
draft, and take an action of the campaign's workflow by name (`launch`, `close`, `cancel`). The API does not
ask for a confirmation: a client that posts `launch` has decided.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import Strict

from bina.core.api import ERRORS, WRITE_ERRORS, Id, InputSchema, actor_of
from bina.core.errors import PermissionDenied
from bina.participation import campaign_selectors as selectors
from bina.participation import services
from bina.participation.access import get_participation_campaign_for_user
from bina.participation.models import Campaign
from bina.participation.permissions import can_run_campaigns
from bina.participation.services import LIMITS

router = Router(tags=["campaigns"])


def _bounded(field: str) -> Any:
    low, high = LIMITS[field]
    return Annotated[int, Strict(), Field(ge=low, le=high)]


class CampaignIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    message: str = Field(..., min_length=1, max_length=2000)
    signed_by: str = Field(..., min_length=1, max_length=200, description="e.g. Sekretaris Daerah")
    unit_ids: list[Id] = Field(default_factory=list, max_length=500, description="Empty: the whole reach.")
    position_kinds: list[Annotated[str, Field(max_length=12)]] = Field(
        default_factory=list, max_length=3, description="struktural, fungsional, pelaksana; empty: any."
    )
    never_trained: Annotated[bool, Strict()] = False
    declined_technology: Annotated[bool, Strict()] = False
    randomised: Annotated[bool, Strict()] = False
    window_weeks: _bounded("window_weeks") = 8  # type: ignore[valid-type]
    reminder_days: _bounded("reminder_days") = 7  # type: ignore[valid-type]
    max_reminders: _bounded("max_reminders") = 2  # type: ignore[valid-type]
    sosialisasi_class_id: Id | None = None


class CampaignActIn(InputSchema):
    """An action takes no field; `{}` or no body."""


class CampaignEffectOut(Schema):
    targeted: int
    targeted_enrolled: int
    comparison: int
    comparison_enrolled: int
    randomised: bool
    difference: float | None = Field(None, description="Targeted share minus comparison share (fraction).")
    low: float | None = Field(None, description="Newcombe 95 % interval, lower end.")
    high: float | None = None


class CampaignOut(Schema):
    id: int
    name: str
    status: str
    message: str
    signed_by: str
    unit_codes: list[str]
    position_kinds: list[str]
    never_trained: bool
    declined_technology: bool
    randomised: bool
    window_weeks: int
    reminder_days: int
    max_reminders: int
    launched_at: datetime | None
    allowed_actions: list[str]
    result_sentence: str
    result_withheld: bool
    result: CampaignEffectOut | None


def _out(request: HttpRequest, campaign: Campaign) -> dict[str, Any]:
    actor = actor_of(request)
    result = selectors.campaign_result(actor, campaign)
    e = result.effect
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "status": campaign.status,
        "message": campaign.message,
        "signed_by": campaign.signed_by,
        "unit_codes": [u.code for u in campaign.units.all()],
        "position_kinds": list(campaign.position_kinds),
        "never_trained": campaign.never_trained,
        "declined_technology": campaign.declined_technology,
        "randomised": campaign.randomised,
        "window_weeks": campaign.window_weeks,
        "reminder_days": campaign.reminder_days,
        "max_reminders": campaign.max_reminders,
        "launched_at": campaign.launched_at,
        "allowed_actions": [a.name for a in selectors.campaign_actions(actor, campaign)],
        "result_sentence": result.sentence,
        "result_withheld": result.withheld,
        "result": None
        if e is None
        else {
            "targeted": e.targeted,
            "targeted_enrolled": e.targeted_enrolled,
            "comparison": e.comparison,
            "comparison_enrolled": e.comparison_enrolled,
            "randomised": e.randomised,
            "difference": e.difference,
            "low": e.low,
            "high": e.high,
        },
    }


@router.get("/campaigns", response={200: list[CampaignOut], **ERRORS}, summary="Campaigns in reach")
def campaigns_list(request: HttpRequest) -> list[dict[str, Any]]:
    actor = actor_of(request)
    if not can_run_campaigns(actor):
        raise PermissionDenied(_("Only the admin or a leader runs campaigns."))
    return [_out(request, c) for c in selectors.campaign_list(actor)[:200]]


@router.post("/campaigns", response={201: CampaignOut, **WRITE_ERRORS}, summary="Prepare a campaign (a draft)")
def campaigns_create(request: HttpRequest, payload: CampaignIn) -> Status[dict[str, Any]]:
    campaign = services.campaign_create(actor=actor_of(request), **payload.dict())
    return Status(201, _out(request, campaign))


@router.get("/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS}, summary="One campaign and its result")
def campaigns_get(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    return _out(request, get_participation_campaign_for_user(actor_of(request), campaign_id))


@router.post(
    "/campaigns/{campaign_id}/{action}",
    response={200: CampaignOut, **WRITE_ERRORS},
    summary="Take a campaign action by name",
    description="`action` is one of the campaign's `allowed_actions` (launch, close, cancel); send `{}`.",
)
def campaigns_act(
    request: HttpRequest, campaign_id: int, action: str, payload: CampaignActIn | None = None
) -> dict[str, Any]:
    actor = actor_of(request)
    found = get_participation_campaign_for_user(actor, campaign_id)
    return _out(request, services.campaign_act(actor=actor, campaign=found, action=action))
