"""Permissions of the platform's own pages: Pemda settings, the list of Pemda, the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor
    from bina.core.models import Pemda


def _same_pemda(actor: Actor, pemda_id: int | None) -> bool:
    return actor.pemda_id is not None and actor.pemda_id == pemda_id


def can_edit_pemda_settings(actor: Actor, pemda: Pemda) -> bool:
    return actor.is_superadmin or (_same_pemda(actor, pemda.pk) and actor.is_admin)


def can_manage_pemdas(actor: Actor) -> bool:
    return actor.is_superadmin


def can_view_audit_log(actor: Actor) -> bool:
    return actor.is_superadmin or (actor.pemda_id is not None and actor.is_admin)
