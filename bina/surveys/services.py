"""Writes of the survey engine: instruments and their versions, campaigns, responses.

The engine checks what a questionnaire says (a scale answer within 1..N, a known choice, a known
question) and that the actor acts inside its own Pemda; *who* may run a survey is the owning app's rule
(`bina.skm.permissions`), which calls these inside its own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.sql import bulk_insert
from bina.surveys.models import (
    Answer,
    Campaign,
    CampaignStatus,
    Instrument,
    InstrumentVersion,
    Question,
    QuestionKind,
    Response,
)


@dataclass(frozen=True)
class QuestionSpec:
    element: str
    element_name: str
    text: str
    kind: str
    scale_max: int | None = None
    options: Sequence[Any] = ()
    required: bool = False
    group: str = ""

    def as_fields(self) -> dict[str, Any]:
        return {
            "element": self.element,
            "element_name": self.element_name,
            "text": self.text,
            "kind": self.kind,
            "scale_max": self.scale_max,
            "options": [list(o) if isinstance(o, tuple) else o for o in self.options],
            "required": self.required,
            "group": self.group,
        }


@dataclass
class ResponseInput:
    """One filled questionnaire: `values` by element code (scale: int, choice: code, text: str)."""

    answered_on: dt.date
    values: Mapping[str, Any]
    unit_id: int | None = None
    subject: str = ""
    channel: str = ""
    respondent_key: str = ""
    once_key: str = ""
    client_hash: str = ""
    fingerprint: str = ""
    excluded: str = ""
    campaign_id: int | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)


def _own_pemda(actor: Actor) -> int:
    pemda_id = actor.pemda_id if actor.pemda_id is not None else actor.public_pemda_id
    if pemda_id is None:
        raise PermissionDenied(_("This action needs a Pemda."))
    return pemda_id


@transaction.atomic
def instrument_version_create(
    *, actor: Actor, code: str, name: str, questions: Sequence[QuestionSpec], note: str = ""
) -> InstrumentVersion:
    """A new current version of the instrument `code` (created if missing) with these questions.

    The previous version stays, with its questions, for the responses that answered it. When the
    questions are the same as the current version's, nothing is created and that version is returned.
    """
    pemda_id = _own_pemda(actor)
    if actor.is_public:
        raise PermissionDenied(_("Visitors cannot change a questionnaire."))
    elements = [q.element for q in questions]
    if len(set(elements)) != len(elements):
        raise ValidationFailed(_("Every question needs its own element code."))
    for q in questions:
        if q.kind == QuestionKind.SCALE and (not q.scale_max or len(q.options) != q.scale_max):
            raise ValidationFailed(_("Scale question %(e)s needs a label for every value.") % {"e": q.element})
    instrument, _created = Instrument.objects.select_for_update().get_or_create(
        pemda_id=pemda_id, code=code, defaults={"name": name}
    )
    current = InstrumentVersion.objects.filter(instrument=instrument, is_current=True).first()
    wanted = [q.as_fields() for q in questions]
    if current is not None:
        have = [
            {k: getattr(q, k) for k in wanted[0]} if wanted else {}
            for q in Question.objects.filter(version=current).order_by("position")
        ]
        if have == wanted:
            return current
        InstrumentVersion.objects.filter(pk=current.pk).update(is_current=False)
    number = (current.number if current else 0) + 1
    last = InstrumentVersion.objects.filter(instrument=instrument).order_by("-number").first()
    if last is not None:
        number = last.number + 1
    version = InstrumentVersion.objects.create(instrument=instrument, number=number, note=note)
    Question.objects.bulk_create(
        Question(version=version, position=i, **fields) for i, fields in enumerate(wanted, start=1)
    )
    audit_record(
        action="surveys.version_create",
        actor=actor,
        target=version,
        target_label=f"{instrument.code} v{number}",
        detail={"instrument": instrument.code, "version": number, "questions": len(wanted)},
    )
    return version


def answers_check(
    questions: Sequence[Question], values: Mapping[str, Any]
) -> tuple[list[Answer], list[tuple[str, str]]]:
    """The answer rows for `values` (by element code), and (element, reason) for each value refused.

    An empty or missing value is "not answered" (no row); a required question left empty is refused.
    """
    by_element = {q.element: q for q in questions}
    rows: list[Answer] = []
    errors: list[tuple[str, str]] = []
    for element in values:
        if element not in by_element:
            errors.append((element, _("This questionnaire has no question %(e)s.") % {"e": element}))
    for q in questions:
        raw = values.get(q.element)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if q.required:
                errors.append((q.element, _("Please answer this question.")))
            continue
        if q.kind == QuestionKind.SCALE:
            try:
                value = int(str(raw).strip())
            except ValueError:
                value = 0
            if not 1 <= value <= (q.scale_max or 0):
                errors.append((q.element, _("Choose a value from 1 to %(n)s.") % {"n": q.scale_max}))
                continue
            rows.append(Answer(question=q, element=q.element, value=value))
        elif q.kind == QuestionKind.CHOICE:
            code = str(raw).strip()
            if code not in {str(o[0]) for o in q.options}:
                errors.append((q.element, _("Choose one of the options.")))
                continue
            rows.append(Answer(question=q, element=q.element, text=code))
        else:
            text = str(raw).strip()
            if len(text) > 2000:
                errors.append((q.element, _("Write at most 2,000 characters.")))
                continue
            rows.append(Answer(question=q, element=q.element, text=text))
    return rows, errors


def responses_create(
    *, actor: Actor, version: InstrumentVersion, items: Sequence[ResponseInput], questions: Sequence[Question]
) -> list[Response]:
    """Store checked responses with their answers (in the caller's transaction): one row per answer.

    Callers have already run `answers_check` on every item. Bulk, for imports; a duplicate `once_key`
    raises `Conflict`.
    """
    pemda_id = _own_pemda(actor)
    if version.instrument.pemda_id != pemda_id:
        raise PermissionDenied(_("This questionnaire belongs to another Pemda."))
    responses = [
        Response(
            pemda_id=pemda_id,
            version=version,
            instrument_id=version.instrument_id,
            campaign_id=item.campaign_id,
            unit_id=item.unit_id,
            subject=item.subject,
            answered_on=item.answered_on,
            channel=item.channel,
            respondent_key=item.respondent_key,
            once_key=item.once_key,
            client_hash=item.client_hash,
            fingerprint=item.fingerprint,
            excluded=item.excluded,
        )
        for item in items
    ]
    try:
        with transaction.atomic():
            Response.objects.bulk_create(responses)
            # Through the bulk loader, not bulk_create: an SKM import or the demo writes hundreds of
            # thousands of answers, and the ORM's per-value compilation was most of their time.
            rows: list[dict[str, Any]] = []
            for response, item in zip(responses, items, strict=True):
                answers, _errors = answers_check(questions, item.values)
                rows.extend(
                    {
                        "response_id": response.pk,
                        "question_id": a.question_id,
                        "element": a.element,
                        "value": a.value,
                        "text": a.text,
                    }
                    for a in answers
                )
            for start in range(0, len(rows), 5000):
                bulk_insert(Answer, rows[start : start + 5000], now=timezone.now())
    except IntegrityError as exc:
        raise Conflict(_("This ticket has already been answered."), code="already_answered") from exc
    return responses


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    version: InstrumentVersion,
    name: str,
    unit_id: int | None,
    subject: str,
    start: dt.date,
    end: dt.date,
    expected: int | None = None,
    status: str = CampaignStatus.OPEN,
) -> Campaign:
    pemda_id = _own_pemda(actor)
    if actor.is_public or version.instrument.pemda_id != pemda_id:
        raise PermissionDenied(_("You may not start this survey."))
    if end < start:
        raise ValidationFailed(_("The period ends before it starts."))
    campaign = Campaign.objects.create(
        pemda_id=pemda_id,
        version=version,
        name=name,
        unit_id=unit_id,
        subject=subject,
        start=start,
        end=end,
        expected=expected,
        status=status,
    )
    audit_record(
        action="surveys.campaign_create", actor=actor, target=campaign, target_label=name, detail={"status": status}
    )
    return campaign


def campaign_lock(campaign: Campaign) -> Campaign:
    """The campaign's row, locked until the caller's transaction ends (the state a move starts from)."""
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


# The audit code of each state a campaign is moved to.
_STATUS_AUDIT = {
    CampaignStatus.OPEN: "surveys.campaign_open",
    CampaignStatus.CLOSED: "surveys.campaign_close",
    CampaignStatus.CANCELLED: "surveys.campaign_cancel",
}


def campaign_status_set(*, actor: Actor, campaign: Campaign, status: str) -> Campaign:
    """Write a campaign's new state, audited (in the caller's transaction, on a row from `campaign_lock`).

    The engine checks only that the actor acts in the campaign's Pemda; which moves are allowed, and to
    whom, is the owning app's transition table, checked before this is called.
    """
    if actor.is_public or campaign.pemda_id != actor.pemda_id:
        raise PermissionDenied(_("You may not change this survey."))
    if status not in _STATUS_AUDIT:
        raise ValidationFailed(_("A campaign cannot be moved to this state."))
    old = campaign.status
    campaign.status = status
    campaign.save(update_fields=["status"])
    audit_record(
        action=_STATUS_AUDIT[CampaignStatus(status)],
        actor=actor,
        target=campaign,
        target_label=campaign.name,
        detail={"changes": {"status": [old, status]}},
    )
    return campaign
