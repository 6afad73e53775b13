"""Demo question banks and pre/post-test sittings (issue 12 §2), in bulk inserts.

Every demo course gets a bank: four items per (target competency × difficulty), multiple choice with one right
answer and three distractors. Every completed class gets its pre-test and post-test as two parallel forms
(`assemble_forms`, two items per cell) and a graded sitting of each for every participant who finished
(completed or failed), answered by a simple ability model: a participant's pre-test ability is around 45%,
their normalised gain g is drawn around 0.45 (so the classes land in Hake's medium band with a spread into low
and high), and each item is answered right with the ability shifted by its difficulty. For courses with a
post-test rule the enrolment's existing post-test score (which decided the outcome) is matched to the nearest
whole number of right answers on the same side of the pass mark, and the enrolment carries that score.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from bina.assessments.forms_assembly import BankEntry, assemble_forms, cell_key
from bina.assessments.models import Answer, Choice, ClassScore, Question, ScoreSource, Sitting, Test, TestItem
from bina.core.models import Pemda
from bina.training.attendance.selectors import enrolment_outcome
from bina.training.catalogue.models import Course, CourseCompetency
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus, TrainingClass

PER_CELL = 4
BLUEPRINT_PER_CELL = 2
DIFFICULTY_SHIFT = {"easy": 0.18, "medium": 0.0, "hard": -0.18}
STEMS = (
    ("Apa langkah pertama saat warga datang ke loket dengan berkas yang belum lengkap?",
     "Menjelaskan syarat yang kurang dengan sopan dan memberi daftar tertulis",
     ("Menolak berkas tanpa penjelasan", "Meminta warga kembali besok", "Menerima berkas apa adanya")),
    ("Standar pelayanan wajib memuat hal berikut, kecuali:",
     "Nama pejabat yang menandatangani setiap berkas",
     ("Persyaratan", "Jangka waktu penyelesaian", "Biaya/tarif")),
    ("Berapa lama batas waktu penyelesaian pengaduan menurut Perpres 76/2013?",
     "60 hari kerja", ("14 hari kerja", "7 hari kalender", "90 hari kerja")),
    ("Sikap yang tepat menghadapi warga yang marah di kantor kelurahan adalah:",
     "Mendengarkan, mengakui perasaannya, lalu menjelaskan pilihan penyelesaian",
     ("Membalas dengan nada tinggi", "Memanggil petugas keamanan segera", "Mengabaikan sampai warga tenang")),
    ("Maklumat pelayanan adalah:",
     "Pernyataan tertulis kesanggupan penyelenggara memenuhi standar pelayanan",
     ("Daftar harga pelayanan", "Pengumuman jadwal libur", "Surat edaran internal")),
    ("Indeks Kepuasan Masyarakat dihitung dari:",
     "Survei Kepuasan Masyarakat atas unsur pelayanan", ("Jumlah pengaduan", "Jumlah pegawai", "Anggaran unit")),
    ("Tindakan yang menjaga integritas saat warga menawarkan uang terima kasih:",
     "Menolak dengan sopan dan menjelaskan layanan tidak dipungut biaya", ("Menerima bila nilainya kecil",
     "Menerima lalu menyerahkan ke atasan", "Meminta warga memberi ke koperasi")),
    ("Data kependudukan warga boleh dibagikan kepada:",
     "Pihak yang berwenang sesuai ketentuan perlindungan data pribadi",
     ("Siapa saja yang meminta", "Keluarga petugas", "Media sosial kantor")),
)  # fmt: skip


@dataclass
class AssessmentDemoResult:
    questions: int = 0
    tests: int = 0
    sittings: int = 0
    answers: int = 0


def demo_assessments_load(*, pemda: Pemda, seed: int = 2026) -> AssessmentDemoResult:
    result = AssessmentDemoResult()
    if Test.objects.filter(pemda=pemda).exists():
        return result  # loaded before
    rng = random.Random(f"{seed}-{pemda.slug}-assessments")
    courses = list(Course.objects.filter(pemda=pemda).order_by("pk"))
    targets: dict[int, list[int]] = {}
    for course_id, competency_id in CourseCompetency.objects.filter(course__in=courses).values_list(
        "course_id", "competency_id"
    ):
        targets.setdefault(course_id, []).append(competency_id)
    questions: list[Question] = []
    right_text: list[str] = []
    wrong_texts: list[tuple[str, ...]] = []
    for course in courses:
        n = 0
        competencies: list[int | None] = [*targets.get(course.pk, [])] or [None]
        for competency in competencies:
            for difficulty in ("easy", "medium", "hard"):
                for _ in range(PER_CELL):
                    stem, right, wrong = STEMS[n % len(STEMS)]
                    n += 1
                    questions.append(
                        Question(
                            pemda=pemda,
                            course=course,
                            kind="single",
                            text=f"{stem} ({course.code}-{n})",
                            competency_id=competency,
                            difficulty=difficulty,
                            points=Decimal(1),
                        )
                    )
                    right_text.append(right)
                    wrong_texts.append(wrong)
    Question.objects.bulk_create(questions, batch_size=1000)
    choices: list[Choice] = []
    for q, right, wrong_set in zip(questions, right_text, wrong_texts, strict=True):
        options = [(right, Decimal(1)), *((w, Decimal(0)) for w in wrong_set)]
        rng.shuffle(options)
        choices.extend(Choice(question=q, text=t, fraction=f, position=i) for i, (t, f) in enumerate(options))
    Choice.objects.bulk_create(choices, batch_size=2000)
    result.questions = len(questions)
    right_choice: dict[int, int] = {}
    wrong_choices: dict[int, list[int]] = {}
    for c in choices:
        if c.fraction > 0:
            right_choice[c.question_id] = c.pk
        else:
            wrong_choices.setdefault(c.question_id, []).append(c.pk)
    by_course: dict[int, list[Question]] = {}
    for q in questions:
        by_course.setdefault(q.course_id, []).append(q)

    classes = list(
        TrainingClass.objects.filter(pemda=pemda, status=ClassStatus.COMPLETED).select_related("course").order_by("pk")
    )
    tests: list[Test] = []
    forms: list[list[int]] = []
    for klass in classes:
        bank = [BankEntry(q.pk, q.competency_id or 0, q.difficulty) for q in by_course.get(klass.course_id, [])]
        blueprint = {(e.competency_id, e.difficulty): BLUEPRINT_PER_CELL for e in bank}
        assembly = assemble_forms(bank, blueprint, seed=klass.pk)
        for phase, items in zip(("pre", "post"), assembly.forms, strict=True):
            tests.append(
                Test(
                    pemda=pemda,
                    klass=klass,
                    phase=phase,
                    duration_minutes=30,
                    blueprint={cell_key(c): n for c, n in sorted(blueprint.items())},
                    is_open=False,
                )
            )
            forms.append(items)
    Test.objects.bulk_create(tests)
    TestItem.objects.bulk_create(
        [TestItem(test=t, question_id=q, position=i) for t, items in zip(tests, forms, strict=True) for i, q in
         enumerate(items, 1)],
        batch_size=2000,
    )  # fmt: skip
    result.tests = len(tests)
    level_of = {q.pk: q.difficulty for q in questions}

    enrolments = list(
        Enrolment.objects.filter(
            klass__in=classes, status__in=(EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)
        ).order_by("pk")
    )
    per_class: dict[int, list[Enrolment]] = {}
    for e in enrolments:
        per_class.setdefault(e.klass_id, []).append(e)
    sittings: list[Sitting] = []
    planned: list[list[tuple[int, bool]]] = []
    scores: list[ClassScore] = []
    changed: list[Enrolment] = []
    test_pairs = {(t.klass_id, t.phase): (t, items) for t, items in zip(tests, forms, strict=True)}
    for klass in classes:
        pre_test, pre_items = test_pairs[(klass.pk, "pre")]
        post_test, post_items = test_pairs[(klass.pk, "post")]
        started = _start_of(klass)
        for e in per_class.get(klass.pk, []):
            ability = min(0.85, max(0.1, rng.gauss(0.45, 0.12)))
            g = min(0.95, max(-0.1, rng.gauss(0.45, 0.17)))
            pre_answers = [(q, rng.random() < _p(ability, level_of[q])) for q in pre_items]
            post_ability = ability + g * (1 - ability)
            post_answers = [(q, rng.random() < _p(post_ability, level_of[q])) for q in post_items]
            if klass.course.has_post_test and e.post_test_score is not None:
                post_answers = _match(post_answers, e, klass.course.min_post_test_score, rng)
                e.post_test_score = _percent(post_answers)
                # The stored reason names the score (a failed post-test): as class completion words it.
                _ok, e.reason_code, e.reason_params = enrolment_outcome(e, klass)
                changed.append(e)
            for test, answers, at in ((pre_test, pre_answers, started), (post_test, post_answers, _end_of(klass))):
                k = sum(ok for _q, ok in answers)
                sittings.append(
                    Sitting(
                        pemda=pemda,
                        test=test,
                        enrolment=e,
                        status="graded",
                        started_at=at,
                        deadline_at=at + timedelta(minutes=30),
                        submitted_at=at + timedelta(minutes=rng.randint(12, 29)),
                        graded_at=at + timedelta(minutes=30),
                        score=Decimal(k),
                        max_score=Decimal(len(answers)),
                    )
                )
                planned.append(answers)
            scores.append(
                ClassScore(
                    pemda=pemda,
                    klass=klass,
                    enrolment=e,
                    pre=_percent(pre_answers),
                    post=_percent(post_answers),
                    max_score=Decimal(100),
                    source=ScoreSource.SITTING,
                )
            )
    Sitting.objects.bulk_create(sittings, batch_size=2000)
    answer_rows = [
        Answer(
            sitting=s,
            question_id=q,
            choice_ids=[right_choice[q] if ok else rng.choice(wrong_choices[q])],
            score=Decimal(1 if ok else 0),
        )
        for s, items in zip(sittings, planned, strict=True)
        for q, ok in items
    ]
    Answer.objects.bulk_create(answer_rows, batch_size=5000)
    ClassScore.objects.bulk_create(scores, batch_size=2000)
    Enrolment.objects.bulk_update(changed, ["post_test_score", "reason_code", "reason_params"], batch_size=500)
    result.sittings = len(sittings)
    result.answers = len(answer_rows)
    return result


def _p(ability: float, difficulty: str) -> float:
    return min(0.97, max(0.03, ability + DIFFICULTY_SHIFT[difficulty]))


def _percent(answers: list[tuple[int, bool]]) -> Decimal:
    return (Decimal(sum(ok for _q, ok in answers)) * 100 / len(answers)).quantize(Decimal("0.01"))


def _match(
    answers: list[tuple[int, bool]], e: Enrolment, floor: Decimal | None, rng: random.Random
) -> list[tuple[int, bool]]:
    """Right answers whose percent is nearest the enrolment's score, on the same side of the pass mark."""
    n = len(answers)
    target = float(e.post_test_score or 0)
    passed = floor is None or target >= float(floor)
    options = [k for k in range(n + 1) if floor is None or ((k * 100 / n) >= float(floor)) == passed]
    k = min(options, key=lambda k: abs(k * 100 / n - target)) if options else round(target * n / 100)
    order = list(range(n))
    rng.shuffle(order)
    right = set(order[:k])
    return [(q, i in right) for i, (q, _ok) in enumerate(answers)]


def _start_of(klass: TrainingClass) -> datetime:
    return timezone.make_aware(datetime.combine(klass.starts_on, time(8, 0)))


def _end_of(klass: TrainingClass) -> datetime:
    return timezone.make_aware(datetime.combine(klass.ends_on, time(14, 0)))
