"""Writes on complaints: intake (public, staff, LAPOR! import), the workflow's actions, notes, escalation.

Every action goes through `complaint_act` (the one dispatch from an action name to its service), which
checks `COMPLAINT_WORKFLOW` (403 before anything, 409 after locking the row), moves the stage, computes the
new stage's due date (`bina.complaints.duedates`) and writes one history event and one audit record.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.complaints import access, duedates, permissions
from bina.complaints.attachments import CheckedFile, attachments_check
from bina.complaints.models import (
    STAFF_STAGES,
    Category,
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    ComplaintNote,
    ComplaintSettings,
    Source,
    Stage,
)
from bina.complaints.workflows import COMPLAINT_WORKFLOW
from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import BinaError, NotFound, PermissionDenied, ValidationFailed, resolve_reference
from bina.core.models import Pemda
from bina.core.public import address_key
from bina.core.workflow import unknown_action
from bina.people.access import employees_for, org_units_for
from bina.people.models import Employee, OrgUnit
from bina.people.nip import nip_normalise
from bina.quality.access import holiday_dates, service_types_for
from bina.quality.models import ServiceType


class RateLimited(BinaError):
    """Too many public submissions from one address (429); a real citizen files one or two."""

    code = "rate_limited"
    status = 429


AUDIT = {
    "verify": "complaint.verify",
    "postpone": "complaint.postpone",
    "reject": "complaint.reject",
    "archive": "complaint.archive",
    "dispose": "complaint.dispose",
    "follow-up": "complaint.follow_up",
    "reopen": "complaint.reopen",
    "close": "complaint.close",
}
REASON_REQUIRED = gettext_lazy("Write %(what)s: it is kept with the complaint's history.")


@dataclass
class ComplaintInput:
    """What a filer gives (the public form, the API, staff on a citizen's behalf, a LAPOR! row)."""

    description: str
    category: str = Category.PENGADUAN
    unit_code: str = ""
    service_code: str = ""
    ticket_number: str = ""
    name: str = ""
    contact: str = ""
    officer_nip: str = ""
    received_at: datetime | None = None
    lapor_id: str = ""
    files: list[tuple[str, IO[bytes]]] = field(default_factory=list)


def _one(qs: Any, **lookup: Any) -> Any:
    """The one object of a scoped queryset, or `NotFound` (which `resolve_reference` turns into a 422)."""
    found = qs.filter(**lookup).first()
    if found is None:
        raise NotFound(str(next(iter(lookup.values()), "")))
    return found


def pemda_zone(pemda_id: int) -> ZoneInfo:
    name = Pemda.objects.filter(pk=pemda_id).values_list("timezone", flat=True).first()
    return ZoneInfo(name or "Asia/Jakarta")


def _holidays(pemda_id: int, start: datetime, days: int) -> frozenset[Any]:
    return holiday_dates(pemda_id, start.date() - timedelta(days=1), duedates.horizon(start, days))


def stage_due(complaint: Complaint, stage: str, start: datetime) -> datetime | None:
    """When the stage entered at `start` is due (None: the stage waits for the filer or is closed)."""
    conf = access.complaint_settings_of(complaint.pemda_id)
    days = {
        Stage.DITERIMA: conf.verify_days,
        Stage.DIVERIFIKASI: conf.verify_days,
        Stage.DIDISPOSISIKAN: conf.followup_days,
        Stage.DITINDAKLANJUTI: conf.close_days,
    }.get(Stage(stage))
    if days is None:
        return None
    zone = pemda_zone(complaint.pemda_id)
    return duedates.working_days_due(start, days, _holidays(complaint.pemda_id, start, days), zone)


def source_key_of(ip: str | None, pemda_id: int) -> str:
    """The submitting address as `bina.core.public.address_key` counts it, per Pemda."""
    return address_key(ip, f"complaints:{pemda_id}")


def _new_code() -> str:
    return "".join(secrets.choice(access.CODE_ALPHABET) for _ in range(access.CODE_LENGTH))


def _clean(data: ComplaintInput) -> None:
    data.description = (data.description or "").strip()
    if len(data.description) < 10:
        raise ValidationFailed(
            _("Describe what happened in at least 10 characters."),
            details=[{"field": "uraian", "message": _("Describe what happened in at least 10 characters.")}],
        )
    if data.category not in Category.values:
        raise ValidationFailed(_("Unknown report type."), details=[{"field": "kategori", "message": _("Unknown.")}])


def _create(
    *,
    actor: Actor,
    pemda_id: int,
    data: ComplaintInput,
    source: str,
    unit: OrgUnit | None,
    service: ServiceType | None,
    officer: Employee | None,
    checked: Sequence[CheckedFile],
    source_key: str = "",
    audit_action: str,
) -> Complaint:
    now = timezone.now()
    received = data.received_at or now
    complaint = Complaint(
        pemda_id=pemda_id,
        category=data.category,
        source=source,
        description=data.description,
        name=data.name.strip(),
        contact=data.contact.strip(),
        ticket_number=data.ticket_number.strip(),
        unit=unit,
        service=service,
        officer=officer,
        lapor_id=data.lapor_id,
        stage=Stage.DITERIMA,
        stage_started_at=received,
        received_at=received,
        source_key=source_key,
        created_by_id=actor.user_id,
    )
    complaint.due_at = stage_due(complaint, Stage.DITERIMA, received)
    for _attempt in range(5):
        complaint.code = _new_code()
        try:
            with transaction.atomic():
                complaint.save()
            break
        except IntegrityError:
            if Complaint.objects.filter(code=complaint.code).exists():
                continue  # a code collision (1 in 10^14): draw again
            raise
    ComplaintEvent.objects.create(
        pemda_id=pemda_id,
        complaint=complaint,
        action="submit",
        to_stage=Stage.DITERIMA,
        at=received,
        actor_label=actor.username,
    )
    for item in checked:
        attachment = ComplaintAttachment(
            pemda_id=pemda_id,
            complaint=complaint,
            display_name=item.display_name,
            content_type=item.content_type,
            size=len(item.data),
        )
        attachment.file.save(item.storage_name, ContentFile(item.data), save=False)
        attachment.save()
    audit_record(action=audit_action, actor=actor, pemda_id=pemda_id, target=complaint, ip=actor.ip)
    return complaint


@transaction.atomic
def complaint_submit(*, actor: Actor, data: ComplaintInput, via_api: bool = False) -> Complaint:
    """A citizen's complaint from the public form or API: anonymous allowed, limited per address and hour."""
    pemda_id = actor.public_pemda_id
    if not actor.is_public or pemda_id is None:
        raise PermissionDenied(_("Only the public form files complaints this way."))
    _clean(data)
    conf = access.complaint_settings_of(pemda_id)
    key = source_key_of(actor.ip, pemda_id)
    since = timezone.now() - timedelta(hours=1)
    if key and access.public_submissions_since(actor, key, since) >= conf.public_limit_per_hour:
        raise RateLimited(
            _("Too many complaints were sent from this address in the last hour. Please try again later.")
        )
    unit = None
    if data.unit_code:
        unit = resolve_reference("kode_unit", data.unit_code, lambda c: _one(access.public_units(actor), code=c))
    service = None
    if data.service_code:
        service = resolve_reference(
            "kode_layanan", data.service_code, lambda c: _one(access.public_services(actor), code=c)
        )
    checked = attachments_check(data.files)
    return _create(
        actor=actor,
        pemda_id=pemda_id,
        data=data,
        source=Source.API if via_api else Source.WEB,
        unit=unit,
        service=service,
        officer=None,
        checked=checked,
        source_key=key,
        audit_action="complaint.submit",
    )


def _staff_refs(actor: Actor, data: ComplaintInput) -> tuple[OrgUnit | None, ServiceType | None, Employee | None]:
    unit = service = officer = None
    if data.unit_code:
        unit = resolve_reference("kode_unit", data.unit_code, lambda c: _one(org_units_for(actor), code=c))
    if data.service_code:
        service = resolve_reference("kode_layanan", data.service_code, lambda c: _one(service_types_for(actor), code=c))
    if data.officer_nip:
        nip = nip_normalise(data.officer_nip)
        officer = resolve_reference("nip_petugas", nip, lambda n: _one(employees_for(actor), nip=n))
    return unit, service, officer


@transaction.atomic
def complaint_file(*, actor: Actor, data: ComplaintInput, source: str = Source.STAFF) -> Complaint:
    """Staff (admin, operator) file a complaint a citizen brought to the counter or sent by letter."""
    if not permissions.can_file_complaint(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only an admin or an operator can file complaints on a citizen's behalf."))
    _clean(data)
    unit, service, officer = _staff_refs(actor, data)
    checked = attachments_check(data.files)
    return _create(
        actor=actor,
        pemda_id=actor.pemda_id,
        data=data,
        source=source,
        unit=unit,
        service=service,
        officer=officer,
        checked=checked,
        audit_action="complaint.file",
    )


@transaction.atomic
def complaint_import(*, actor: Actor, data: ComplaintInput) -> tuple[Complaint, str]:
    """One row of a LAPOR! export: created once per LAPOR! id; a re-import updates the words, never the stage."""
    if not permissions.can_file_complaint(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only an admin or an operator can import complaints."))
    _clean(data)
    unit, service, officer = _staff_refs(actor, data)
    existing = access.complaint_by_lapor_id(actor.pemda_id, data.lapor_id)
    if existing is not None:
        values = {
            "description": data.description,
            "category": data.category,
            "unit": unit,
            "service": service,
            "name": data.name.strip(),
            "contact": data.contact.strip(),
            "ticket_number": data.ticket_number.strip(),
        }
        changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
        for name, value in changed.items():
            setattr(existing, name, value)
        if changed:
            existing.save()
            audit_record(action="complaint.import", actor=actor, target=existing, detail={"fields": sorted(changed)})
        return existing, "updated" if changed else "unchanged"
    created = _create(
        actor=actor,
        pemda_id=actor.pemda_id,
        data=data,
        source=Source.LAPOR,
        unit=unit,
        service=service,
        officer=officer,
        checked=[],
        audit_action="complaint.import",
    )
    return created, "created"


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update(of=("self",)).select_related("disposed_unit").get(pk=complaint.pk)


def _move(
    *, actor: Actor, complaint: Complaint, action: str, reason: str = "", now: datetime | None = None, **changes: Any
) -> Complaint:
    COMPLAINT_WORKFLOW.authorize(action, complaint, actor)
    transition = COMPLAINT_WORKFLOW.transition(action)
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        message = str(REASON_REQUIRED) % {"what": str(transition.reason_label).lower()}
        raise ValidationFailed(message, details=[{"field": transition.reason_field, "message": message}])
    locked = _lock(complaint)
    for name, value in changes.items():
        setattr(locked, name, value)
    COMPLAINT_WORKFLOW.check(action, locked, actor)
    now = now or timezone.now()
    source = locked.stage
    target = transition.target or source
    locked.stage = target
    locked.stage_started_at = now
    if target == Stage.DIVERIFIKASI and source == Stage.DITERIMA:
        pass  # one window for verification and forwarding: the receipt's due date stays
    else:
        locked.due_at = stage_due(locked, target, now)
    if target == Stage.DIVERIFIKASI:
        conf = access.complaint_settings_of(locked.pemda_id)
        locked.settle_due_at = duedates.calendar_days_due(now, conf.settle_days, pemda_zone(locked.pemda_id))
    if target == Stage.DITINDAKLANJUTI:
        locked.followed_up_at = now
        locked.response = reason
    if target == Stage.SELESAI:
        locked.resolved_at = locked.followed_up_at or now
    locked.save()
    ComplaintEvent.objects.create(
        pemda_id=locked.pemda_id,
        complaint=locked,
        action=action,
        from_stage=source,
        to_stage=target,
        at=now,
        actor_label=actor.username,
        reason=reason,
    )
    audit_record(
        action=AUDIT[action],
        actor=actor,
        target=locked,
        detail={"from": source, "to": target, **({"reason": reason} if reason else {})},
    )
    return locked


@transaction.atomic
def complaint_verify(*, actor: Actor, complaint: Complaint) -> Complaint:
    return _move(actor=actor, complaint=complaint, action="verify")


@transaction.atomic
def complaint_postpone(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    return _move(actor=actor, complaint=complaint, action="postpone", reason=reason)


@transaction.atomic
def complaint_reject(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    return _move(actor=actor, complaint=complaint, action="reject", reason=reason)


@transaction.atomic
def complaint_archive(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    return _move(actor=actor, complaint=complaint, action="archive", reason=reason)


@transaction.atomic
def complaint_dispose(*, actor: Actor, complaint: Complaint, unit_code: str, officer_nip: str = "") -> Complaint:
    """Forward to the unit that handles it (and optionally name the officer the complaint is about)."""
    COMPLAINT_WORKFLOW.authorize("dispose", complaint, actor)
    if not unit_code:
        message = _("Choose the unit that handles the complaint.")
        raise ValidationFailed(message, details=[{"field": "kode_unit", "message": message}])
    unit = resolve_reference("kode_unit", unit_code, lambda c: _one(org_units_for(actor), code=c))
    changes: dict[str, Any] = {"disposed_unit": unit}
    if officer_nip:
        nip = nip_normalise(officer_nip)
        changes["officer"] = resolve_reference("nip_petugas", nip, lambda n: _one(employees_for(actor), nip=n))
    return _move(actor=actor, complaint=complaint, action="dispose", reason="", **changes)


@transaction.atomic
def complaint_follow_up(*, actor: Actor, complaint: Complaint, response: str) -> Complaint:
    return _move(actor=actor, complaint=complaint, action="follow-up", reason=response)


@transaction.atomic
def complaint_reopen(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    return _move(actor=actor, complaint=complaint, action="reopen", reason=reason)


@transaction.atomic
def complaint_close(*, actor: Actor, complaint: Complaint, now: datetime | None = None) -> Complaint:
    return _move(actor=actor, complaint=complaint, action="close", now=now)


def complaint_act(
    *, actor: Actor, complaint: Complaint, action: str, reason: str = "", unit_code: str = "", officer_nip: str = ""
) -> Complaint:
    """The one dispatch from an action name (page URL, API body) to its service; unknown names: 422."""
    if action not in COMPLAINT_WORKFLOW.transitions:
        raise unknown_action(action, COMPLAINT_WORKFLOW.actions)
    if action == "verify":
        return complaint_verify(actor=actor, complaint=complaint)
    if action == "dispose":
        return complaint_dispose(actor=actor, complaint=complaint, unit_code=unit_code, officer_nip=officer_nip)
    if action == "follow-up":
        return complaint_follow_up(actor=actor, complaint=complaint, response=reason)
    if action == "close":
        return complaint_close(actor=actor, complaint=complaint)
    with_reason = {
        "postpone": complaint_postpone,
        "reject": complaint_reject,
        "archive": complaint_archive,
        "reopen": complaint_reopen,
    }
    return with_reason[action](actor=actor, complaint=complaint, reason=reason)


@transaction.atomic
def complaint_note_add(*, actor: Actor, complaint: Complaint, text: str) -> ComplaintNote:
    """An internal note (never shown to the filer): the people who may handle the complaint."""
    if not (permissions.can_verify_complaint(actor, complaint) or permissions.can_handle_complaint(actor, complaint)):
        raise PermissionDenied(_("Only the admin or an operator of the handling unit can add notes."))
    text = (text or "").strip()
    if not text:
        message = _("Write the note.")
        raise ValidationFailed(message, details=[{"field": "text", "message": message}])
    note = ComplaintNote.objects.create(
        pemda_id=complaint.pemda_id,
        complaint=complaint,
        author_id=actor.user_id,
        author_label=actor.username,
        text=text[:10_000],
    )
    audit_record(action="complaint.note_add", actor=actor, target=complaint)
    return note


SETTINGS_FIELDS = ("verify_days", "followup_days", "close_days", "settle_days", "public_limit_per_hour")


@transaction.atomic
def complaint_settings_update(*, actor: Actor, data: dict[str, int]) -> ComplaintSettings:
    if not permissions.can_manage_complaint_settings(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only the Pemda's admin changes the complaint time limits."))
    conf = access.complaint_settings_row(actor.pemda_id)
    changes = {}
    for name in SETTINGS_FIELDS:
        if name in data and getattr(conf, name) != data[name]:
            changes[name] = [getattr(conf, name), data[name]]
            setattr(conf, name, data[name])
    conf.save()
    if changes:
        audit_record(action="complaint.settings_update", actor=actor, detail={"changes": changes})
    return conf


@dataclass(frozen=True)
class EscalationResult:
    escalated: int
    closed: int


def complaints_escalate(*, actor: Actor, now: datetime | None = None) -> EscalationResult:
    """The daily job of one Pemda: close followed-up complaints whose filer did not reply within `close_days`,
    and tell the admins (and the handling unit's operators) of each overdue complaint, once per deadline.

    Idempotent: an escalation is claimed by a conditional UPDATE on `escalated_due_at` (the deadline it was
    sent for) and its notification's `event_key` is unique, so running twice, or in two processes, sends
    each escalation once. A new stage has a new deadline, which may be escalated in its turn.
    """
    from django.db.models import F, Q

    from bina.notifications.services import notify

    if not actor.is_system or actor.pemda_id is None:
        raise PermissionDenied(_("Escalation runs as the Pemda's system job."))
    now = now or timezone.now()
    closed = 0
    for complaint in access.complaints_for(actor).filter(stage=Stage.DITINDAKLANJUTI, due_at__lt=now):
        try:
            complaint_close(actor=actor, complaint=complaint, now=now)
            closed += 1
        except BinaError:
            continue  # someone moved it meanwhile
    from bina.accounts.models import User

    escalated = 0
    overdue = (
        access.complaints_for(actor).filter(stage__in=STAFF_STAGES, due_at__lt=now).select_related("disposed_unit")
    )
    for complaint in overdue:
        with transaction.atomic():
            claimed = (
                Complaint.objects.filter(pk=complaint.pk, due_at=complaint.due_at)
                .filter(Q(escalated_due_at__isnull=True) | ~Q(escalated_due_at=F("due_at")))
                .update(escalated_due_at=F("due_at"))
            )
            if not claimed:
                continue
            stamp = int(complaint.due_at.timestamp()) if complaint.due_at else 0
            for user in User.objects.filter(pk__in=access.escalation_recipients(complaint)):
                notify(
                    user=user,
                    kind="complaint_overdue",
                    event_key=f"complaint-overdue:{complaint.pk}:{complaint.stage}:{stamp}",
                    title=gettext_lazy("Complaint %(code)s is overdue"),
                    body=gettext_lazy("Complaint %(code)s (%(stage)s) was due %(due)s and is still waiting."),
                    params={"code": complaint.code, "stage": complaint.get_stage_display(), "due": complaint.due_at},
                    url=f"/complaints/{complaint.code}/",
                )
            audit_record(action="complaint.escalate", actor=actor, target=complaint, detail={"stage": complaint.stage})
            escalated += 1
    return EscalationResult(escalated=escalated, closed=closed)
