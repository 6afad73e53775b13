"""import_service_types and import_holidays: same exit codes and summary line as the employee import,
row/column/reason errors, all or nothing, idempotent."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.quality.models import Holiday, ServiceType

pytestmark = pytest.mark.django_db


def run(command, path, slug, *extra):
    out = StringIO()
    code = 0
    try:
        call_command(command, str(path), "--pemda", slug, *extra, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().strip().splitlines()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_service_types_create_update_and_reimport_changes_nothing(catalogue, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    path = write(
        tmp_path,
        "layanan.csv",
        "kode,nama,sla_menit,sla_hari_kerja\nKK,Kartu Keluarga,,3\nSKTM,Surat keterangan tidak mampu,20,\nKIA,Kartu Identitas Anak,,7\n",
    )
    code, lines = run("import_service_types", path, catalogue.pemda.slug)
    assert code == 0 and lines[-1] == "created=1 updated=1 unchanged=1 errors=0"
    assert ServiceType.objects.get(pemda=catalogue.pemda, code="KK").sla_working_days == 3
    assert ServiceType.objects.get(pemda=catalogue.pemda, code="SKTM").sla_minutes == 20
    code, lines = run("import_service_types", path, catalogue.pemda.slug)
    assert code == 0 and lines[-1] == "created=0 updated=0 unchanged=3 errors=0"


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("KK,Kartu Keluarga,30,2", "sla_menit", "exactly one"),
        ("KK,Kartu Keluarga,,", "sla_menit", "exactly one"),
        ("KK,Kartu Keluarga,abc,", "sla_menit", "whole number"),
        ("KK,Kartu Keluarga,,0", "sla_hari_kerja", "whole number"),
        (",Tanpa kode,10,", "kode", "required"),
        ("K K,Spasi,10,", "kode", "not a service code"),
        ("KK,,,5", "nama", "required"),
    ],
)
def test_service_type_rejections_name_row_column_and_reason_and_write_nothing(
    catalogue, tmp_path, settings, row, column, reason
):
    settings.LANGUAGE_CODE = "en"
    path = write(tmp_path, "bad.csv", f"kode,nama,sla_menit,sla_hari_kerja\nBARU,Layanan baru,15,\n{row}\n")
    code, lines = run("import_service_types", path, catalogue.pemda.slug)
    assert code == 1
    error = next(line for line in lines if line.startswith("bad.csv:3:"))
    assert column in error and reason in error
    assert lines[-1] == "created=0 updated=0 unchanged=0 errors=1"
    assert not ServiceType.objects.filter(code="BARU").exists()
    assert ServiceType.objects.get(pemda=catalogue.pemda, code="KK").sla_working_days == 5


def test_service_types_duplicate_code_and_missing_sla_columns(catalogue, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    dup = write(tmp_path, "dup.csv", "kode,nama,sla_menit\nX1,Satu,10\nX1,Dua,11\n")
    code, lines = run("import_service_types", dup, catalogue.pemda.slug)
    assert code == 1 and "also appears in row 2" in "\n".join(lines)
    no_sla = write(tmp_path, "nosla.csv", "kode,nama\nX2,Dua\n")
    code, lines = run("import_service_types", no_sla, catalogue.pemda.slug)
    assert code == 1 and "sla_menit or sla_hari_kerja" in "\n".join(lines)
    assert not ServiceType.objects.filter(code__in=["X1", "X2"]).exists()


def test_partial_writes_the_valid_rows(catalogue, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    path = write(tmp_path, "p.csv", "kode,nama,sla_menit,sla_hari_kerja\nOK1,Baik,10,\nBAD,Buruk,10,2\n")
    code, lines = run("import_service_types", path, catalogue.pemda.slug, "--partial")
    assert code == 1 and lines[-1] == "created=1 updated=0 unchanged=0 errors=1"
    assert ServiceType.objects.filter(pemda=catalogue.pemda, code="OK1").exists()


def test_usage_errors_exit_2(catalogue, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("import_holidays", str(tmp_path / "missing.csv"), "--pemda", catalogue.pemda.slug)
    assert exc.value.returncode == 2
    path = write(tmp_path, "h.csv", "tanggal,keterangan\n2026-01-02,X\n")
    with pytest.raises(CommandError) as exc:
        call_command("import_holidays", str(path), "--pemda", "no-such-pemda")
    assert exc.value.returncode == 2


def test_holidays_import_and_reimport(catalogue, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    path = write(
        tmp_path,
        "libur.csv",
        "tanggal,keterangan\n16/04/2026,Hari jadi kota\n2024-08-17,Hari Kemerdekaan Republik Indonesia\n01-01-2024,Tahun Baru\n",
    )
    code, lines = run("import_holidays", path, catalogue.pemda.slug)
    assert code == 0 and lines[-1] == "created=1 updated=1 unchanged=1 errors=0"
    assert Holiday.objects.get(pemda=catalogue.pemda, date=dt.date(2026, 4, 16)).kind == "lokal"
    assert Holiday.objects.get(pemda=catalogue.pemda, date=dt.date(2024, 1, 1)).description == "Tahun Baru"
    code, lines = run("import_holidays", path, catalogue.pemda.slug)
    assert lines[-1] == "created=0 updated=0 unchanged=3 errors=0"


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("31/02/2026,Tanggal palsu", "tanggal", "not a real date"),
        ("besok,Bukan tanggal", "tanggal", "not a date"),
        (",Tanpa tanggal", "tanggal", "required"),
        ("2026-05-05,", "keterangan", "required"),
        ("1999-05-05,Terlalu lama", "tanggal", "2000-2100"),
        ("2026-07-07,Dua kali", "tanggal", "also appears in row 2"),
    ],
)
def test_holiday_rejections_write_nothing(catalogue, tmp_path, settings, row, column, reason):
    settings.LANGUAGE_CODE = "en"
    before = Holiday.objects.count()
    path = write(tmp_path, "bad.csv", f"tanggal,keterangan\n2026-07-07,Baik\n{row}\n")
    code, lines = run("import_holidays", path, catalogue.pemda.slug)
    assert code == 1
    error = next(line for line in lines if line.startswith("bad.csv:3:"))
    assert column in error and reason in error
    assert lines[-1] == "created=0 updated=0 unchanged=0 errors=1"
    assert Holiday.objects.count() == before


def test_only_the_admin_imports_through_the_service(catalogue, tmp_path):
    from bina.core.errors import PermissionDenied
    from bina.imports.service import import_file

    path = write(tmp_path, "h.csv", "tanggal,keterangan\n2026-07-07,X\n")
    for persona in ("operator", "leader"):
        with pytest.raises(PermissionDenied):
            import_file(
                actor=catalogue.actor(persona), pemda=catalogue.pemda, kind="holidays", path=path, file_name="h.csv"
            )
    assert not Holiday.objects.filter(date=dt.date(2026, 7, 7)).exists()
