"""Files a notification's email carries, by notification kind: the apps above notifications register a builder.

The leaders' monthly report (bina.analytics) is emailed as its PDF, not only as a link: a Sekda reads it on the
phone's mail app, offline. A builder gets the stored notification and returns (filename, content, mimetype), or
None when there is nothing to attach (the reader lost the role since, say). It runs in the email task, so a slow
PDF never holds the request or the periodic loop; it must read with the recipient's own scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.notifications.models import Notification

Attachment = tuple[str, bytes, str]
_BUILDERS: dict[str, Callable[[Notification], Attachment | None]] = {}


def register_attachment(kind: str, build: Callable[[Notification], Attachment | None]) -> None:
    existing = _BUILDERS.get(kind)
    if existing is not None and existing is not build:
        raise ValueError(f"An attachment for {kind} notifications is registered twice.")
    _BUILDERS[kind] = build


def attachment_for(notification: Notification) -> Attachment | None:
    build = _BUILDERS.get(notification.kind)
    return build(notification) if build is not None else None
