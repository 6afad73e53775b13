"""`notifications_unread`: the badge in the navigation, one indexed COUNT per page, only when logged in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def unread_count(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": 0}
    from bina.notifications.selectors import unread_count as count

    # Lazy: pages that never show the badge (downloads, htmx partials) make no query.
    return {"notifications_unread": SimpleLazyObject(lambda: count(user.pk))}
