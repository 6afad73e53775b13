"""Writes of SKM: the default questionnaire, the weight setting, campaigns, public and paper responses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import BinaError, Conflict, PermissionDenied, ValidationFailed
from bina.core.models import Pemda
from bina.core.workflow import unknown_action
from bina.people.models import OrgUnit
from bina.quality.models import ServiceType
from bina.skm import limits, permissions
from bina.skm.elements import INSTRUMENT_CODE, INSTRUMENT_NAME, skm_questions
from bina.skm.models import SkmSetting, WeightMode
from bina.skm.workflows import CAMPAIGN_WORKFLOW
from bina.surveys import services as engine
from bina.surveys.models import Answer, Campaign, CampaignStatus, InstrumentVersion, Question, Response


class TooManyResponses(BinaError):
    code = "rate_limited"
    status = 429


@transaction.atomic
def skm_instrument_load(*, actor: Actor) -> InstrumentVersion:
    """Give the actor's Pemda the SKM questionnaire of PermenPANRB 14/2017 (a new version only if it changed)."""
    if not actor.is_system and not permissions.can_change_skm_settings(actor):
        raise PermissionDenied(_("Only the BKPSDM admin can change the SKM questionnaire."))
    return engine.instrument_version_create(
        actor=actor, code=INSTRUMENT_CODE, name=INSTRUMENT_NAME, questions=skm_questions()
    )


@transaction.atomic
def skm_setting_update(*, actor: Actor, weight: str) -> SkmSetting:
    if not permissions.can_change_skm_settings(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only the BKPSDM admin can change the SKM settings."))
    if weight not in WeightMode.values:
        raise ValidationFailed(_("Choose one of the weights."))
    pemda_id = actor.pemda_id  # the row written is the actor's own Pemda's setting
    setting, _created = SkmSetting.objects.select_for_update().get_or_create(pemda_id=pemda_id)
    old = setting.weight
    if old != weight or _created:
        setting.weight = weight
        setting.save()
        audit_record(
            action="skm.setting_update", actor=actor, target=setting, detail={"changes": {"weight": [old, weight]}}
        )
    return setting


@transaction.atomic
def skm_campaign_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    service: ServiceType | None,
    name: str,
    start: dt.date,
    end: dt.date,
    expected: int | None,
) -> Campaign:
    """A campaign for a unit (and optionally one service); `unit` comes from `access` with `write=True`.

    Running at once when its period has begun (the Pemda's date), planned until opened when it starts later."""
    if not permissions.can_run_campaigns(actor) or not actor.write_reach().covers(unit.path):
        raise PermissionDenied(_("You may not run a survey for this unit."))
    if actor.pemda_id is None or unit.pemda_id != actor.pemda_id:
        raise PermissionDenied(_("You may not run a survey for this unit."))
    from bina.skm.access import skm_version_current

    version = skm_version_current(actor.pemda_id)
    if expected is not None and not 0 < expected <= 10_000_000:
        raise ValidationFailed(_("The population must be between 1 and 10,000,000."))
    return engine.campaign_create(
        actor=actor,
        version=version,
        name=name.strip() or f"SKM {unit.name}",
        unit_id=unit.pk,
        subject=service.code if service else "",
        start=start,
        end=end,
        expected=expected,
        status=CampaignStatus.PLANNED if start > _pemda_today(actor.pemda_id) else CampaignStatus.OPEN,
    )


def _pemda_today(pemda_id: int) -> dt.date:
    zone = Pemda.objects.filter(pk=pemda_id).values_list("timezone", flat=True).first() or settings.TIME_ZONE
    return timezone.localdate(timezone.now(), ZoneInfo(zone))


def _campaign_move(*, actor: Actor, campaign: Campaign, action: str) -> Campaign:
    """Take one action of `CAMPAIGN_WORKFLOW`: 403 without the permission, 409 from a state it does not
    start from (nothing written); a repeat of a repeatable action in its target state changes nothing."""
    transition = CAMPAIGN_WORKFLOW.authorize(action, campaign, actor)
    locked = engine.campaign_lock(campaign)
    locked.unit = campaign.unit  # the unit already read through access (the permission looks at its path)
    CAMPAIGN_WORKFLOW.check(action, locked, actor)
    if transition.target is None or locked.status == transition.target:
        return locked
    return engine.campaign_status_set(actor=actor, campaign=locked, status=transition.target)


@transaction.atomic
def skm_campaign_open(*, actor: Actor, campaign: Campaign) -> Campaign:
    return _campaign_move(actor=actor, campaign=campaign, action="open")


@transaction.atomic
def skm_campaign_close(*, actor: Actor, campaign: Campaign) -> Campaign:
    return _campaign_move(actor=actor, campaign=campaign, action="close")


@transaction.atomic
def skm_campaign_reopen(*, actor: Actor, campaign: Campaign) -> Campaign:
    return _campaign_move(actor=actor, campaign=campaign, action="reopen")


