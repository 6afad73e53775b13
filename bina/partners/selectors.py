"""Lists and details of partners, agreements and instructors, built on the scoped querysets of `access`.

Who reads what (out of scope answers 404 like a missing object):
- the BKPSDM admin: everything of the Pemda;
- a partner coordinator (`actor.partner_ids`): its own institution(s), their agreements and instructors;
- everyone else in the Pemda: the partner list and instructors (names, expertise), never agreements.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from bina.core.actor import Actor
from bina.partners.access import agreements_for, instructors_for, partners_for
from bina.partners.models import Agreement, AgreementStatus, Instructor, Partner
from bina.people.nip import nip_normalise

EXPIRY_WARNING_DAYS = 90


def agreement_current_status(agreement: Agreement, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if agreement.status == AgreementStatus.ACTIVE and agreement.ends_on < today:
        return AgreementStatus.EXPIRED.value
    return agreement.status


def agreements_expiring(
    actor: Actor, within_days: int = EXPIRY_WARNING_DAYS, today: date | None = None
) -> QuerySet[Agreement]:
    """Active agreements ending within `within_days` (and not yet ended): renew them in time."""
    today = today or timezone.localdate()
    return (
        agreements_for(actor)
        .filter(status=AgreementStatus.ACTIVE, ends_on__gte=today, ends_on__lte=today + timedelta(days=within_days))
        .select_related("partner")
        .order_by("ends_on")
    )


def can_read_partner_contacts(actor: Actor, partner: Partner) -> bool:
    """Address and contact person: for the admin and the partner's own coordinator."""
    return actor.is_admin or partner.pk in actor.partner_ids


def can_read_instructor_contacts(actor: Actor, instructor: Instructor) -> bool:
    """Contact details are for whoever arranges the teaching: the admin, or the instructor's own partner."""
    return actor.is_admin or (instructor.partner_id is not None and instructor.partner_id in actor.partner_ids)


def partner_list(actor: Actor, *, search: str = "", kind: str = "") -> QuerySet[Partner]:
    qs = partners_for(actor)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(short_name__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        instructor_count=Count("instructors", distinct=True),
        agreement_count=Count("agreements", distinct=True),
    ).order_by("name")


def instructor_list(
    actor: Actor, *, search: str = "", kind: str = "", partner_id: int | None = None, competency_id: int | None = None
) -> QuerySet[Instructor]:
    qs = instructors_for(actor).select_related("partner")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(expertise__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    if partner_id:
        qs = qs.filter(partner_id=partner_id)
    if competency_id:
        qs = qs.filter(competencies__id=competency_id)
    return qs.prefetch_related("competencies").order_by("name").distinct()


def instructor_pick(qs: QuerySet[Instructor], term: str, limit: int) -> list[Instructor]:
    """Up to `limit` instructors of `qs` by name, or by the NIP of the employee they are."""
    term = term.strip()
    if not term:
        return []
    match = Q(name__icontains=term)
    digits = nip_normalise(term)
    if digits.isdigit():
        match |= Q(employee__nip__startswith=digits)
    return list(qs.filter(match).select_related("partner", "employee").order_by("name", "pk")[:limit])
