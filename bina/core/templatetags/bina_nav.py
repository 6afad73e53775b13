"""The main navigation: only the links the actor may use (decided by `bina.accounts.permissions`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bina.accounts import permissions
from bina.accounts.permissions import can_open_user_admin
from bina.core.models import Pemda
from bina.notifications.selectors import unread_count
from bina.training import permissions as training_permissions

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool
    badge: int = 0


# Pages that belong to a navigation section although their URL name does not start with the link's.
SECTION_PREFIXES: dict[str, tuple[str, ...]] = {
    "training:classes": ("training:class", "training:session", "training:enrolment", "training:checkin"),
    "training:catalogue": ("training:programme", "training:course"),
    "training:my_learning": ("training:my_", "training:external_list", "training:external_create"),
    "training:external_review": ("training:external_review", "training:external_detail"),
    "partners:list": ("partners:",),
    "competencies:list": ("competencies:",),
    "certificates:list": ("certificates:",),
}


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context) -> list[NavLink]:
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if request is None or actor is None or not actor.is_authenticated:
        return []
    own = Pemda(pk=actor.pemda_id) if actor.pemda_id is not None else None
    in_pemda = actor.pemda_id is not None
    candidates: list[tuple[str, Any, bool]] = [
        ("core:home", _("Home"), True),
        ("training:my_learning", _("My learning"), in_pemda and actor.employee_id is not None),
        ("training:team", _("My team"), actor.is_supervisor),
        ("training:classes", _("Classes"), in_pemda),  # also class_*, session_*, enrolment_* pages
        ("training:catalogue", _("Programmes"), in_pemda),
        ("competencies:list", _("Competencies"), in_pemda),
        ("partners:list", _("Partners"), in_pemda and (actor.is_admin or actor.is_partner_coordinator)),
        ("certificates:list", _("Certificates"), in_pemda),
        ("training:external_review", _("External learning"), training_permissions.can_review_external(actor)),
        ("training:compliance", _("JP compliance"), training_permissions.can_view_jp_compliance(actor)),
        ("training:export_siasn", _("SIASN export"), training_permissions.can_export_training_history(actor)),
        ("notifications:list", _("Notifications"), True),
        ("people:units", _("Organisation"), in_pemda),
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
            section = current == name or (
                name != "core:home" and current.startswith(SECTION_PREFIXES.get(name, (name.rstrip("s"),)))
            )
            badge = unread_count(actor.user_id) if name == "notifications:list" else 0
            links.append(NavLink(url=url, label=str(label), current=section, badge=badge))
    return links
