"""Reads over Pemda and the audit log, always starting from an `Actor`.

Every function answers only what the actor may see: a BKPSDM admin their own Pemda, the
platform superadmin every Pemda (but no personal data), everyone else nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from bina.core import permissions
from bina.core.access import audit_events_in_scope
from bina.core.errors import PermissionDenied
from bina.core.models import AuditEvent, Pemda

if TYPE_CHECKING:
    from bina.core.actor import Actor


# --- Pemda ------------------------------------------------------------------------------


def pemda_of(actor: Actor) -> Pemda:
    """The actor's own Pemda. Platform accounts have none: refusing them is an action check (403)."""
    pemda = Pemda.objects.filter(pk=actor.pemda_id).first() if actor.pemda_id is not None else None
    if pemda is None:
        raise PermissionDenied(_("Platform accounts have no Pemda data; log in with an account of the Pemda."))
    return pemda


def pemdas_for(actor: Actor) -> QuerySet[Pemda]:
    """All Pemda with their user counts, for the platform superadmin only."""
    if not permissions.can_manage_pemdas(actor):
        return Pemda.objects.none()
    return Pemda.objects.annotate(user_count=Count("users")).order_by("name")


# --- audit log --------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    user: str = ""
    date_from: date | None = None
    date_to: date | None = None
    # A person or object: a NIP or name, matched in the event's object and, for the Pemda's own admins,
    # in its detail (an employee import's one entry lists the NIPs it created and updated).
    subject: str = ""


def audit_events_for(actor: Actor, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """A Pemda admin sees their Pemda's events; the superadmin every event except those about employees
    (the rule: `bina.core.access.audit_events_in_scope`)."""
    qs = audit_events_in_scope(actor)
    filters = filters or AuditFilters()
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.user:
        qs = qs.filter(actor_label__iexact=filters.user.strip())
    if subject := filters.subject.strip():
        match = Q(target_label__icontains=subject)
        if not actor.is_superadmin:  # the superadmin reads no personal data (NIP lists) in details
            match |= Q(detail__icontains=subject)
        qs = qs.filter(match)
    # Dates are days in the active time zone (the Pemda's, WIB by default).
    if filters.date_from:
        qs = qs.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(created_at__date__lte=filters.date_to)
    return qs.select_related("pemda", "actor").order_by("-created_at", "-id")


def audit_actions_for(actor: Actor) -> list[str]:
    """The distinct actions present in the actor's part of the log (for the filter select)."""
    return sorted(set(audit_events_for(actor).order_by().values_list("action", flat=True).distinct()))