@transaction.atomic
def skm_campaign_cancel(*, actor: Actor, campaign: Campaign) -> Campaign:
    return _campaign_move(actor=actor, campaign=campaign, action="cancel")


_CAMPAIGN_ACTIONS = {
    "open": skm_campaign_open,
    "close": skm_campaign_close,
    "reopen": skm_campaign_reopen,
    "cancel": skm_campaign_cancel,
}


def skm_campaign_act(*, actor: Actor, campaign: Campaign, action: str) -> Campaign:
    """The one dispatch from an action name (the page's URL) to its service; unknown names: 422."""
    if action not in _CAMPAIGN_ACTIONS:
        raise unknown_action(action, CAMPAIGN_WORKFLOW.actions)
    return _CAMPAIGN_ACTIONS[action](actor=actor, campaign=campaign)


def _questions(version: InstrumentVersion) -> list[Question]:
    return list(Question.objects.filter(version=version).order_by("position"))


def skm_response_submit(
    *,
    actor: Actor,
    version: InstrumentVersion,
    unit: OrgUnit,
    service: ServiceType | None,
    values: Mapping[str, Any],
    once_key: str = "",
    channel: str = "web",
    today: dt.date | None = None,
    questions: Sequence[Question] | None = None,
) -> Response:
    """Store one citizen's answers from the public form (the public actor of the unit's Pemda).

    Refused (422, nothing stored) when a value is outside its question or no element is answered; 409
    when the ticket was already answered (the database's unique key decides, so concurrent submissions
    of one ticket store one response); 429 past the hard per-address limit. Duplicates and floods are
    stored but set aside (`bina.skm.limits`).
    """
    if not permissions.can_answer_skm(actor) or actor.public_pemda_id != unit.pemda_id:
        raise PermissionDenied(_("You may not answer this survey."))
    if version.instrument.pemda_id != unit.pemda_id or (service is not None and service.pemda_id != unit.pemda_id):
        raise PermissionDenied(_("You may not answer this survey."))
    if questions is None or any(q.version_id != version.pk for q in questions):
        questions = _questions(version)
    answers, errors = engine.answers_check(questions, values)
    if errors:
        raise ValidationFailed(
            _("Please check the answers marked."), details=[{"field": e, "message": m} for e, m in errors]
        )
    if not any(a.value is not None for a in answers):
        raise ValidationFailed(_("Please answer at least one question about the service."), code="no_answer")
    service_code = service.code if service else ""
    client = limits.client_hash(actor.ip, unit.pemda_id)
    fingerprint = limits.answers_fingerprint(unit.pk, service_code, values)
    excluded = ""
    if client and not once_key:
        now = timezone.now()
        recent = Response.objects.filter(
            pemda_id=unit.pemda_id, client_hash=client, submitted_at__gte=now - dt.timedelta(hours=1)
        )
        same = recent.filter(
            fingerprint=fingerprint, submitted_at__gte=now - dt.timedelta(minutes=settings.SKM_DUPLICATE_MINUTES)
        ).exists()
        decided = limits.exclusion_for(recent_hour=recent.count(), same_answers_recently=same)
        if decided is None:
            raise TooManyResponses(_("Too many answers were sent from this connection. Please try again later."))
        excluded = decided
    day = today or timezone.localdate()
    try:
        with transaction.atomic():
            response = Response.objects.create(
                pemda_id=unit.pemda_id,
                version=version,
                instrument_id=version.instrument_id,
                unit=unit,
                subject=service_code,
                answered_on=day,
                channel=channel,
                once_key=once_key,
                client_hash=client,
                fingerprint=fingerprint,
                excluded=excluded,
            )
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
            audit_record(
                action="skm.response_submit",
                actor=actor,
                pemda_id=unit.pemda_id,
                target=response,
                target_label=f"{unit.code} {service_code}".strip(),
                detail={"channel": channel, **({"excluded": excluded} if excluded else {})},
            )
    except IntegrityError as exc:
        if once_key and Response.objects.filter(instrument_id=version.instrument_id, once_key=once_key).exists():
            raise Conflict(_("This ticket has already been answered. Thank you!"), code="already_answered") from exc
        raise
    return response


def skm_ticket_answered(*, actor: Actor, version: InstrumentVersion, once_key: str) -> bool:
    """Whether a ticket already has its response (the form says so instead of asking again)."""
    if not permissions.can_answer_skm(actor):
        return False
    return Response.objects.filter(instrument_id=version.instrument_id, once_key=once_key).exists()


@transaction.atomic
def skm_paper_responses_write(
    *, actor: Actor, version: InstrumentVersion, items: Sequence[engine.ResponseInput]
) -> int:
    """Paper forms typed in by staff (the import): stored in the caller's transaction; returns the count."""
    if not permissions.can_import_skm(actor):
        raise PermissionDenied(_("You may not import SKM responses."))
    created = engine.responses_create(actor=actor, version=version, items=items, questions=_questions(version))
    audit_record(
        action="skm.responses_import",
        actor=actor,
        target_label=f"{len(created)}",
        detail={"responses": len(created), "version": version.number},
    )
    return len(created)
