"""The SKM questionnaire of PermenPANRB 14/2017: nine elements (unsur), the respondent profile, a suggestion.

Elements are identified by `code`, never by position: some questionnaires swap U8 and U9, and the index
(`bina.skm.index`) groups answers by code. `U_ORDER` is the order most Pemda questionnaires print
(U1..U9, docs/skm.md); the paper import's columns u1..u9 follow it. Answers are 1..4; the wording of each
value follows the regulation's sample questionnaire (Lampiran), per element.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from bina.surveys.models import QuestionKind
from bina.surveys.services import QuestionSpec

INSTRUMENT_CODE = "skm"
INSTRUMENT_NAME = "Survei Kepuasan Masyarakat (PermenPANRB 14/2017)"


@dataclass(frozen=True)
class Element:
    code: str
    name: str  # the element's name as the regulation writes it (Bahasa Indonesia, stored as data)
    question: str
    labels: tuple[str, str, str, str]  # values 1..4


ELEMENTS: tuple[Element, ...] = (
    Element(
        "persyaratan",
        "Persyaratan",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "prosedur",
        "Sistem, Mekanisme, dan Prosedur",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Element(
        "waktu",
        "Waktu Penyelesaian",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    Element(
        "biaya",
        "Biaya/Tarif",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    Element(
        "produk",
        "Produk Spesifikasi Jenis Pelayanan",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "kompetensi",
        "Kompetensi Pelaksana",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Element(
        "perilaku",
        "Perilaku Pelaksana",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ),
    Element(
        "sarana",
        "Sarana dan Prasarana",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
    Element(
        "pengaduan",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    ),
)

ELEMENT_CODES = tuple(e.code for e in ELEMENTS)
# u1..u9 of the paper import and of printed reports (docs/skm.md).
U_ORDER: dict[str, str] = {f"u{i}": e.code for i, e in enumerate(ELEMENTS, start=1)}
U_OF: dict[str, str] = {code: u.upper() for u, code in U_ORDER.items()}

AGE_BANDS: tuple[tuple[str, str], ...] = (
    ("<20", "< 20 tahun"),
    ("20-29", "20–29 tahun"),
    ("30-39", "30–39 tahun"),
    ("40-49", "40–49 tahun"),
    ("50-59", "50–59 tahun"),
    ("60+", "≥ 60 tahun"),
)
GENDERS: tuple[tuple[str, str], ...] = (("L", "Laki-laki"), ("P", "Perempuan"))
EDUCATION: tuple[tuple[str, str], ...] = (
    ("SD", "SD ke bawah"),
    ("SMP", "SMP"),
    ("SMA", "SMA/SMK"),
    ("DIPLOMA", "D1/D2/D3/D4"),
    ("S1", "S1"),
    ("S2", "S2"),
    ("S3", "S3"),
)
OCCUPATIONS: tuple[tuple[str, str], ...] = (
    ("PNS", "PNS"),
    ("TNI", "TNI"),
    ("POLRI", "POLRI"),
    ("SWASTA", "Pegawai swasta"),
    ("WIRAUSAHA", "Wirausaha"),
    ("PELAJAR", "Pelajar/Mahasiswa"),
    ("LAINNYA", "Lainnya"),
)

PROFILE: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("umur", "Umur", "Umur Saudara", AGE_BANDS),
    ("jenis_kelamin", "Jenis kelamin", "Jenis kelamin", GENDERS),
    ("pendidikan", "Pendidikan", "Pendidikan terakhir", EDUCATION),
    ("pekerjaan", "Pekerjaan", "Pekerjaan utama", OCCUPATIONS),
)
PROFILE_CODES = tuple(p[0] for p in PROFILE)
SUGGESTION = "saran"

PROFILE_TITLE = _("Respondent profile")


def age_band(years: int) -> str:
    """The band of an age in years (paper forms write the age as a number)."""
    for limit, band in ((20, "<20"), (30, "20-29"), (40, "30-39"), (50, "40-49"), (60, "50-59")):
        if years < limit:
            return band
    return "60+"


def skm_questions() -> list[QuestionSpec]:
    """Version 1 of the instrument: the nine elements, the profile and the suggestion, in that order."""
    questions = [
        QuestionSpec(e.code, e.name, e.question, QuestionKind.SCALE, 4, e.labels, group="unsur") for e in ELEMENTS
    ]
    questions += [
        QuestionSpec(code, name, text, QuestionKind.CHOICE, None, options, group="profil")
        for code, name, text, options in PROFILE
    ]
    questions.append(
        QuestionSpec(
            SUGGESTION,
            "Saran",
            "Saran dan masukan untuk perbaikan pelayanan",
            QuestionKind.TEXT,
            group="saran",
        )
    )
    return questions
