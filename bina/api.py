"""REST API v1 (django-ninja). Routers live in each app's api.py; this module wires them.

Authentication for every operation (unless it says otherwise): a bearer token
(`Authorization: Bearer bina_…`, from POST /auth/token) or, for GET only, the browser session.
Errors of every kind answer `{"error": {"code", "message", "details"}}` (bina.core.api).
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from bina.accounts.api import router as auth_router
from bina.core.api import SessionReadAuth, TokenAuth, fallback_router, install_error_handlers
from bina.people.api import router as people_router
from bina.people.api_imports import router as imports_router

api = NinjaAPI(
    title="Bina API",
    version="1",
    description=(
        "Program Pembinaan ASN: organisation, employees, imports. "
        "Get a token with POST /api/v1/auth/token and send it as `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionReadAuth()],
    # Swagger UI is served from django-ninja's bundled static files; no validator badge from an outside host.
    docs=Swagger(settings={"validatorUrl": None}),
)
install_error_handlers(api)

api.add_router("/auth", auth_router)
api.add_router("/", people_router)
api.add_router("/imports", imports_router)
# Last, so it only catches paths no other operation matched.
api.add_router("/", fallback_router())
