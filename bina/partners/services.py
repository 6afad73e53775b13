"""Writes to partner institutions, cooperation agreements and instructors. The BKPSDM admin's job.

Agreements: a cooperation agreement (perjanjian kerja sama) runs from `starts_on` to `ends_on`; an
active agreement past its end reads as expired (`access.with_current_status`), and the admins are
warned before it ends (`agreements_notify_expiring`, run daily by `notify_expiring_agreements`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.accounts.models import Role, User
from bina.competencies.models import Competency
from bina.core.actor import Actor
from bina.core.audit import audit_changes, audit_record, audit_value, track_changes, track_m2m
from bina.core.dates import format_date
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import Pemda
from bina.partners.models import (
    Agreement,
    AgreementStatus,
    Instructor,
    InstructorKind,
    Partner,
    PartnerKind,
)
from bina.partners.permissions import can_manage_partners
from bina.people.models import Employee

# Warn at these many days before an agreement ends; each threshold once per agreement.
EXPIRY_THRESHOLDS = (90, 30, 7)
AGREEMENT_TITLE = gettext_lazy("Agreement %(number)s with %(partner)s ends in %(days)s days")
AGREEMENT_BODY = gettext_lazy(
    "The cooperation agreement %(number)s (%(title)s) with %(partner)s is valid until %(ends_on)s. "
    "Renew it or plan the classes it covers."
)

PARTNER_FIELDS = ("name", "short_name", "kind", "address", "contact_name", "contact_email", "contact_phone", "website")


def _require_admin(actor: Actor, pemda_id: int) -> None:
    if not (can_manage_partners(actor) and actor.pemda_id == pemda_id):
        raise PermissionDenied(_("Only a BKPSDM admin can manage partners, agreements and instructors."))


# --- partners ----------------------------------------------------------------------------


def _check_partner(pemda_id: int, data: dict[str, Any], exclude_pk: int | None = None) -> None:
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationFailed(_("A partner needs a name."), details=[{"field": "name"}])
    if data.get("kind") not in PartnerKind.values:
        raise ValidationFailed(
            _("Kind must be one of: %(choices)s.") % {"choices": ", ".join(PartnerKind.values)},
            details=[{"field": "kind"}],
        )
    if Partner.objects.filter(pemda_id=pemda_id, name__iexact=name).exclude(pk=exclude_pk).exists():  # type: ignore[misc]
        raise Conflict(
            _("A partner named %(name)s already exists; open it instead of adding it again.") % {"name": name},
            details=[{"field": "name"}],
        )


@transaction.atomic
def partner_create(*, actor: Actor, pemda: Pemda, data: dict[str, Any]) -> Partner:
    _require_admin(actor, pemda.pk)
    values = {k: (data.get(k) or "") for k in PARTNER_FIELDS}
    values["name"] = values["name"].strip()
    _check_partner(pemda.pk, values)
    partner = Partner.objects.create(pemda=pemda, **values)
    audit_record(action="partner.create", actor=actor, pemda_id=pemda.pk, target=partner)
    return partner


@transaction.atomic
def partner_update(*, actor: Actor, partner: Partner, data: dict[str, Any]) -> Partner:
    """Change the fields present in `data` (plus `is_active`)."""
    _require_admin(actor, partner.pemda_id)
    values = {
        key: data[key].strip() if isinstance(data[key], str) else data[key]
        for key in (*PARTNER_FIELDS, "is_active")
        if key in data and data[key] is not None
    }
    changes = track_changes(partner, values)
    if changes:
        _check_partner(partner.pemda_id, {"name": partner.name, "kind": partner.kind}, exclude_pk=partner.pk)
        partner.save()
        audit_changes(action="partner.update", actor=actor, target=partner, changes=changes)
    return partner


# --- agreements --------------------------------------------------------------------------


def _check_agreement(agreement: Agreement) -> None:
    if not agreement.number.strip():
        raise ValidationFailed(_("An agreement needs its number."), details=[{"field": "number"}])
    if not agreement.title.strip():
        raise ValidationFailed(_("An agreement needs a title."), details=[{"field": "title"}])
    if agreement.ends_on < agreement.starts_on:
        raise ValidationFailed(
            _("The agreement ends (%(end)s) before it starts (%(start)s); check the dates.")
            % {"end": format_date(agreement.ends_on), "start": format_date(agreement.starts_on)},
            details=[{"field": "ends_on"}],
        )
    if agreement.signed_on is not None and agreement.signed_on > agreement.ends_on:
        raise ValidationFailed(
            _("The agreement cannot be signed after it ends; check the signing date."),
            details=[{"field": "signed_on"}],
        )
    if agreement.status not in (AgreementStatus.DRAFT, AgreementStatus.ACTIVE):
        raise ValidationFailed(
            _(
                "Save an agreement as draft or active; expiry follows from its end date and termination has its own action."
            ),
            details=[{"field": "status"}],
        )
    duplicate = Agreement.objects.filter(pemda_id=agreement.pemda_id, number__iexact=agreement.number)
    if duplicate.exclude(pk=agreement.pk).exists():
        raise Conflict(
            _("An agreement numbered %(number)s already exists.") % {"number": agreement.number},
            details=[{"field": "number"}],
        )


AGREEMENT_FIELDS = ("number", "title", "scope", "signed_on", "starts_on", "ends_on", "status")


@transaction.atomic
def agreement_create(
    *, actor: Actor, partner: Partner, data: dict[str, Any], document: UploadedFile | None = None
) -> Agreement:
    _require_admin(actor, partner.pemda_id)
    values = {k: data[k] for k in AGREEMENT_FIELDS if data.get(k) is not None}
    for key in ("starts_on", "ends_on"):
        if key not in values:
            raise ValidationFailed(_("An agreement needs its validity dates."), details=[{"field": key}])
    agreement = Agreement(pemda_id=partner.pemda_id, partner=partner, **values)
    agreement.number = agreement.number.strip()
    _check_agreement(agreement)
    if document is not None:
        agreement.document = document
    agreement.save()
    audit_record(action="agreement.create", actor=actor, target=agreement, detail={"partner": partner.pk})
    return agreement


@transaction.atomic
def agreement_update(
    *, actor: Actor, agreement: Agreement, data: dict[str, Any], document: UploadedFile | None = None
) -> Agreement:
    _require_admin(actor, agreement.pemda_id)
    if agreement.status == AgreementStatus.TERMINATED:
        raise Conflict(_("A terminated agreement cannot be changed; record a new agreement instead."))
    changes = track_changes(agreement, {key: data[key] for key in AGREEMENT_FIELDS if data.get(key) is not None})
    if changes:
        _check_agreement(agreement)
    if document is not None:  # a new upload is a change even under the same file name
        changes["document"] = [audit_value(agreement.document), audit_value(document)]
        agreement.document = document
    if changes:
        agreement.save()
        audit_changes(action="agreement.update", actor=actor, target=agreement, changes=changes)
    return agreement


@transaction.atomic
def agreement_terminate(*, actor: Actor, agreement: Agreement, reason: str = "") -> Agreement:
    """End an agreement early. Kept (not deleted): classes and reports still refer to it."""
    _require_admin(actor, agreement.pemda_id)
    if agreement.status == AgreementStatus.TERMINATED:
        raise Conflict(_("This agreement is already terminated."))
    previous = agreement.status
    agreement.status = AgreementStatus.TERMINATED
    agreement.save(update_fields=["status", "updated_at"])
    audit_record(
        action="agreement.terminate", actor=actor, target=agreement, detail={"from": previous, "reason": reason}
    )
    return agreement


def agreements_notify_expiring(*, today: date | None = None) -> int:
    """Warn every Pemda's admins of active agreements ending within 90, 30 and 7 days.

    Each (agreement, threshold) is notified once (the event key), so the daily run can repeat
    safely; an agreement first seen at 20 days left is notified for 30 only, not 90 as well.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=max(EXPIRY_THRESHOLDS))
    from bina.notifications.services import notify

    agreements = (
        Agreement.objects.filter(status=AgreementStatus.ACTIVE, ends_on__gte=today, ends_on__lte=horizon)
        .select_related("partner")
        .order_by("pemda_id", "ends_on")
    )
    sent = 0
    admins_by_pemda: dict[int, list[User]] = {}
    for agreement in agreements:
        days_left = (agreement.ends_on - today).days
        threshold = min(t for t in EXPIRY_THRESHOLDS if days_left <= t)
        if agreement.pemda_id not in admins_by_pemda:
            admins_by_pemda[agreement.pemda_id] = list(
                User.objects.filter(
                    pemda_id=agreement.pemda_id,
                    is_active=True,
                    role_assignments__role=Role.ADMIN,
                    role_assignments__pemda_id=agreement.pemda_id,
                ).distinct()
            )
        for admin in admins_by_pemda[agreement.pemda_id]:
            with transaction.atomic():
                created = notify(
                    user=admin,
                    kind="agreement_expiring",
                    event_key=f"agreement-expiring:{agreement.pk}:{threshold}",
                    title=AGREEMENT_TITLE,
                    body=AGREEMENT_BODY,
                    params={
                        "number": agreement.number,
                        "title": agreement.title,
                        "partner": str(agreement.partner),
                        "days": days_left,
                        "ends_on": agreement.ends_on,
                    },
                    url=reverse("partners:detail", args=[agreement.partner_id]),
                )
            if created is not None:
                sent += 1
    return sent


