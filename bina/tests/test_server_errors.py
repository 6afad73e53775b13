"""Server errors any user could cause answer 4xx in the error shape instead (issue 8.9).

Found by schemathesis (bina/tests/test_schemathesis.py); each one pinned here as a plain request.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bina.core.api import MAX_PAGE
from bina.training.factories import CourseFactory, SessionFactory, TrainingClassFactory

HUGE = 2**70


def _refused(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    if field is not None:
        # a list item is named by its position too: "prerequisite_ids.1"
        assert any(d["field"] == field or d["field"].startswith(f"{field}.") for d in error["details"]), error
    return error


@pytest.fixture
def admin_api(world, api_as):
    return api_as(world.users["admin"])


@pytest.mark.parametrize("page", [str(HUGE), str(MAX_PAGE + 1), "0", "abc", "1e400"])
def test_a_page_out_of_bounds_is_refused_naming_page(admin_api, page) -> None:
    for path in ("/api/v1/employees", "/api/v1/classes", "/api/v1/partners"):
        _refused(admin_api.get(path, {"page": page}), 422, "page")


def test_the_last_allowed_page_answers_no_items(admin_api) -> None:
    response = admin_api.get("/api/v1/employees", {"page": MAX_PAGE, "page_size": 200})
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["count"] > 0


def test_a_page_past_the_end_of_an_html_list_shows_the_last_page(world, client_as) -> None:
    response = client_as(world.users["admin"]).get(reverse("training:classes"), {"page": str(HUGE)})
    assert response.status_code == 200


def test_null_for_a_field_that_cannot_be_empty_is_refused_naming_it(world, admin_api) -> None:
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), capacity=30)
    session = SessionFactory(klass=klass)
    _refused(admin_api.patch(f"/api/v1/classes/{klass.pk}", {"capacity": None}, "application/json"), 422, "capacity")
    _refused(
        admin_api.patch(f"/api/v1/sessions/{session.pk}", {"starts_at": None}, "application/json"), 422, "starts_at"
    )
    _refused(admin_api.patch(f"/api/v1/courses/{klass.course.pk}", {"jp": None}, "application/json"), 422, "jp")
    klass.refresh_from_db()
    assert klass.capacity == 30


def test_null_empties_the_fields_that_can_be_empty(world, partners, admin_api) -> None:
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), organiser=partners.uni)
    response = admin_api.patch(f"/api/v1/classes/{klass.pk}", {"organiser_id": None}, "application/json")
    assert response.status_code == 200, response.content
    klass.refresh_from_db()
    assert klass.organiser is None


def test_the_spec_allows_null_only_where_it_is_accepted() -> None:
    from bina.shell.api import api

    props = api.get_openapi_schema()["components"]["schemas"]["ClassPatchIn"]["properties"]
    assert props["capacity"].get("type") == "integer" and "anyOf" not in props["capacity"]
    assert {"type": "null"} in props["organiser_id"]["anyOf"]


def test_integers_beyond_64_bits_in_a_body_are_refused_naming_the_field(world, admin_api) -> None:
    course = CourseFactory(pemda=world.pemda)
    _refused(
        admin_api.patch(f"/api/v1/courses/{course.pk}", {"prerequisite_ids": [1, HUGE]}, "application/json"),
        422,
        "prerequisite_ids",
    )
    _refused(admin_api.patch(f"/api/v1/courses/{course.pk}", {"jp": HUGE}, "application/json"), 422, "jp")
    body = {"code": "X1", "title": "Kursus", "method": "workshop", "delivery_mode": "tatap_muka", "jp": -HUGE}
    _refused(admin_api.post("/api/v1/courses", body, "application/json"), 422, "jp")


def test_integers_beyond_64_bits_in_a_path_answer_not_found(admin_api) -> None:
    for path in (f"/api/v1/classes/{HUGE}", f"/api/v1/partners/{HUGE}", f"/api/v1/sessions/{HUGE}/attendance"):
        _refused(admin_api.get(path), 404)


def test_a_number_a_postgresql_column_cannot_hold_is_refused(world, admin_api) -> None:
    # 2**40 fits 64 bits but not PostgreSQL's 32-bit integer column: the schema's bound refuses it on
    # both engines, before it reaches a column (the DataError safety net stays for what a bound misses).
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), capacity=30)
    response = admin_api.patch(f"/api/v1/classes/{klass.pk}", {"capacity": 2**40}, "application/json")
    _refused(response, 422, "capacity")
    klass.refresh_from_db()
    assert klass.capacity == 30


def test_a_multipart_body_without_a_boundary_is_a_bad_request(admin_api) -> None:
    response = admin_api.post("/api/v1/imports/employees", b"--x--", content_type="multipart/form-data")
    assert _refused(response, 400)["code"] == "bad_request"


def test_a_path_with_a_line_break_answers_the_error_shape(admin_api) -> None:
    for path in ("/api/v1/certificates/a%0Ab", "/api/v1/certificates/a%0Ab/pdf", "/api/v1/no%0Asuch"):
        assert _refused(admin_api.get(path), 404)["code"] == "not_found"


# A NUL byte reaches no database: PostgreSQL refuses it in any text (`ValueError` in psycopg), so a filter
# with one would be a server error there. Any engine answers 4xx.
@pytest.mark.parametrize("path", ["/api/v1/employees", "/api/v1/classes", "/api/v1/partners"])
def test_a_nul_in_an_api_query_is_refused(admin_api, path) -> None:
    response = admin_api.get(path, {"search": "a\x00b"})
    _refused(response, 422, "search")


def test_a_nul_in_a_page_query_is_refused(world, client_as) -> None:
    client = client_as(world.users["admin"])
    for name in ("people:employees", "training:classes", "core:audit"):
        response = client.get(reverse(name), {"q": "a\x00b", "subject": "\x00"})
        assert response.status_code == 400, (name, response.status_code)


def test_a_nul_in_a_token_request_is_refused(client, world) -> None:
    response = client.post(
        "/api/v1/auth/token", {"username": "admin\x00", "password": "x"}, content_type="application/json"
    )
    assert response.status_code in (401, 422), response.content
