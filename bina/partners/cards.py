"""The partners app's home page: agreements expiring on the admin's to-do list; a coordinator's agreements."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.registry import TodoItem
from bina.partners import access, selectors


def agreements_todo(actor: Actor) -> list[TodoItem]:
    """Active agreements ending within 90 days, for the admin to renew (one query)."""
    if actor.pemda_id is None or not actor.is_admin:
        return []
    expiring = list(selectors.agreements_expiring(actor).values_list("partner_id", flat=True)[:101])
    partners = set(expiring)
    url = reverse("partners:detail", args=[expiring[0]]) if len(partners) == 1 else reverse("partners:list")
    return [TodoItem(_("agreements expiring within 90 days"), len(expiring), url)]


def coordinator_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    """A partner coordinator's institution(s) and their agreements, newest end date first (two queries)."""
    if actor.pemda_id is None or not actor.partner_ids or actor.is_admin:
        return None
    partners = list(access.partners_for(actor).order_by("name"))
    agreements = list(access.agreements_for(actor).select_related("partner").order_by("-ends_on", "pk")[:10])
    expiring = {a.pk for a in selectors.agreements_expiring(actor)}
    return {"partners": partners, "agreements": agreements, "expiring": expiring}
