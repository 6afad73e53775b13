"""Pemerintah Kota Serang (BPS 3673): 6 kecamatan, 67 kelurahan, and its main OPD.

Kelurahan as listed by Kemendagri codes 36.73.01-06 (Perda Kota Serang 8/2012 and 5/2013
turned the former desa into kelurahan).
"""

from __future__ import annotations

from bina.core.models import PemdaKind, TimeZone
from bina.demo.data import Opd, PemdaSpec, flatten
from bina.people.models import OrgUnitKind as K

KECAMATAN: dict[str, list[str]] = {
    "Serang": [
        "Cimuncang",
        "Cipare",
        "Kagungan",
        "Kaligandu",
        "Kota Baru",
        "Lontarbaru",
        "Lopang",
        "Serang",
        "Sukawana",
        "Sumurpecung",
        "Terondol",
        "Unyur",
    ],
    "Cipocok Jaya": [
        "Banjar Agung",
        "Banjarsari",
        "Cipocok Jaya",
        "Dalung",
        "Gelam",
        "Karundang",
        "Panancangan",
        "Tembong",
    ],
    "Curug": [
        "Cilaku",
        "Cipete",
        "Curug",
        "Curug Manis",
        "Kemanisan",
        "Pancalaksana",
        "Sukajaya",
        "Sukalaksana",
        "Sukawana",
        "Tinggar",
    ],
    "Kasemen": [
        "Banten",
        "Bendung",
        "Kasemen",
        "Kasunyatan",
        "Kilasah",
        "Margaluyu",
        "Masjid Priyayi",
        "Sawah Luhur",
        "Terumbu",
        "Warung Jaud",
    ],
    "Taktakan": [
        "Cibendung",
        "Cilowong",
        "Drangong",
        "Kalanganyar",
        "Kuranji",
        "Lialang",
        "Pancur",
        "Panggungjati",
        "Sayar",
        "Sepang",
        "Taktakan",
        "Taman Baru",
        "Umbul Tengah",
    ],
    "Walantaka": [
        "Cigoong",
        "Kalodran",
        "Kepuren",
        "Kiara",
        "Lebakwangi",
        "Nyapah",
        "Pabuaran",
        "Pageragung",
        "Pasuluhan",
        "Pengampelan",
        "Pipitan",
        "Tegalsari",
        "Teritih",
        "Walantaka",
    ],
}


def _bidang(code: str, name: str, profile: str, weight: float = 10) -> Opd:
    return Opd(code, f"Bidang {name}", K.BIDANG, "Kepala Bidang", profile, weight)


