"""What the training app plugs into the shell: learning, classes, catalogue, review, compliance, export."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from bina.core.registry import (
    HomeCard,
    NavEntry,
    TodoSource,
    register_api,
    register_home_card,
    register_nav,
    register_pages,
    register_todo,
)
from bina.people.hooks import ProfileSection
from bina.people.hooks import hooks as people_hooks
from bina.training import cards, permissions


def _learning_profile(actor: Any, employee: Any) -> dict[str, Any] | None:
    from bina.training.learning.selectors import employee_learning_profile

    if actor.pemda_id is None:
        return None
    return {"profile": employee_learning_profile(actor, employee)}


def register() -> None:
    from bina.training import reasons  # noqa: F401  (registers training's reason codes with bina.core.reasons)
    from bina.training.external.imports import register_kinds
    from bina.training.learning import (
        below_target,  # noqa: F401  (the below-target list report)
        exports,  # noqa: F401  (registers training's reports with bina.reports)
    )

    register_kinds()  # the training_history import kind (issue 11 §1)
    # The employee profile (a people page) shows the person's learning record; people offers the hook.
    people_hooks.register_profile_section(
        ProfileSection("training.learning", 20, "training/learning/_profile.html", _learning_profile)
    )

    register_pages("training/", "bina.training.urls", 60)
    register_api("/", "bina.training.catalogue.api:router", 60)
    register_api("/", "bina.training.classes.api:router", 61)
    register_api("/", "bina.training.attendance.api:router", 62)
    register_api("/", "bina.training.learning.api:router", 63)
    register_api("/", "bina.training.external.api:router", 64)
    in_pemda = lambda actor: actor.pemda_id is not None  # noqa: E731
    register_nav(
        NavEntry(
            "training:my_learning",
            _("My learning"),
            20,
            lambda actor: actor.pemda_id is not None and actor.employee_id is not None,
            sections=("training:my_", "training:external_list", "training:external_create"),
            group="training",
        ),
        NavEntry("training:team", _("My team"), 30, lambda actor: actor.is_supervisor, group="people"),
        NavEntry(
            "training:classes",
            _("Classes"),
            40,
            in_pemda,
            sections=("training:class", "training:session", "training:enrolment", "training:checkin"),
            group="training",
        ),
        NavEntry(
            "training:catalogue",
            _("Programmes"),
            50,
            permissions.can_browse_catalogue,
            sections=("training:programme", "training:course"),
            group="training",
        ),
        NavEntry(
            "training:external_review",
            _("External learning"),
            90,
            permissions.can_review_external,
            sections=("training:external_review", "training:external_detail"),
            group="quality",
        ),
        NavEntry("training:compliance", _("JP compliance"), 100, permissions.can_view_jp_compliance, group="reports"),
        NavEntry(
            "training:export_siasn",
            _("SIASN export"),
            110,
            permissions.can_export_training_history,
            group="reports",
        ),
    )
    register_todo(TodoSource("training.admin", 10, cards.admin_todo))
    # Before the people app's cards (20-50): the question each role opens Bina with comes first.
    register_home_card(
        HomeCard("training.leader", 6, "training/cards/_leader.html", cards.leader_card),
        HomeCard("training.participant", 8, "training/cards/_participant.html", cards.participant_card),
        HomeCard("training.teaching", 7, "training/cards/_teaching.html", cards.teaching_card),
        HomeCard("training.team", 9, "training/cards/_team.html", cards.team_card),
    )
