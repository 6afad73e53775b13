"""REST API v1 (django-ninja). Routers live in each app's api.py; this module wires them.

Authentication for every operation (unless it says otherwise): a bearer token
(`Authorization: Bearer bina_…`, from POST /auth/token) or, for GET only, the browser session.
Errors of every kind answer `{"error": {"code", "message", "details"}}` (bina.core.api).
"""

from __future__ import annotations

from ninja import Swagger

from bina.accounts.api import router as auth_router
from bina.certificates.api import router as certificates_router
from bina.competencies.api import router as competencies_router
from bina.core.api import BinaAPI, SessionReadAuth, TokenAuth, fallback_router, install_error_handlers
from bina.notifications.api import router as notifications_router
from bina.partners.api import router as partners_router
from bina.people.api import router as people_router
from bina.people.api_imports import router as imports_router
from bina.training.api_attendance import router as attendance_router
from bina.training.api_catalogue import router as catalogue_router
from bina.training.api_classes import router as classes_router
from bina.training.api_learning import router as learning_router

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

api.add_router("/auth", auth_router)
api.add_router("/", people_router)
api.add_router("/imports", imports_router)
api.add_router("/", competencies_router)
api.add_router("/", partners_router)
api.add_router("/", catalogue_router)
api.add_router("/", classes_router)
api.add_router("/", attendance_router)
api.add_router("/", learning_router)
api.add_router("/", certificates_router)
api.add_router("/", notifications_router)
# Last, so it only catches paths no other operation matched.
api.add_router("/", fallback_router())