# --- instructors -------------------------------------------------------------------------

INTERNAL_KINDS = (InstructorKind.WIDYAISWARA, InstructorKind.ASN)


def _resolve_instructor_links(*, pemda_id: int, kind: str, employee: Employee | None, partner: Partner | None) -> None:
    """Internal instructors are the Pemda's own employees; partner instructors come from a partner."""
    if kind not in InstructorKind.values:
        raise ValidationFailed(
            _("Kind must be one of: %(choices)s.") % {"choices": ", ".join(InstructorKind.values)},
            details=[{"field": "kind"}],
        )
    if kind in INTERNAL_KINDS and employee is None:
        raise ValidationFailed(
            _("An internal instructor (widyaiswara or ASN) is one of your employees: give their NIP."),
            details=[{"field": "employee_nip"}],
        )
    if kind not in INTERNAL_KINDS and employee is not None:
        raise ValidationFailed(
            _("Only internal instructors (widyaiswara or ASN) are linked to an employee; leave the NIP empty."),
            details=[{"field": "employee_nip"}],
        )
    if employee is not None and employee.pemda_id != pemda_id:
        raise ValidationFailed(_("The employee belongs to another Pemda."), details=[{"field": "employee_nip"}])
    if kind == InstructorKind.PARTNER and partner is None:
        raise ValidationFailed(
            _("A partner instructor needs the partner institution they come from."), details=[{"field": "partner"}]
        )
    if partner is not None and partner.pemda_id != pemda_id:
        raise ValidationFailed(_("The partner belongs to another Pemda."), details=[{"field": "partner"}])


