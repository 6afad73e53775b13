"""Paper SKM forms: `import_skm_responses FILE --pemda SLUG` (row/column/reason errors, empty = not answered)."""

import contextlib
from io import StringIO

import pytest
from django.core.management import call_command

from bina.skm.factories import skm_ready
from bina.surveys.models import Answer, Response

pytestmark = pytest.mark.django_db

HEADER = "tanggal,kode_unit,kode_layanan,u1,u2,u3,u4,u5,u6,u7,u8,u9,umur,jenis_kelamin,pendidikan,pekerjaan,saran\n"


def run(world, tmp_path, body, *flags):
    path = tmp_path / "skm.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    out = StringIO()
    with contextlib.suppress(SystemExit):
        call_command("import_skm_responses", str(path), "--pemda", world.pemda.slug, *flags, stdout=out)
    return out.getvalue().strip().splitlines()


def test_a_good_file_imports_and_again_changes_nothing(world, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    skm_ready(world.pemda)
    unit = world.units["kel_a1"].code
    body = (
        f"02-03-2026,{unit},KK,4,3,3,4,3,4,4,3,3,34,P,SMA,WIRAUSAHA,Ruang tunggu kurang kursi\n"
        f"2026-03-03,{unit},,4,3,,4,3,4,4,3,3,20-29,L,,,\n"
    )
    lines = run(world, tmp_path, body)
    assert lines[-1] == "created=2 updated=0 unchanged=0 errors=0"
    first = Response.objects.get(pemda=world.pemda, subject="KK")
    answers = {a.element: (a.value, a.text) for a in Answer.objects.filter(response=first)}
    assert answers["persyaratan"] == (4, "") and answers["sarana"] == (3, "") and answers["pengaduan"] == (3, "")
    assert answers["umur"] == (None, "30-39") and answers["pekerjaan"] == (None, "WIRAUSAHA")
    assert answers["saran"] == (None, "Ruang tunggu kurang kursi")
    second = Response.objects.get(pemda=world.pemda, subject="")
    assert "waktu" not in {a.element for a in Answer.objects.filter(response=second)}  # empty: not answered
    assert first.channel == "paper" and first.version.number == 1
    assert run(world, tmp_path, body)[-1] == "created=0 updated=0 unchanged=2 errors=0"
    assert Response.objects.filter(pemda=world.pemda).count() == 2


def test_bad_rows_are_refused_with_row_column_and_reason(world, other_world, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    skm_ready(world.pemda)
    unit = world.units["kel_a1"].code
    body = (
        f"02-03-2026,{unit},KK,5,3,3,4,3,4,4,3,3,34,P,SMA,PNS,\n"
        f"31-02-2026,{unit},KK,4,3,3,4,3,4,4,3,3,34,P,SMA,PNS,\n"
        f"02-03-2026,{other_world.units['kel_a1'].code},KK,4,3,3,4,3,4,4,3,3,34,P,SMA,PNS,\n"
        f"02-03-2026,{unit},NOPE,4,3,3,4,3,4,4,3,3,34,X,SMA,PNS,\n"
        f"02-03-2026,{unit},KK,,,,,,,,,,34,P,SMA,PNS,\n"
        f"02-03-2099,{unit},KK,4,3,3,4,3,4,4,3,3,7,P,SMA,PNS,\n"
    )
    lines = run(world, tmp_path, body)
    text = "\n".join(lines)
    assert lines[-1] == "created=0 updated=0 unchanged=0 errors=8"
    assert "skm.csv:2:u1: 5 — Answers are 1, 2, 3 or 4" in text
    assert "not a real date" in text
    assert "kode_unit" in text and "kode_layanan" in text and "jenis_kelamin" in text
    assert "none of u1 to u9" in text and "future" in text and "umur" in text
    assert not Response.objects.exists()


def test_partial_writes_the_good_rows(world, tmp_path):
    skm_ready(world.pemda)
    unit = world.units["kel_a1"].code
    body = f"02-03-2026,{unit},KK,4,3,3,4,3,4,4,3,3,,,,,\n02-03-2026,{unit},KK,9,3,3,4,3,4,4,3,3,,,,,\n"
    lines = run(world, tmp_path, body, "--partial")
    assert lines[-1].startswith("created=1 ") and lines[-1].endswith("errors=1")
    assert Response.objects.filter(pemda=world.pemda).count() == 1
