"""Pemerintah Kota Surabaya (BPS 3578): 31 kecamatan, 154 kelurahan, and its main OPD.

Kelurahan follow the 2019 boundaries (Perda Kota Surabaya on the merger of kelurahan),
which give the 154 kelurahan the Pemkot publishes (surabaya.go.id, "Sekilas Kota Surabaya").
"""

from __future__ import annotations

from bina.core.models import PemdaKind, TimeZone
from bina.demo.data import Opd, PemdaSpec, flatten
from bina.people.models import OrgUnitKind as K

KECAMATAN: dict[str, list[str]] = {
    "Asemrowo": ["Asemrowo", "Genting Kalianak", "Tambak Sarioso"],
    "Benowo": ["Kandangan", "Romokalisari", "Sememi", "Tambak Osowilangun"],
    "Bubutan": ["Alun-alun Contong", "Bubutan", "Gundih", "Jepara", "Tembok Dukuh"],
    "Bulak": ["Bulak", "Kedung Cowek", "Kenjeran", "Sukolilo Baru"],
    "Dukuh Pakis": ["Dukuh Kupang", "Dukuh Pakis", "Gunung Sari", "Pradah Kalikendal"],
    "Gayungan": ["Dukuh Menanggal", "Gayungan", "Ketintang", "Menanggal"],
    "Genteng": ["Embong Kaliasin", "Genteng", "Kapasari", "Ketabang", "Peneleh"],
    "Gubeng": ["Airlangga", "Baratajaya", "Gubeng", "Kertajaya", "Mojo", "Pucang Sewu"],
    "Gunung Anyar": ["Gunung Anyar", "Gunung Anyar Tambak", "Rungkut Menanggal", "Rungkut Tengah"],
    "Jambangan": ["Jambangan", "Karah", "Kebonsari", "Pagesangan"],
    "Karang Pilang": ["Karang Pilang", "Kebraon", "Kedurus", "Warugunung"],
    "Kenjeran": ["Bulak Banteng", "Sidotopo Wetan", "Tambak Wedi", "Tanah Kali Kedinding"],
    "Krembangan": ["Dupak", "Kemayoran", "Krembangan Selatan", "Morokrembangan", "Perak Barat"],
    "Lakarsantri": ["Bangkingan", "Jeruk", "Lakarsantri", "Lidah Kulon", "Lidah Wetan", "Sumur Welut"],
    "Mulyorejo": [
        "Dukuh Sutorejo",
        "Kalijudan",
        "Kalisari",
        "Kejawan Putih Tambak",
        "Manyar Sabrangan",
        "Mulyorejo",
    ],
    "Pabean Cantian": ["Bongkaran", "Krembangan Utara", "Nyamplungan", "Perak Timur", "Perak Utara"],
    "Pakal": ["Babat Jerawat", "Benowo", "Pakal", "Sumberejo"],
    "Rungkut": ["Kali Rungkut", "Kedung Baruk", "Medokan Ayu", "Penjaringan Sari", "Rungkut Kidul", "Wonorejo"],
    "Sambikerep": ["Bringin", "Lontar", "Made", "Sambikerep"],
    "Sawahan": ["Banyu Urip", "Kupang Krajan", "Pakis", "Petemon", "Putat Jaya", "Sawahan"],
    "Semampir": ["Ampel", "Pegirian", "Sidotopo", "Ujung", "Wonokusumo"],
    "Simokerto": ["Kapasan", "Sidodadi", "Simokerto", "Simolawang", "Tambakrejo"],
    "Sukolilo": [
        "Gebang Putih",
        "Keputih",
        "Klampis Ngasem",
        "Medokan Semampir",
        "Menur Pumpungan",
        "Nginden Jangkungan",
        "Semolowaru",
    ],
    "Sukomanunggal": ["Putat Gede", "Simomulyo", "Simomulyo Baru", "Sonokwijenan", "Sukomanunggal", "Tanjungsari"],
    "Tambaksari": [
        "Dukuh Setro",
        "Gading",
        "Kapas Madya",
        "Pacar Keling",
        "Pacar Kembang",
        "Ploso",
        "Rangkah",
        "Tambaksari",
    ],
    "Tandes": ["Balongsari", "Banjar Sugihan", "Karang Poh", "Manukan Kulon", "Manukan Wetan", "Tandes"],
    "Tegalsari": ["Dr. Soetomo", "Kedungdoro", "Keputran", "Tegalsari", "Wonorejo"],
    "Tenggilis Mejoyo": ["Kendangsari", "Kutisari", "Panjang Jiwo", "Tenggilis Mejoyo"],
    "Wiyung": ["Babatan", "Balas Klumprik", "Jajar Tunggal", "Wiyung"],
    "Wonocolo": ["Bendul Merisi", "Jemur Wonosari", "Margorejo", "Sidosermo", "Siwalankerto"],
    "Wonokromo": ["Darmo", "Jagir", "Ngagel", "Ngagel Rejo", "Sawunggaling", "Wonokromo"],
}


