"""Import uploads over the REST API (multipart), answered with the import report.

These run the real import service (`bina.imports.service.import_file`) on small CSV files.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bina.accounts.services import token_create
from bina.people.factories import make_nip
from bina.people.models import Employee, OrgUnit
from conftest import token_issuer

ROW_ERROR_KEYS = {"file", "row", "column", "value", "reason", "code"}


def api_as(user) -> Client:
    _, secret = token_create(actor=token_issuer(user), user=user)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def upload(client: Client, kind: str, content: str, name: str = "data.csv", **flags: bool):
    data: dict[str, object] = {"file": SimpleUploadedFile(name, content.encode(), content_type="text/csv")}
    for key, value in flags.items():
        data[key] = "true" if value else "false"
    return client.post(f"/api/v1/imports/{kind}", data)


def employees_csv(*rows: tuple[str, str, str]) -> str:
    lines = ["nip,nama,jenis_asn,kode_unit"]
    lines += [f"{nip},{name},PNS,{unit}" for nip, name, unit in rows]
    return "\n".join(lines) + "\n"


def error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"]["code"] == code
    return body["error"]


def assert_report(body: dict, status: str) -> None:
    assert body["status"] == status, body
    assert {"status", "written", "message", "created", "updated", "unchanged", "errors", "total_rows"} <= set(body)
    assert body["message"]
    for row_error in body["errors"]:
        assert set(row_error) >= ROW_ERROR_KEYS


def test_admin_imports_units(world):
    csv = "kode,nama,jenis,kode_induk\nALF-KEL-A2,Kelurahan Alfa Dua,kelurahan,ALF-KEC-A\n"
    response = upload(api_as(world.users["admin"]), "units", csv, name="unit.csv")
    assert response.status_code == 200, response.content
    body = response.json()
    assert_report(body, "accepted")
    assert body["created"] == 1 and body["written"] is True
    unit = OrgUnit.objects.get(code="ALF-KEL-A2")
    assert unit.pemda == world.pemda and unit.parent == world.units["kec_a"]


def test_dry_run_checks_and_writes_nothing(world):
    nip = make_nip()
    csv = employees_csv((nip, "Pegawai Uji", world.units["bidang"].code))
    response = upload(api_as(world.users["admin"]), "employees", csv, dry_run=True)
    assert response.status_code == 200, response.content
    body = response.json()
    assert_report(body, "dry_run")
    assert body["written"] is False and body["errors"] == []
    assert not Employee.objects.filter(nip=nip).exists()


def test_operator_imports_employees_into_own_subtree(world):
    nip = make_nip()
    csv = employees_csv((nip, "Pegawai Dinas", world.units["bidang"].code))
    response = upload(api_as(world.users["operator"]), "employees", csv)
    assert response.status_code == 200, response.content
    assert_report(response.json(), "accepted")
    assert Employee.objects.get(nip=nip).unit == world.units["bidang"]


def test_rejected_file_is_422_with_row_errors_and_writes_nothing(world):
    good, bad = make_nip(), "19871315" + "2010011001"
    csv = employees_csv((good, "Baik", world.units["bidang"].code), (bad, "Salah", world.units["bidang"].code))
    response = upload(api_as(world.users["admin"]), "employees", csv)
    assert response.status_code == 422, response.content
    body = response.json()
    assert_report(body, "rejected")
    assert body["written"] is False
    nip_errors = [e for e in body["errors"] if e["value"] == bad]
    assert nip_errors and nip_errors[0]["row"] == 3 and nip_errors[0]["file"] == "data.csv"
    assert not Employee.objects.filter(nip=good).exists()


def test_partial_writes_good_rows_and_answers_422_with_the_rest(world):
    good, bad = make_nip(), "12345"
    csv = employees_csv((good, "Baik", world.units["bidang"].code), (bad, "Salah", world.units["bidang"].code))
    response = upload(api_as(world.users["admin"]), "employees", csv, partial=True)
    assert response.status_code == 422, response.content
    body = response.json()
    assert_report(body, "partial")
    assert body["errors"]
    assert Employee.objects.filter(nip=good).exists()


def test_other_pemda_unit_code_is_a_row_error(world, other_world):
    nip = make_nip()
    csv = employees_csv((nip, "Penyusup", other_world.units["dinas"].code))
    response = upload(api_as(world.users["admin"]), "employees", csv)
    assert response.status_code == 422, response.content
    assert_report(response.json(), "rejected")
    assert not Employee.objects.filter(nip=nip).exists()


def test_operator_rows_for_other_unit_are_refused(world):
    nip = make_nip()
    csv = employees_csv((nip, "Di Luar", world.units["kel_b1"].code))
    response = upload(api_as(world.users["operator"]), "employees", csv)
    assert response.status_code == 422, response.content
    assert_report(response.json(), "rejected")
    assert not Employee.objects.filter(nip=nip).exists()


def test_roles_that_may_not_import_get_403_and_nothing_is_read(world):
    csv = "kode,nama\nZZ,Zeta\n"
    for persona in ("operator", "leader", "participant", "instructor"):
        error(upload(api_as(world.users[persona]), "units", csv), 403, "permission_denied")
    for persona in ("leader", "participant", "instructor", "supervisor"):
        error(upload(api_as(world.users[persona]), "employees", employees_csv()), 403, "permission_denied")
    assert not OrgUnit.objects.filter(code="ZZ").exists()


def test_platform_superadmin_cannot_import(superadmin):
    error(upload(api_as(superadmin), "units", "kode,nama\nZZ,Zeta\n"), 403, "permission_denied")


def test_unsupported_file_type_is_rejected_with_a_file_error(world):
    response = upload(api_as(world.users["admin"]), "units", "hello", name="notes.txt")
    assert response.status_code == 422, response.content
    body = response.json()
    assert_report(body, "rejected")
    assert body["errors"][0]["file"] == "notes.txt"


def test_missing_file_is_422_naming_the_field(world):
    response = api_as(world.users["admin"]).post("/api/v1/imports/units", {"dry_run": "true"})
    detail = error(response, 422, "validation_failed")
    assert [d["field"] for d in detail["details"]] == ["file"]


def test_import_needs_a_token(world, client_as):
    csv = "kode,nama\nZZ,Zeta\n"
    error(upload(Client(), "units", csv), 401, "authentication_required")
    # A logged-in browser cannot post: no CSRF exposure through the API.
    error(upload(client_as(world.users["admin"]), "units", csv), 401, "authentication_required")
    assert not OrgUnit.objects.filter(code="ZZ").exists()
