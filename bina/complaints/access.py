"""Scoped entry points to complaints.

- Staff: the admin reads the whole Pemda; operators and leaders the complaints forwarded to a unit of their
  read reach (a complaint not yet forwarded is the admin's alone). Writes are checked per action by
  `bina.complaints.permissions` through the workflow.
- Public: a visitor reads one complaint of the Pemda of the URL by its tracking code (`complaint_public_for`),
  and the units and services the form offers. A code of another Pemda is "not found" under this slug.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bina.complaints.models import Complaint, ComplaintSettings
from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.core.roles import Role
from bina.people.access import reach_q
from bina.people.models import OrgUnit
from bina.quality.models import ServiceType

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def normalise_code(value: str) -> str:
    """What a person typed (`abcde-fghjk`, spaces) as a stored code; anything else stays unmatched."""
    return "".join(ch for ch in (value or "").upper() if ch not in " -.")[:32]


def complaints_for(actor: Actor) -> QuerySet[Complaint]:
    if actor.pemda_id is None:
        return Complaint.objects.none()
    reach = actor.read_reach()
    if reach.is_empty:
        return Complaint.objects.none()
    qs = Complaint.objects.filter(pemda_id=actor.pemda_id)
    if reach.whole_pemda:
        return qs
    return qs.filter(reach_q("disposed_unit__path", reach))


def get_complaint_for_user(actor: Actor, key: int | str) -> Complaint:
    """By primary key (pages) or tracking code (API); 404 for missing and out-of-reach alike."""
    qs = complaints_for(actor).select_related("unit", "service", "officer", "disposed_unit")
    complaint = qs.filter(pk=key).first() if isinstance(key, int) else qs.filter(code=normalise_code(key)).first()
    if complaint is None:
        raise NotFound(_("No complaint with the code %(code)s was found.") % {"code": key})
    return complaint


def complaint_public_for(actor: Actor, code: str) -> Complaint:
    """The complaint a visitor tracks: only within the Pemda of the URL."""
    complaint = None
    if actor.public_pemda_id is not None:
        complaint = Complaint.objects.filter(pemda_id=actor.public_pemda_id, code=normalise_code(code)).first()
    if complaint is None:
        raise NotFound(_("No complaint with the code %(code)s was found.") % {"code": code})
    return complaint


def public_units(actor: Actor) -> QuerySet[OrgUnit]:
    """Units a citizen may name on the public form (the org chart's units are public information)."""
    if actor.public_pemda_id is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(pemda_id=actor.public_pemda_id, closed_on__isnull=True).order_by("path")


def public_services(actor: Actor) -> QuerySet[ServiceType]:
    if actor.public_pemda_id is None:
        return ServiceType.objects.none()
    return ServiceType.objects.filter(pemda_id=actor.public_pemda_id, is_active=True)


def public_submissions_since(actor: Actor, source_key: str, since: datetime) -> int:
    """How many complaints this (hashed) address filed in the Pemda since `since`: the per-address limit."""
    if actor.public_pemda_id is None or not source_key:
        return 0
    return Complaint.objects.filter(
        pemda_id=actor.public_pemda_id, source_key=source_key, created_at__gte=since
    ).count()


def complaint_settings_of(pemda_id: int) -> ComplaintSettings:
    """The Pemda's time limits (defaults until the admin saves its own); configuration, keyed by the object's Pemda."""
    found = ComplaintSettings.objects.filter(pemda_id=pemda_id).first()
    return found or ComplaintSettings(pemda_id=pemda_id)


def escalation_recipients(complaint: Complaint) -> list[int]:
    """User ids told of an overdue complaint: the Pemda's admins, and operators of the handling unit."""
    from bina.accounts.models import RoleAssignment

    rows = RoleAssignment.objects.filter(pemda_id=complaint.pemda_id, user__is_active=True).select_related("org_unit")
    users: list[int] = []
    for row in rows:
        handles = (
            row.role == Role.OPERATOR
            and complaint.disposed_unit is not None
            and row.org_unit is not None
            and complaint.disposed_unit.path.startswith(row.org_unit.path)
        )
        if (row.role == Role.ADMIN or handles) and row.user_id not in users:
            users.append(row.user_id)
    return users


def overdue_for(actor: Actor, now: datetime | None = None) -> QuerySet[Complaint]:
    from django.utils import timezone

    from bina.complaints.selectors import overdue_q

    return complaints_for(actor).filter(overdue_q(now or timezone.now()))


def complaint_by_lapor_id(pemda_id: int, lapor_id: str) -> Complaint | None:
    """The complaint a LAPOR! row already created in this Pemda (the import's key), whoever may read it."""
    return Complaint.objects.filter(pemda_id=pemda_id, lapor_id=lapor_id).first() if lapor_id else None


def known_lapor_ids(pemda_id: int, lapor_ids: list[str]) -> set[str]:
    return set(Complaint.objects.filter(pemda_id=pemda_id, lapor_id__in=lapor_ids).values_list("lapor_id", flat=True))


def complaint_settings_row(pemda_id: int) -> ComplaintSettings:
    """The Pemda's settings row, created with the defaults when it saves them first (for the admin's update)."""
    return ComplaintSettings.objects.get_or_create(pemda_id=pemda_id)[0]
