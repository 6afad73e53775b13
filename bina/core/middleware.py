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
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers


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
