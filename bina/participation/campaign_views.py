"""The campaign pages: the list with the form to start one, a campaign with its result, its actions."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.core.confirm import confirm_page, is_confirmed
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.views import FORM_ERRORS, form_page, page, require
from bina.participation import campaign_selectors as selectors
from bina.participation import services
from bina.participation.access import get_participation_campaign_for_user, sosialisasi_classes_for
from bina.participation.forms import CampaignForm
from bina.participation.permissions import can_run_campaigns
from bina.participation.workflows import CAMPAIGN_WORKFLOW
from bina.people.access import org_units_in_reach

NOT_YOURS = _("Only the admin or a leader runs campaigns.")


@page
def campaigns(request: AuthedRequest) -> HttpResponse:
    """`/participation/campaigns/`: the campaigns the actor reads, and a draft to start."""
    actor = request.actor
    require(can_run_campaigns(actor), NOT_YOURS)
    form = CampaignForm(
        request.POST if request.method == "POST" else None,
        units=org_units_in_reach(actor).filter(closed_on__isnull=True),
        classes=sosialisasi_classes_for(actor).order_by("-starts_on"),
    )

    def save(f: CampaignForm) -> object:
        d = f.cleaned_data
        return services.campaign_create(
            actor=actor,
            name=d["name"],
            message=d["message"],
            signed_by=d["signed_by"],
            unit_ids=[u.pk for u in d["units"]],
            position_kinds=list(d["position_kinds"]),
            never_trained=d["never_trained"],
            declined_technology=d["declined_technology"],
            randomised=d["randomised"],
            window_weeks=d["window_weeks"],
            reminder_days=d["reminder_days"],
            max_reminders=d["max_reminders"],
            sosialisasi_class_id=d["sosialisasi_class"].pk if d["sosialisasi_class"] else None,
        )

    return form_page(
        request,
        form,
        save=save,
        success=_("The campaign is a draft: check who it reaches, then launch it."),
        done=lambda c: redirect("participation:campaign", pk=c.pk),
        template="participation/campaigns.html",
        context={"campaigns": list(selectors.campaign_list(actor)[:200])},
    )


@page
def campaign(request: AuthedRequest, pk: int) -> HttpResponse:
    """`/participation/campaigns/<pk>/`: the target, the groups, the result and the actions allowed now."""
    actor = request.actor
    found = get_participation_campaign_for_user(actor, pk)
    context = {
        "campaign": found,
        "result": selectors.campaign_result(actor, found),
        "actions": selectors.campaign_actions(actor, found),
        "units": list(found.units.all()),
    }
    return render(request, "participation/campaign.html", context)


@page
@require_POST
def campaign_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One action of `CAMPAIGN_WORKFLOW`; launch and cancel ask once more, saying to how many people."""
    actor = request.actor
    found = get_participation_campaign_for_user(actor, pk)
    back = reverse("participation:campaign", args=[pk])
    if CAMPAIGN_WORKFLOW.transition(action).confirm and not is_confirmed(request):
        CAMPAIGN_WORKFLOW.check(action, found, actor)
        return confirm_page(request, selectors.campaign_confirmation(actor, found, action), back_url=back)
    try:
        done = services.campaign_act(actor=actor, campaign=found, action=action)
    except FORM_ERRORS as exc:
        action_notice(request, str(exc.message), level="error")
    else:
        action_notice(
            request,
            _("The campaign is now: %(status)s.") % {"status": done.get_status_display()},
            level="warning" if action == "cancel" else "success",
        )
    return redirect(back)
