"""Codes in words for templates: audit actions and roles (`{{ event.action|audit_action }}`, `{{ code|role_label }}`)."""

from __future__ import annotations

from django import template

from bina.core.audit_actions import audit_action_label
from bina.core.roles import Role

register = template.Library()


@register.filter
def audit_action(code: str) -> str:
    return audit_action_label(code)


@register.filter
def role_label(code: str) -> str:
    """A role code ("participant") as its badge text ("Peserta"); an unknown code reads as itself."""
    try:
        return str(Role(code).label)
    except ValueError:
        return code
