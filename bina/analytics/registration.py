"""What the analytics app plugs in: the impact page and API, and its background job; the learner records as xAPI
statements (API, a download on "My evaluations" and on the class page for the admin)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bina.core.registry import HomeCard, NavEntry, register_api, register_home_card, register_nav, register_pages


def _xapi_mine_link(actor: Any) -> tuple[str, str] | None:
    from bina.analytics.permissions import can_export_own_records

    if not can_export_own_records(actor):
        return None
    return gettext("My learner records (xAPI)"), reverse("analytics:xapi_mine")


def _xapi_class_link(actor: Any, klass: Any) -> tuple[str, str] | None:
    from bina.analytics.permissions import can_export_class_records

    if not can_export_class_records(actor):
        return None
    return gettext("Learner records (xAPI)"), reverse("analytics:xapi_class", args=[klass.pk])


def register() -> None:
    from bina.analytics.models import ImpactRun
    from bina.analytics.permissions import can_estimate_impact
    from bina.analytics.services import impact_run_enqueue
    from bina.jobs.registry import register_job

    register_pages("analytics/", "bina.analytics.urls", 62)
    register_api("/", "bina.analytics.api:router", 54)
    register_api("/", "bina.analytics.api:xapi_router", 55)
    from bina.evaluation.hooks import mine_links
    from bina.training.facade import hooks as training_hooks

    mine_links.append(_xapi_mine_link)
    training_hooks.class_links.append(_xapi_class_link)
    register_nav(NavEntry("analytics:impact", _("Impact of training"), 25, can_estimate_impact, group="quality"))
    register_job(ImpactRun, enqueue=impact_run_enqueue)
    from bina.analytics.cards import evaluation_card, impact_card

    # Right after the leader's training dashboard (6): whether the training changed anything for citizens.
    register_home_card(HomeCard("analytics.impact", 7, "analytics/cards/_impact.html", impact_card))
    # Then the year's evaluation (levels 1-2 and role-play) from the evaluation apps' own figures.
    register_home_card(HomeCard("analytics.evaluation", 8, "analytics/cards/_evaluation.html", evaluation_card))
    from bina.analytics.monthly import monthly_reports_send
    from bina.jobs.periodic import Periodic, register_periodic

    # Hourly: the first round on or after the 1st sends last month's report; the event key makes it once.
    register_periodic(Periodic("analytics.monthly_reports", every=3600, run=monthly_reports_send))
    # The month's PDF rides on the notice's email (the notice itself links to the page).
    from bina.analytics.monthly import monthly_report_attachment
    from bina.notifications.attachments import register_attachment

    register_attachment("monthly_report", monthly_report_attachment)
