"""The main navigation: the entries apps registered (bina.core.registry) that the actor may use."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse

from bina.core.registry import registry

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool
    badge: int = 0


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context) -> list[NavLink]:
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if request is None or actor is None or not actor.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    links = []
    for entry in registry.nav_entries():
        if not entry.visible(actor):
            continue
        name = entry.url_name
        # "people:employees" also marks its detail pages ("people:employee_detail") as current.
        section = current == name or (
            name != "shell:home" and current.startswith(entry.sections or (name.rstrip("s"),))
        )
        badge = entry.badge(actor) if entry.badge is not None else 0
        links.append(NavLink(url=reverse(name), label=str(entry.label), current=section, badge=badge))
    return links
