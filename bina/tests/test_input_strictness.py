"""Every request body is strict (issue 8.8): a new schema without bounds or with a lax type fails here.

The walk reads each `InputSchema` subclass's pydantic core schema, so it sees through `Optional`,
lists, dict values, nested models and validators: an integer must be strict (a JSON `true` is not 1)
and bounded on both sides (within the database column), a boolean strict, a date or datetime strict
behind the ISO-text converter (`0` is not 1970-01-01), a decimal strict and bounded, a string limited.
"""

from __future__ import annotations

from typing import Any

import pytest

from bina.core.api import InputSchema


def _input_schemas() -> list[type[InputSchema]]:
    import bina.urls  # noqa: F401 - builds the API, importing every app's api module

    found: list[type[InputSchema]] = []
    todo = list(InputSchema.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _problems(node: Any, path: str, *, key: bool = False) -> list[str]:
    problems: list[str] = []
    if isinstance(node, list):
        for item in node:
            problems += _problems(item, path, key=key)
        return problems
    if not isinstance(node, dict):
        return problems
    kind = node.get("type")
    bounded = ("ge" in node or "gt" in node) and ("le" in node or "lt" in node)
    if kind in ("int", "float", "decimal"):
        # JSON object keys are always text, so an integer key is read from it (bounded all the same).
        if not node.get("strict") and not key:
            problems.append(f"{path}: {kind} is not strict (true would be read as 1)")
        if not bounded:
            problems.append(f"{path}: {kind} has no lower and upper bound")
    elif kind in ("bool", "date", "datetime") and not node.get("strict"):
        problems.append(f"{path}: {kind} is not strict")
    elif kind == "str" and "max_length" not in node:
        problems.append(f"{path}: str has no max_length")
    for name, child in node.items():
        if name in ("metadata", "serialization", "cls", "function", "ref", "schema_ref", "config"):
            continue
        if name == "fields" and isinstance(child, dict):
            for field, schema in child.items():
                problems += _problems(schema, f"{path}.{field}")
        else:
            problems += _problems(child, path, key=name == "keys_schema")
    return problems


SCHEMAS = _input_schemas()


def test_the_walk_finds_the_schemas_of_every_app():
    modules = {cls.__module__ for cls in SCHEMAS}
    assert {"bina.people.api", "bina.training.classes.api", "bina.partners.api"} <= modules
    assert len(SCHEMAS) >= 25


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_input_value_is_strict_and_bounded(schema):
    assert _problems(schema.__pydantic_core_schema__, schema.__qualname__) == []


def test_the_walk_can_fail():
    from pydantic import Field

    class Lax(InputSchema):
        count: int | None = None
        seats: list[int] = Field(default_factory=list)
        note: str = ""

    problems = _problems(Lax.__pydantic_core_schema__, "Lax")
    assert any("Lax.count: int is not strict" in p for p in problems)
    assert any("Lax.seats: int has no lower" in p for p in problems)
    assert any("Lax.note: str has no max_length" in p for p in problems)
