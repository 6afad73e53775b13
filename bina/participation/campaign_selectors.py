"""Campaign reads (issue 11, §3): the list, one campaign with its groups and its result, the actions a page offers.

The result counts, per group, the people who asked for or accepted a class within the campaign's window
(`enrolments_sought_since`), and compares the shares with `experiment.campaign_effect`. Leaders read a group of
fewer than `MIN_CELL_PEOPLE` people as withheld, like every other aggregate; the admin reads everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.charts.specs import Bar, BarChart, ValueFormat
from bina.core.actor import Actor
from bina.core.confirm import Confirmation
from bina.core.numbers import format_number
from bina.core.public import MIN_CELL_PEOPLE
from bina.core.workflow import Action
from bina.participation.access import campaigns_for
from bina.participation.experiment import CampaignEffect, campaign_effect
from bina.participation.models import Arm, Campaign, CampaignStatus
from bina.participation.permissions import sees_small_cells
from bina.participation.workflows import CAMPAIGN_WORKFLOW
from bina.training.facade import enrolments_sought_since


def campaign_list(actor: Actor) -> QuerySet[Campaign]:
    return campaigns_for(actor).annotate(
        targeted=Count("members", filter=Q(members__arm=Arm.TARGETED)),
        comparison=Count("members", filter=Q(members__arm=Arm.COMPARISON)),
    )


@dataclass(frozen=True)
class CampaignResult:
    effect: CampaignEffect | None  # None: not launched, or withheld (a group under the minimum for this reader)
    withheld: bool
    window_end: dt.datetime | None
    window_over: bool

    @property
    def sentence(self) -> str:
        e = self.effect
        if self.withheld:
            return _("A group has fewer than %(n)s people: the result is withheld.") % {"n": MIN_CELL_PEOPLE}
        if e is None:
            return _("The campaign has not been launched yet.")
        if not e.estimable:
            return _("There is no comparison group, so no difference can be given: only the targeted group's share.")
        assert e.difference is not None and e.low is not None and e.high is not None
        figures = {
            "diff": format_number(e.difference * 100, 1),
            "low": format_number(e.low * 100, 1),
            "high": format_number(e.high * 100, 1),
        }
        if e.randomised:
            text = _(
                "Randomised: the campaign changed the share who enrolled by %(diff)s percentage points "
                "(95 in 100 interval %(low)s to %(high)s)."
            )
        else:
            text = _(
                "Not randomised: the share who enrolled differs by %(diff)s percentage points between the targeted "
                "and the comparison group (95 in 100 interval %(low)s to %(high)s); the groups may differ in "
                "other ways."
            )
        text = text % figures
        if not e.clear:
            text += " " + _("The interval includes zero: no clear difference.")
        if not self.window_over:
            text += " " + _("The window is still open; the figures may change.")
        return text

    @property
    def chart(self) -> BarChart | None:
        e = self.effect
        if e is None or self.withheld:
            return None
        bars = [Bar(label=_("Targeted"), value=(e.targeted_share or 0) * 100)]
        if e.comparison:
            bars.append(Bar(label=_("Comparison"), value=(e.comparison_share or 0) * 100))
        return BarChart(
            title=_("Asked for or accepted a class within the window"),
            bars=bars,
            category_name=_("Group"),
            value_name=_("Share"),
            max_value=100,
            value_format=ValueFormat(decimals=1, percent=True),
            chart_id="campaign-result",
        )


def campaign_result(actor: Actor, campaign: Campaign, *, now: dt.datetime | None = None) -> CampaignResult:
    now = now or timezone.now()
    if campaign.launched_at is None:
        return CampaignResult(effect=None, withheld=False, window_end=None, window_over=False)
    end = campaign.launched_at + dt.timedelta(weeks=campaign.window_weeks)
    members = list(campaign.members.values_list("employee_id", "arm"))
    sizes = {arm: sum(1 for _e, a in members if a == arm) for arm in Arm.values}
    if not sees_small_cells(actor) and any(0 < n < MIN_CELL_PEOPLE for n in sizes.values()):
        return CampaignResult(effect=None, withheld=True, window_end=end, window_over=now >= end)
    asked = enrolments_sought_since(
        actor, employee_ids=[e for e, _a in members], since=campaign.launched_at, until=min(now, end)
    )
    enrolled = {arm: sum(1 for e, a in members if a == arm and e in asked) for arm in Arm.values}
    effect = campaign_effect(
        targeted=sizes[Arm.TARGETED],
        targeted_enrolled=enrolled[Arm.TARGETED],
        comparison=sizes[Arm.COMPARISON],
        comparison_enrolled=enrolled[Arm.COMPARISON],
        randomised=campaign.randomised,
    )
    return CampaignResult(effect=effect, withheld=False, window_end=end, window_over=now >= end)


def campaign_actions(actor: Actor, campaign: Campaign) -> list[Action]:
    return CAMPAIGN_WORKFLOW.actions_for(campaign, actor)


def campaign_confirmation(actor: Actor, campaign: Campaign, action: str) -> Confirmation:
    """What launching or cancelling does, and to how many people (the confirmation page)."""
    if action == "launch":
        from bina.participation.services import campaign_groups

        targeted, comparison = campaign_groups(actor=actor, campaign=campaign, today=timezone.localdate())
        return Confirmation(
            title=_("Launch %(name)s?") % {"name": campaign.name},
            consequence=_("The message goes out now, in Bina and by email; reminders follow until people enrol."),
            people=_("%(n)s people will be told; %(m)s form the comparison group and are not told.")
            % {"n": format_number(len(targeted)), "m": format_number(len(comparison))},
            button=_("Launch"),
        )
    told = campaign.members.filter(arm=Arm.TARGETED).count()
    return Confirmation(
        title=_("Cancel %(name)s?") % {"name": campaign.name},
        consequence=_("No more reminders are sent and the campaign gives no result."),
        people=_("%(n)s people were told about it.") % {"n": format_number(told)},
        button=_("Cancel the outreach campaign"),
    )


def campaigns_running(actor: Actor) -> QuerySet[Campaign]:
    return campaigns_for(actor).filter(status=CampaignStatus.RUNNING)
