"""Training history from before Bina (issue 11 §1): the `training_history` import kind, and its JP counted as
completed training in "my learning", the employee's profile, compliance, the JP API and the SIASN export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from bina.accounts.services import token_create
from bina.core.actor import Actor
from bina.core.audit import AuditEvent
from bina.imports.columns import CellError, parse_decimal
from bina.imports.service import import_file
from bina.training.external.imports import parse_training_type
from bina.training.external.models import TrainingHistory
from bina.training.factories import CourseFactory
from bina.training.learning.models import EmployeeYearJp, JpCredit, JpSource
from bina.training.learning.selectors import jp_year_summary, unit_jp_compliance
from conftest import token_issuer

HEADER = "nip,nama_pelatihan,jenis,penyelenggara,nomor_sertifikat,tanggal_mulai,tanggal_selesai,jp,kode_kursus"
THIS_YEAR = timezone.localdate().year


def run(path: Path, pemda: str, *options: str) -> tuple[int, list[str]]:
    """The command's exit code and output lines."""
    out = StringIO()
    try:
        call_command("import_training_history", str(path), "--pemda", pemda, *options, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue().strip().splitlines()
    return 0, out.getvalue().strip().splitlines()


def write_csv(tmp_path: Path, *rows: str, name: str = "riwayat.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def worked_file(world, tmp_path: Path) -> Path:
    staff, head = world.employees["staff_bidang"], world.employees["head_bidang"]
    return write_csv(
        tmp_path,
        # dd-mm-yyyy, with a certificate number (the key is NIP + number)
        f"{staff.nip},Pelatihan Kepemimpinan Pengawas,Diklat Struktural,BPSDM Jatim,PKP/2023/17,06-03-2023,"
        "21-04-2023,40,",
        # dd/mm/yyyy, no certificate number (the key is NIP + name + end date), a decimal comma
        f'{staff.nip},Bimtek Pelayanan Prima,Teknis,BKPSDM,,14/08/2024,16/08/2024,"12,5",',
        # YYYY-MM-DD, this year, linked to a Bina course
        f"{head.nip},Pelayanan KTP-el,teknis,Dispendukcapil,DKP/2026/3,{THIS_YEAR}-02-02,{THIS_YEAR}-02-04,24,KTP-01",
    )


@pytest.fixture
def course(world):
    return CourseFactory(pemda=world.pemda, code="KTP-01", title="Pelayanan KTP-el", jp=24)


# --- the import ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_worked_file_with_each_date_format_is_imported_and_credited_to_the_year_it_ended(world, course, tmp_path):
    staff, head = world.employees["staff_bidang"], world.employees["head_bidang"]
    code, lines = run(worked_file(world, tmp_path), world.pemda.slug)
    assert code == 0, lines
    assert lines[-1] == "created=3 updated=0 unchanged=0 errors=0"
    records = {r.title: r for r in TrainingHistory.objects.all()}
    pkp = records["Pelatihan Kepemimpinan Pengawas"]
    assert (pkp.employee_id, pkp.starts_on, pkp.ends_on, pkp.jp) == (
        staff.pk,
        dt.date(2023, 3, 6),
        dt.date(2023, 4, 21),
        Decimal(40),
    )
    assert (pkp.training_type, pkp.organiser, pkp.certificate_number) == ("struktural", "BPSDM Jatim", "PKP/2023/17")
    assert pkp.source_file == "riwayat.csv" and pkp.course_id is None
    prima = records["Bimtek Pelayanan Prima"]
    assert (prima.starts_on, prima.ends_on, prima.jp, prima.certificate_number) == (
        dt.date(2024, 8, 14),
        dt.date(2024, 8, 16),
        Decimal("12.5"),
        "",
    )
    ktp = records["Pelayanan KTP-el"]
    assert ktp.course_id == course.pk and ktp.ends_on == dt.date(THIS_YEAR, 2, 4)
    # Each record is one JP credit, source "import", in the year it ended; the yearly totals follow.
    credits = {(c.employee_id, c.year): c for c in JpCredit.objects.filter(source=JpSource.IMPORT)}
    assert {k: c.jp for k, c in credits.items()} == {
        (staff.pk, 2023): Decimal(40),
        (staff.pk, 2024): Decimal("12.5"),
        (head.pk, THIS_YEAR): Decimal(24),
    }
    assert credits[(staff.pk, 2023)].history_id == pkp.pk
    totals = {(t.employee_id, t.year): t.jp for t in EmployeeYearJp.objects.all()}
    assert totals == {(staff.pk, 2023): Decimal(40), (staff.pk, 2024): Decimal("12.5"), (head.pk, THIS_YEAR): 24}
    event = AuditEvent.objects.get(action="import.training_history")
    assert event.detail["created"] == 3 and event.detail["written"] is True


@pytest.mark.django_db
def test_xlsx_with_real_excel_date_cells(world, tmp_path):
    staff = world.employees["staff_bidang"]
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([staff.nip, "Diklat Teknis Arsip", "Teknis", "ANRI", "ANRI-7", None, None, 16.5, None])
    sheet.append([staff.nip, "Seminar Inovasi", "", "", "", None, None, 3, None])
    # Real date cells (a datetime with a number format), as Excel stores them; the NIP stays text.
    for row, (start, end) in (
        (2, (dt.datetime(2022, 5, 9), dt.datetime(2022, 5, 10))),
        (3, (dt.date(2021, 1, 4),) * 2),
    ):
        for col, value in ((6, start), (7, end)):
            cell = sheet.cell(row=row, column=col, value=value)
            cell.number_format = "DD/MM/YYYY"
    path = tmp_path / "riwayat.xlsx"
    book.save(path)
    code, lines = run(path, world.pemda.slug)
    assert code == 0, lines
    assert lines[-1] == "created=2 updated=0 unchanged=0 errors=0"
    arsip = TrainingHistory.objects.get(certificate_number="ANRI-7")
    assert (arsip.starts_on, arsip.ends_on, arsip.jp) == (dt.date(2022, 5, 9), dt.date(2022, 5, 10), Decimal("16.5"))
    seminar = TrainingHistory.objects.get(title="Seminar Inovasi")
    assert (seminar.starts_on, seminar.ends_on, seminar.jp, seminar.training_type) == (
        dt.date(2021, 1, 4),
        dt.date(2021, 1, 4),
        Decimal(3),
        "",
    )
    assert JpCredit.objects.get(history=arsip).year == 2022


def _errors(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("riwayat.csv:")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cells", "column", "value", "code", "reason"),
    [
        ("{other},P,Teknis,,,01-02-2024,02-02-2024,8,", "nip", "{other}", "unknown_nip", "No employee with this NIP"),
        ("1.98703E+17,P,Teknis,,,01-02-2024,02-02-2024,8,", "nip", "1.98703E+17", "nip", "Format the NIP column"),
        (",P,Teknis,,,01-02-2024,02-02-2024,8,", "nip", "", "required", "The NIP is required"),
        ("{nip},,Teknis,,,01-02-2024,02-02-2024,8,", "nama_pelatihan", "", "required", "name of the training is"),
        ("{nip},P,Teknis,,,31-02-2024,02-03-2024,8,", "tanggal_mulai", "31-02-2024", "invalid", "not a real date"),
        ("{nip},P,Teknis,,,01-02-2024,kemarin,8,", "tanggal_selesai", "kemarin", "invalid", "is not a date"),
        ("{nip},P,Teknis,,,,02-02-2024,8,", "tanggal_mulai", "", "required", "The date is required"),
        ("{nip},P,Teknis,,,05-02-2024,02-02-2024,8,", "tanggal_selesai", "02-02-2024", "end_before_start", "before"),
        ("{nip},P,Teknis,,,01-02-1924,02-02-2024,8,", "tanggal_mulai", "01-02-1924", "invalid", "check the year"),
        ("{nip},P,Teknis,,,01-02-2024,02-02-2099,8,", "tanggal_selesai", "02-02-2099", "future", "has not ended"),
        ("{nip},P,Teknis,,,01-02-2024,02-02-2024,0,", "jp", "0", "jp_range", "more than 0"),
        ("{nip},P,Teknis,,,01-02-2024,02-02-2024,-4,", "jp", "-4", "jp_range", "more than 0"),
        ("{nip},P,Teknis,,,01-01-2020,31-12-2024,5000,", "jp", "5000", "jp_range", "at most 1,000"),
        ("{nip},P,Teknis,,,01-02-2024,02-02-2024,delapan,", "jp", "delapan", "invalid", "not a number"),
        ("{nip},P,Teknis,,,01-02-2024,02-02-2024,8.25,", "jp", "8.25", "invalid", "more than 1 decimal"),
        ("{nip},P,Teknis,,,01-02-2024,02-02-2024,,", "jp", "", "required", "The JP is required"),
        ("{nip},P,Teknis,,,01-02-2024,01-02-2024,40,", "jp", "40", "jp_range", "more than these dates can hold"),
        ("{nip},P,Teknis,,,01-02-2024,02-02-2024,8,NO-SUCH", "kode_kursus", "NO-SUCH", "unknown_course", "No course"),
        ("{nip},P,Gosip,,,01-02-2024,02-02-2024,8,", "jenis", "Gosip", "invalid", "not accepted"),
    ],
)
def test_each_bad_row_is_refused_with_row_column_value_and_reason(
    world, other_world, tmp_path, cells, column, value, code, reason
):
    nip, other = world.employees["staff_bidang"].nip, other_world.employees["staff_bidang"].nip
    good = f"{nip},Pelatihan Baik,Teknis,,,01-02-2024,02-02-2024,8,"
    path = write_csv(tmp_path, good, cells.format(nip=nip, other=other))
    with translation.override("en"):
        report = import_file(
            actor=Actor.system(world.pemda.pk),
            pemda=world.pemda,
            kind="training_history",
            path=path,
            file_name=path.name,
        )
    [error] = report.errors
    assert (error.file, error.row, error.column, error.value, error.code) == (
        "riwayat.csv",
        3,
        column,
        value.format(other=other),
        code,
    )
    assert reason in error.reason
    # All or nothing: the good row beside it was not written either.
    assert report.status == "rejected" and report.summary_line() == "created=0 updated=0 unchanged=0 errors=1"
    assert not TrainingHistory.objects.exists() and not JpCredit.objects.exists()
    # The command says the same, and exits with 1.
    exit_code, lines = run(path, world.pemda.slug)
    assert exit_code == 1 and lines[-1] == "created=0 updated=0 unchanged=0 errors=1"
    assert any(line.startswith(f"riwayat.csv:3:{column}: ") for line in lines)


@pytest.mark.django_db
def test_missing_required_column_rejects_the_file(world, tmp_path):
    path = tmp_path / "riwayat.csv"
    path.write_text(
        f"nip,nama_pelatihan,tanggal_mulai,tanggal_selesai\n{world.employees['staff_bidang'].nip},A,01-02-2024,"
        "02-02-2024\n",
        encoding="utf-8",
    )
    code, lines = run(path, world.pemda.slug)
    assert code == 1
    assert any(line.startswith("riwayat.csv:1:jp: ") for line in lines), lines
    assert lines[-1] == "created=0 updated=0 unchanged=0 errors=1"


@pytest.mark.django_db
def test_usage_errors_exit_with_code_2(world, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("import_training_history", str(tmp_path / "none.csv"), "--pemda", world.pemda.slug)
    assert exc.value.returncode == 2
    with pytest.raises(CommandError) as exc:
        call_command("import_training_history", str(worked_file(world, tmp_path)), "--pemda", "no-such-pemda")
    assert exc.value.returncode == 2


@pytest.mark.django_db
def test_the_same_record_twice_in_a_file_is_refused(world, tmp_path):
    nip = world.employees["staff_bidang"].nip
    path = write_csv(
        tmp_path,
        f"{nip},Pelatihan A,Teknis,,SRT-1,01-02-2024,02-02-2024,8,",
        f"{nip},Pelatihan A (ulang),Teknis,,SRT-1,01-03-2024,02-03-2024,8,",
        f"{nip},Pelatihan B,Teknis,,,01-02-2024,02-02-2024,8,",
        f"{nip},Pelatihan B,Teknis,,,01-02-2024,02-02-2024,6,",
    )
    code, lines = run(path, world.pemda.slug)  # the command speaks the default language, Indonesian
    assert code == 1
    errors = _errors(lines)
    assert errors[0].startswith("riwayat.csv:3:nomor_sertifikat: SRT-1 — ") and "baris 2" in errors[0]
    assert errors[1].startswith("riwayat.csv:5:nama_pelatihan: Pelatihan B — ") and "baris 4" in errors[1]


@pytest.mark.django_db
def test_reimport_is_idempotent_and_a_changed_row_updates(world, course, tmp_path):
    staff = world.employees["staff_bidang"]
    path = worked_file(world, tmp_path)
    assert run(path, world.pemda.slug)[1][-1] == "created=3 updated=0 unchanged=0 errors=0"
    code, lines = run(path, world.pemda.slug)
    assert code == 0 and lines[-1] == "created=0 updated=0 unchanged=3 errors=0"
    assert TrainingHistory.objects.count() == 3 and JpCredit.objects.count() == 3
    # The same certificate number with a corrected name, end date and JP: the record is updated, its credit
    # moves to the new year; the row without a number keeps its key (NIP + name + end date).
    changed = write_csv(
        tmp_path,
        f"{staff.nip},Pelatihan Kepemimpinan Pengawas (PKP),Struktural,BPSDM Jatim,PKP/2023/17,06-12-2023,"
        "10-01-2024,36,",
        f'{staff.nip},Bimtek Pelayanan Prima,Teknis,BKPSDM,,14/08/2024,16/08/2024,"12,5",',
        name="riwayat-2.csv",
    )
    code, lines = run(changed, world.pemda.slug)
    assert code == 0 and lines[-1] == "created=0 updated=1 unchanged=1 errors=0"
    pkp = TrainingHistory.objects.get(certificate_number="PKP/2023/17")
    assert (pkp.title, pkp.ends_on, pkp.jp, pkp.source_file) == (
        "Pelatihan Kepemimpinan Pengawas (PKP)",
        dt.date(2024, 1, 10),
        Decimal(36),
        "riwayat-2.csv",
    )
    credit = JpCredit.objects.get(history=pkp)
    assert (credit.year, credit.jp, credit.title) == (2024, Decimal(36), "Pelatihan Kepemimpinan Pengawas (PKP)")
    totals = {t.year: t.jp for t in EmployeeYearJp.objects.filter(employee=staff)}
    assert totals == {2024: Decimal("48.5")}  # 2023 has no credit left
    assert JpCredit.objects.count() == 3


@pytest.mark.django_db
def test_a_certificate_number_added_later_updates_the_record_stored_without_one(world, tmp_path):
    nip = world.employees["staff_bidang"].nip
    run(write_csv(tmp_path, f"{nip},Bimtek Arsip,Teknis,,,01-02-2024,02-02-2024,8,"), world.pemda.slug)
    code, lines = run(write_csv(tmp_path, f"{nip},Bimtek Arsip,Teknis,,ARS-9,01-02-2024,02-02-2024,8,"), "alfa")
    assert code == 0 and lines[-1] == "created=0 updated=1 unchanged=0 errors=0"
    assert list(TrainingHistory.objects.values_list("certificate_number", flat=True)) == ["ARS-9"]
    # And the row without the number again finds it by name and end date, keeping the number.
    code, lines = run(write_csv(tmp_path, f"{nip},Bimtek Arsip,Teknis,,,01-02-2024,02-02-2024,8,"), "alfa")
    assert lines[-1] == "created=0 updated=0 unchanged=1 errors=0"
    assert TrainingHistory.objects.get().certificate_number == "ARS-9"


@pytest.mark.django_db
def test_dry_run_writes_nothing_and_says_what_it_would_do(world, course, tmp_path):
    code, lines = run(worked_file(world, tmp_path), world.pemda.slug, "--dry-run")
    assert code == 0
    assert lines[-1] == "created=0 updated=0 unchanged=0 errors=0"
    assert "created=3 updated=0 unchanged=0" in lines[-2]
    assert not TrainingHistory.objects.exists() and not JpCredit.objects.exists()
    assert not EmployeeYearJp.objects.exists()


@pytest.mark.django_db
def test_partial_keeps_the_good_rows(world, other_world, tmp_path):
    nip = world.employees["staff_bidang"].nip
    path = write_csv(
        tmp_path,
        f"{nip},Pelatihan A,Teknis,,,01-02-2024,02-02-2024,8,",
        f"{other_world.employees['staff_bidang'].nip},Pelatihan B,Teknis,,,01-02-2024,02-02-2024,8,",
        f"{nip},Pelatihan C,Teknis,,,05-02-2024,02-02-2024,8,",
    )
    code, lines = run(path, world.pemda.slug, "--partial")
    assert code == 1
    assert lines[-1] == "created=1 updated=0 unchanged=0 errors=2"
    assert list(TrainingHistory.objects.values_list("title", flat=True)) == ["Pelatihan A"]
    assert JpCredit.objects.get().jp == Decimal(8)
    # The other Pemda's employee got nothing.
    assert not TrainingHistory.objects.filter(pemda=other_world.pemda).exists()


@pytest.mark.django_db
def test_api_import_is_for_the_admin(world, course):
    def bearer(user):
        _, secret = token_create(actor=token_issuer(user), user=user)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    body = f"{HEADER}\n{world.employees['staff_bidang'].nip},Pelatihan A,Teknis,,,01-02-2024,02-02-2024,8,KTP-01\n"
    upload = SimpleUploadedFile("riwayat.csv", body.encode(), content_type="text/csv")
    response = bearer(world.users["admin"]).post("/api/v1/imports/training_history", {"file": upload})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["created"]) == ("accepted", 1)
    assert TrainingHistory.objects.get().course_id == course.pk
    upload = SimpleUploadedFile("riwayat.csv", body.encode(), content_type="text/csv")
    assert bearer(world.users["operator"]).post("/api/v1/imports/training_history", {"file": upload}).status_code == 403


@pytest.mark.django_db
def test_the_import_page_offers_the_kind_and_its_template_to_the_admin(world, client_as):
    from bina.training.external.imports import COLUMNS

    page = client_as(world.users["admin"]).get(reverse("people:import"))
    assert page.status_code == 200
    assert reverse("people:import_template", args=["training_history"]) in page.content.decode()
    template = client_as(world.users["admin"]).get(reverse("people:import_template", args=["training_history"]))
    header = b"".join(template.streaming_content).decode().splitlines()[0]
    assert header.split(",") == [column.name for column in COLUMNS]
    leader = client_as(world.users["leader"]).get(reverse("people:import"))
    assert reverse("people:import_template", args=["training_history"]) not in leader.content.decode()


# --- counted as completed training ----------------------------------------------------------------------


def _import_for_participant(world, tmp_path: Path) -> None:
    me = world.employees["kel_a1_staff"]  # the participant persona
    path = write_csv(
        tmp_path,
        f"{me.nip},Pelatihan Dasar CPNS,Struktural,BPSDM Provinsi,LATSAR/19/88,01-07-{THIS_YEAR},30-07-{THIS_YEAR},22,",
        f"{me.nip},Bimtek Administrasi Kependudukan,Teknis,Dispendukcapil,,10-03-2023,12-03-2023,18,",
    )
    code, lines = run(path, world.pemda.slug)
    assert code == 0, lines


@pytest.mark.django_db
def test_imported_jp_counts_in_my_learning_marked_imported(world, tmp_path, client_as_en):
    _import_for_participant(world, tmp_path)
    me = world.employees["kel_a1_staff"]
    summary = jp_year_summary(me.pk, THIS_YEAR)
    assert summary.total == Decimal(22) and summary.met is True
    assert [c.title for c in summary.imported_credits] == ["Pelatihan Dasar CPNS"]
    page = client_as_en(world.users["participant"]).get(reverse("training:my_learning"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "You have reached the 20 JP yearly target." in html
    assert "Training before Bina" in html
    assert "Bimtek Administrasi Kependudukan" in html  # an earlier year too, in the history list
    assert html.count(">Imported</span>") == 3  # the credit of this year, and both history records
    assert "riwayat.csv" in html


@pytest.mark.django_db
def test_my_learning_in_indonesian_says_diimpor(world, tmp_path, client_as):
    _import_for_participant(world, tmp_path)
    html = client_as(world.users["participant"]).get(reverse("training:my_learning")).content.decode()
    assert ">Diimpor</span>" in html


@pytest.mark.django_db
def test_imported_jp_counts_in_compliance_and_the_jp_api(world, tmp_path):
    me = world.employees["kel_a1_staff"]
    before = unit_jp_compliance(world.actor("admin"), THIS_YEAR).total
    _import_for_participant(world, tmp_path)
    after = unit_jp_compliance(world.actor("admin"), THIS_YEAR).total
    assert (before.compliant, after.compliant) == (0, 1)
    assert unit_jp_compliance(world.actor("admin"), 2023).total.compliant == 0  # 18 JP: below the target
    _, secret = token_create(actor=token_issuer(world.users["admin"]), user=world.users["admin"])
    body = (
        Client(headers={"Authorization": f"Bearer {secret}"})
        .get(f"/api/v1/employees/{me.nip}/jp", {"year": THIS_YEAR})
        .json()
    )
    assert body["jp"]["total"] == 22.0
    assert body["credits"] == [
        {"title": "Pelatihan Dasar CPNS", "jp": 22.0, "source": "import", "credited_on": f"{THIS_YEAR}-07-30"}
    ]


@pytest.mark.django_db
def test_imported_records_are_in_the_siasn_export_of_the_year_they_ended_marked_diimpor(world, tmp_path, client_as):
    _import_for_participant(world, tmp_path)
    me = world.employees["kel_a1_staff"]

    def rows(year: int) -> list[list[str]]:
        response = client_as(world.users["admin"]).get(
            reverse("training:export_siasn"), {"year": year, "format": "csv"}
        )
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
        return list(csv.reader(io.StringIO(text)))

    this_year = rows(THIS_YEAR)
    assert this_year[0][-1] == "Sumber"
    assert this_year[1:] == [
        [
            me.nip, "Struktural", "Pelatihan Dasar CPNS", "BPSDM Provinsi", "LATSAR/19/88",
            f"01-07-{THIS_YEAR}", f"30-07-{THIS_YEAR}", str(THIS_YEAR), "22", "Diimpor",
        ]
    ]  # fmt: skip
    assert [r[2] for r in rows(2023)[1:]] == ["Bimtek Administrasi Kependudukan"]


@pytest.mark.django_db
def test_profile_shows_imported_history_and_its_jp_per_year(world, tmp_path, client_as_en):
    _import_for_participant(world, tmp_path)
    me = world.employees["kel_a1_staff"]
    from bina.training.learning.selectors import employee_learning_profile

    profile = employee_learning_profile(world.actor("admin"), me)
    assert {y.year: y.jp for y in profile.years}[2023] == Decimal(18)
    assert [h.title for h in profile.history] == ["Pelatihan Dasar CPNS", "Bimtek Administrasi Kependudukan"]
    page = client_as_en(world.users["admin"]).get(reverse("people:employee_detail", args=[me.nip]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Training before Bina" in html and "Bimtek Administrasi Kependudukan" in html
    assert html.count(">Imported</span>") == 2


@pytest.mark.django_db
def test_an_imported_record_with_a_course_code_counts_as_that_course_completed(world, course, tmp_path):
    from bina.core.errors import ValidationFailed
    from bina.training.classes.enrolment import enrolment_request
    from bina.training.factories import SessionFactory, TrainingClassFactory

    advanced = TrainingClassFactory(course=CourseFactory(pemda=world.pemda, title="KTP-el Lanjutan"), capacity=5)
    SessionFactory(klass=advanced)
    advanced.course.prerequisites.add(course)
    me = world.employees["kel_a1_staff"]
    with pytest.raises(ValidationFailed):
        enrolment_request(actor=world.actor("participant"), klass=advanced, employee=me, source="self")
    path = write_csv(tmp_path, f"{me.nip},Pelayanan KTP-el,Teknis,,,01-02-2024,03-02-2024,24,KTP-01")
    assert run(path, world.pemda.slug)[0] == 0
    enrolment = enrolment_request(actor=world.actor("participant"), klass=advanced, employee=me, source="self")
    assert enrolment.status == "enrolled"


# --- parsers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(12, Decimal(12)), (12.5, Decimal("12.5")), ("12,5", Decimal("12.5")), (" 8 ", Decimal(8)), ("", None)],
)
def test_parse_decimal_accepts_numbers_and_the_decimal_comma(cell, expected):
    assert parse_decimal(cell, places=1) == expected


@pytest.mark.parametrize("cell", ["1.000,5", "12 JP", "1e3", True, 8.25])
def test_parse_decimal_refuses_what_is_not_a_plain_number(cell):
    with pytest.raises(CellError):
        parse_decimal(cell, places=1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Teknis", "teknis"),
        ("Diklat Fungsional", "fungsional"),
        ("Pelatihan Struktural (Kepemimpinan)", "struktural"),
        ("Kepemimpinan", "struktural"),
        ("sosial kultural", "sosial_kultural"),
        ("", ""),
    ],
)
def test_training_type_accepts_siasn_words(cell, expected):
    assert parse_training_type(cell) == expected
