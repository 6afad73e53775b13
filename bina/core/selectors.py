"""Reads over Pemda and the audit log, always starting from an `Actor`.

Every function answers only what the actor may see: a BKPSDM admin their own Pemda, the
platform superadmin every Pemda (but no personal data), everyone else nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from bina.core import permissions
from bina.core.errors import PermissionDenied
from bina.core.models import AuditEvent, Pemda
from bina.core.registry import registry

if TYPE_CHECKING:
    from bina.accounts.models import User
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


def audit_events_for(actor: Actor, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """A Pemda admin sees their Pemda's events; the superadmin every event except those about employees.

    The platform superadmin holds no personal data of a Pemda (UU 27/2022 PDP, data minimisation):
    events whose target is an employee carry names, NIPs and changed values, so they stay with the
    Pemda's own admins.
    """
    if not permissions.can_view_audit_log(actor):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.all()
    if actor.is_superadmin:
        qs = qs.exclude(target_type__in=sorted(registry.personal_data_labels))
    else:
        if actor.pemda_id is None:
            return AuditEvent.objects.none()
        qs = qs.filter(pemda_id=actor.pemda_id)
    filters = filters or AuditFilters()
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.user:
        qs = qs.filter(actor_label__iexact=filters.user.strip())
    # Dates are days in the active time zone (the Pemda's, WIB by default).
    if filters.date_from:
        qs = qs.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(created_at__date__lte=filters.date_to)
    return qs.select_related("pemda").order_by("-created_at", "-id")


def audit_actions_for(actor: Actor) -> list[str]:
    """The distinct actions present in the actor's part of the log (for the filter select)."""
    return sorted(set(audit_events_for(actor).order_by().values_list("action", flat=True).distinct()))


# --- home cards (registered in bina.core.registration) -----------------------------------


def home_pemdas_card(actor: Actor, user: User) -> dict[str, object] | None:
    if not actor.is_superadmin:
        return None
    return {"pemdas": list(pemdas_for(actor))}


def home_recent_events_card(actor: Actor, user: User) -> dict[str, object] | None:
    if actor.pemda_id is None or not permissions.can_view_audit_log(actor):
        return None
    events = list(audit_events_for(actor)[:8])
    return {"events": events} if events else None
