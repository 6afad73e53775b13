"""Response headers every page, API answer and download carries (docs/security.md, "Headers").

- `Content-Security-Policy` (settings.CONTENT_SECURITY_POLICY): the app serves its own scripts and styles and
  runs none inline, so an injected `<script>` or `onclick=` cannot run.
- `Cache-Control: no-store` on every response the app computes (pages, API, XLSX/PDF downloads): they carry
  personal data, and neither the browser's disk cache nor a proxy may keep them. A view that means to be
  cached says so with its own Cache-Control. Static files never reach this middleware (WhiteNoise answers
  them before it, with their own long cache headers).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers

from bina.core.text import TextInvalid, check_text, strip_illegal


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.policy = "; ".join(
            f"{name} {' '.join(values)}" for name, values in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        if "Cache-Control" not in response:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response


class QueryTextMiddleware:
    """A query string with a control character (a NUL above all) is refused before any view reads it.

    PostgreSQL cannot hold a NUL in any text, so a filter carrying one was a server error there, and
    SQLite matched it silently. Bodies are checked by their schemas and forms (`bina.core.text`); query
    strings are checked here, once, for every page and API operation: 422 in the API's error shape
    naming the parameter, 400 for a page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        for key, values in request.GET.lists():
            for text in (key, *values):
                try:
                    check_text(text)
                except TextInvalid as exc:
                    return self._refuse(request, key, exc.message)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, key: str, message: str) -> HttpResponseBase:
        if request.path.startswith("/api/"):
            field = strip_illegal(key, "?")
            body = {
                "error": {
                    "code": "validation_failed",
                    "message": str(message),
                    "details": [
                        {"field": field, "location": "query", "message": str(message), "code": "control_character"}
                    ],
                }
            }
            return JsonResponse(body, status=422)
        raise BadRequest(message)
