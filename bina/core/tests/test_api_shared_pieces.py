"""The API's shared pieces are defined once (bina.core.api) and every app's endpoints use them."""

from __future__ import annotations

from typing import Any

from bina.shell.api import api

# Bodies that must keep what the client sent to the letter (a password is not stripped of spaces).
NOT_INPUT_SCHEMAS = {"TokenRequest"}


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    # An optional body (`payload: X | None = None`) is `anyOf: [X, null]`: X is what must be strict.
    options = [n for n in node.get("anyOf", []) if n.get("type") != "null"]
    if len(options) == 1:
        node = options[0]
    ref = node.get("$ref", "")
    name = ref.rsplit("/", 1)[-1]
    return name, schema["components"]["schemas"][name] if ref else node


def test_every_json_request_body_refuses_unknown_fields():
    schema = api.get_openapi_schema()
    bodies = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            name, body = _resolve(schema, content["application/json"]["schema"])
            if name in NOT_INPUT_SCHEMAS:
                continue
            bodies.append((method, path, name, body.get("additionalProperties")))
    assert len(bodies) > 20
    assert [b for b in bodies if b[3] is not False] == []


def test_no_api_module_defines_its_own_write_errors_or_input_schema():
    import importlib
    import pkgutil

    import bina

    own = []
    for info in pkgutil.walk_packages(bina.__path__, "bina."):
        if not info.name.rsplit(".", 1)[-1].startswith("api") or info.name == "bina.core.api":
            continue
        module = importlib.import_module(info.name)
        for name in ("WRITE_ERRORS", "InputSchema"):
            value = getattr(module, name, None)
            if value is not None and getattr(importlib.import_module("bina.core.api"), name) is not value:
                own.append(f"{info.name}.{name}")
    assert own == []
