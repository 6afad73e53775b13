"""Reference data for the demo training year 2026 of Surabaya and Serang.

Partner institutions are the real universities and provincial BPSDM near each city; the programme
follows the usual shape of a BKPSDM yearly plan (PP 11/2017 art. 203-211 as amended by PP 17/2020):
several short classical and non-classical courses, each run in a few batches (angkatan), each
developing managerial/socio-cultural competencies of PermenPANRB 38/2017.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PROGRAMME_NAME = "Pembinaan ASN 2026 — Pelayanan Prima"
PROGRAMME_YEAR = 2026
# The demo's "today" (late November 2026): classes before it are completed, after it open.
DEMO_TODAY = date(2026, 11, 23)


@dataclass(frozen=True)
class PartnerSpec:
    key: str
    name: str
    short_name: str
    kind: str
    address: str
    website: str
    contact_name: str
    agreement_number: str
    agreement_starts: date
    agreement_ends: date
    instructors: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, expertise, competency names)


@dataclass(frozen=True)
class CourseSpec:
    key: str
    title: str
    method: str
    delivery_mode: str
    training_type: str
    jp: int
    sessions: int  # one session per day
    minutes_per_session: int
    targets: tuple[tuple[str, int], ...]  # (standard competency name, target level)
    has_post_test: bool
    min_post_test_score: int | None
    organiser: str | None  # PartnerSpec.key, or None when BKPSDM runs it alone
    topics: tuple[str, ...]
    description: str

    @property
    def objectives(self) -> str:
        return "\n".join(OBJECTIVES.get(self.key, ()))


@dataclass(frozen=True)
class ClassPlan:
    course: str
    number: int  # angkatan I, II, ...
    starts_on: date
    upcoming: bool = False  # open for registration
    running: bool = False


@dataclass(frozen=True)
class PemdaTrainingSpec:
    slug: str
    code: str  # prefix of course and class codes
    issuer_name: str
    signer_name: str
    signer_title: str
    signer_nip: str
    number_prefix: str
    city: str
    venue: str
    rooms: tuple[str, ...]
    partners: tuple[PartnerSpec, ...]
    internal_instructors: int  # internal ASN instructors drawn from the BKPSDM's competency-development staff
    budget: int
    coordinator_partner: str  # PartnerSpec.key of the demo partner coordinator account


COURSES: tuple[CourseSpec, ...] = (
    CourseSpec(
        "KOM", "Komunikasi Efektif dalam Pelayanan Publik", "workshop", "tatap_muka", "manajerial", 16, 2, 360,
        (("Komunikasi", 2), ("Pelayanan Publik", 2)), False, None, "uni1",
        ("Prinsip komunikasi pelayanan", "Praktik komunikasi dengan warga"),
        "Lokakarya dua hari: mendengar aktif, bahasa yang jelas, dan menyampaikan informasi layanan kepada warga.",
    ),
    CourseSpec(
        "ADU", "Penanganan Pengaduan Masyarakat", "bimtek", "tatap_muka", "teknis", 24, 3, 360,
        (("Pelayanan Publik", 3), ("Komunikasi", 2)), True, 70, "bpsdm",
        ("Regulasi pengaduan dan SP4N-LAPOR!", "Klasifikasi dan tindak lanjut pengaduan", "Studi kasus pengaduan"),
        "Bimbingan teknis pengelolaan pengaduan sesuai Perpres 76/2013 dan SP4N-LAPOR!.",
    ),
    CourseSpec(
        "SIM", "Simulasi Pelayanan Publik di Kecamatan/Kelurahan", "simulasi", "tatap_muka", "teknis", 16, 2, 360,
        (("Pelayanan Publik", 3), ("Kerja Sama", 2)), False, None, None,
        ("Simulasi loket layanan administrasi", "Simulasi layanan kependudukan dan evaluasi"),
        "Simulasi alur layanan di kantor kecamatan/kelurahan dengan peran warga, petugas loket, dan penyelia.",
    ),
    CourseSpec(
        "MW", "Manajemen Waktu", "elearning", "daring", "manajerial", 8, 2, 180,
        (("Orientasi pada Hasil", 2), ("Pengembangan Diri dan Orang Lain", 2)), True, 60, "uni2",
        ("Prioritas dan perencanaan kerja", "Mengelola gangguan dan tenggat"),
        "E-learning mandiri dengan dua sesi daring: prioritas kerja, perencanaan harian, dan tenggat layanan.",
    ),
    CourseSpec(
        "INT", "Integritas dan Etika Kerja ASN", "kursus", "tatap_muka", "sosial_kultural", 24, 3, 360,
        (("Integritas", 3), ("Perekat Bangsa", 2)), True, 75, "bpsdm",
        ("Kode etik dan kode perilaku ASN", "Gratifikasi dan konflik kepentingan", "Nilai dasar BerAKHLAK"),
        "Kursus tiga hari tentang kode etik ASN, pencegahan gratifikasi, dan nilai dasar BerAKHLAK.",
    ),
    CourseSpec(
        "DIG", "Literasi Digital untuk Pelayanan", "kursus", "blended", "teknis", 16, 2, 360,
        (("Mengelola Perubahan", 2), ("Pelayanan Publik", 2)), False, None, "uni3",
        ("Layanan digital dan keamanan data pribadi", "Praktik aplikasi layanan daring"),
        "Pelatihan blended: keamanan data pribadi (UU 27/2022), aplikasi layanan daring, dan media sosial instansi.",
    ),
)  # fmt: skip

# What a participant can do after each course (shown on the class page before anything else).
OBJECTIVES: dict[str, tuple[str, ...]] = {
    "KOM": (
        "Mendengarkan keluhan dan pertanyaan warga secara aktif dan empatik",
        "Menjelaskan persyaratan dan alur layanan dengan bahasa yang jelas",
        "Menyampaikan kabar yang tidak diharapkan warga tanpa memicu konflik",
    ),
    "ADU": (
        "Menerima dan mencatat pengaduan sesuai Perpres 76/2013",
        "Mengklasifikasi pengaduan dan menindaklanjutinya di SP4N-LAPOR! tepat waktu",
        "Menyusun jawaban pengaduan yang tuntas dan dapat dipertanggungjawabkan",
    ),
    "SIM": (
        "Menjalankan alur layanan administrasi dan kependudukan dari loket sampai selesai",
        "Mengenali titik lambat dalam alur layanan dan mengusulkan perbaikan",
    ),
    "MW": (
        "Menyusun prioritas kerja harian dan mingguan",
        "Mengelola gangguan dan tenggat layanan tanpa menunda pekerjaan penting",
    ),
    "INT": (
        "Menerapkan kode etik dan kode perilaku ASN dalam pelayanan",
        "Mengenali dan menolak gratifikasi serta menangani konflik kepentingan",
        "Mewujudkan nilai dasar BerAKHLAK dalam pekerjaan sehari-hari",
    ),
    "DIG": (
        "Melindungi data pribadi warga sesuai UU 27/2022",
        "Melayani permohonan melalui aplikasi layanan daring",
        "Mengelola media sosial instansi secara aman dan santun",
    ),
}

# Angkatan I-III through the year (completed), then a few open for registration.
CLASS_PLANS: tuple[ClassPlan, ...] = (
    ClassPlan("KOM", 1, date(2026, 2, 10)),
    ClassPlan("KOM", 2, date(2026, 5, 12)),
    ClassPlan("KOM", 3, date(2026, 9, 8)),
    ClassPlan("KOM", 4, date(2026, 12, 8), upcoming=True),
    ClassPlan("ADU", 1, date(2026, 3, 3)),
    ClassPlan("ADU", 2, date(2026, 6, 16)),
    ClassPlan("ADU", 3, date(2026, 10, 13)),
    ClassPlan("ADU", 4, date(2027, 1, 19), upcoming=True),
    ClassPlan("SIM", 1, date(2026, 4, 7)),
    ClassPlan("SIM", 2, date(2026, 8, 11)),
    ClassPlan("SIM", 3, date(2026, 12, 15), upcoming=True),
    ClassPlan("MW", 1, date(2026, 3, 17)),
    ClassPlan("MW", 2, date(2026, 7, 14)),
    ClassPlan("MW", 3, date(2026, 10, 27)),
    ClassPlan("INT", 1, date(2026, 4, 21)),
    ClassPlan("INT", 2, date(2026, 8, 25)),
    ClassPlan("INT", 3, date(2027, 1, 12), upcoming=True),
    ClassPlan("DIG", 1, date(2026, 5, 26)),
    ClassPlan("DIG", 2, date(2026, 9, 22)),
    ClassPlan("DIG", 3, date(2026, 11, 20), running=True),
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}

SURABAYA = PemdaTrainingSpec(
    slug="surabaya",
    code="SBY",
    issuer_name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Surabaya",
    signer_name="Dra. Ira Tursilowati, M.Si.",
    signer_title="Kepala BKPSDM Kota Surabaya",
    signer_nip="196909171994032008",
    number_prefix="BKPSDM-SBY",
    city="Surabaya",
    venue="Gedung Diklat BKPSDM, Jl. Jimerto No. 25-27, Surabaya",
    rooms=("Ruang Diklat 1", "Ruang Diklat 2", "Aula Lantai 3", "Lab Komputer"),
    partners=(
        PartnerSpec(
            "uni1", "Universitas Airlangga", "UNAIR", "university", "Jl. Airlangga No. 4-6, Surabaya",
            "https://unair.ac.id", "Dr. Rina Oktaviani, S.Sos., M.Si.", "PKS/001/UNAIR-BKPSDM/2025",
            date(2025, 3, 1), date(2028, 2, 29),
            (("Prof. Dr. Falih Suaedi, Drs., M.Si.", "Administrasi publik, kualitas pelayanan",
              ("Pelayanan Publik", "Komunikasi")),
             ("Dr. Antun Mardiyanta, Drs., M.A.", "Komunikasi organisasi dan publik", ("Komunikasi", "Kerja Sama"))),
        ),
        PartnerSpec(
            "uni2", "Institut Teknologi Sepuluh Nopember", "ITS", "university", "Kampus ITS Sukolilo, Surabaya",
            "https://www.its.ac.id", "Dr. Eng. Hendra Kusuma, S.T., M.Sc.", "PKS/002/ITS-BKPSDM/2024",
            date(2024, 2, 15), date(2027, 2, 14),
            (("Dr. Ir. Arif Djunaidy, M.Sc.", "Sistem informasi layanan publik",
              ("Mengelola Perubahan", "Orientasi pada Hasil")),
             ("Retno Aulia Vinarti, S.Kom., M.Kom., Ph.D.", "Manajemen waktu dan produktivitas kerja",
              ("Orientasi pada Hasil", "Pengembangan Diri dan Orang Lain"))),
        ),
        PartnerSpec(
            "uni3", "Universitas Negeri Surabaya", "UNESA", "university", "Jl. Lidah Wetan, Surabaya",
            "https://www.unesa.ac.id", "Dr. Agus Prasetyo, M.Pd.", "PKS/003/UNESA-BKPSDM/2026",
            date(2026, 1, 10), date(2028, 1, 9),
            (("Dr. Ari Wahyudi, M.Pd.", "Literasi digital dan pembelajaran daring",
              ("Mengelola Perubahan", "Pengembangan Diri dan Orang Lain")),),
        ),
        PartnerSpec(
            "bpsdm", "Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Timur", "BPSDM Jatim", "lan_bpsdm",
            "Jl. Balai Diklat No. 1, Surabaya", "https://bpsdm.jatimprov.go.id", "Drs. Bambang Irianto, M.M.",
            "PKS/004/BPSDM-JATIM/2025", date(2025, 1, 2), date(2027, 12, 31),
            (("Drs. Hadi Santoso, M.Si. (Widyaiswara Ahli Utama)", "Etika dan integritas ASN",
              ("Integritas", "Perekat Bangsa")),
             ("Dr. Endang Susilowati, M.AP. (Widyaiswara Ahli Madya)", "Manajemen pengaduan dan pelayanan publik",
              ("Pelayanan Publik", "Komunikasi"))),
        ),
    ),
    internal_instructors=2,
    budget=485_000_000,
    coordinator_partner="uni1",
)  # fmt: skip

SERANG = PemdaTrainingSpec(
    slug="serang",
    code="SRG",
    issuer_name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Serang",
    signer_name="H. Ahmad Nuri, S.Sos., M.Si.",
    signer_title="Kepala BKPSDM Kota Serang",
    signer_nip="197204121998031006",
    number_prefix="BKPSDM-SRG",
    city="Serang",
    venue="Aula BKPSDM Kota Serang, Jl. Jenderal Sudirman No. 5, Serang",
    rooms=("Aula BKPSDM", "Ruang Rapat Lantai 2", "Ruang Pelatihan Puspemkot"),
    partners=(
        PartnerSpec(
            "uni1", "Universitas Sultan Ageng Tirtayasa", "UNTIRTA", "university", "Jl. Raya Jakarta Km. 4, Serang",
            "https://untirta.ac.id", "Dr. Leo Agustino, S.Sos., M.Si.", "PKS/01/UNTIRTA-BKPSDM/2025",
            date(2025, 4, 1), date(2028, 3, 31),
            (("Dr. Ranthy Pancasasti, S.E., M.M.", "Pelayanan publik dan kepuasan masyarakat",
              ("Pelayanan Publik", "Komunikasi")),
             ("Dr. Ipah Ema Jumiati, M.Si.", "Komunikasi pemerintahan", ("Komunikasi", "Kerja Sama"))),
        ),
        PartnerSpec(
            "uni2", "Universitas Islam Negeri Sultan Maulana Hasanuddin Banten", "UIN SMH Banten", "university",
            "Jl. Syekh Nawawi Al-Bantani, Serang", "https://uinbanten.ac.id", "Dr. H. Wawan Wahyuddin, M.Pd.",
            "PKS/02/UINSMH-BKPSDM/2024", date(2024, 2, 1), date(2027, 1, 31),
            (("Dr. Ahmad Fadhil, Lc., M.Hum.", "Etika kerja dan manajemen diri",
              ("Integritas", "Orientasi pada Hasil", "Pengembangan Diri dan Orang Lain")),),
        ),
        PartnerSpec(
            "uni3", "Badan Pengembangan Sumber Daya Manusia Provinsi Banten", "BPSDM Banten", "lan_bpsdm",
            "KP3B, Jl. Syekh Nawawi Al-Bantani, Serang", "https://bpsdm.bantenprov.go.id", "Drs. Eneng Nurcahyati, M.M.",
            "PKS/03/BPSDM-BANTEN/2025", date(2025, 1, 15), date(2027, 12, 31),
            (("Drs. Mahdi Ridwan, M.Si. (Widyaiswara Ahli Madya)", "Literasi digital pemerintahan",
              ("Mengelola Perubahan", "Pelayanan Publik")),
             ("Dra. Siti Maemunah, M.Pd. (Widyaiswara Ahli Utama)", "Integritas dan nilai dasar ASN",
              ("Integritas", "Perekat Bangsa"))),
        ),
    ),
    internal_instructors=2,
    budget=260_000_000,
    coordinator_partner="uni1",
)  # fmt: skip

# Serang has no third university: the provincial BPSDM takes the "uni3" and "bpsdm" courses.
ORGANISER_FALLBACK = {"bpsdm": "uni3"}

SPECS = {"surabaya": SURABAYA, "serang": SERANG}

WITHDRAW_REASONS = (
    "Bertugas melayani pemeriksaan BPK pada tanggal pelatihan.",
    "Cuti melahirkan.",
    "Dipindahtugaskan ke unit lain.",
    "Sakit, surat keterangan dokter terlampir.",
)
DECLINE_REASONS = (
    "Beban kerja loket sedang tinggi; mohon dijadwalkan di angkatan berikutnya.",
    "Sudah mengikuti pelatihan serupa dari BPSDM tahun ini.",
    "Bertepatan dengan kegiatan musrenbang kelurahan.",
)
NO_SHOW_REASON = "Tidak hadir di seluruh sesi tanpa keterangan."
# The category each demo reason is filed under (AbsenceReason values), as the nominee would pick it.
REASON_CATEGORIES = {
    DECLINE_REASONS[0]: "workload",
    DECLINE_REASONS[1]: "not_relevant",
    DECLINE_REASONS[2]: "schedule",
    NO_SHOW_REASON: "other",
}

# E-learning taken outside Bina's classes (approved claims), last year and this: (title, JP).
HISTORY_COURSES = (
    ("Literasi Digital ASN (e-learning ASN Unggul)", 20),
    ("Manajemen ASN dan Sistem Merit (e-learning)", 24),
    ("Pelayanan Publik Prima (e-learning ASN Unggul)", 21),
    ("Etika dan Integritas ASN (e-learning)", 12),
)

# Training from before Bina, as a BKPSDM imports it from SIASN (`training_history`): (title, type, organiser,
# days, JP). Years before the two the leader's home compares, so its figures stay the programme's own.
PRE_BINA_TRAINING = (
    ("Pelatihan Dasar CPNS", "struktural", "BPSDM Provinsi", 30, 22),
    ("Bimbingan Teknis Administrasi Kependudukan", "teknis", "Ditjen Dukcapil Kemendagri", 3, 24),
    ("Pelatihan Pelayanan Prima", "teknis", "BKPSDM", 2, 16),
    ("Workshop Penyusunan SOP Pelayanan", "manajerial", "Bagian Organisasi Setda", 2, 12),
)
PRE_BINA_FILE = "riwayat-diklat-siasn.xlsx"
PRE_BINA_PEOPLE = 40  # besides the demo participant

EXTERNAL_CLAIMS = (
    # (title, organiser, method, training_type, start, end, jp, status, review note)
    ("Webinar Reformasi Birokrasi Tematik", "Kementerian PANRB", "seminar", "manajerial",
     date(2026, 6, 18), date(2026, 6, 18), 4, "approved", ""),
    ("Pelatihan Pelayanan Prima (e-learning ASN Unggul)", "LAN RI", "elearning", "teknis",
     date(2026, 8, 3), date(2026, 8, 14), 12, "approved", ""),
    ("Seminar Motivasi Kerja", "Komunitas Swasta", "seminar", "sosial_kultural",
     date(2026, 9, 20), date(2026, 9, 20), 3, "rejected",
     "Sertifikat tidak mencantumkan jumlah jam; unggah ulang dengan bukti durasi."),
    ("Bimtek Pengelolaan Arsip Dinamis", "ANRI", "bimtek", "teknis",
     date(2026, 11, 9), date(2026, 11, 11), 18, "submitted", ""),
)  # fmt: skip
