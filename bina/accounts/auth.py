"""API authentication: the bearer token, or the browser session for safe methods only.

Both build the request's `Actor` (bina.core.actor) from the user, the one scoping mechanism.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja.security import APIKeyCookie, HttpBearer

from bina.accounts.scope import actor_for_user
from bina.accounts.services import token_authenticate
from bina.core.actor import Actor
from bina.core.audit import client_ip

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _attach_actor(request: HttpRequest, user: Any) -> Actor:
    actor = actor_for_user(user, ip=client_ip(request))
    request.actor = actor  # type: ignore[attr-defined]
    request.user = user
    # Like ActorMiddleware for pages: the user's saved language, unless the client asked for one.
    if "HTTP_ACCEPT_LANGUAGE" not in request.META and "django_language" not in request.COOKIES:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language
    return actor


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bina_…`; a wrong or revoked token is a 401, never a silent anonymous."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        user = token_authenticate(token.strip())  # raises AuthenticationFailed (401)
        return _attach_actor(request, user)


class SessionReadAuth(APIKeyCookie):
    """The logged-in browser session, for safe methods only.

    Writes need a token, so a cross-site page can never make a logged-in browser change
    data through the API: no CSRF token is needed because nothing unsafe is accepted.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        if request.method not in SAFE_METHODS:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return _attach_actor(request, user)
