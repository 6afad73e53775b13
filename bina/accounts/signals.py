"""Logins and failed logins go to the audit log (receivers only record; no rules here)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from bina.core.audit import audit_record, client_ip


@receiver(user_logged_in)
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(
        action="auth.login",
        pemda_id=user.pemda_id,
        user_id=user.pk,
        actor_label=user.get_username(),
        ip=client_ip(request),
    )


@receiver(user_login_failed)
def _audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    audit_record(
        action="auth.login_failed",
        actor_label=str(credentials.get("username", ""))[:150],
        ip=client_ip(request),
    )
