"""What the simulations app plugs in: pages, API, navigation, a link on the class page (its role-play) and
a link from the competency page to the reader's simulation evidence (`bina.competencies.hooks`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.registry import NavEntry, register_api, register_nav, register_pages
from bina.simulations import permissions


def _class_link(actor: Any, klass: Any) -> tuple[str, str] | None:
    from bina.simulations.access import roleplay_classes_for

    if not roleplay_classes_for(actor).filter(pk=klass.pk).exists():
        return None
    return _("Role-play"), reverse("simulations:class_roleplay", args=[klass.pk])


def _evidence_link(actor: Any, competency: Any) -> tuple[str, str] | None:
    if actor.employee_id is None:
        return None
    return _("My simulation evidence"), reverse("simulations:evidence", args=[actor.employee_id])


def _profile_evidence(actor: Any, employee: Any) -> dict[str, Any] | None:
    """The person's simulation scores per competency on their profile; nothing when there are none, or when the
    reader may not see them (the same rule as the evidence page)."""
    from bina.core.errors import BinaError
    from bina.simulations.selectors import competency_evidence

    if actor.pemda_id is None:
        return None
    try:
        _employee, rows = competency_evidence(actor, employee.pk)
    except BinaError:
        return None
    return {"rows": rows, "employee_id": employee.pk} if rows else None


def register() -> None:
    from bina.competencies import hooks as competency_hooks
    from bina.evaluation.hooks import ColumnProvider, SectionProvider, register_columns, register_section
    from bina.people.hooks import ProfileSection
    from bina.people.hooks import hooks as people_hooks
    from bina.simulations.report import simulation_report_columns, simulation_report_headers, simulation_report_section
    from bina.training.facade import hooks as training_hooks

    # The employee profile (a people page): simulation scores as evidence for the competencies they assess.
    people_hooks.register_profile_section(
        ProfileSection("simulations.evidence", 40, "simulations/_profile_evidence.html", _profile_evidence)
    )
    register_pages("simulations/", "bina.simulations.urls", 47)
    register_section(SectionProvider("simulations.roleplay", 50, build=simulation_report_section))
    register_columns(
        ColumnProvider("simulations.roleplay", 50, headers=simulation_report_headers, build=simulation_report_columns)
    )
    register_api("/", "bina.simulations.api:router", 47)
    register_nav(
        NavEntry(
            "simulations:scenario_list",
            gettext_lazy("Simulations"),
            62,
            permissions.can_browse_scenarios,
            sections=("simulations:",),
            group="training",
        )
    )
    training_hooks.class_links.append(_class_link)
    competency_hooks.evidence_links.append(_evidence_link)
