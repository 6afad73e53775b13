"""The complaints line of the admin's to-do card: overdue complaints, in the alert tone (one query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bina.complaints import access
from bina.core.actor import Actor
from bina.core.registry import TodoItem


def overdue_todo(actor: Actor) -> list[TodoItem]:
    if actor.pemda_id is None or not actor.is_admin:
        return []
    count = access.overdue_for(actor, timezone.now()).count()
    url = reverse("complaints:complaint_list") + "?overdue=on"
    return [TodoItem(_("complaints past their due date"), count, url, tone="alert")]
