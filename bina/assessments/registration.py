"""What the assessments app plugs in: pages and API, navigation, the periodic expiry of sittings whose time is
up, and its import kinds (question banks from XLSX, test scores of classes run elsewhere)."""

from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_api, register_nav, register_pages
from bina.jobs.periodic import Periodic, register_periodic


def register() -> None:
    from bina.assessments import imports, permissions, tasks

    register_pages("assessments/", "bina.assessments.urls", 85)
    register_api("/", "bina.assessments.api:router", 85)
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
    imports.register_kinds()
