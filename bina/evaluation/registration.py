"""What evaluation plugs in: pages, API, navigation, the home card, the periodic task, the report, the
reaction questionnaire of every new Pemda, and the class panel's link (through `bina.training.hooks`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bina.core.signals import pemda_created


def _load_instrument(sender: Any, pemda: Any, **kwargs: Any) -> None:
    from bina.core.actor import Actor
    from bina.evaluation.services import reaction_instrument_load

    reaction_instrument_load(actor=Actor.system(pemda.pk, label="evaluation"))


def _class_panel(actor: Any, klass: Any, is_admin: bool) -> dict[str, Any]:
    from django.urls import reverse

    from bina.evaluation import permissions

    if not permissions.can_open_results(actor):
        return {}
    return {"panel_evaluation_url": reverse("evaluation:class_results", args=[klass.pk])}


def register() -> None:
    from bina.core.registry import HomeCard, NavEntry, register_api, register_home_card, register_nav, register_pages
    from bina.evaluation import cards, permissions, reports, tasks
    from bina.jobs.periodic import Periodic, register_periodic
    from bina.training.facade import hooks

    pemda_created.connect(_load_instrument, dispatch_uid="evaluation.load_instrument")
    reports.register_reports()
    register_pages("evaluation/", "bina.evaluation.urls", 95)
    register_api("/", "bina.evaluation.api:router", 95)
    register_nav(NavEntry("evaluation:mine", _("My evaluations"), 15, permissions.can_answer_surveys, group="training"))
    register_nav(
        NavEntry("evaluation:classes", _("Training evaluation"), 95, permissions.can_open_results, group="reports")
    )
    register_home_card(HomeCard("evaluation.pending", 8, "evaluation/cards/_pending.html", cards.pending_card))
    register_periodic(Periodic("evaluation.open", every=900, run=tasks.evaluation_every_pemda))
    hooks.class_panel.append(_class_panel)
