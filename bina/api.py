"""REST API v1 (django-ninja). Routers live in each app's api.py; this module wires them."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Bina API",
    version="1",
    description="Program Pembinaan ASN: organisation, employees, imports.",
    urls_namespace="api",
)
