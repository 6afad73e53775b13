"""A value that names nothing the caller may use answers the same everywhere (`bina.core.errors.invalid_reference`).

Each endpoint resolves its references its own way (a unit code, a NIP, a partner id, course ids);
the answer must not depend on which one: 422, code `invalid_reference`, a message naming the field
and the value, and one detail `{"field", "value"}` per value not found.
"""

from __future__ import annotations

from typing import Any

import pytest

from bina.core.errors import ValidationFailed, invalid_reference, resolve_references
from bina.people.models import OrgUnit
from bina.training.factories import CourseFactory


def _refusal(response: Any) -> dict[str, Any]:
    assert response.status_code == 422, response.content
    return response.json()["error"]


def _assert_reference_error(error: dict[str, Any], field: str, values: list[Any]) -> None:
    assert error["code"] == "invalid_reference"
    assert error["details"] == [{"field": field, "value": value} for value in values]
    assert field in error["message"] and all(str(value) in error["message"] for value in values)


def test_every_endpoint_answers_an_unknown_reference_in_the_same_shape(world, other_world, partners, api_as):
    client = api_as(world.users["admin"])
    staff = world.employees["staff_bidang"]
    foreign_unit = other_world.units["dinas"].code
    foreign_nip = other_world.employees["staff_bidang"].nip
    course = CourseFactory(pemda=world.pemda)
    foreign_course = CourseFactory(pemda=other_world.pemda)
    cases = [
        # people: a unit code and a supervisor NIP
        (client.patch(f"/api/v1/employees/{staff.nip}", {"unit": foreign_unit}, content_type="application/json"),
         "unit", [foreign_unit]),
        (client.patch(f"/api/v1/employees/{staff.nip}", {"supervisor": foreign_nip}, content_type="application/json"),
         "supervisor", [foreign_nip]),
        (client.get("/api/v1/org-units", {"parent": "NOPE"}), "parent", ["NOPE"]),
        # partners: a partner id
        (client.patch(f"/api/v1/instructors/{partners.uni_instructor.pk}", {"partner_id": 987654},
                      content_type="application/json"), "partner_id", [987654]),
        # training catalogue: a list of course ids, two of them unknown
        (client.patch(f"/api/v1/courses/{course.pk}", {"prerequisite_ids": [foreign_course.pk, 987654]},
                      content_type="application/json"), "prerequisite_ids", sorted([foreign_course.pk, 987654], key=str)),
    ]  # fmt: skip
    shapes = set()
    for response, field, values in cases:
        error = _refusal(response)
        _assert_reference_error(error, field, values)
        shapes.add((tuple(sorted(error)), tuple(tuple(sorted(d)) for d in error["details"])[:1]))
    assert len(shapes) == 1


def test_resolve_references_keeps_the_order_given_and_names_every_missing_value(world):
    units = OrgUnit.objects.filter(pemda=world.pemda)
    codes = [world.units["kec_b"].code, world.units["dinas"].code]
    assert [u.code for u in resolve_references("units", codes, units, key="code")] == codes
    with pytest.raises(ValidationFailed) as exc:
        resolve_references("units", [*codes, "X-1", "X-2"], units, key="code")
    assert exc.value.code == "invalid_reference"
    assert exc.value.details == [{"field": "units", "value": "X-1"}, {"field": "units", "value": "X-2"}]


def test_invalid_reference_of_one_value():
    error = invalid_reference("course_id", 42)
    assert error.status == 422 and error.details == [{"field": "course_id", "value": 42}]
    assert "course_id" in str(error.message) and "42" in str(error.message)
