"""Issue 9 point 12: exports on the pages where the data is, and no empty file.

The attendance sheet (daftar hadir) is a PDF with the Pemda's letterhead and a signature column, one row per
participant, for the class or one session; compliance comes as XLSX and PDF; an export that would hold no
row answers with a message on the page (and `empty_report` on the API) instead of a file.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from bina.people.factories import EmployeeFactory, OrgUnitFactory
from bina.training.classes.models import EnrolmentStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db
YEAR = date.today().year


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def a_class(world, **kwargs):
    return TrainingClassFactory(course__pemda=world.pemda, course__title="Pelayanan Prima", **kwargs)


def test_attendance_sheet_has_the_letterhead_a_signature_column_and_one_row_per_participant(world, client_as_en):
    klass = a_class(world)
    seated = [world.employees["staff_bidang"], world.employees["kel_a1_staff"], world.employees["camat_a"]]
    for employee in seated:
        EnrolmentFactory(klass=klass, employee=employee, status=EnrolmentStatus.ENROLLED)
    EnrolmentFactory(klass=klass, employee=world.employees["kel_b1_staff"], status=EnrolmentStatus.WITHDRAWN)
    response = client_as_en(world.users["admin"]).get(reverse("training:class_attendance_sheet", args=[klass.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert world.pemda.name.upper() in text  # the letterhead
    assert "Attendance sheet" in text and "Signature" in text and "Organiser" in text
    for employee in seated:
        assert employee.name in text and employee.nip in text
    assert world.employees["kel_b1_staff"].name not in text  # withdrawn: not on the sheet
    assert "\n3\n" in text.split("Signature", 1)[1] and "\n4\n" not in text  # rows numbered 1..3


def test_attendance_sheet_of_one_session_names_it_and_refuses_another_class_session(world, client_as_en):
    klass = a_class(world)
    EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.ENROLLED)
    session = SessionFactory(klass=klass, topic="Etika Pelayanan Publik", room="Aula Lt. 2")
    other = SessionFactory(klass=a_class(world))
    client = client_as_en(world.users["admin"])
    url = reverse("training:class_attendance_sheet", args=[klass.pk])
    response = client.get(url, {"session": session.pk})
    assert response.status_code == 200
    _, text = pdf_text(response.content)
    assert "Etika Pelayanan Publik" in text and "Aula Lt. 2" in text
    assert client.get(url, {"session": other.pk}).status_code == 404
    assert client.get(url, {"session": "x"}).status_code == 404


def test_attendance_sheet_writes_the_session_in_indonesian_on_the_pemda_clock(world, client_as):
    from django.utils import translation

    from bina.core.dates import format_date, format_datetime, format_time
    from bina.training.facade import pemda_zone

    klass = a_class(world)
    EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.ENROLLED)
    session = SessionFactory(klass=klass, topic="Etika Pelayanan Publik")
    url = reverse("training:class_attendance_sheet", args=[klass.pk])
    response = client_as(world.users["admin"]).get(url, {"session": session.pk})  # the default UI: Indonesian
    assert response.status_code == 200
    _, text = pdf_text(response.content)
    zone = pemda_zone(klass.pemda_id)
    with translation.override("id"):
        start = format_datetime(session.starts_at, zone=zone)  # e.g. `Sel, 8 Des 2026 08.00`
        end = format_time(session.ends_at, zone=zone)
        first_day = format_date(klass.starts_on)
    assert f"Sesi: Etika Pelayanan Publik · {start}–{end}" in " ".join(text.split())
    assert "." in end and ":" not in end and first_day in text


def test_attendance_sheet_follows_the_participants_rule(world, other_world, client_as):
    klass = a_class(world)
    EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.ENROLLED)
    url = reverse("training:class_attendance_sheet", args=[klass.pk])
    assert client_as(world.users["participant"]).get(url).status_code == 403
    assert client_as(other_world.users["admin"]).get(url).status_code == 404


def test_an_empty_class_says_so_on_the_participants_page_instead_of_a_file(world, client_as_en):
    klass = a_class(world)
    EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.WITHDRAWN)
    client = client_as_en(world.users["admin"])
    page = reverse("training:class_participants", args=[klass.pk])
    response = client.get(reverse("training:class_attendance_sheet", args=[klass.pk]), follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert response["Content-Type"].startswith("text/html")
    assert "there is no one to sign" in response.content.decode()
    empty = a_class(world)
    response = client.get(reverse("training:class_participants_xlsx", args=[empty.pk]), follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "This class has no participants to export yet." in response.content.decode()
    # The API answers the same rule as an error, not an empty file.
    api = client.get(f"/api/v1/classes/{empty.pk}/participants.xlsx")
    assert api.status_code == 422 and api.json()["error"]["code"] == "empty_report"


def test_participants_page_offers_the_downloads(world, client_as_en):
    klass = a_class(world)
    SessionFactory(klass=klass, topic="Etika Pelayanan Publik")
    body = client_as_en(world.users["admin"]).get(reverse("training:class_participants", args=[klass.pk])).content
    html = body.decode()
    for name in ("class_participants_xlsx", "class_participants_pdf", "class_attendance_sheet"):
        assert reverse(f"training:{name}", args=[klass.pk]) in html
    assert "Etika Pelayanan Publik" in html  # the per-session sheet's choice


def test_compliance_downloads_as_xlsx_and_pdf_with_the_letterhead(world, client_as_en):
    client = client_as_en(world.users["admin"])
    url = reverse("training:compliance")
    page = client.get(url, {"year": YEAR}).content.decode()
    assert "format=xlsx" in page and "format=pdf" in page
    xlsx = client.get(url, {"year": YEAR, "format": "xlsx"})
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Unit" and rows[-1][1] == len(world.employees)  # the total row counts everyone
    assert {r[0] for r in rows[1:-1]} >= {"Sekretariat Daerah", "Kecamatan Alfa"}
    pdf = client.get(url, {"year": YEAR, "format": "pdf", "unit": world.units["kec_a"].code})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    _, text = pdf_text(pdf.content)
    assert world.pemda.name.upper() in text and "Kelurahan Alfa Satu" in text


def test_compliance_of_a_unit_without_employees_says_so(world, client_as_en):
    empty = OrgUnitFactory(pemda=world.pemda, code="ALF-KOSONG", name="Unit Kosong", parent=world.units["kec_b"])
    client = client_as_en(world.users["admin"])
    url = reverse("training:compliance")
    response = client.get(url, {"year": YEAR, "unit": empty.code, "format": "xlsx"}, follow=True)
    assert response.redirect_chain == [(f"{url}?year={YEAR}&unit={empty.code}", 302)]
    assert "there is nothing to export" in response.content.decode()


def test_employee_list_downloads_as_xlsx_with_the_page_filters(world, other_world, client_as_en):
    client = client_as_en(world.users["admin"])
    url = reverse("people:employees")
    assert 'name="format" value="xlsx"' in client.get(url).content.decode()
    response = client.get(url, {"unit": world.units["kec_a"].code, "format": "xlsx"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("NIP", "Name", "Unit")
    assert {r[0] for r in rows[1:]} == {world.employees["kel_a1_staff"].nip, world.employees["camat_a"].nip}
    assert sheet.cell(row=2, column=1).data_type == "s"  # NIP as text
    from bina.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="people.export_employees", pemda_id=world.pemda.pk).exists()
    # Another Pemda's employees never appear, and a search that finds no one says so.
    EmployeeFactory(pemda=other_world.pemda, unit=other_world.units["kec_a"], name="Orang Lain")
    nobody = client.get(url, {"q": "Orang Lain", "format": "xlsx"}, follow=True)
    assert nobody.redirect_chain[-1][0].startswith(url) and nobody["Content-Type"].startswith("text/html")
    assert "No employee matches these filters" in nobody.content.decode()
    assert client_as_en(world.users["participant"]).get(url, {"format": "xlsx"}).status_code == 403


def test_the_siasn_command_writes_no_empty_file(world, tmp_path):
    from django.core.management import CommandError, call_command
    from django.utils import translation

    out = tmp_path / "empty.csv"
    with translation.override("en"), pytest.raises(CommandError, match="There is nothing to export"):
        call_command("export_riwayat_diklat", pemda=world.pemda.slug, year=2001, format="csv", output=str(out))
    assert not out.exists()
