"""The main navigation: only the links the actor may use (decided by `bina.accounts.permissions`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bina.accounts import permissions
from bina.accounts.selectors import can_open_user_admin
from bina.core.models import Pemda

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context) -> list[NavLink]:
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if request is None or actor is None or not actor.is_authenticated:
        return []
    own = Pemda(pk=actor.pemda_id) if actor.pemda_id is not None else None
    candidates: list[tuple[str, Any, bool]] = [
        ("core:home", _("Home"), True),
        ("people:units", _("Organisation"), actor.pemda_id is not None),
        ("people:employees", _("Employees"), permissions.can_list_employees(actor)),
        ("people:import", _("Import"), permissions.can_import_employees(actor)),
        ("accounts:users", _("Users"), can_open_user_admin(actor)),
        ("core:audit", _("Audit log"), permissions.can_view_audit_log(actor)),
        ("core:pemda_settings", _("Settings"), own is not None and permissions.can_edit_pemda_settings(actor, own)),
        ("core:pemda_list", _("Pemda"), permissions.can_manage_pemdas(actor)),
        ("accounts:tokens", _("My account"), True),
    ]
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    links = []
    for name, label, allowed in candidates:
        if allowed:
            url = reverse(name)
            # "people:employees" also marks its detail pages ("people:employee_detail") as current.
            section = current == name or (name != "core:home" and current.startswith(name.rstrip("s")))
            links.append(NavLink(url=url, label=str(label), current=section))
    return links
