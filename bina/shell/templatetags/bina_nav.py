"""The main navigation: the entries apps registered (bina.core.registry) that the actor may use, by task group."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse

from bina.core.actor import Actor
from bina.core.registry import NAV_GROUPS, registry

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool
    badge: int = 0


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str
    links: list[NavLink]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def nav_sections_for(actor: Actor, current: str = "") -> list[NavSection]:
    """The groups of links `actor` may use, in menu order; empty groups are left out."""
    links: dict[str, list[NavLink]] = {group.key: [] for group in NAV_GROUPS}
    for entry in registry.nav_entries():
        if not entry.visible(actor):
            continue
        name = entry.url_name
        # "people:employees" also marks its detail pages ("people:employee_detail") as current.
        section = current == name or (
            name != "shell:home" and current.startswith(entry.sections or (name.rstrip("s"),))
        )
        badge = entry.badge(actor) if entry.badge is not None else 0
        links[entry.group].append(NavLink(url=reverse(name), label=str(entry.label), current=section, badge=badge))
    return [
        NavSection(key=group.key, label=str(group.label), links=links[group.key])
        for group in sorted(NAV_GROUPS, key=lambda g: g.order)
        if links[group.key]
    ]


@register.simple_tag(takes_context=True)
def nav_sections(context: template.Context) -> list[NavSection]:
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if request is None or actor is None or not actor.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    return nav_sections_for(actor, match.view_name if match else "")
