"""What the complaints app plugs in: staff pages and API, the public form, the to-do line, the LAPOR! import,
the periodic escalation."""

from django.utils.translation import gettext_lazy as _

from bina.core.public import PublicPage, register_public_page
from bina.core.registry import (
    NavEntry,
    TodoSource,
    register_api,
    register_nav,
    register_pages,
    register_personal_data,
    register_todo,
)
from bina.jobs.periodic import Periodic, register_periodic


def register() -> None:
    from bina.complaints import cards, imports, permissions, tasks

    register_pages("complaints/", "bina.complaints.urls", 80)
    register_api("/", "bina.complaints.api:router", 80)
    register_public_page(
        PublicPage(
            key="pengaduan",
            urls="bina.complaints.urls_public",
            entry="form",
            title=_("Complaints about public services"),
            description=_(
                "Tell us what went wrong at a service, and follow what is done about it with your tracking code."
            ),
            order=20,
        )
    )
    register_nav(
        NavEntry(
            "complaints:complaint_list",
            _("Complaints"),
            40,
            permissions.can_read_complaints,
            sections=("complaints:",),
            group="quality",
        )
    )
    register_todo(TodoSource("complaints.overdue", 40, cards.overdue_todo))
    # Escalation and closing without a reply, every 15 minutes by the periodic loop (no cron needed).
    register_periodic(
        Periodic("complaints.escalate", every=tasks.ESCALATE_EVERY_SECONDS, run=tasks.escalate_every_pemda)
    )
    register_personal_data("complaints.complaint")
    imports.register_kinds()
