"""An SKM campaign's lifecycle as one transition table.

planned (Direncanakan) → open → running (Berjalan) → close → closed (Selesai) → reopen → running;
a planned or running campaign may be cancelled (Dibatalkan; asks once more). A campaign whose period has
begun starts running when it is created, one that starts later is planned until someone opens it.

A campaign is a period of a unit's survey with its progress toward the minimum sample (and, optionally,
a population entered by hand); it does not gate collection: the public form and the paper import take
answers for a unit whatever its campaigns' states, so a citizen is never turned away. A cancelled
campaign's population is not used. Services enforce this table (`bina.skm.services.skm_campaign_act`),
the campaign page shows `actions_for` from it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from bina.core.workflow import Transition, Workflow
from bina.skm import permissions
from bina.surveys.models import Campaign, CampaignStatus

S = CampaignStatus

RUNNERS_ONLY = gettext_lazy("Only the admin or an operator of the campaign's unit can do this.")

CAMPAIGN_WORKFLOW: Workflow[Campaign] = Workflow(
    "skm_campaign",
    state_of=lambda c: c.status,
    state_label=lambda s: str(CampaignStatus(s).label),
    url_name="skm:campaign_{action}",
    refused=gettext_lazy("This campaign is %(status)s; that action is not possible now."),
    transitions={
        "open": Transition(
            sources=(S.PLANNED,),
            target=S.OPEN,
            permission=permissions.can_manage_campaign,
            denied=RUNNERS_ONLY,
            label=gettext_lazy("Open the campaign"),
            style="primary",
        ),
        "close": Transition(
            sources=(S.OPEN,),
            target=S.CLOSED,
            permission=permissions.can_manage_campaign,
            denied=RUNNERS_ONLY,
            repeatable=True,  # a form sent twice closes once
            label=gettext_lazy("Close the campaign"),
        ),
        "reopen": Transition(
            sources=(S.CLOSED,),
            target=S.OPEN,
            permission=permissions.can_manage_campaign,
            denied=RUNNERS_ONLY,
            label=gettext_lazy("Reopen the campaign"),
        ),
        "cancel": Transition(
            sources=(S.PLANNED, S.OPEN),
            target=S.CANCELLED,
            permission=permissions.can_manage_campaign,
            denied=RUNNERS_ONLY,
            label=gettext_lazy("Cancel the campaign"),
            style="danger",
            confirm=True,
        ),
    },
)
