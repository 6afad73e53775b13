"""A campaign's lifecycle as one transition table.

draft (Draf) → launch → running (Berjalan) → close → closed (Selesai); a draft or running campaign may be
cancelled (Dibatalkan; asks once more). Launching draws the groups and sends the first notice; a running
campaign sends reminders (`services.campaign_reminders_send`) until its window ends, when the periodic loop
closes it. Services enforce this table; the campaign page shows `actions_for` from it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from bina.core.workflow import Transition, Workflow
from bina.participation.models import Campaign, CampaignStatus
from bina.participation.permissions import can_run_campaigns

S = CampaignStatus

RUNNERS_ONLY = gettext_lazy("Only the admin or a leader can run campaigns.")

CAMPAIGN_WORKFLOW: Workflow[Campaign] = Workflow(
    "participation_campaign",
    state_of=lambda c: c.status,
    state_label=lambda s: str(CampaignStatus(s).label),
    url_name="participation:campaign_{action}",
    refused=gettext_lazy("This campaign is %(status)s; that action is not possible now."),
    transitions={
        "launch": Transition(
            sources=(S.DRAFT,),
            target=S.RUNNING,
            permission=lambda actor, _c: can_run_campaigns(actor),
            denied=RUNNERS_ONLY,
            label=gettext_lazy("Launch: draw the groups and send the message"),
            style="primary",
            confirm=True,
        ),
        "close": Transition(
            sources=(S.RUNNING,),
            target=S.CLOSED,
            permission=lambda actor, _c: can_run_campaigns(actor),
            denied=RUNNERS_ONLY,
            repeatable=True,
            label=gettext_lazy("Close the campaign (no more reminders)"),
        ),
        "cancel": Transition(
            sources=(S.DRAFT, S.RUNNING),
            target=S.CANCELLED,
            permission=lambda actor, _c: can_run_campaigns(actor),
            denied=RUNNERS_ONLY,
            label=gettext_lazy("Cancel the outreach campaign"),
            style="danger",
            confirm=True,
        ),
    },
)
