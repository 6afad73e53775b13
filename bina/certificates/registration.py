"""What the certificates app plugs in: its navigation entry and the training hooks it fills."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bina.core.actor import Actor
from bina.core.registry import NavEntry, register_api, register_nav, register_pages
from bina.training.hooks import hooks


def _on_class_completed(actor: Actor, klass: Any) -> int | None:
    """Queue the certificates of a completed class's graduates that have none yet."""
    from bina.certificates.services import certificate_batch_create, class_needs_certificates

    if not class_needs_certificates(klass):
        return None
    return certificate_batch_create(actor=actor, klass=klass).pk


def _class_panel(actor: Actor, klass: Any, is_admin: bool) -> dict[str, Any]:
    from bina.certificates.selectors import class_certificate_count, latest_batch

    return {
        "panel_batch": latest_batch(klass.pk) if is_admin else None,
        "panel_issued": class_certificate_count(klass.pk) if is_admin else None,
    }


def _employee_certificates(pemda_id: int, employee_id: int) -> list[Any]:
    from bina.certificates.selectors import employee_valid_certificates

    return list(employee_valid_certificates(employee_id)[:50])


def register() -> None:
    register_pages("certificates/", "bina.certificates.urls", 70)
    # Public (no login): what the QR code on a certificate opens.
    register_pages("verify/", "bina.certificates.urls_public", 71)
    register_api("/", "bina.certificates.api:router", 70)
    register_nav(
        NavEntry(
            "certificates:list",
            _("Certificates"),
            80,
            lambda actor: actor.pemda_id is not None,
            sections=("certificates:",),
        )
    )
    hooks.class_completed.append(_on_class_completed)
    hooks.class_panel.append(_class_panel)
    hooks.employee_certificates.append(_employee_certificates)
