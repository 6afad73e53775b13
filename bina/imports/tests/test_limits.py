"""Import limits (issue 8.10): file size, rows per synchronous request, errors per response.

The limits are settings enforced by the one service (`bina.imports.service`), so the API and the page
refuse the same way; a refused upload changes nothing, and a capped report stays downloadable in full.
"""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bina.accounts.services import token_create
from bina.core.models import AuditEvent
from bina.imports.models import ImportJob
from bina.people.factories import make_nip
from bina.people.models import Employee
from bina.people.tests.test_import_support import employee_row, write_csv
from conftest import token_issuer


def api_as(user) -> Client:
    _, secret = token_create(actor=token_issuer(user), user=user)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def csv_of(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nip", "nama", "jenis_asn", "kode_unit"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def post(client: Client, content: bytes, path: str = "/api/v1/imports/employees", name: str = "pegawai.csv"):
    return client.post(path, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def unchanged(world, employees: int) -> None:
    assert Employee.objects.filter(pemda=world.pemda).count() == employees
    assert not ImportJob.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="import.").exists()


def test_oversize_file_is_refused_with_413_and_nothing_changes(world, settings, client_as, tmp_path):
    settings.BINA_IMPORT_MAX_BYTES = 300
    employees = Employee.objects.filter(pemda=world.pemda).count()
    content = csv_of([[make_nip(), f"Pegawai {i}", "PNS", "ALF-DKP"] for i in range(10)])
    assert len(content) > 300

    response = post(api_as(world.users["admin"]), content)
    assert response.status_code == 413, response.content
    error = response.json()["error"]
    assert error["code"] == "file_too_large" and "pegawai.csv" in error["message"]
    assert error["details"][0]["max_bytes"] == 300
    # The background job refuses it too, before storing the upload.
    assert post(api_as(world.users["admin"]), content, path="/api/v1/imports/employees/jobs").status_code == 413
    unchanged(world, employees)

    # The page: the same refusal on the form, with the service's status.
    page = client_as(world.users["admin"]).post(
        reverse("people:import"), {"kind": "employees", "file": SimpleUploadedFile("besar.csv", content)}
    )
    assert page.status_code == 413 and "besar.csv" in page.content.decode()
    unchanged(world, employees)


def test_sync_request_over_the_row_limit_is_refused_and_the_job_takes_it(
    world, settings, django_capture_on_commit_callbacks
):
    settings.BINA_IMPORT_SYNC_MAX_ROWS = 3
    employees = Employee.objects.filter(pemda=world.pemda).count()
    nips = [make_nip() for _ in range(4)]
    content = csv_of([[nip, f"Pegawai {i}", "PNS", "ALF-DKP"] for i, nip in enumerate(nips)])
    client = api_as(world.users["admin"])

    response = post(client, content)
    assert response.status_code == 413, response.content
    error = response.json()["error"]
    assert error["code"] == "too_many_rows"
    assert "/api/v1/imports/employees/jobs" in error["message"]
    assert error["details"][0]["jobs_url"] == "/api/v1/imports/employees/jobs"
    unchanged(world, employees)

    # Where the refusal points: the background job (the test task backend runs it on commit).
    with django_capture_on_commit_callbacks(execute=True):
        queued = post(client, content, path="/api/v1/imports/employees/jobs")
    assert queued.status_code == 202, queued.content
    job = client.get(queued.json()["url"])
    assert job.status_code == 200, job.content
    body = job.json()
    assert body["status"] == "done" and body["report"]["status"] == "accepted", body
    assert Employee.objects.filter(pemda=world.pemda, nip__in=nips).count() == 4


def test_error_list_is_capped_with_the_total_and_the_full_report_downloadable(world, settings, client_as):
    settings.BINA_IMPORT_MAX_ERRORS_SHOWN = 2
    rows = [[make_nip(), f"Pegawai {i}", "PNS", f"NOPE-{i}"] for i in range(5)]
    client = api_as(world.users["admin"])

    response = post(client, csv_of(rows))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["status"] == "rejected"
    assert len(body["errors"]) == 2 and body["errors_total"] == 5 and body["errors_truncated"] is True
    assert not Employee.objects.filter(nip__in=[r[0] for r in rows]).exists()

    report = client.get(body["report_url"])
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert lines[0] == ["file", "row", "column", "value", "reason", "code"]
    assert sorted(line[3] for line in lines[1:]) == [f"NOPE-{i}" for i in range(5)]
    # Someone else's report is not found.
    other = client_as(world.users["operator"]).get(body["report_url"])
    assert other.status_code in (401, 404)


def test_job_page_shows_the_first_errors_and_downloads_them_all(
    world, settings, client_as, tmp_path, django_capture_on_commit_callbacks
):
    settings.BINA_IMPORT_MAX_ERRORS_SHOWN = 2
    path = write_csv(tmp_path / "salah.csv", [employee_row(make_nip(), f"P{i}", f"NOPE-{i}") for i in range(4)])
    client = client_as(world.users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("people:import"), {"kind": "employees", "file": SimpleUploadedFile(path.name, path.read_bytes())}
        )
    job = ImportJob.objects.get()
    body = client.get(reverse("people:import_job", args=[job.pk])).content.decode()
    assert "NOPE-0" in body and "NOPE-1" in body and "NOPE-3" not in body
    download = reverse("people:import_job_report", args=[job.pk])
    assert download in body
    report = client.get(download)
    assert report.status_code == 200
    assert all(f"NOPE-{i}" in report.content.decode("utf-8-sig") for i in range(4))
