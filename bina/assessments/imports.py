"""Import kinds of the assessments app (docs/imports.md).

- `questions`: a question bank from a spreadsheet (XLSX or CSV), one question per row, for the course named by
  `kode_kursus`. `kunci` names the right choices by letter (`B`, or `A,C` for several, which share the points
  equally), `B`/`S` (benar/salah) for true/false; `jawaban` lists the accepted short answers separated by `|`.
  Key: course + question text, so importing the file again changes nothing.
- `test_scores`: pre- and post-test scores of a class run elsewhere, `nip,pre,post,max` (`kode_kelas` per row,
  or `--class KODE` for the whole file: `manage.py import_test_scores FILE --pemda SLUG --class KODE`).
  Key: the participant's enrolment; the same file again changes nothing. A participant who sat the test in
  Bina is refused (the test taken here counts).
Both are all or nothing unless `--partial`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.assessments import access, permissions
from bina.assessments.interchange import BankItem
from bina.assessments.models import ScoreSource
from bina.assessments.services import SITTING_STATUSES, ScoreRow, bank_items_add, class_scores_import
from bina.core.errors import BinaError
from bina.imports.columns import CellError, Column, limited, normalise, parse_decimal, text
from bina.imports.common import Run
from bina.imports.reader import is_blank
from bina.people.nip import nip_normalise
from bina.training import facade

LETTERS = "ABCDEF"
QUESTION_COLUMNS = (
    Column("kode_kursus", True, ("kursus", "course")),
    Column("jenis", True, ("tipe", "kind")),
    Column("pertanyaan", True, ("soal", "question")),
    *(Column(f"pilihan_{c.lower()}", False, (f"opsi_{c.lower()}", c.lower())) for c in LETTERS),
    Column("kunci", False, ("kunci_jawaban", "key")),
    Column("jawaban", False, ("jawaban_singkat", "accepted")),
    Column("kompetensi", False, ("kode_kompetensi", "competency")),
    Column("tingkat", False, ("kesulitan", "difficulty")),
    Column("poin", False, ("bobot", "points")),
)
KINDS = {
    "pg": "single",
    "pilihan ganda": "single",
    "single": "single",
    "pg kompleks": "multiple",
    "pilihan ganda kompleks": "multiple",
    "multiple": "multiple",
    "benar salah": "truefalse",
    "bs": "truefalse",
    "truefalse": "truefalse",
    "isian": "short",
    "isian singkat": "short",
    "short": "short",
    "esai": "essay",
    "uraian": "essay",
    "essay": "essay",
}
LEVELS = {"mudah": "easy", "easy": "easy", "sedang": "medium", "medium": "medium", "sulit": "hard", "hard": "hard"}
# Looked up by `normalise` (lower case, letters and digits only: "PG kompleks" -> "pgkompleks").
_KINDS = {normalise(k): v for k, v in KINDS.items()}
_LEVELS = {normalise(k): v for k, v in LEVELS.items()}
TRUE_WORDS = {"b", "benar", "t", "true", "ya"}
FALSE_WORDS = {"s", "salah", "f", "false", "tidak"}


def _row_item(run: Run, cells: Any, fail: Any) -> BankItem | None:
    kind = _KINDS.get(normalise(text(run.cell(cells, "jenis"))))
    if kind is None:
        fail("jenis", text(run.cell(cells, "jenis")), _("Use PG, PG kompleks, Benar salah, Isian or Esai."))
        return None
    try:
        question = limited(run.cell(cells, "pertanyaan"), 5000)
        points = parse_decimal(run.cell(cells, "poin"), places=2) or Decimal(1)
    except CellError as exc:
        fail("pertanyaan", "", str(exc))
        return None
    level_text = normalise(text(run.cell(cells, "tingkat")))
    difficulty = _LEVELS.get(level_text, "medium" if not level_text else "")
    if not difficulty:
        fail("tingkat", level_text, _("Use mudah, sedang or sulit."))
        return None
    item = BankItem(
        kind=kind,
        text=question,
        points=points,
        competency_code=text(run.cell(cells, "kompetensi")),
        difficulty=difficulty,
    )
    key = {k.strip().upper() for k in text(run.cell(cells, "kunci")).replace(";", ",").split(",") if k.strip()}
    if kind == "truefalse":
        word = text(run.cell(cells, "kunci")).strip().lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            fail("kunci", word, _("Write B (benar) or S (salah)."))
            return None
        right = word in TRUE_WORDS
        item.choices = [("true", Decimal(int(right))), ("false", Decimal(int(not right)))]
    elif kind in ("single", "multiple"):
        options = [(c, limited(run.cell(cells, f"pilihan_{c.lower()}"), 1000)) for c in LETTERS]
        options = [(c, t) for c, t in options if t]
        letters = {c for c, _t in options}
        if not key or not key <= letters:
            fail("kunci", ",".join(sorted(key)), _("Name the right choices by their letters (A, B, ...)."))
            return None
        share = Decimal(1) / len(key) if kind == "multiple" else Decimal(1)
        item.choices = [(t, share.quantize(Decimal("0.00001")) if c in key else Decimal(0)) for c, t in options]
    elif kind == "short":
        item.accepted = [a.strip() for a in text(run.cell(cells, "jawaban")).split("|") if a.strip()]
    return item


def import_questions(run: Run) -> None:
    actor = run.actor
    courses = {c.code: c for c in access.courses_with_bank_for(actor)}
    per_course: dict[int, list[tuple[int, BankItem]]] = {}
    bad_rows: set[int] = set()
    total = 0
    for row_no, cells in run.table.rows():
        if is_blank(cells):
            continue
        total += 1

        def fail(column: str, value: Any, reason: str, code: str = "invalid", row_no: int = row_no) -> None:
            run.error(row_no, column, value, reason, code)
            bad_rows.add(row_no)

        course = courses.get(text(run.cell(cells, "kode_kursus")))
        if course is None:
            fail("kode_kursus", text(run.cell(cells, "kode_kursus")), _("No course with this code."), "unknown_course")
            continue
        item = _row_item(run, cells, fail)
        if item is not None and row_no not in bad_rows:
            per_course.setdefault(course.pk, []).append((row_no, item))
    run.report.total_rows = total
    by_pk = {c.pk: c for c in courses.values()}
    new: dict[int, list[tuple[int, BankItem]]] = {}
    for course_pk, rows in per_course.items():
        known = set(access.questions_for(actor).filter(course_id=course_pk).values_list("text", flat=True))
        fresh = [(n, i) for n, i in rows if i.text not in known]
        run.report.unchanged += len(rows) - len(fresh)
        new[course_pk] = fresh
        run.report.created += len(fresh)
    if not run.will_write:
        run.report.written = False
        return
    with transaction.atomic():
        for course_pk, rows in new.items():
            if not rows:
                continue
            try:
                with transaction.atomic():
                    bank_items_add(actor=actor, course=by_pk[course_pk], items=[i for _n, i in rows], source="xlsx")
            except BinaError as exc:
                for d in exc.details or [{"item": 1, "message": str(exc.message)}]:
                    row_no = rows[int(d.get("item", 1)) - 1][0]
                    run.error(row_no, str(d.get("field", "pertanyaan")), "", str(d.get("message", exc.message)))
                run.report.created -= len(rows)
                if not run.partial:
                    raise
    run.report.written = True


SCORE_COLUMNS = (
    Column("nip", True, ("nip_baru",)),
    Column("pre", True, ("pretest", "pre_test", "nilai_pre")),
    Column("post", True, ("posttest", "post_test", "nilai_post")),
    Column("max", True, ("maks", "nilai_maks", "skor_maks")),
    Column("kode_kelas", False, ("kelas", "class")),
)


def import_test_scores(run: Run) -> None:
    actor = run.actor
    default_class = run.options.get("kode_kelas", "")
    classes: dict[str, Any] = {}
    enrolled: dict[int, dict[str, int]] = {}
    sat_in_bina: dict[int, set[int]] = {}
    rows: dict[int, list[ScoreRow]] = {}
    seen: set[tuple[int, int]] = set()
    bad = 0
    total = 0
    for row_no, cells in run.table.rows():
        if is_blank(cells):
            continue
        total += 1
        errors_before = len(run.report.errors)

        def fail(column: str, value: Any, reason: str, code: str = "invalid", row_no: int = row_no) -> None:
            run.error(row_no, column, value, reason, code)

        code = text(run.cell(cells, "kode_kelas")) or default_class
        if default_class and code != default_class:
            fail("kode_kelas", code, _("The file is for class %(code)s.") % {"code": default_class}, "other_class")
            bad += 1
            continue
        if not code:
            fail("kode_kelas", "", _("Name the class (column kode_kelas or --class)."), "required")
            bad += 1
            continue
        if code not in classes:
            classes[code] = facade.classes_for(actor).filter(code=code).first()
            klass = classes[code]
            if klass is not None:
                enrolled[klass.pk] = {
                    nip: pk
                    for pk, nip in facade.Enrolment.objects.filter(
                        klass_id=klass.pk, status__in=SITTING_STATUSES
                    ).values_list("pk", "employee__nip")
                }
                sat_in_bina[klass.pk] = set(
                    access.class_scores_of(klass)
                    .filter(source=ScoreSource.SITTING)
                    .values_list("enrolment_id", flat=True)
                )
        klass = classes[code]
        if klass is None:
            fail("kode_kelas", code, _("No class with this code."), "unknown_class")
            bad += 1
            continue
        nip = nip_normalise(text(run.cell(cells, "nip")))
        enrolment_id = enrolled[klass.pk].get(nip)
        if enrolment_id is None:
            fail("nip", nip, _("No participant of the class has this NIP."), "not_enrolled")
        elif (klass.pk, enrolment_id) in seen:
            fail("nip", nip, _("This NIP appears twice in the file."), "duplicate")
        elif enrolment_id in sat_in_bina[klass.pk]:
            fail("nip", nip, _("This participant sat the test in Bina; that result counts."), "sat_in_bina")
        values: dict[str, Decimal | None] = {}
        for column in ("pre", "post", "max"):
            try:
                values[column] = parse_decimal(run.cell(cells, column), places=2)
            except CellError as exc:
                fail(column, text(run.cell(cells, column)), str(exc))
        top = values.get("max")
        if "max" in values and (top is None or top <= 0 or top > 10000):
            fail("max", text(run.cell(cells, "max")), _("The maximum score must be above 0."))
        elif top is not None:
            for column in ("pre", "post"):
                v = values.get(column)
                if v is not None and not (0 <= v <= top):
                    fail(column, str(v), _("A score is between 0 and the maximum."))
        if len(run.report.errors) > errors_before or enrolment_id is None or top is None:
            bad += 1
            continue
        seen.add((klass.pk, enrolment_id))
        rows.setdefault(klass.pk, []).append(ScoreRow(enrolment_id, values.get("pre"), values.get("post"), top))
    run.report.total_rows = total
    by_pk = {k.pk: k for k in classes.values() if k is not None}
    if not run.will_write:
        for klass_pk, score_rows in rows.items():
            existing = {s.enrolment_id: (s.pre, s.post, s.max_score) for s in access.class_scores_of(by_pk[klass_pk])}
            for r in score_rows:
                old = existing.get(r.enrolment_id)
                if old is None:
                    run.report.created += 1
                elif old == (r.pre, r.post, r.max_score):
                    run.report.unchanged += 1
                else:
                    run.report.updated += 1
        run.report.written = False
        return
    with transaction.atomic():
        for klass_pk, score_rows in rows.items():
            counts = class_scores_import(actor=actor, klass=by_pk[klass_pk], rows=score_rows)
            for key, n in counts.items():
                setattr(run.report, key, getattr(run.report, key) + n)
    run.report.written = True


def register_kinds() -> None:
    from bina.imports.registry import ImportKind, register_import_kind

    register_import_kind(
        ImportKind(
            name="questions",
            label=gettext_lazy("Question bank"),
            columns=QUESTION_COLUMNS,
            importer=import_questions,
            can_import=permissions.can_use_banks,
            denied_message=gettext_lazy("Only an admin or an instructor can import questions."),
            template="questions.csv",
            description="Questions of a course's bank, one per row (kinds PG, PG kompleks, Benar salah, Isian, Esai).",
        )
    )
    register_import_kind(
        ImportKind(
            name="test_scores",
            label=gettext_lazy("Pre- and post-test scores"),
            columns=SCORE_COLUMNS,
            importer=import_test_scores,
            can_import=permissions.can_import_test_scores,
            denied_message=gettext_lazy("Only an admin can import test scores."),
            template="test_scores.csv",
            description="Pre- and post-test scores of a class run elsewhere: nip, pre, post, max (and kode_kelas).",
        )
    )