def _check_competencies(pemda_id: int, competencies: Iterable[Competency]) -> list[Competency]:
    items = list(competencies)
    if any(c.pemda_id != pemda_id for c in items):
        raise ValidationFailed(_("A competency belongs to another Pemda."), details=[{"field": "competencies"}])
    return items


def _link_user(*, actor: Actor, instructor: Instructor, user: User | None) -> None:
    """Give the instructor a login: the account sees the sessions it teaches (role `instructor`)."""
    if user is None:
        return
    if user.pemda_id != instructor.pemda_id:
        raise ValidationFailed(_("The account belongs to another Pemda."), details=[{"field": "username"}])
    other = Instructor.objects.filter(user=user).exclude(pk=instructor.pk).first()
    if other is not None:
        raise Conflict(
            _("The account %(username)s is already linked to the instructor %(name)s.")
            % {"username": user.username, "name": other.name},
            details=[{"field": "username"}],
        )
    from bina.accounts.services import role_assign

    role_assign(actor=actor, user=user, role=Role.INSTRUCTOR)


@transaction.atomic
def instructor_create(
    *,
    actor: Actor,
    pemda: Pemda,
    kind: str,
    name: str = "",
    employee: Employee | None = None,
    partner: Partner | None = None,
    user: User | None = None,
    email: str = "",
    phone: str = "",
    expertise: str = "",
    competencies: Iterable[Competency] = (),
) -> Instructor:
    _require_admin(actor, pemda.pk)
    _resolve_instructor_links(pemda_id=pemda.pk, kind=kind, employee=employee, partner=partner)
    name = (name or "").strip() or (employee.name if employee is not None else "")
    if not name:
        raise ValidationFailed(_("An instructor needs a name."), details=[{"field": "name"}])
    items = _check_competencies(pemda.pk, competencies)
    instructor = Instructor(
        pemda=pemda,
        kind=kind,
        name=name,
        employee=employee,
        partner=partner,
        email=email or (employee.email if employee is not None else ""),
        phone=phone,
        expertise=expertise,
    )
    _link_user(actor=actor, instructor=instructor, user=user)
    instructor.user = user
    instructor.save()
    instructor.competencies.set(items)
    audit_record(action="instructor.create", actor=actor, pemda_id=pemda.pk, target=instructor)
    return instructor


_UNSET: Any = object()


@transaction.atomic
def instructor_update(
    *,
    actor: Actor,
    instructor: Instructor,
    kind: str | None = None,
    name: str | None = None,
    employee: Employee | None = _UNSET,
    partner: Partner | None = _UNSET,
    user: User | None = _UNSET,
    email: str | None = None,
    phone: str | None = None,
    expertise: str | None = None,
    is_active: bool | None = None,
    competencies: Iterable[Competency] | None = None,
) -> Instructor:
    """Change what is given; `employee`, `partner` and `user` accept None to unlink."""
    _require_admin(actor, instructor.pemda_id)
    links: dict[str, Any] = {"kind": kind} if kind is not None else {}
    if employee is not _UNSET:
        links["employee"] = employee
    if partner is not _UNSET:
        links["partner"] = partner
    changes = track_changes(instructor, links)
    _resolve_instructor_links(
        pemda_id=instructor.pemda_id, kind=instructor.kind, employee=instructor.employee, partner=instructor.partner
    )
    texts: dict[str, Any] = {
        key: value.strip()
        for key, value in (("name", name), ("email", email), ("phone", phone), ("expertise", expertise))
        if value is not None
    }
    if "name" in texts and not texts["name"]:
        raise ValidationFailed(_("An instructor needs a name."), details=[{"field": "name"}])
    if is_active is not None:
        texts["is_active"] = is_active
    changes.update(track_changes(instructor, texts))
    if user is not _UNSET and user != instructor.user:
        _link_user(actor=actor, instructor=instructor, user=user)
        changes.update(track_changes(instructor, {"user": user}))
    if changes:
        instructor.save()
    if competencies is not None:
        items = _check_competencies(instructor.pemda_id, competencies)
        track_m2m(changes, "competencies", instructor.competencies, items)
    audit_changes(action="instructor.update", actor=actor, target=instructor, changes=changes)
    return instructor
