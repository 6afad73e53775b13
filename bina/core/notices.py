"""Telling a person what their action did, where they did it: the one rule for page and htmx messages.

An htmx request swaps a fragment into the page the person is looking at; a message queued with
`django.contrib.messages` there would only appear later, on whatever full page they open next (the
enrol button's "Your request was recorded" shown above an unrelated list). So `action_notice` keeps an
htmx request's message on the request, and the fragment renders it (`{% include "core/_notices.html" %}`,
fed by the `notices` context processor); a normal POST that redirects queues it as before.

Levels say how the outcome feels to the people it touches: `success` for what they wanted, `info` for
neutral news, `warning` for an outcome that hurts someone (a cancelled class, a withdrawn seat, a revoked
certificate, a rejected claim, a closed unit), never shown in the success colour; `error` for a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.contrib import messages
from django.http import HttpRequest

Level = Literal["success", "info", "warning", "error"]
_LEVELS = {"success": messages.SUCCESS, "info": messages.INFO, "warning": messages.WARNING, "error": messages.ERROR}
_ATTR = "_bina_notices"


@dataclass(frozen=True)
class Notice:
    text: str
    level: Level

    @property
    def tags(self) -> str:  # the same CSS class as a queued message (`msg-<tags>`)
        return self.level


def _is_htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.boosted


def action_notice(request: HttpRequest, text: str, *, level: Level = "success") -> None:
    """Tell the outcome where the action happened: in the htmx fragment, or on the page a redirect leads to."""
    if _is_htmx(request):
        if not hasattr(request, _ATTR):
            setattr(request, _ATTR, [])
        getattr(request, _ATTR).append(Notice(str(text), level))
    else:
        messages.add_message(request, _LEVELS[level], str(text))


def notices(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the notices of this (htmx) request, for `core/_notices.html`."""
    return {"notices": list(getattr(request, _ATTR, ()))}
