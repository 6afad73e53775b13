"""Counts over a user's own notifications (the inbox itself: `bina.notifications.access`)."""

from __future__ import annotations

from bina.notifications.models import Notification


def unread_count(user_id: int | None) -> int:
    if user_id is None:
        return 0
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
