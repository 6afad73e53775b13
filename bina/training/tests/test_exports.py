"""SIASN riwayat-diklat export (CSV/XLSX, page, API, command) and class participant lists (XLSX/PDF)."""

from __future__ import annotations

import base64
import csv
import io
import re
import zlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bina.accounts.factories import RoleAssignmentFactory, UserFactory
from bina.accounts.models import Role
from bina.certificates.models import Certificate
from bina.partners.factories import InstructorFactory
from bina.reports.registry import get_report
from bina.training.catalogue.models import TrainingType
from bina.training.classes.models import EnrolmentStatus
from bina.training.external.models import ExternalLearning, ExternalStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.exports import SIASN_COLUMNS

pytestmark = pytest.mark.django_db
YEAR = 2026


def completed(world, employee, *, title="Pelayanan Prima", number="BKPSDM/2026/0001"):
    klass = TrainingClassFactory(
        course__pemda=world.pemda, course__title=title, course__jp=24,
        course__training_type=TrainingType.TEKNIS, starts_on=date(YEAR, 3, 2), ends_on=date(YEAR, 3, 4),
    )  # fmt: skip
    enrolment = EnrolmentFactory(
        klass=klass, employee=employee, status=EnrolmentStatus.COMPLETED,
        attendance_pct=Decimal("100"), post_test_score=Decimal("87.5"),
    )  # fmt: skip
    if number:
        Certificate.objects.create(
            pemda=world.pemda, enrolment=enrolment, number=number, year=YEAR, serial=int(number[-4:]),
            holder_name=employee.name, holder_nip=employee.nip, course_title=title, jp=24,
            starts_on=klass.starts_on, ends_on=klass.ends_on, issuer_name="BKPSDM Kota Alfa",
            signer_name="Kepala", signer_title="Kepala BKPSDM", issued_at=timezone.now(),
        )  # fmt: skip
    return klass, enrolment


def external(world, employee, status=ExternalStatus.APPROVED):
    return ExternalLearning.objects.create(
        pemda=world.pemda, employee=employee, title="E-learning Etika", organiser="LAN RI", method="elearning",
        training_type=TrainingType.MANAJERIAL, starts_on=date(YEAR, 5, 1), ends_on=date(YEAR, 5, 3),
        jp_claimed=Decimal("10"), jp_approved=Decimal("8") if status == ExternalStatus.APPROVED else None,
        certificate_number="LAN-99", status=status,
        certificate_file=SimpleUploadedFile("c.pdf", b"%PDF-1.4"),
    )  # fmt: skip


