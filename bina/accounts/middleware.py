from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from bina.accounts.scope import actor_for_user
from bina.core.audit import client_ip


class ActorMiddleware:
    """Attach `request.actor`, the scope every page query goes through, and the user's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: actor_for_user(request.user, ip=client_ip(request)))  # type: ignore[attr-defined,arg-type]
        user = getattr(request, "user", None)
        # An explicit ?lang / cookie choice (LocaleMiddleware) wins; otherwise the user's saved language.
        if user is not None and user.is_authenticated and "django_language" not in request.COOKIES:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