OPD: list[Opd] = [
    Opd(
        "SRG-SETDA",
        "Sekretariat Daerah",
        K.SEKRETARIAT,
        "Sekretaris Daerah",
        "general",
        15,
        (
            Opd("SRG-SETDA-ORG", "Bagian Organisasi", K.BAGIAN, "Kepala Bagian", "general", 10),
            Opd("SRG-SETDA-HUKUM", "Bagian Hukum", K.BAGIAN, "Kepala Bagian", "general", 10),
            Opd("SRG-SETDA-UMUM", "Bagian Umum", K.BAGIAN, "Kepala Bagian", "general", 12),
        ),
    ),
    Opd(
        "SRG-DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        K.DINAS,
        "Kepala Dinas",
        "population",
        15,
        (
            _bidang("SRG-DISDUKCAPIL-PDP", "Pelayanan Pendaftaran Penduduk", "population", 18),
            _bidang("SRG-DISDUKCAPIL-PCS", "Pelayanan Pencatatan Sipil", "population", 18),
            _bidang("SRG-DISDUKCAPIL-PIAK", "Pengelolaan Informasi Administrasi Kependudukan", "population", 12),
        ),
    ),
    Opd(
        "SRG-BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        K.BADAN,
        "Kepala Badan",
        "hr",
        12,
        (
            _bidang("SRG-BKPSDM-MUTASI", "Mutasi dan Promosi", "hr"),
            _bidang("SRG-BKPSDM-PKA", "Pengembangan Kompetensi Aparatur", "hr"),
        ),
    ),
    Opd(
        "SRG-DINKES",
        "Dinas Kesehatan",
        K.DINAS,
        "Kepala Dinas",
        "health",
        15,
        (
            _bidang("SRG-DINKES-KESMAS", "Kesehatan Masyarakat", "health"),
            _bidang("SRG-DINKES-YANKES", "Pelayanan Kesehatan", "health"),
            Opd("SRG-PKM-RAU", "Puskesmas Rau", K.PUSKESMAS, "Kepala Puskesmas", "puskesmas", 30),
            Opd("SRG-PKM-SINGANDARU", "Puskesmas Singandaru", K.PUSKESMAS, "Kepala Puskesmas", "puskesmas", 30),
            Opd("SRG-PKM-KILASAH", "Puskesmas Kilasah", K.PUSKESMAS, "Kepala Puskesmas", "puskesmas", 25),
            Opd("SRG-PKM-WALANTAKA", "Puskesmas Walantaka", K.PUSKESMAS, "Kepala Puskesmas", "puskesmas", 25),
        ),
    ),
    Opd(
        "SRG-DINDIKBUD",
        "Dinas Pendidikan dan Kebudayaan",
        K.DINAS,
        "Kepala Dinas",
        "education",
        15,
        (
            _bidang("SRG-DINDIKBUD-SD", "Pembinaan Sekolah Dasar", "education"),
            _bidang("SRG-DINDIKBUD-SMP", "Pembinaan Sekolah Menengah Pertama", "education"),
            _bidang("SRG-DINDIKBUD-BUD", "Kebudayaan", "education"),
            Opd("SRG-SMPN-1", "SMP Negeri 1 Kota Serang", K.SEKOLAH, "Kepala Sekolah", "school", 40),
            Opd("SRG-SMPN-2", "SMP Negeri 2 Kota Serang", K.SEKOLAH, "Kepala Sekolah", "school", 35),
            Opd("SRG-SDN-SERANG-1", "SD Negeri Serang 1", K.SEKOLAH, "Kepala Sekolah", "school", 20),
            Opd("SRG-SDN-KASEMEN-1", "SD Negeri Kasemen 1", K.SEKOLAH, "Kepala Sekolah", "school", 20),
        ),
    ),
    Opd(
        "SRG-DISKOMINFO",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        K.DINAS,
        "Kepala Dinas",
        "it",
        12,
        (
            _bidang("SRG-DISKOMINFO-APTIKA", "Aplikasi Informatika", "it"),
            _bidang("SRG-DISKOMINFO-IKP", "Informasi dan Komunikasi Publik", "it"),
        ),
    ),
    Opd("SRG-BAPPEDA", "Badan Perencanaan Pembangunan Daerah", K.BADAN, "Kepala Badan", "planning", 25),
    Opd("SRG-INSPEKTORAT", "Inspektorat", K.LAINNYA, "Inspektur", "audit", 25),
    Opd("SRG-SATPOLPP", "Satuan Polisi Pamong Praja", K.LAINNYA, "Kepala Satuan", "satpol", 50),
    Opd("SRG-DINSOS", "Dinas Sosial", K.DINAS, "Kepala Dinas", "social", 25),
]

SPEC = PemdaSpec(
    slug="serang",
    name="Pemerintah Kota Serang",
    kind=PemdaKind.KOTA,
    bps_code="3673",
    timezone=TimeZone.WIB,
    email_domain="serangkota.go.id",
    units=flatten("SRG", OPD, KECAMATAN, kec_weight=14, kel_weight=7),
    setda_code="SRG-SETDA",
    operator_unit_code="SRG-KEC-SERANG",
    supervisor_unit_code="SRG-DISDUKCAPIL",
    name_mix={"sundanese": 0.4, "islamic": 0.33, "javanese": 0.15, "christian": 0.07, "chinese": 0.05},
)
