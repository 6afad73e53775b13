"""Organisation units over the REST API, and the API-wide contract: OpenAPI, docs page, error shape."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from bina.accounts.services import token_create
from bina.core.models import AuditEvent
from bina.people.models import OrgUnit
from conftest import token_issuer

URL = "/api/v1/org-units"


def api_as(user) -> Client:
    _, secret = token_create(actor=token_issuer(user), user=user)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    return body["error"]


def post(client: Client, data: dict):
    return client.post(URL, data, content_type="application/json")


def test_list_shows_own_pemda_units_in_tree_order(world, other_world):
    body = api_as(world.users["admin"]).get(URL).json()
    assert body["count"] == 8
    assert [i["code"] for i in body["items"]] == list(
        OrgUnit.objects.filter(pemda=world.pemda).order_by("path").values_list("code", flat=True)
    )
    bidang = next(i for i in body["items"] if i["code"] == world.units["bidang"].code)
    assert bidang == {
        "code": "ALF-DKP-PD",
        "name": "Bidang Pelayanan Pendaftaran Penduduk",
        "kind": "bidang",
        "parent": "ALF-DKP",
        "depth": 1,
        "closed_on": None,
        "is_active": True,
    }


def test_other_pemda_units_are_absent_and_404(world, other_world):
    client = api_as(world.users["admin"])
    assert not set(codes(client.get(URL))) & {u.code for u in other_world.units.values()}
    error(client.get(f"{URL}/{other_world.units['dinas'].code}"), 404, "not_found")
    error(client.get(f"{URL}/NO-SUCH-UNIT"), 404, "not_found")


def test_every_role_of_the_pemda_sees_the_organisation_chart(world):
    # Units are public structure inside a Pemda (permissions.can_view_org_unit), also for other units.
    for persona in ("operator", "leader", "participant", "instructor"):
        client = api_as(world.users[persona])
        assert len(codes(client.get(URL))) == 8
        assert client.get(f"{URL}/{world.units['kel_b1'].code}").json()["parent"] == world.units["kec_b"].code


def test_filters_parent_kind_search(world):
    client = api_as(world.users["admin"])
    assert codes(client.get(URL, {"parent": world.units["kec_a"].code})) == [world.units["kel_a1"].code]
    assert set(codes(client.get(URL, {"kind": "kecamatan"}))) == {world.units["kec_a"].code, world.units["kec_b"].code}
    assert codes(client.get(URL, {"search": "pendaftaran"})) == [world.units["bidang"].code]
    assert codes(client.get(URL, {"search": "kel-b1"})) == [world.units["kel_b1"].code]


def test_unknown_or_foreign_parent_filter_is_422(world, other_world):
    client = api_as(world.users["admin"])
    detail = error(client.get(URL, {"parent": other_world.units["dinas"].code}), 422, "invalid_reference")
    assert detail["details"][0]["field"] == "parent"
    assert error(client.get(URL, {"kind": "planet"}), 422, "validation_failed")["details"][0]["field"] == "kind"


def test_admin_creates_top_level_and_child_units(world):
    client = api_as(world.users["admin"])
    response = post(client, {"code": "ALF-BKPSDM", "name": "Badan Kepegawaian", "kind": "badan"})
    assert response.status_code == 201, response.content
    assert response.json()["parent"] is None
    child = post(
        client, {"code": "ALF-BKPSDM-1", "name": "Bidang Pengembangan", "kind": "bidang", "parent": "ALF-BKPSDM"}
    )
    assert child.status_code == 201
    assert child.json()["depth"] == 1
    unit = OrgUnit.objects.get(code="ALF-BKPSDM-1")
    assert unit.pemda == world.pemda and unit.parent.code == "ALF-BKPSDM"
    assert AuditEvent.objects.filter(action="org_unit.create", target_id=str(unit.pk)).exists()


def test_operator_creates_below_own_unit_only(world):
    client = api_as(world.users["operator"])
    ok = post(client, {"code": "ALF-DKP-X", "name": "Seksi X", "kind": "bidang", "parent": world.units["dinas"].code})
    assert ok.status_code == 201
    other_unit = post(
        client, {"code": "ALF-KEC-B-X", "name": "Y", "kind": "kelurahan", "parent": world.units["kec_b"].code}
    )
    error(other_unit, 403, "permission_denied")
    top = post(client, {"code": "ALF-TOP", "name": "Z", "kind": "dinas"})
    error(top, 403, "permission_denied")
    assert not OrgUnit.objects.filter(code__in=["ALF-KEC-B-X", "ALF-TOP"]).exists()


@pytest.mark.parametrize("persona", ["leader", "participant", "instructor"])
def test_read_only_roles_cannot_create_units(world, persona):
    response = post(
        api_as(world.users[persona]),
        {"code": "NEW", "name": "N", "kind": "bidang", "parent": world.units["kec_a"].code},
    )
    error(response, 403, "permission_denied")
    assert not OrgUnit.objects.filter(code="NEW").exists()


def test_cannot_create_under_other_pemda_unit(world, other_world):
    response = post(
        api_as(world.users["admin"]),
        {"code": "X", "name": "X", "kind": "bidang", "parent": other_world.units["dinas"].code},
    )
    assert error(response, 422, "invalid_reference")["details"][0]["field"] == "parent"
    assert not OrgUnit.objects.filter(code="X").exists()


def test_duplicate_code_is_409_and_bad_kind_is_422(world):
    client = api_as(world.users["admin"])
    error(post(client, {"code": world.units["dinas"].code, "name": "Dup", "kind": "dinas"}), 409, "conflict")
    detail = error(post(client, {"code": "", "name": "N", "kind": "planet"}), 422, "validation_failed")
    assert {d["field"] for d in detail["details"]} == {"code", "kind"}


def test_platform_superadmin_cannot_create_units(superadmin, world):
    error(post(api_as(superadmin), {"code": "P", "name": "P", "kind": "dinas"}), 403, "permission_denied")


def test_list_query_count_is_constant(world, django_assert_max_num_queries):
    from bina.people.factories import OrgUnitFactory

    client = api_as(world.users["admin"])
    with django_assert_max_num_queries(6):
        client.get(URL)
    for i in range(60):
        OrgUnitFactory(pemda=world.pemda, parent=world.units["kec_b"], kind="kelurahan", code=f"ALF-KEL-B{i + 2}")
    with django_assert_max_num_queries(6):
        assert len(codes(client.get(URL, {"page_size": 100}))) == 68


# --- the API-wide contract ----------------------------------------------------------------


IMPLEMENTED = {
    "/api/v1/auth/token": {"post"},
    "/api/v1/auth/tokens": {"get"},
    "/api/v1/auth/tokens/{token_id}": {"delete"},
    "/api/v1/org-units": {"get", "post"},
    "/api/v1/org-units/{code}": {"get"},
    "/api/v1/employees": {"get", "post"},
    "/api/v1/employees/{nip}": {"get", "patch"},
    "/api/v1/imports/employees": {"post"},
    "/api/v1/imports/units": {"post"},
}


def _resolve(schema: dict, ref_or_schema: dict) -> dict:
    ref = ref_or_schema.get("$ref")
    if ref is None:
        return ref_or_schema
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_openapi_documents_every_implemented_operation(db):
    schema = Client().get("/api/v1/openapi.json").json()
    for path, methods in IMPLEMENTED.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path
    assert not any("{rest}" in p for p in schema["paths"])  # the 404 fallback is not an endpoint
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_list_responses_match_their_documented_schema(world):
    schema = Client().get("/api/v1/openapi.json").json()
    client = api_as(world.users["admin"])
    for path, sample in (("/api/v1/employees", "/api/v1/employees"), ("/api/v1/org-units", URL)):
        documented = _resolve(
            schema, schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        )
        body = client.get(sample).json()
        assert set(documented["required"]) <= set(body) and set(body) <= set(documented["properties"])
        item_schema = _resolve(schema, documented["properties"]["items"]["items"])
        for item in body["items"]:
            assert set(item_schema["required"]) <= set(item) <= set(item_schema["properties"])
    detail_schema = _resolve(
        schema,
        schema["paths"]["/api/v1/employees/{nip}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
    )
    body = client.get(f"/api/v1/employees/{world.employees['camat_a'].nip}").json()
    assert set(detail_schema["required"]) <= set(body) <= set(detail_schema["properties"])


def test_error_responses_match_the_documented_error_schema(world):
    schema = Client().get("/api/v1/openapi.json").json()
    error_schema = schema["components"]["schemas"]["ErrorOut"]
    body_schema = schema["components"]["schemas"]["ErrorBody"]
    body = api_as(world.users["admin"]).get(f"{URL}/NOPE").json()
    assert set(body) == set(error_schema["properties"])
    assert set(body_schema["required"]) <= set(body["error"]) <= set(body_schema["properties"])


def test_docs_page_loads_swagger_from_local_static_files(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert references
    for ref in references:
        assert not re.match(r"^(?:[a-z]+:)?//", ref, re.IGNORECASE), ref
        assert ref.startswith("/static/"), ref
        assert finders.find(ref.removeprefix("/static/")), ref
    assert not re.search(r"https?://", html)
    assert '"validatorUrl": null' in html


def test_unknown_api_path_is_json_404(world):
    client = api_as(world.users["admin"])
    for response in (
        client.get("/api/v1/nothing-here"),
        client.post("/api/v1/org-units/x/y"),
        Client().get("/api/v1/x"),
    ):
        error(response, 404, "not_found")
