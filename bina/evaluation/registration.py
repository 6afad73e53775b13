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


def _class_section(actor: Any, klass: Any) -> tuple[str, dict[str, Any]] | None:
    from django.urls import reverse

    from bina.evaluation import permissions, selectors

    testimonies = selectors.class_testimonies(klass, limit=6)
    url = reverse("evaluation:class_results", args=[klass.pk]) if permissions.can_open_results(actor) else ""
    if not testimonies and not url:
        return None
    return "evaluation/_page_section.html", {"testimonies": testimonies, "results_url": url}


def _course_section(actor: Any, course: Any) -> tuple[str, dict[str, Any]] | None:
    from django.urls import reverse

    from bina.evaluation import permissions, selectors

    testimonies = selectors.course_testimonies(course, limit=6)
    url = reverse("evaluation:course_results", args=[course.pk]) if permissions.can_open_results(actor) else ""
    if not testimonies and not url:
        return None
    return "evaluation/_page_section.html", {"testimonies": testimonies, "results_url": url}


def _programme_link(actor: Any, programme: Any) -> tuple[str, str] | None:
    from django.urls import reverse
    from django.utils.translation import gettext

    from bina.evaluation import permissions

    if not permissions.can_open_results(actor):
        return None
    return gettext("Evaluation across classes"), reverse("evaluation:programme_results", args=[programme.pk])


def _rating_section(kind: str) -> Any:
    def section(actor: Any, subject: Any) -> tuple[str, dict[str, Any]] | None:
        from django.urls import reverse

        from bina.evaluation import permissions, selectors

        if not permissions.can_read_evaluation(actor) or not actor.is_admin:
            return None
        if kind == "partner":
            rating = selectors.partner_rating(actor, subject)
        else:
            rating = selectors.instructor_rating(actor, subject)
        url = reverse(f"evaluation:{kind}_results", args=[subject.pk])
        return "evaluation/_rating_section.html", {"rating": rating, "url": url}

    return section


def register() -> None:
    from bina.core.registry import HomeCard, NavEntry, register_api, register_home_card, register_nav, register_pages
    from bina.evaluation import cards, permissions, reports, tasks
    from bina.jobs.periodic import Periodic, register_periodic
    from bina.partners.hooks import hooks as partner_hooks
    from bina.training.facade import hooks

    pemda_created.connect(_load_instrument, dispatch_uid="evaluation.load_instrument")
    reports.register_reports()
    register_pages("evaluation/", "bina.evaluation.urls", 95)
    register_api("/", "bina.evaluation.api:router", 95)
    register_nav(NavEntry("evaluation:mine", _("My evaluations"), 15, permissions.can_answer_surveys, group="training"))
    register_nav(
        NavEntry("evaluation:classes", _("Training evaluation"), 120, permissions.can_open_results, group="reports")
    )
    register_home_card(HomeCard("evaluation.pending", 8, "evaluation/cards/_pending.html", cards.pending_card))
    register_periodic(Periodic("evaluation.open", every=900, run=tasks.evaluation_every_pemda))
    hooks.class_sections.append(_class_section)
    hooks.course_sections.append(_course_section)
    hooks.programme_links.append(_programme_link)
    partner_hooks.partner_sections.append(_rating_section("partner"))
    partner_hooks.instructor_sections.append(_rating_section("instructor"))
