"""Scoped entry point to the audit log: who reads which events.

A Pemda admin reads their Pemda's events; the platform superadmin every event except those about
personal data (employees, as the people app registers; UU 27/2022 PDP, data minimisation: those carry names, NIPs and changed values, so they
stay with the Pemda's own admins); anyone else none.
"""

from __future__ import annotations

from django.db.models import QuerySet

from bina.core import permissions
from bina.core.actor import Actor
from bina.core.models import AuditEvent
from bina.core.registry import registry


def audit_events_in_scope(actor: Actor) -> QuerySet[AuditEvent]:
    if not permissions.can_view_audit_log(actor):
        return AuditEvent.objects.none()
    if actor.is_superadmin:
        return AuditEvent.objects.exclude(target_type__in=sorted(registry.personal_data_labels))
    if actor.pemda_id is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(pemda_id=actor.pemda_id)
