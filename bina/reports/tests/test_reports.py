"""bina.reports: file formats, safe download responses and the registry, on real files (openpyxl, pypdf)."""

from __future__ import annotations

import csv
import io

import pypdf
import pytest
from django.utils import translation
from openpyxl import load_workbook

from bina.core.actor import Actor
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.reports import formats
from bina.reports.registry import (
    Report,
    ReportData,
    get_report,
    register,
    registered_reports,
    report_file,
    report_response,
)
from bina.reports.responses import download_response, safe_filename

NIP = "199001012015031001"


def test_csv_starts_with_a_bom_and_keeps_every_value_as_written():
    lines = list(formats.csv_stream(["NIP", "Nama"], iter([[NIP, "Ani, S.E."], ["0012", None]])))
    assert lines[0] == "\ufeffNIP,Nama\r\n"
    assert list(csv.reader(io.StringIO("".join(lines).lstrip("\ufeff")))) == [
        ["NIP", "Nama"], [NIP, "Ani, S.E."], ["0012", ""],
    ]  # fmt: skip


def test_xlsx_types_the_nip_column_as_text_and_numbers_as_numbers():
    data = formats.xlsx_bytes(["NIP", "JP"], iter([[NIP, 24.5], [int(NIP), 8]]), title="Riwayat", text_columns=(0,))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Riwayat"
    first, second = sheet.cell(row=2, column=1), sheet.cell(row=3, column=1)
    assert first.data_type == "s" and first.value == NIP and first.number_format == "@"
    assert second.data_type == "s" and second.value == NIP  # even a number given for a NIP stays 18 digits
    assert sheet.cell(row=2, column=2).value == 24.5 and sheet.cell(row=2, column=2).data_type == "n"


def test_pdf_table_is_a_real_pdf_with_indonesian_numbers():
    with translation.override("id"):
        data = formats.pdf_table_bytes(
            title="Daftar peserta", subtitle=["Kelas A"], columns=["NIP", "Nilai"],
            rows=[[NIP, 87.5], [NIP, 100.0]],
        )  # fmt: skip
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1 and "Daftar peserta" in text and "87,5" in text and NIP in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("riwayat-diklat-2026", "riwayat-diklat-2026.csv"),
        ("sertifikat-BKPSDM/2026/0001", "sertifikat-BKPSDM-2026-0001.csv"),
        ('../../etc/"passwd"\r\n', "etc-passwd.csv"),
        ("peserta Kelas Dasar", "peserta-Kelas-Dasar.csv"),
        ("", "download.csv"),
    ],
)
def test_safe_filename_has_no_path_quotes_or_control_characters(name, expected):
    assert safe_filename(name, "csv") == expected


def test_download_is_an_uncached_attachment_and_streams_iterators():
    response = download_response(iter(["a\r\n", "b\r\n"]), filename="peserta Kelas/1", fmt="csv")
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="peserta-Kelas-1.csv"'
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"a\r\nb\r\n"


def test_non_ascii_names_get_a_utf8_filename_star():
    response = download_response(b"%PDF", filename="Pelatihan Barista Café", fmt="pdf")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Pelatihan-Barista-Caf%C3%A9.pdf"


def test_public_files_may_be_cached():
    assert "Cache-Control" not in download_response(b"x", filename="template", fmt="csv", personal=False)


def _demo_build(actor, params):
    return ReportData(rows=iter([[NIP, params["format"]]]), filename=f"demo-{actor.pemda_id}")


DEMO = register(
    Report(
        key="reports.demo",
        title=lambda: "Demo",
        columns=lambda: ["NIP", "Format"],
        build=_demo_build,
        formats=("csv", "xlsx", "pdf"),
        permission=lambda actor: actor.pemda_id == 1,
    )
)


def test_registry_answers_each_registered_format(db):
    # db: a PDF reads the letterhead of the actor's Pemda (none here: Pemda 1 does not exist).
    actor = Actor.system(1, label="test")
    response = report_response("reports.demo", actor=actor, fmt="csv")
    assert b"".join(response.streaming_content).decode().splitlines()[1] == f"{NIP},csv"
    xlsx = report_response("reports.demo", actor=actor, fmt="xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).active.cell(row=2, column=1).value == NIP
    pdf = report_response("reports.demo", actor=actor, fmt="pdf")
    assert pdf["Content-Disposition"] == 'attachment; filename="demo-1.pdf"' and "no-store" in pdf["Cache-Control"]
    assert "Demo" in pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_registry_refuses_a_format_the_report_lacks_and_an_actor_without_permission():
    with pytest.raises(ValidationFailed):
        report_response("training.attendance_sheet", actor=Actor.system(1, label="test"), fmt="xlsx")
    with pytest.raises(PermissionDenied):
        report_response("reports.demo", actor=Actor.system(2, label="test"), fmt="csv")


def test_report_file_writes_and_counts_rows(tmp_path):
    path = tmp_path / "demo.csv"
    with path.open("wb") as output:
        assert report_file("reports.demo", actor=Actor.system(1, label="test"), fmt="csv", output=output) == 1
    assert path.read_text(encoding="utf-8").startswith("\ufeffNIP,Format")


def test_a_key_cannot_be_registered_twice_and_unknown_formats_are_refused():
    with pytest.raises(ValueError):
        register(Report(key="reports.demo", title=lambda: "x", columns=list, build=_demo_build))
    with pytest.raises(ValueError):
        register(Report(key="reports.odt", title=lambda: "x", columns=list, build=_demo_build, formats=("odt",)))


def test_apps_register_their_reports_at_start():
    keys = {r.key for r in registered_reports()}
    assert {"training.riwayat_diklat", "training.class_participants", "training.jp_compliance"} <= keys
    assert get_report("training.class_participants").formats == ("xlsx", "pdf")
