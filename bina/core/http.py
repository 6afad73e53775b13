"""The typed request a page view receives, so mypy checks what views read from it.

`ActorMiddleware` puts the `Actor` on every request (lazily: pages that never scope a query never
build it) and `page` (bina.core.views) requires a log-in, so inside a page view `request.actor` is
an `Actor` and `request.user` a logged-in user. Views annotate `request: AuthedRequest`; Django
passes its plain `HttpRequest`, which carries these attributes at run time (healthchecks'
`hc/accounts/http.py` does the same). `core` names no concrete user model (the stubs type `user` as
`AUTH_USER_MODEL | AnonymousUser`): views that need the logged-in `User`'s fields use
`bina.accounts.http.UserRequest`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from bina.core.actor import Actor


class AuthedRequest(HttpRequest):
    actor: Actor
    htmx: HtmxDetails
