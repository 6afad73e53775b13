"""The default reaction questionnaire (Kirkpatrick level 1), stored per Pemda through the survey engine.

The questions are the Pemda's data (Bahasa Indonesia, editable, versioned by `instrument_version_create`).
The question in group `per_session` (the instructor) is asked once per session of the class, about that
session's instructor; its answers are `SessionRating`s, not engine answers.
"""

from __future__ import annotations

from bina.surveys.models import QuestionKind
from bina.surveys.services import QuestionSpec

INSTRUMENT_CODE = "reaksi"
INSTRUMENT_NAME = "Evaluasi reaksi peserta pelatihan"
PER_SESSION = "per_session"
INSTRUCTOR = "instructor"
RECOMMEND = "recommend"
COMMENT = "comment"

SCALE_LABELS = ("Sangat kurang", "Kurang", "Cukup", "Baik", "Sangat baik")
RECOMMEND_OPTIONS = (("ya", "Ya"), ("ragu", "Ragu-ragu"), ("tidak", "Tidak"))


def _scale(element: str, name: str, text: str, *, group: str = "") -> QuestionSpec:
    return QuestionSpec(
        element=element,
        element_name=name,
        text=text,
        kind=QuestionKind.SCALE,
        scale_max=len(SCALE_LABELS),
        options=SCALE_LABELS,
        required=True,
        group=group,
    )


def default_questions() -> list[QuestionSpec]:
    return [
        _scale("relevance", "Relevansi", "Seberapa relevan pelatihan ini dengan pekerjaan Anda sehari-hari?"),
        _scale("material", "Materi", "Bagaimana kualitas materi pelatihan?"),
        _scale(INSTRUCTOR, "Pengajar", "Bagaimana penyampaian pengajar pada sesi ini?", group=PER_SESSION),
        _scale("method", "Metode", "Bagaimana metode pembelajaran (diskusi, praktik, simulasi)?"),
        _scale("facilities", "Sarana", "Bagaimana sarana dan prasarana pelatihan?"),
        _scale("organisation", "Penyelenggaraan", "Bagaimana penyelenggaraan pelatihan (jadwal, informasi, layanan)?"),
        _scale("overall", "Keseluruhan", "Secara keseluruhan, bagaimana penilaian Anda atas pelatihan ini?"),
        QuestionSpec(
            element=RECOMMEND,
            element_name="Rekomendasi",
            text="Apakah Anda akan merekomendasikan pelatihan ini kepada rekan kerja?",
            kind=QuestionKind.CHOICE,
            options=RECOMMEND_OPTIONS,
            required=True,
        ),
        QuestionSpec(
            element=COMMENT,
            element_name="Saran dan komentar",
            text="Saran atau komentar untuk pelatihan ini",
            kind=QuestionKind.TEXT,
        ),
    ]
