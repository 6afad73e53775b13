"""Campaign writes (issue 11, §3): create, launch (draw the groups, send the message), remind, close, cancel.

Every action goes through `workflows.CAMPAIGN_WORKFLOW`; a refused request writes nothing (one transaction).
Notices are in-app and by email (`bina.notifications`), keyed by the event (campaign, notice number), so the
periodic loop may run twice and nobody is told twice. Reminders go only to targeted people who have not
asked for a class since the launch, and stop at `max_reminders` or when the window ends.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.core.workflow import unknown_action
from bina.notifications.services import notify_employee
from bina.participation.access import (
    campaigns_for,
    employees_targeted_elsewhere,
    pemdas_with_running_campaigns,
    sosialisasi_classes_for,
)
from bina.participation.models import Arm, Campaign, CampaignMember, CampaignStatus
from bina.participation.permissions import can_run_campaigns
from bina.participation.workflows import CAMPAIGN_WORKFLOW
from bina.people.access import org_units_in_reach
from bina.people.models import OrgUnit, PositionKind
from bina.training.facade import EmployeeFacts, enrolments_sought_since, participation_facts

LIMITS = {"window_weeks": (1, 52), "reminder_days": (1, 60), "max_reminders": (0, 10)}

LAUNCH_TITLE = gettext_lazy("%(campaign)s")
REMINDER_TITLE = gettext_lazy("Reminder: %(campaign)s")


def _refuse(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code="invalid", details=[{"field": field, "message": message}])


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    name: str,
    message: str,
    signed_by: str,
    unit_ids: Sequence[int] = (),
    position_kinds: Sequence[str] = (),
    never_trained: bool = False,
    declined_technology: bool = False,
    randomised: bool = False,
    window_weeks: int = 8,
    reminder_days: int = 7,
    max_reminders: int = 2,
    sosialisasi_class_id: int | None = None,
) -> Campaign:
    """A draft campaign toward people in the actor's reach; nothing is sent until it is launched."""
    if not can_run_campaigns(actor) or actor.pemda_id is None or actor.user_id is None:
        raise PermissionDenied(_("Only the admin or a leader can run campaigns."))
    texts = {"name": (name.strip(), 200), "message": (message.strip(), 2000), "signed_by": (signed_by.strip(), 200)}
    for field, (text, longest) in texts.items():
        if not text:
            raise _refuse(field, _("This field is required."))
        if len(text) > longest or "\x00" in text:
            raise _refuse(field, _("Write at most %(n)s characters, without control characters.") % {"n": longest})
    numbers = {"window_weeks": window_weeks, "reminder_days": reminder_days, "max_reminders": max_reminders}
    for field, value in numbers.items():
        low, high = LIMITS[field]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _refuse(field, _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
    unknown_kinds = sorted(set(position_kinds) - set(PositionKind.values))
    if unknown_kinds:
        raise _refuse("position_kinds", _("Unknown position kind: %(kinds)s.") % {"kinds": ", ".join(unknown_kinds)})
    wanted = sorted(set(unit_ids))
    units = list(org_units_in_reach(actor).filter(pk__in=wanted))
    if len(units) != len(wanted):
        raise _refuse("units", _("Some units are not in your reach or do not exist."))
    klass = None
    if sosialisasi_class_id is not None:
        klass = sosialisasi_classes_for(actor).filter(pk=sosialisasi_class_id).first()
        if klass is None:
            raise _refuse("sosialisasi_class", _("Choose a class of the method sosialisasi that you can see."))
    campaign = Campaign.objects.create(
        pemda_id=actor.pemda_id,
        name=texts["name"][0],
        message=texts["message"][0],
        signed_by=texts["signed_by"][0],
        position_kinds=sorted(set(position_kinds)),
        never_trained=never_trained,
        declined_technology=declined_technology,
        randomised=randomised,
        seed=secrets.randbelow(2**31),
        window_weeks=window_weeks,
        reminder_days=reminder_days,
        max_reminders=max_reminders,
        sosialisasi_class=klass,
        created_by_id=actor.user_id,
    )
    campaign.units.set(units)
    audit_record(action="participation.campaign_create", actor=actor, target=campaign, target_label=campaign.name)
    return campaign


def _matches(campaign: Campaign, fact: EmployeeFacts, paths: list[str]) -> bool:
    person = fact.employee
    if paths and not any(person.unit.path.startswith(p) for p in paths):
        return False
    if campaign.position_kinds and person.position_kind not in campaign.position_kinds:
        return False
    if campaign.never_trained and not fact.untrained_two_years:
        return False
    return not campaign.declined_technology or any(e.technology and e.refused for e in fact.enrolments)


def campaign_groups(*, actor: Actor, campaign: Campaign, today: dt.date) -> tuple[list[int], list[int]]:
    """The employee ids of the targeted and comparison groups, as a launch now would draw them.

    Randomised: the people matching the target, shuffled by the campaign's seed, the first half targeted (the
    first wave) and the rest the comparison. Otherwise: every match is targeted, and the comparison is the
    people in the actor's reach who match the same criteria outside the targeted units (none when the campaign
    targets the whole reach). People already targeted by another running campaign are left out of both."""
    paths = list(OrgUnit.objects.filter(pk__in=campaign.units.values("pk")).values_list("path", flat=True))
    busy = employees_targeted_elsewhere(campaign)
    matched: list[int] = []
    outside: list[int] = []
    for fact in participation_facts(actor, today.year):
        person = fact.employee
        if person.pk in busy:
            continue
        if _matches(campaign, fact, paths):
            matched.append(person.pk)
        elif paths and _matches(campaign, fact, []):
            outside.append(person.pk)
    matched.sort()
    if campaign.randomised:
        random.Random(campaign.seed).shuffle(matched)
        half = (len(matched) + 1) // 2
        return sorted(matched[:half]), sorted(matched[half:])
    return matched, sorted(outside)


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def _notice(member: CampaignMember, campaign: Campaign, number: int) -> None:
    url = reverse("training:catalogue")
    if campaign.sosialisasi_class_id:
        url = reverse("training:class_detail", kwargs={"pk": campaign.sosialisasi_class_id})
    notify_employee(
        employee=member.employee,
        kind="campaign",
        event_key=f"campaign:{campaign.pk}:notice:{number}",
        title=LAUNCH_TITLE if number == 0 else REMINDER_TITLE,
        body=gettext_lazy("%(message)s\n\n— %(signed_by)s"),
        params={"campaign": campaign.name, "message": campaign.message, "signed_by": campaign.signed_by},
        url=url,
    )


@transaction.atomic
def campaign_launch(*, actor: Actor, campaign: Campaign) -> Campaign:
    """Draw the groups, record them and tell the targeted group (the first notice)."""
    CAMPAIGN_WORKFLOW.authorize("launch", campaign, actor)
    locked = _lock(campaign)
    CAMPAIGN_WORKFLOW.check("launch", locked, actor)
    now = timezone.now()
    targeted, comparison = campaign_groups(actor=actor, campaign=locked, today=timezone.localdate())
    if not targeted:
        raise _refuse("target", _("Nobody in your reach matches this target; change it before launching."))
    CampaignMember.objects.bulk_create(
        [CampaignMember(campaign=locked, employee_id=pk, arm=Arm.TARGETED, notified_at=now) for pk in targeted]
        + [CampaignMember(campaign=locked, employee_id=pk, arm=Arm.COMPARISON) for pk in comparison]
    )
    locked.status, locked.launched_at = CampaignStatus.RUNNING, now
    locked.save(update_fields=["status", "launched_at"])
    for member in locked.members.filter(arm=Arm.TARGETED).select_related("employee"):
        _notice(member, locked, 0)
    audit_record(
        action="participation.campaign_launch",
        actor=actor,
        target=locked,
        target_label=locked.name,
        detail={"targeted": len(targeted), "comparison": len(comparison), "randomised": locked.randomised},
    )
    return locked


def _finish(*, actor: Actor, campaign: Campaign, action: str) -> Campaign:
    transition = CAMPAIGN_WORKFLOW.authorize(action, campaign, actor)
    locked = _lock(campaign)
    CAMPAIGN_WORKFLOW.check(action, locked, actor)
    if transition.target is None or locked.status == transition.target:
        return locked
    locked.status, locked.closed_at = transition.target, timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    audit_record(action=f"participation.campaign_{action}", actor=actor, target=locked, target_label=locked.name)
    return locked


@transaction.atomic
def campaign_close(*, actor: Actor, campaign: Campaign) -> Campaign:
    return _finish(actor=actor, campaign=campaign, action="close")


@transaction.atomic
def campaign_cancel(*, actor: Actor, campaign: Campaign) -> Campaign:
    return _finish(actor=actor, campaign=campaign, action="cancel")


_ACTIONS = {"launch": campaign_launch, "close": campaign_close, "cancel": campaign_cancel}


def campaign_act(*, actor: Actor, campaign: Campaign, action: str) -> Campaign:
    """The one dispatch from an action name (page URL, API path) to its service; unknown names: 422."""
    if action not in _ACTIONS:
        raise unknown_action(action, CAMPAIGN_WORKFLOW.actions)
    return _ACTIONS[action](actor=actor, campaign=campaign)


def campaign_window_end(campaign: Campaign) -> dt.datetime | None:
    return campaign.launched_at + dt.timedelta(weeks=campaign.window_weeks) if campaign.launched_at else None


@transaction.atomic
def campaign_reminders_send(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """One round for the actor's Pemda (the periodic loop, as `Actor.system`): remind the targeted people who
    have not asked for a class since the launch and are due (`reminder_days` after their last notice, at most
    `max_reminders`); close campaigns whose window has ended. Returns the number of reminders sent."""
    now = now or timezone.now()
    sent = 0
    for campaign in campaigns_for(actor).filter(status=CampaignStatus.RUNNING).select_for_update():
        end = campaign_window_end(campaign)
        if end is not None and now >= end:
            _finish(actor=actor, campaign=campaign, action="close")
            continue
        due = list(
            campaign.members.filter(
                arm=Arm.TARGETED,
                reminders_sent__lt=campaign.max_reminders,
                notified_at__lte=now - dt.timedelta(days=campaign.reminder_days),
            ).select_related("employee")
        )
        if not due or campaign.launched_at is None:
            continue
        asked = enrolments_sought_since(actor, employee_ids=[m.employee_id for m in due], since=campaign.launched_at)
        for member in due:
            if member.employee_id in asked:
                continue  # enrolled: the nudging stops
            member.reminders_sent += 1
            member.notified_at = now
            member.save(update_fields=["reminders_sent", "notified_at"])
            _notice(member, campaign, member.reminders_sent)
            sent += 1
    return sent


def campaign_reminders_send_every_pemda() -> str:
    """The periodic task: one round per Pemda with a running campaign."""
    total = 0
    for pemda_id in pemdas_with_running_campaigns():
        total += campaign_reminders_send(actor=Actor.system(pemda_id, label="campaigns"))
    return f"{total} reminders"
