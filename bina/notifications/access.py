"""Scoped entry points to notifications: a user's own inbox and nothing else (nobody reads another's).

Another user's notification answers 404 like a missing one.
"""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from bina.core.errors import NotFound
from bina.notifications.models import Notification


def notifications_for(user_id: int | None) -> QuerySet[Notification]:
    """Unread first, then newest; served by the `(user, read_at, -created_at)` index."""
    if user_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user_id).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )


def get_notification_for_user(user_id: int | None, pk: int) -> Notification:
    """One of the user's own notifications; another user's answers 404 like a missing one."""
    obj = notifications_for(user_id).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No notification %(key)s was found.") % {"key": pk})
    return obj
