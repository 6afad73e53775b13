from __future__ import annotations

from bina.accounts.models import Role, RoleAssignment
from bina.partners.models import Instructor


def test_admin_lists_partners_of_own_pemda(world, partners, other_partners, api_as):
    body = api_as(world.users["admin"]).get("/api/v1/partners").json()
    assert {p["name"] for p in body["items"]} == {"Universitas Airlangga", "BPSDM Provinsi"}
    assert body["count"] == 2


def test_other_pemda_partner_404(world, partners, other_partners, api_as):
    client = api_as(world.users["admin"])
    assert client.get(f"/api/v1/partners/{other_partners.uni.pk}").status_code == 404
    assert client.get(f"/api/v1/partners/{other_partners.uni.pk}/agreements").status_code == 404
    assert client.get(f"/api/v1/instructors/{other_partners.uni_instructor.pk}").status_code == 404


def test_coordinator_reads_own_partner_agreements_and_instructors(world, partners, api_as):
    client = api_as(partners.coordinator)
    assert [p["id"] for p in client.get("/api/v1/partners").json()["items"]] == [partners.uni.pk]
    agreements = client.get(f"/api/v1/partners/{partners.uni.pk}/agreements").json()["items"]
    assert [a["number"] for a in agreements] == [partners.uni_agreement.number]
    assert agreements[0]["status"] == "active"
    assert client.get(f"/api/v1/partners/{partners.lan.pk}/agreements").status_code == 404
    assert [i["id"] for i in client.get("/api/v1/instructors").json()["items"]] == [partners.uni_instructor.pk]
    detail = client.get(f"/api/v1/instructors/{partners.uni_instructor.pk}").json()
    assert detail["email"] == "d@unair.ac.id"
    assert (
        client.post("/api/v1/partners", {"name": "X", "kind": "other"}, content_type="application/json").status_code
        == 403
    )


def test_participant_cannot_read_agreements_or_contacts(world, partners, api_as):
    client = api_as(world.users["participant"])
    assert client.get(f"/api/v1/partners/{partners.uni.pk}/agreements").status_code == 403
    detail = client.get(f"/api/v1/partners/{partners.uni.pk}").json()
    assert detail["contact_email"] is None
    assert client.get(f"/api/v1/instructors/{partners.uni_instructor.pk}").json()["email"] is None


def test_admin_creates_and_patches_partner_agreement_instructor(world, partners, api_as):
    client = api_as(world.users["admin"])
    created = client.post("/api/v1/partners", {"name": "ITS", "kind": "university"}, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    patched = client.patch(f"/api/v1/partners/{pk}", {"short_name": "ITS"}, content_type="application/json")
    assert patched.json()["short_name"] == "ITS"
    agreement = client.post(
        f"/api/v1/partners/{pk}/agreements",
        {"number": "PKS/API/1", "title": "MoU", "starts_on": "2026-01-01", "ends_on": "2026-06-30", "status": "active"},
        content_type="application/json",
    )
    assert agreement.status_code == 201
    assert agreement.json()["status"] == "expired" or agreement.json()["stored_status"] == "active"
    bad = client.post(
        f"/api/v1/partners/{pk}/agreements",
        {"number": "PKS/API/2", "title": "MoU", "starts_on": "2026-06-01", "ends_on": "2026-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"] == [{"field": "ends_on"}]
    instructor = client.post(
        "/api/v1/instructors",
        {"kind": "partner", "name": "Dr. ITS", "partner_id": pk, "username": world.users["operator"].username},
        content_type="application/json",
    )
    assert instructor.status_code == 201, instructor.content
    iid = instructor.json()["id"]
    assert RoleAssignment.objects.filter(user=world.users["operator"], role=Role.INSTRUCTOR).exists()
    patched = client.patch(f"/api/v1/instructors/{iid}", {"expertise": "Data"}, content_type="application/json")
    assert patched.json()["expertise"] == "Data"
    assert Instructor.objects.get(pk=iid).expertise == "Data"


def test_instructor_post_unknown_refs_are_422(world, other_partners, api_as):
    client = api_as(world.users["admin"])
    response = client.post(
        "/api/v1/instructors",
        {"kind": "partner", "name": "A", "partner_id": other_partners.uni.pk},
        content_type="application/json",
    )
    # The one reference-error shape (issue 7): the detail names the value not found as well.
    assert response.status_code == 422 and response.json()["error"]["details"] == [
        {"field": "partner_id", "value": other_partners.uni.pk}
    ]
    response = client.post(
        "/api/v1/instructors", {"kind": "asn", "employee_nip": "123"}, content_type="application/json"
    )
    assert response.status_code == 422


def test_instructor_post_refs_of_another_pemda_are_422(world, other_world, api_as):
    client = api_as(world.users["admin"])
    foreign_employee = other_world.users["participant"].employee
    response = client.post(
        "/api/v1/instructors",
        {"kind": "asn", "employee_nip": foreign_employee.nip},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == "employee_nip"
    response = client.post(
        "/api/v1/instructors",
        {"kind": "external", "name": "A", "username": other_world.users["operator"].username},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == "username"
