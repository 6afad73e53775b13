"""What the assessments app plugs in: pages and API, navigation, the periodic expiry of sittings whose time is
up, its import kinds (question banks from XLSX, test scores of classes run elsewhere) and the learning section (L2) of
the class evaluation report."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bina.core.actor import Actor
from bina.core.registry import NavEntry, register_api, register_nav, register_pages
from bina.jobs.periodic import Periodic, register_periodic
from bina.training import facade


def _class_panel(actor: Actor, klass: Any, is_admin: bool) -> dict[str, Any]:
    """The class panel's link to the class's tests, for who sets and grades them."""
    from bina.assessments.permissions import can_manage_tests

    ok = is_admin or can_manage_tests(actor, klass)
    return {"panel_tests_url": reverse("assessments:class_tests", args=[klass.pk]) if ok else None}


def register() -> None:
    from bina.assessments import imports, permissions, tasks
    from bina.assessments.report import learning_report_columns, learning_report_headers, learning_report_section
    from bina.evaluation.hooks import ColumnProvider, SectionProvider, register_columns, register_section

    register_pages("assessments/", "bina.assessments.urls", 85)
    register_api("/", "bina.assessments.api:router", 85)
    register_section(SectionProvider("assessments.learning", 30, build=learning_report_section))
    register_columns(
        ColumnProvider("assessments.learning", 30, headers=learning_report_headers, build=learning_report_columns)
    )
    register_nav(
        NavEntry(
            "assessments:my_tests",
            _("My tests"),
            25,
            permissions.can_take_tests,
            sections=("assessments:my_tests", "assessments:sitting"),
            group="training",
        ),
        NavEntry(
            "assessments:bank_list",
            _("Question banks"),
            60,
            permissions.can_use_banks,
            sections=("assessments:bank", "assessments:question"),
            group="training",
        ),
        NavEntry(
            "assessments:grading_queue",
            _("Grading"),
            65,
            permissions.can_grade_anything,
            sections=("assessments:grading", "assessments:answer", "assessments:class_"),
            group="training",
        ),
    )
    register_periodic(Periodic("assessments.expire", every=tasks.EXPIRE_EVERY_SECONDS, run=tasks.expire_every_pemda))
    facade.hooks.class_panel.append(_class_panel)
    imports.register_kinds()
