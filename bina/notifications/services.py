"""Notify a user in-app and by email: recorded with the transaction, emailed after commit, never twice.

The `(user, event_key)` unique constraint makes every event idempotent: a retried service, a second
run of the reminder job or a double click cannot produce a second notification or a second email.
Texts are rendered in the recipient's language, not the actor's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import translation

from bina.core.dates import humanize_params
from bina.notifications.models import Notification

if TYPE_CHECKING:
    from bina.accounts.models import User
    from bina.people.models import Employee


def notify(
    *,
    user: User,
    kind: str,
    event_key: str,
    title: Any,
    body: Any = "",
    params: dict[str, Any] | None = None,
    url: str = "",
    email: bool = True,
) -> Notification | None:
    """Record one notification for `user`; returns None when this event was already notified.

    `title` and `body` are (lazy) gettext strings with `%(name)s` placeholders filled from `params`,
    rendered in `user.language`.
    """
    params = params or {}
    with translation.override(user.language or "id"):
        params = humanize_params(params)  # dates and numbers in the recipient's conventions
        rendered_title = str(title) % params if params else str(title)
        rendered_body = (str(body) % params if params else str(body)) if body else ""
    try:
        # A savepoint, so a duplicate does not break the caller's transaction.
        with transaction.atomic():
            notification = Notification.objects.create(
                pemda_id=user.pemda_id,
                user=user,
                kind=kind,
                event_key=event_key[:120],
                title=rendered_title[:200],
                body=rendered_body,
                url=url,
            )
    except IntegrityError:
        return None
    if email and _address_of(user):
        from bina.notifications.tasks import send_notification_email

        notification_id = notification.pk
        transaction.on_commit(lambda: send_notification_email.enqueue(notification_id))
    return notification


def notify_employee(*, employee: Employee, **kwargs: Any) -> Notification | None:
    """Notify the account linked to an employee; employees without an account have no inbox in Bina."""
    from bina.accounts.models import User

    user = User.objects.filter(employee=employee, is_active=True).first()
    if user is None:
        return None
    return notify(user=user, **kwargs)


def _address_of(user: User) -> str:
    if user.email:
        return user.email
    employee = user.employee if user.employee_id else None
    return employee.email if employee is not None else ""


def notification_email_send(*, notification_id: int) -> bool:
    """Send the email of one notification at most once: claim it with a conditional UPDATE, then send."""
    from django.conf import settings
    from django.core.mail import EmailMessage, send_mail
    from django.utils import timezone

    from bina.notifications.attachments import attachment_for

    claimed = Notification.objects.filter(pk=notification_id, email_sent_at__isnull=True).update(
        email_sent_at=timezone.now()
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("user", "user__employee").get(pk=notification_id)
    address = _address_of(notification.user)
    if not address:
        return False
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{notification.url}" if body else notification.url
    try:
        attachment = attachment_for(notification)
        if attachment is None:
            send_mail(notification.title, body, None, [address])
        else:
            message = EmailMessage(notification.title, body, None, [address])
            message.attach(*attachment)
            message.send()
    except Exception:
        # Release the claim so a retry can send it; the in-app notification is already there.
        Notification.objects.filter(pk=notification_id).update(email_sent_at=None)
        raise
    return True


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    from django.utils import timezone

    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
