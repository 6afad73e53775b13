"""Scoped entry points to partners, agreements and instructors: the only way pages, API and commands reach them.

Who reads what (out of scope answers 404 like a missing object):
- the BKPSDM admin: everything of the Pemda;
- a partner coordinator (`actor.partner_ids`): its own institution(s), their agreements and instructors;
- everyone else in the Pemda: the partner list and instructors (names, expertise), never agreements.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.partners.models import Agreement, AgreementStatus, Instructor, Partner


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


def agreements_for(actor: Actor) -> QuerySet[Agreement]:
    if not can_read_agreements(actor):
        return Agreement.objects.none()
    qs = Agreement.objects.filter(pemda_id=actor.pemda_id)  # type: ignore[misc]
    if not actor.is_admin:
        qs = qs.filter(partner_id__in=actor.partner_ids)
    return with_current_status(qs)


def instructors_for(actor: Actor) -> QuerySet[Instructor]:
    if actor.pemda_id is None:
        return Instructor.objects.none()
    qs = Instructor.objects.filter(pemda_id=actor.pemda_id)
    if actor.is_admin:
        return qs
    if _coordinator_only(actor):
        return qs.filter(partner_id__in=actor.partner_ids)
    return qs.filter(is_active=True)


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
