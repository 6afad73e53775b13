"""Scoped reads of partners, agreements and instructors: the only way pages, API and commands reach them.

Who reads what (out of scope answers 404 like a missing object):
- the BKPSDM admin: everything of the Pemda;
- a partner coordinator (`actor.partner_ids`): its own institution(s), their agreements and instructors;
- everyone else in the Pemda: the partner list and instructors (names, expertise), never agreements.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.partners.models import Agreement, AgreementStatus, Instructor, Partner

EXPIRY_WARNING_DAYS = 90


def _coordinator_only(actor: Actor) -> bool:
    """A partner coordinator without a wider role is limited to its own institution(s)."""
    return bool(actor.partner_ids) and not actor.is_admin


def partners_for(actor: Actor) -> QuerySet[Partner]:
    if actor.pemda_id is None:
        return Partner.objects.none()
    qs = Partner.objects.filter(pemda_id=actor.pemda_id)
    if actor.is_admin:
        return qs
    if _coordinator_only(actor):
        return qs.filter(pk__in=actor.partner_ids)
    return qs.filter(is_active=True)


def can_read_agreements(actor: Actor) -> bool:
    return actor.pemda_id is not None and (actor.is_admin or bool(actor.partner_ids))


def with_current_status(qs: QuerySet[Agreement], today: date | None = None) -> QuerySet[Agreement]:
    """`current_status`: an active agreement past its end date reads as expired, without a nightly job."""
    today = today or timezone.localdate()
    return qs.annotate(
        current_status=Case(
            When(status=AgreementStatus.ACTIVE, ends_on__lt=today, then=Value(AgreementStatus.EXPIRED.value)),
            default="status",
            output_field=CharField(),
        )
    )


def agreement_current_status(agreement: Agreement, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if agreement.status == AgreementStatus.ACTIVE and agreement.ends_on < today:
        return AgreementStatus.EXPIRED.value
    return agreement.status


def agreements_for(actor: Actor) -> QuerySet[Agreement]:
    if not can_read_agreements(actor):
        return Agreement.objects.none()
    qs = Agreement.objects.filter(pemda_id=actor.pemda_id)  # type: ignore[misc]
    if not actor.is_admin:
        qs = qs.filter(partner_id__in=actor.partner_ids)
    return with_current_status(qs)


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


def instructors_for(actor: Actor) -> QuerySet[Instructor]:
    if actor.pemda_id is None:
        return Instructor.objects.none()
    qs = Instructor.objects.filter(pemda_id=actor.pemda_id)
    if actor.is_admin:
        return qs
    if _coordinator_only(actor):
        return qs.filter(partner_id__in=actor.partner_ids)
    return qs.filter(is_active=True)


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


def get_partner_for_user(actor: Actor, pk: int) -> Partner:
    obj = partners_for(actor).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No partner %(key)s was found.") % {"key": pk})
    return obj


def get_agreement_for_user(actor: Actor, pk: int) -> Agreement:
    obj = agreements_for(actor).select_related("partner").filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No agreement %(key)s was found.") % {"key": pk})
    return obj


def get_instructor_for_user(actor: Actor, pk: int) -> Instructor:
    obj = (
        instructors_for(actor)
        .select_related("partner", "employee", "user")
        .prefetch_related("competencies")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise NotFound(_("No instructor %(key)s was found.") % {"key": pk})
    return obj
