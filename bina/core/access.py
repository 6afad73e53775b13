"""Scoped entry point to the audit log: who reads which events.

A Pemda admin reads their Pemda's events; the platform superadmin every event except those about
employees (UU 27/2022 PDP, data minimisation: those carry names, NIPs and changed values, so they
stay with the Pemda's own admins); anyone else none.
"""

from __future__ import annotations

from django.db.models import QuerySet

from bina.accounts import permissions
from bina.core.actor import Actor
from bina.core.models import AuditEvent


def audit_events_in_scope(actor: Actor) -> QuerySet[AuditEvent]:
    if not permissions.can_view_audit_log(actor):
        return AuditEvent.objects.none()
    if actor.is_superadmin:
        from bina.people.models import Employee

        return AuditEvent.objects.exclude(target_type=Employee._meta.label_lower)
    if actor.pemda_id is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(pemda_id=actor.pemda_id)
