"""Upload page, background job (ImmediateBackend runs it on commit) and the report page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bina.accounts.factories import RoleAssignmentFactory, UserFactory
from bina.people.factories import make_nip
from bina.people.models import Employee, ImportJob
from bina.people.tests.test_import_support import employee_row, write_csv


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, path, kind="employees", **options):
    with path.open("rb") as handle:
        data = {"kind": kind, "file": SimpleUploadedFile(path.name, handle.read()), **options}
    return client.post(reverse("people:import"), data)


def test_upload_with_an_error_shows_the_report(world, client_as, tmp_path, django_capture_on_commit_callbacks):
    good = make_nip()
    path = write_csv(
        tmp_path / "pegawai.csv", [employee_row(good, "A", "ALF-DKP"), employee_row(make_nip(), "B", "NOPE")]
    )
    client = client_as(world.users["admin"])

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, path)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:import_job", args=[job.pk])
    assert job.status == "done" and job.report["status"] == "rejected"
    assert job.file.name.startswith(f"imports/{world.pemda.pk}/") and job.original_name == "pegawai.csv"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert 'class="table-wrap"' in body and "NOPE" in body and "pegawai.csv" in body
    assert "hx-trigger" not in body  # finished: no more polling
    assert not Employee.objects.filter(nip=good).exists()


def test_partial_upload_writes_valid_rows(world, client_as, tmp_path, django_capture_on_commit_callbacks):
    good = make_nip()
    path = write_csv(tmp_path / "p.csv", [employee_row(good, "A", "ALF-DKP"), employee_row(make_nip(), "B", "NOPE")])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_as(world.users["admin"]), path, partial="on")
    assert ImportJob.objects.get().report["status"] == "partial"
    assert Employee.objects.filter(nip=good).exists()


def test_queued_job_polls_with_progress_bar(world, client_as, tmp_path):
    path = write_csv(tmp_path / "p.csv", [employee_row(make_nip(), "A", "ALF-DKP")])
    client = client_as(world.users["admin"])
    response = upload(client, path)  # on_commit never fires inside the test transaction: stays queued
    job = ImportJob.objects.get()
    assert job.status == "queued"
    partial = client.get(reverse("people:import_job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<progress" in body and 'hx-trigger="every 1s"' in body
    assert response.status_code == 302


def test_upload_page_lists_recent_jobs_and_templates(world, client_as, django_assert_max_num_queries):
    admin = world.users["admin"]
    for i in range(3):
        ImportJob.objects.create(pemda=world.pemda, kind="units", original_name=f"u{i}.csv", created_by=admin)
    client = client_as(admin)
    client.get(reverse("people:import"))  # warm the session
    with django_assert_max_num_queries(8):
        page = client.get(reverse("people:import"))
    body = page.content.decode()
    assert page.status_code == 200 and "u2.csv" in body and 'for="id_file"' in body
    assert reverse("people:import_template", args=["employees"]) in body
    template = client.get(reverse("people:import_template", args=["employees"]))
    assert template.status_code == 200 and b"nip,nama,jenis_kelamin" in b"".join(template.streaming_content)


def test_bad_extension_is_refused_on_the_form(world, client_as, tmp_path):
    path = tmp_path / "pegawai.xls"
    path.write_bytes(b"not excel")
    response = upload(client_as(world.users["admin"]), path)
    assert response.status_code == 422 and ".xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_other_pemda_job_is_404(world, other_world, client_as):
    job = ImportJob.objects.create(pemda=other_world.pemda, kind="units", original_name="x.csv")
    client = client_as(world.users["admin"])
    assert client.get(reverse("people:import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("people:import_job_progress", args=[job.pk])).status_code == 404
    assert "x.csv" not in client.get(reverse("people:import")).content.decode()


def test_operator_sees_only_own_jobs(world, client_as):
    other_operator = UserFactory(username="op2.alfa", pemda=world.pemda)
    RoleAssignmentFactory(user=other_operator, pemda=world.pemda, role="operator", org_unit=world.units["kec_a"])
    theirs = ImportJob.objects.create(
        pemda=world.pemda, kind="employees", original_name="theirs.csv", created_by=other_operator
    )
    mine = ImportJob.objects.create(
        pemda=world.pemda, kind="employees", original_name="mine.csv", created_by=world.users["operator"]
    )
    client = client_as(world.users["operator"])
    assert client.get(reverse("people:import_job", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("people:import_job", args=[mine.pk])).status_code == 200
    page = client.get(reverse("people:import")).content.decode()
    assert "mine.csv" in page and "theirs.csv" not in page


def test_operator_cannot_upload_units(world, client_as, tmp_path):
    path = write_csv(tmp_path / "u.csv", [["N1", "Satu", "badan", ""]], header=["kode", "nama", "jenis", "kode_induk"])
    response = upload(client_as(world.users["operator"]), path, kind="units")
    assert response.status_code == 422  # not an offered choice
    assert not ImportJob.objects.exists()


def test_operator_upload_of_other_unit_rows_is_reported(world, client_as, tmp_path, django_capture_on_commit_callbacks):
    nip = make_nip()
    path = write_csv(tmp_path / "op.csv", [employee_row(nip, "A", "ALF-KEC-A")])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_as(world.users["operator"]), path)
    report = ImportJob.objects.get().report
    assert report["errors"][0]["code"] == "out_of_scope" and not Employee.objects.filter(nip=nip).exists()


@pytest.mark.parametrize("persona", ["participant", "leader"])
def test_roles_without_import_right_get_403(world, client_as, persona):
    client = client_as(world.users[persona])
    assert client.get(reverse("people:import")).status_code == 403
    assert client.get(reverse("people:import_template", args=["units"])).status_code == 403


def test_an_instructor_imports_question_banks_only(world, client_as):
    """Instructors import their courses' question banks (bina.assessments), never people or units."""
    client = client_as(world.users["instructor"])
    page = client.get(reverse("people:import"))
    assert page.status_code == 200
    kinds = {value for value, _label in page.context["form"].fields["kind"].choices}
    assert "questions" in kinds and not kinds & {"units", "employees"}
    assert client.get(reverse("people:import_template", args=["units"])).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("people:import"))
    assert response.status_code == 302 and "login" in response["Location"]
