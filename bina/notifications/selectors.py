"""Reads of a user's own notifications (nobody reads another user's inbox)."""

from __future__ import annotations

from django.db.models import F, QuerySet

from bina.notifications.models import Notification


def notifications_for(user_id: int | None) -> QuerySet[Notification]:
    """Unread first, then newest; served by the `(user, read_at, -created_at)` index."""
    if user_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user_id).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id"
    )


def unread_count(user_id: int | None) -> int:
    if user_id is None:
        return 0
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
