"""REST API v1 (django-ninja). Routers live in each app's api.py; this module wires them.

Authentication for every operation (unless it says otherwise): a bearer token
(`Authorization: Bearer bina_…`, from POST /auth/token) or, for GET only, the browser session.
Errors of every kind answer `{"error": {"code", "message", "details"}}` (bina.core.api).
"""

from __future__ import annotations

from django.utils.module_loading import import_string
from ninja import Swagger

from bina.accounts.auth import SessionReadAuth, TokenAuth
from bina.core.api import BinaAPI, fallback_router, install_error_handlers
from bina.core.registry import registry

api = BinaAPI(
    title="Bina API",
    version="1",
    description=(
        "Program Pembinaan ASN: organisation, employees, imports, competencies, partners, programmes, courses, "
        "classes, sessions, enrolments, attendance, certificates, JP. "
        "Get a token with POST /api/v1/auth/token and send it as `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionReadAuth()],
    # Swagger UI is served from django-ninja's bundled static files; no validator badge from an outside host.
    docs=Swagger(settings={"validatorUrl": None}),
)
install_error_handlers(api)

for mount in sorted(registry.api_routers, key=lambda m: m.order):
    api.add_router(mount.prefix, import_string(mount.target.replace(":", ".")))
# Last, so it only catches paths no other operation matched.
api.add_router("/", fallback_router())