def _page_streams(pdf: bytes) -> list[bytes]:
    """The decompressed content streams of a reportlab PDF (FlateDecode), to look for drawn text."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        data = match.group(1).strip()
        try:
            if data.endswith(b"~>"):  # reportlab's /ASCII85Decode /FlateDecode
                data = base64.a85decode(data.removeprefix(b"<~").removesuffix(b"~>"))
            out.append(zlib.decompress(data))
        except (ValueError, zlib.error):
            out.append(match.group(1))
    return out


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_siasn_csv_has_the_columns_dates_and_hours(world, client_as):
    staff = world.employees["staff_bidang"]
    completed(world, staff)
    external(world, staff)
    external(world, world.employees["head_bidang"], status=ExternalStatus.REJECTED)  # not exported
    response = client_as(world.users["admin"]).get(reverse("training:export_siasn"), {"year": YEAR, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="riwayat-diklat-{YEAR}.csv"'
    assert "no-store" in response["Cache-Control"]  # personal data: never kept by a cache
    rows = read_csv(response)
    assert rows[0] == list(SIASN_COLUMNS)
    assert rows[1] == [
        staff.nip, "Teknis", "Pelayanan Prima", "BKPSDM Kota Alfa", "BKPSDM/2026/0001",
        "02-03-2026", "04-03-2026", "2026", "24", "Bina",
    ]  # fmt: skip
    assert rows[2] == [
        staff.nip,
        "Manajerial",
        "E-learning Etika",
        "LAN RI",
        "LAN-99",
        "01-05-2026",
        "03-05-2026",
        "2026",
        "8",
        "Eksternal",
    ]
    assert len(rows) == 3


def test_siasn_xlsx_keeps_nip_as_text(world, client_as):
    completed(world, world.employees["staff_bidang"])
    response = client_as(world.users["admin"]).get(reverse("training:export_siasn"), {"year": YEAR, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="riwayat-diklat-{YEAR}.xlsx"'
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header == list(SIASN_COLUMNS)
    nip_cell = sheet.cell(row=2, column=1)
    assert nip_cell.data_type == "s" and isinstance(nip_cell.value, str)
    assert nip_cell.value == world.employees["staff_bidang"].nip


def test_operator_exports_only_their_subtree_and_unit_filter_applies(world, client_as):
    completed(world, world.employees["staff_bidang"], number="BKPSDM/2026/0001")
    completed(world, world.employees["kel_a1_staff"], title="Lain", number="BKPSDM/2026/0002")
    operator = client_as(world.users["operator"])
    rows = read_csv(operator.get(reverse("training:export_siasn"), {"year": YEAR, "format": "csv"}))
    assert [r[0] for r in rows[1:]] == [world.employees["staff_bidang"].nip]
    admin = client_as(world.users["admin"])
    rows = read_csv(admin.get(reverse("training:export_siasn"), {"year": YEAR, "format": "csv", "unit": "ALF-KEC-A"}))
    assert [r[0] for r in rows[1:]] == [world.employees["kel_a1_staff"].nip]


def test_export_refused_for_participants_and_other_pemda_units(world, other_world, client_as):
    assert client_as(world.users["participant"]).get(reverse("training:export_siasn")).status_code == 403
    assert client_as(world.users["leader"]).get(reverse("training:export_siasn")).status_code == 403
    response = client_as(world.users["admin"]).get(
        reverse("training:export_siasn"), {"year": YEAR, "format": "csv", "unit": "BET-DKP"}
    )
    # Another Pemda's unit is not one of the choices: a form error on the page, never a 404 page.
    assert response.status_code == 422
    assert "unit" in response.context["form"].errors


def test_export_of_one_pemda_never_contains_another(world, other_world, client_as):
    completed(other_world, other_world.employees["staff_bidang"], number="B/2026/0009")
    # Only the other Pemda has a row: nothing to export here, said on the form instead of an empty file.
    response = client_as(world.users["admin"]).get(reverse("training:export_siasn"), {"year": YEAR, "format": "csv"})
    assert response.status_code == 422 and response["Content-Type"].startswith("text/html")
    assert response.context["form"].non_field_errors() == [str(get_report("training.riwayat_diklat").empty_message())]
    completed(world, world.employees["staff_bidang"], number="A/2026/0001")
    rows = read_csv(
        client_as(world.users["admin"]).get(reverse("training:export_siasn"), {"year": YEAR, "format": "csv"})
    )
    assert [r[0] for r in rows[1:]] == [world.employees["staff_bidang"].nip]


def test_api_export_csv(world, client_as):
    completed(world, world.employees["staff_bidang"])
    response = client_as(world.users["admin"]).get(f"/api/v1/exports/riwayat-diklat?year={YEAR}&format=csv")
    assert response.status_code == 200
    assert read_csv(response)[1][0] == world.employees["staff_bidang"].nip
    assert client_as(world.users["participant"]).get("/api/v1/exports/riwayat-diklat").status_code == 403


def test_command_writes_xlsx(world, tmp_path):
    completed(world, world.employees["staff_bidang"])
    out = tmp_path / "riwayat.xlsx"
    call_command("export_riwayat_diklat", pemda=world.pemda.slug, year=YEAR, format="xlsx", output=str(out))
    sheet = load_workbook(out).active
    assert sheet.cell(row=2, column=1).value == world.employees["staff_bidang"].nip
    out_csv = tmp_path / "riwayat.csv"
    call_command("export_riwayat_diklat", pemda=world.pemda.slug, year=YEAR, format="csv", output=str(out_csv))
    assert out_csv.read_text(encoding="utf-8").startswith("\ufeffNIP,")


# --- participant lists --------------------------------------------------------------------------------


def test_admin_downloads_participants_xlsx(world, client_as):
    klass, _ = completed(world, world.employees["staff_bidang"])
    EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.ENROLLED)
    response = client_as(world.users["admin"]).get(reverse("training:class_participants_xlsx", args=[klass.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    by_nip = {r[0]: r for r in rows[1:]}
    staff = by_nip[world.employees["staff_bidang"].nip]
    assert staff[1] == "Staf Bidang" and staff[4] == 100 and staff[5] == 87.5 and staff[6] == "BKPSDM/2026/0001"
    assert all(isinstance(r[0], str) for r in rows[1:])


def test_participants_pdf_is_a_pdf_over_several_pages(world, client_as):
    from bina.people.factories import EmployeeFactory

    klass, _ = completed(world, world.employees["staff_bidang"])
    for _ in range(45):
        EnrolmentFactory(klass=klass, employee=EmployeeFactory(pemda=world.pemda, unit=world.units["bidang"]))
    response = client_as(world.users["admin"]).get(reverse("training:class_participants_pdf", args=[klass.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="participants-{klass.code}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    # 46 rows do not fit one A4 page: the table continues (with its header row repeated) on page 2.
    page_counts = [int(n) for n in re.findall(rb"/Count (\d+)", response.content)]
    assert max(page_counts) >= 2
    text = b"".join(_page_streams(response.content))
    assert text.count(b"(NIP)") == max(page_counts)  # the header row on every page
    assert klass.code.encode() in text


def test_instructor_of_the_class_downloads_but_not_of_another_class(world, client_as):
    klass, _ = completed(world, world.employees["staff_bidang"])
    other_klass, _ = completed(world, world.employees["head_bidang"], number="BKPSDM/2026/0002")
    instructor_user = world.users["instructor"]
    SessionFactory(klass=klass, instructor=InstructorFactory(pemda=world.pemda, user=instructor_user))
    client = client_as(instructor_user)
    assert client.get(reverse("training:class_participants_xlsx", args=[klass.pk])).status_code == 200
    assert client.get(reverse("training:class_participants_xlsx", args=[other_klass.pk])).status_code == 404


def test_participants_hidden_from_participants_and_other_pemda(world, other_world, client_as):
    klass, _ = completed(world, world.employees["staff_bidang"])
    # The participant sees the class, not its list: 403, as on the page and the API (issue 7, point 1).
    assert (
        client_as(world.users["participant"])
        .get(reverse("training:class_participants_pdf", args=[klass.pk]))
        .status_code
        == 403
    )
    assert (
        client_as(other_world.users["admin"])
        .get(reverse("training:class_participants_xlsx", args=[klass.pk]))
        .status_code
        == 404
    )
    api = client_as(other_world.users["admin"]).get(f"/api/v1/classes/{klass.pk}/participants.xlsx")
    assert api.status_code == 404
    ok = client_as(world.users["admin"]).get(f"/api/v1/classes/{klass.pk}/participants.xlsx")
    assert ok.status_code == 200 and ok.content[:2] == b"PK"


def test_leader_cannot_export_training_history(world, client_as):
    # Leaders read compliance but export is for admins and operators (can_export_training_history).
    user = UserFactory(username="leader2.alfa", pemda=world.pemda)
    RoleAssignmentFactory(user=user, pemda=world.pemda, role=Role.LEADER, org_unit=None)
    assert client_as(user).get(f"/api/v1/exports/riwayat-diklat?year={YEAR}").status_code == 403


def test_riwayat_export_is_refused_and_logged_before_any_row_is_read(world):
    from bina.core.errors import PermissionDenied
    from bina.core.models import AuditEvent
    from bina.training.learning.exports import riwayat_diklat_rows

    with pytest.raises(PermissionDenied):
        riwayat_diklat_rows(world.actor("participant"), year=2026)  # not iterated: refused at the call
    riwayat_diklat_rows(world.actor("admin"), year=2026, fmt="csv")  # not iterated either: logged at the call
    event = AuditEvent.objects.get(action="training.export_riwayat_diklat")
    assert event.detail == {"year": 2026, "unit": None, "format": "csv"}
