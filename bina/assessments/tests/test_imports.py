"""Import kinds: test scores of a class run elsewhere (`import_test_scores FILE --pemda --class`, atomic,
idempotent, row errors) and a question bank from a spreadsheet (XLSX)."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from bina.assessments import selectors
from bina.assessments.factories import build_setup, extra_employees
from bina.assessments.models import ClassScore, Question
from bina.training.classes.models import Enrolment


def run(command: str, path: Path, *options: str) -> tuple[int, list[str]]:
    out = StringIO()
    try:
        call_command(command, str(path), *options, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue().strip().splitlines()
    return 0, out.getvalue().strip().splitlines()


@pytest.fixture
def setup(world):
    return build_setup(world, participants=extra_employees(world, 3))


def scores_file(tmp_path: Path, rows: list[str], header: str = "nip,pre,post,max") -> Path:
    path = tmp_path / "nilai.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_import_test_scores_is_atomic_and_idempotent(world, setup, tmp_path) -> None:
    a, b, c = (e.employee for e in setup.enrolments)
    slug, code = world.pemda.slug, setup.klass.code
    good = [f"{a.nip},10,30,40", f"{b.nip},40,40,40", f"{c.nip},20,,40"]
    # One bad row: nothing is written.
    rc, lines = run(
        "import_test_scores",
        scores_file(tmp_path, [*good, "199001012015011999,1,2,40"]),
        "--pemda",
        slug,
        "--class",
        code,
    )
    assert rc == 1 and any("199001012015011999" in line for line in lines)
    assert not ClassScore.objects.exists()
    rc, lines = run("import_test_scores", scores_file(tmp_path, good), "--pemda", slug, "--class", code)
    assert rc == 0 and lines[-1].startswith("created=3 updated=0 unchanged=0")
    assert Enrolment.objects.get(pk=setup.enrolments[0].pk).post_test_score == Decimal("75.00")
    rc, lines = run("import_test_scores", scores_file(tmp_path, good), "--pemda", slug, "--class", code)
    assert rc == 0 and lines[-1].startswith("created=0 updated=0 unchanged=3")
    summary = selectors.class_learning_summary(actor=world.actor("admin"), klass=setup.klass)
    assert (summary.paired, summary.undefined_gains) == (2, 1)
    assert summary.rows[[r.nip for r in summary.rows].index(a.nip)].g == pytest.approx(20 / 30)


def test_import_test_scores_row_and_column_errors(world, setup, tmp_path) -> None:
    a = setup.enrolments[0].employee
    slug = world.pemda.slug
    rc, lines = run(
        "import_test_scores",
        scores_file(tmp_path, [f"{a.nip},50,30,40", f"{a.nip},1,2,0"]),
        "--pemda", slug, "--class", setup.klass.code,
    )  # fmt: skip
    assert rc == 1
    errors = [line for line in lines if line.startswith("nilai.csv:")]
    assert errors[0].startswith("nilai.csv:2:pre: 50") and errors[1].startswith("nilai.csv:3:max: 0")
    rc, lines = run(
        "import_test_scores",
        scores_file(tmp_path, [f"{a.nip},1,2,40,OTHER"], "nip,pre,post,max,kode_kelas"),
        "--pemda",
        slug,
        "--class",
        setup.klass.code,
    )
    assert rc == 1 and any("other_class" in line or setup.klass.code in line for line in lines)
    rc, _lines = run("import_test_scores", scores_file(tmp_path, [f"{a.nip},1,2,40"]), "--pemda", slug)
    assert rc == 1  # no class named
    rc, _lines = run("import_test_scores", scores_file(tmp_path, ["x,1"], "nip,pre"), "--pemda", slug, "--class", "K")
    assert rc == 1  # missing columns
    assert not ClassScore.objects.exists()


def test_import_questions_from_xlsx(world, setup, tmp_path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "kode_kursus",
            "jenis",
            "pertanyaan",
            "pilihan_a",
            "pilihan_b",
            "pilihan_c",
            "kunci",
            "jawaban",
            "kompetensi",
            "tingkat",
            "poin",
        ]
    )
    code, comp = setup.course.code, setup.competencies[0].code
    ws.append([code, "PG", "Batas waktu pengaduan?", "14 hari", "60 hari", "90 hari", "B", None, comp, "sulit", 2])
    ws.append(
        [
            code,
            "PG kompleks",
            "Prinsip pelayanan?",
            "Transparan",
            "Akuntabel",
            "Diskriminatif",
            "A,B",
            None,
            None,
            None,
            None,
        ]
    )
    ws.append([code, "Benar salah", "Maklumat wajib dipasang.", None, None, None, "B", None, None, "mudah", None])
    ws.append(
        [code, "Isian", "Singkatan SKM?", None, None, None, None, "Survei Kepuasan Masyarakat|SKM", None, None, None]
    )
    ws.append([code, "Esai", "Jelaskan cara menenangkan warga.", None, None, None, None, None, None, None, 5])
    path = tmp_path / "soal.xlsx"
    wb.save(path)
    before = Question.objects.count()
    rc, lines = run("import_questions", path, "--pemda", world.pemda.slug)
    assert rc == 0, lines
    new = list(Question.objects.order_by("pk")[before:].prefetch_related("choices"))
    assert [q.kind for q in new] == ["single", "multiple", "truefalse", "short", "essay"]
    assert new[0].difficulty == "hard" and new[0].points == 2 and new[0].competency == setup.competencies[0]
    assert [c.fraction for c in new[1].choices.all()] == [Decimal("0.5"), Decimal("0.5"), 0]
    assert new[3].accepted == ["Survei Kepuasan Masyarakat", "SKM"]
    rc, lines = run("import_questions", path, "--pemda", world.pemda.slug)
    assert rc == 0 and lines[-1].startswith("created=0 updated=0 unchanged=5")
