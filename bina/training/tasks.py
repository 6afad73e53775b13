"""Background faces of training services (thin: call the service)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_session_reminders_task() -> int:
    """Day-before reminders; schedule daily (e.g. 07:00 WIB). Safe to run twice: sessions are claimed."""
    from bina.training.learning.reminders import session_reminders_send

    return session_reminders_send()
