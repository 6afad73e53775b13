"""What the portal plugs in: the public transparency pages and the admin's publication page."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from bina.core.public import PublicPage, register_public_page
    from bina.core.registry import NavEntry, register_api, register_nav, register_pages
    from bina.portal import permissions

    register_pages("portal/", "bina.portal.urls", 95)
    register_api("/", "bina.portal.api:router", 95)
    register_nav(
        NavEntry(
            "portal:publication", _("Transparency portal"), 175, permissions.can_manage_publication, group="system"
        )
    )
    register_public_page(
        PublicPage(
            key="transparansi",
            urls="bina.portal.urls_public",
            entry="summary",
            title=_("Transparency: training and public services in figures"),
            description=_(
                "Training of civil servants, satisfaction, service times, complaints and open data, with no "
                "personal data."
            ),
            order=5,
        )
    )
