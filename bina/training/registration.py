"""What the training app plugs into the shell: learning, classes, catalogue, review, compliance, export."""

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
from bina.training import cards, permissions


def register() -> None:
    from bina.training import reasons  # noqa: F401  (registers training's reason codes with bina.core.reasons)
    from bina.training.learning import exports  # noqa: F401  (registers training's reports with bina.reports)

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
        ),
        NavEntry("training:team", _("My team"), 30, lambda actor: actor.is_supervisor),
        NavEntry(
            "training:classes",
            _("Classes"),
            40,
            in_pemda,
            sections=("training:class", "training:session", "training:enrolment", "training:checkin"),
        ),
        NavEntry(
            "training:catalogue", _("Programmes"), 50, in_pemda, sections=("training:programme", "training:course")
        ),
        NavEntry(
            "training:external_review",
            _("External learning"),
            90,
            permissions.can_review_external,
            sections=("training:external_review", "training:external_detail"),
        ),
        NavEntry("training:compliance", _("JP compliance"), 100, permissions.can_view_jp_compliance),
        NavEntry("training:export_siasn", _("SIASN export"), 110, permissions.can_export_training_history),
    )
    register_todo(TodoSource("training.admin", 10, cards.admin_todo))
    # Before the people app's cards (20-50): the question each role opens Bina with comes first.
    register_home_card(
        HomeCard("training.leader", 6, "training/cards/_leader.html", cards.leader_card),
        HomeCard("training.participant", 8, "training/cards/_participant.html", cards.participant_card),
        HomeCard("training.teaching", 7, "training/cards/_teaching.html", cards.teaching_card),
        HomeCard("training.team", 9, "training/cards/_team.html", cards.team_card),
    )
