"""Background faces of notification services (thin: fetch by id, call the service)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification_email(notification_id: int) -> bool:
    from bina.notifications.services import notification_email_send

    return notification_email_send(notification_id=notification_id)
