"""What the people app plugs into the shell: organisation, employees and import; its home cards."""

from django.utils.translation import gettext_lazy as _

from bina.core.registry import (
    HomeCard,
    NavEntry,
    register_api,
    register_home_card,
    register_nav,
    register_pages,
    register_personal_data,
)
from bina.people import cards, permissions


def register() -> None:
    from bina.people import exports  # noqa: F401  (registers the employee list report)
    from bina.people.imports import register_kinds

    register_kinds()
    register_pages("people/", "bina.people.urls", 30)
    register_api("/", "bina.people.api:router", 20)
    register_nav(
        NavEntry("people:units", _("Organisation"), 130, permissions.can_browse_org_chart, group="people"),
        NavEntry("people:employees", _("Employees"), 140, permissions.can_list_employees, group="people"),
        NavEntry("people:import", _("Import"), 150, permissions.can_import_employees, group="people"),
    )
    register_personal_data("people.employee")
    register_home_card(
        HomeCard("people.overview", 20, "people/cards/_overview.html", cards.overview_card),
        HomeCard("people.team", 40, "people/cards/_team.html", cards.team_card),
        HomeCard("people.me", 50, "people/cards/_me.html", cards.me_card),
    )
