"""What the participation app plugs in: the figures page, its people drill-down, the API and the export."""

from django.utils.translation import gettext_lazy as _

from bina.core.registry import NavEntry, register_api, register_nav, register_pages


def register() -> None:
    from bina.jobs.periodic import Periodic, register_periodic
    from bina.participation import exports  # noqa: F401  (registers the report)
    from bina.participation.permissions import can_run_campaigns, can_view_participation
    from bina.participation.services import campaign_reminders_send_every_pemda

    register_pages("participation/", "bina.participation.urls", 63)
    register_api("/", "bina.participation.api:router", 55)
    register_nav(NavEntry("participation:figures", _("Participation"), 26, can_view_participation, group="training"))
    register_nav(NavEntry("participation:campaigns", _("Outreach campaigns"), 27, can_run_campaigns, group="training"))
    register_api("/", "bina.participation.campaign_api:router", 56)
    # Reminders of running campaigns (and closing those whose window ended), hourly by the periodic loop.
    register_periodic(Periodic("participation.campaign_reminders", every=3600, run=campaign_reminders_send_every_pemda))
