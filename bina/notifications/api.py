"""Notification endpoints: the caller's own inbox only (another user's notification answers 404)."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from bina.accounts.http import UserRequest
from bina.core.api import ERRORS, Pagination, actor_of
from bina.notifications.access import get_notification_for_user, notifications_for
from bina.notifications.models import Notification
from bina.notifications.services import notification_mark_read

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class MarkedOut(Schema):
    marked: int


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS})
@paginate(Pagination)
def list_notifications(request: HttpRequest) -> QuerySet[Notification]:
    """Mine, unread first, then newest."""
    return notifications_for(actor_of(request).user_id)


@router.post("/notifications/read-all", response={200: MarkedOut, **ERRORS})
def read_all(request: UserRequest) -> dict[str, int]:
    actor_of(request)
    return {"marked": notification_mark_read(user=request.user, notification_id=None)}


@router.post("/notifications/{notification_id}/read", response={200: MarkedOut, **ERRORS})
def read_one(request: UserRequest, notification_id: int) -> dict[str, int]:
    get_notification_for_user(actor_of(request).user_id, notification_id)
    return {"marked": notification_mark_read(user=request.user, notification_id=notification_id)}