def _bidang(code: str, name: str, profile: str, weight: float = 12) -> Opd:
    return Opd(code, f"Bidang {name}", K.BIDANG, "Kepala Bidang", profile, weight)


OPD: list[Opd] = [
    Opd(
        "SBY-SETDA",
        "Sekretariat Daerah",
        K.SEKRETARIAT,
        "Sekretaris Daerah",
        "general",
        20,
        (
            Opd("SBY-SETDA-ORG", "Bagian Organisasi", K.BAGIAN, "Kepala Bagian", "general", 15),
            Opd("SBY-SETDA-HUKUM", "Bagian Hukum", K.BAGIAN, "Kepala Bagian", "general", 15),
            Opd("SBY-SETDA-UMUM", "Bagian Umum", K.BAGIAN, "Kepala Bagian", "general", 18),
        ),
    ),
    Opd(
        "SBY-DISPENDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        K.DINAS,
        "Kepala Dinas",
        "population",
        20,
        (
            _bidang("SBY-DISPENDUKCAPIL-PDP", "Pelayanan Pendaftaran Penduduk", "population", 25),
            _bidang("SBY-DISPENDUKCAPIL-PCS", "Pelayanan Pencatatan Sipil", "population", 25),
            _bidang("SBY-DISPENDUKCAPIL-PIAK", "Pengelolaan Informasi Administrasi Kependudukan", "population", 18),
            _bidang("SBY-DISPENDUKCAPIL-PDIP", "Pemanfaatan Data dan Inovasi Pelayanan", "population", 15),
        ),
    ),
    Opd(
        "SBY-BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        K.BADAN,
        "Kepala Badan",
        "hr",
        15,
        (
            _bidang("SBY-BKPSDM-PPI", "Pengadaan, Pemberhentian dan Informasi", "hr"),
            _bidang("SBY-BKPSDM-MP", "Mutasi dan Promosi", "hr"),
            _bidang("SBY-BKPSDM-PKA", "Pengembangan Kompetensi Aparatur", "hr"),
            _bidang("SBY-BKPSDM-PKP", "Penilaian Kinerja dan Penghargaan", "hr"),
        ),
    ),
    Opd(
        "SBY-DINKES",
        "Dinas Kesehatan",
        K.DINAS,
        "Kepala Dinas",
        "health",
        20,
        (
            _bidang("SBY-DINKES-KESMAS", "Kesehatan Masyarakat", "health"),
            _bidang("SBY-DINKES-P2P", "Pencegahan dan Pengendalian Penyakit", "health"),
            _bidang("SBY-DINKES-YANKES", "Pelayanan Kesehatan", "health"),
            Opd("SBY-PKM-KEPUTIH", "Puskesmas Keputih", K.PUSKESMAS, "Kepala Puskesmas", "puskesmas", 40),
            Opd("SBY-PKM-MULYOREJO", "Puskesmas Mulyorejo", K.PUSKESMAS, "Kepala Puskesmas", "puskesmas", 40),
            Opd("SBY-PKM-GAYUNGAN", "Puskesmas Gayungan", K.PUSKESMAS, "Kepala Puskesmas", "puskesmas", 35),
            Opd("SBY-PKM-TANJUNGSARI", "Puskesmas Tanjungsari", K.PUSKESMAS, "Kepala Puskesmas", "puskesmas", 35),
            Opd("SBY-PKM-KENJERAN", "Puskesmas Kenjeran", K.PUSKESMAS, "Kepala Puskesmas", "puskesmas", 40),
            Opd("SBY-PKM-PUCANG-SEWU", "Puskesmas Pucang Sewu", K.PUSKESMAS, "Kepala Puskesmas", "puskesmas", 35),
        ),
    ),
    Opd(
        "SBY-DISPENDIK",
        "Dinas Pendidikan",
        K.DINAS,
        "Kepala Dinas",
        "education",
        20,
        (
            _bidang("SBY-DISPENDIK-SD", "Pembinaan Sekolah Dasar", "education"),
            _bidang("SBY-DISPENDIK-SMP", "Pembinaan Sekolah Menengah Pertama", "education"),
            _bidang("SBY-DISPENDIK-GTK", "Guru dan Tenaga Kependidikan", "education"),
            Opd("SBY-SMPN-1", "SMP Negeri 1 Surabaya", K.SEKOLAH, "Kepala Sekolah", "school", 50),
            Opd("SBY-SMPN-3", "SMP Negeri 3 Surabaya", K.SEKOLAH, "Kepala Sekolah", "school", 45),
            Opd("SBY-SMPN-12", "SMP Negeri 12 Surabaya", K.SEKOLAH, "Kepala Sekolah", "school", 45),
            Opd("SBY-SDN-KALIASIN-1", "SD Negeri Kaliasin I", K.SEKOLAH, "Kepala Sekolah", "school", 25),
            Opd("SBY-SDN-KETABANG-1", "SD Negeri Ketabang I", K.SEKOLAH, "Kepala Sekolah", "school", 25),
            Opd("SBY-SDN-DR-SOETOMO-5", "SD Negeri Dr. Soetomo V", K.SEKOLAH, "Kepala Sekolah", "school", 25),
        ),
    ),
    Opd(
        "SBY-DISKOMINFO",
        "Dinas Komunikasi dan Informatika",
        K.DINAS,
        "Kepala Dinas",
        "it",
        15,
        (
            _bidang("SBY-DISKOMINFO-APTIKA", "Aplikasi Informatika", "it"),
            _bidang("SBY-DISKOMINFO-TIK", "Infrastruktur Teknologi Informasi dan Komunikasi", "it"),
            _bidang("SBY-DISKOMINFO-IKP", "Informasi dan Komunikasi Publik", "it"),
            _bidang("SBY-DISKOMINFO-STASAN", "Statistik dan Persandian", "it"),
        ),
    ),
    Opd(
        "SBY-BAPPEDALITBANG",
        "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan",
        K.BADAN,
        "Kepala Badan",
        "planning",
        20,
        (
            _bidang("SBY-BAPPEDALITBANG-EKONOMI", "Perekonomian dan Sumber Daya Alam", "planning"),
            _bidang("SBY-BAPPEDALITBANG-PMPK", "Pemerintahan dan Pembangunan Manusia", "planning"),
            _bidang("SBY-BAPPEDALITBANG-LITBANG", "Penelitian dan Pengembangan", "planning"),
        ),
    ),
    Opd("SBY-INSPEKTORAT", "Inspektorat", K.LAINNYA, "Inspektur", "audit", 40),
    Opd("SBY-SATPOLPP", "Satuan Polisi Pamong Praja", K.LAINNYA, "Kepala Satuan", "satpol", 80),
    Opd(
        "SBY-DINSOS",
        "Dinas Sosial",
        K.DINAS,
        "Kepala Dinas",
        "social",
        20,
        (
            _bidang("SBY-DINSOS-LINJAMSOS", "Perlindungan dan Jaminan Sosial", "social"),
            _bidang("SBY-DINSOS-REHSOS", "Rehabilitasi Sosial", "social"),
        ),
    ),
]

SPEC = PemdaSpec(
    slug="surabaya",
    name="Pemerintah Kota Surabaya",
    kind=PemdaKind.KOTA,
    bps_code="3578",
    timezone=TimeZone.WIB,
    email_domain="surabaya.go.id",
    units=flatten("SBY", OPD, KECAMATAN, kec_weight=12, kel_weight=6),
    setda_code="SBY-SETDA",
    operator_unit_code="SBY-DISPENDUKCAPIL",
    supervisor_unit_code="SBY-DISPENDUKCAPIL",
    name_mix={"javanese": 0.5, "islamic": 0.22, "madurese": 0.1, "christian": 0.12, "chinese": 0.06},
)
