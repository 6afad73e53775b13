"""The OpenAPI check that every API response of the suite goes through (root conftest.py).

It must be able to fail: a body of the wrong shape, an undocumented status or media type is a
test failure. And the spec it checks against must describe each schema once: two classes with the
same name make ninja publish one of them under both uses.
"""

from __future__ import annotations

import json

import pytest
from django.http import HttpResponse
from pydantic import BaseModel

from conftest import OpenApiMismatch, openapi_check


def _json(status: int, body) -> HttpResponse:
    return HttpResponse(json.dumps(body), status=status, content_type="application/json")


def test_a_body_of_the_wrong_shape_fails_the_test() -> None:
    with pytest.raises(OpenApiMismatch, match="does not match the spec"):
        openapi_check().check("GET", "/api/v1/employees/199001012015011001", _json(200, {"nip": 1}))


def test_an_undocumented_status_fails_the_test() -> None:
    with pytest.raises(OpenApiMismatch, match="does not document"):
        openapi_check().check("GET", "/api/v1/employees/199001012015011001", _json(418, {"error": {}}))


def test_an_undocumented_media_type_fails_the_test() -> None:
    response = HttpResponse(b"a,b\n", content_type="text/csv")
    with pytest.raises(OpenApiMismatch, match="text/csv"):
        openapi_check().check("GET", "/api/v1/employees/199001012015011001", response)


def test_errors_of_the_machinery_are_documented_with_the_error_shape() -> None:
    check = openapi_check()
    check.check(
        "GET",
        "/api/v1/employees",
        _json(422, {"error": {"code": "validation_failed", "message": "page", "details": []}}),
    )
    with pytest.raises(OpenApiMismatch):
        check.check("GET", "/api/v1/employees", _json(422, {"detail": "not the error shape"}))
    for operations in check.spec["paths"].values():
        for operation in operations.values():
            assert 500 in operation["responses"], operation["operationId"]


def test_unknown_api_paths_answer_the_error_shape(client, db) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def _bina_models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    stack = list(BaseModel.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("bina."):
            seen.append(cls)
    return seen


def test_every_schema_name_in_the_spec_belongs_to_one_class() -> None:
    names = set(openapi_check().spec["components"]["schemas"])
    owners: dict[str, set[str]] = {}
    for cls in _bina_models():
        if cls.__name__ in names:
            owners.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: sorted(where) for name, where in owners.items() if len(where) > 1}
    assert not shared, f"Schema names used by two classes (the spec describes only one of them): {shared}"
