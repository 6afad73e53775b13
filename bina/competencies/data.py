"""The standard competency dictionary of PermenPANRB 38/2017 (Standar Kompetensi Jabatan ASN), Lampiran.

Eight managerial competencies and one socio-cultural competency (Perekat Bangsa), each with its
definition and a behavioural description per level 1-5, paraphrased faithfully from the annex.
Technical competencies are not listed here: each Pemda defines them for its own positions.

This module is plain data so the data migration and `competency_dictionary_load` share it.
"""

from __future__ import annotations

from typing import TypedDict


class StandardLevel(TypedDict):
    title: str
    description: str


class StandardCompetency(TypedDict):
    code: str
    kind: str  # a CompetencyKind value
    name: str
    definition: str
    levels: dict[int, StandardLevel]


MANAGERIAL = "manajerial"
SOCIOCULTURAL = "sosial_kultural"

STANDARD_COMPETENCIES: list[StandardCompetency] = [
    {
        "code": "M.1",
        "kind": MANAGERIAL,
        "name": "Integritas",
        "definition": (
            "Konsisten berperilaku selaras dengan nilai, norma dan/atau etika organisasi, dan jujur dalam hubungan "
            "dengan manajemen, rekan kerja, bawahan langsung, dan pemangku kepentingan; menciptakan budaya etika "
            "tinggi; bertanggung jawab atas tindakan atau keputusan beserta risiko yang menyertainya."
        ),
        "levels": {
            1: {
                "title": "Mampu bertindak sesuai nilai, norma, etika organisasi dalam kapasitas pribadi",
                "description": (
                    "Bertingkah laku sesuai dengan perkataan; berkata sesuai dengan fakta; melaksanakan peraturan, "
                    "kode etik organisasi dalam lingkungan kerja sehari-hari, pada tataran individu/pribadi; tidak "
                    "menjanjikan/memberikan sesuatu yang bertentangan dengan aturan organisasi."
                ),
            },
            2: {
                "title": "Mampu mengingatkan, mengajak rekan kerja untuk bertindak sesuai nilai, norma, dan etika organisasi",
                "description": (
                    "Mengingatkan rekan kerja untuk bertindak sesuai dengan nilai, norma, dan etika organisasi; "
                    "menyadari adanya kesalahan dan mengakuinya; menunjukkan komitmen menjaga integritas dalam "
                    "menjalankan tugas."
                ),
            },
            3: {
                "title": (
                    "Mampu memastikan, menanamkan keyakinan bersama agar anggota yang dipimpin bertindak sesuai nilai, "
                    "norma, dan etika organisasi, dalam lingkup formal"
                ),
                "description": (
                    "Memastikan anggota yang dipimpin bertindak sesuai dengan nilai, norma, dan etika organisasi; "
                    "mampu memberi apresiasi dan teguran bagi anggota yang dipimpin agar bertindak selaras dengan "
                    "nilai, norma, dan etika organisasi."
                ),
            },
            4: {
                "title": (
                    "Mampu menciptakan situasi kerja yang membuat rekan kerja tetap bertindak sesuai nilai, norma, dan "
                    "etika organisasi dalam segala situasi dan kondisi"
                ),
                "description": (
                    "Mendukung dan menerapkan prinsip moral dan standar etika yang tinggi, serta berani menanggung "
                    "konsekuensinya; berani melakukan koreksi atau mengambil tindakan atas penyimpangan kode etik/nilai "
                    "yang dilakukan oleh orang lain, pada tataran lingkup kerja setingkat instansi."
                ),
            },
            5: {
                "title": "Mampu menjadi role model dalam penerapan standar keadilan dan etika di tingkat nasional",
                "description": (
                    "Menciptakan standar etika dan nilai-nilai organisasi yang dijadikan acuan; menjadi teladan "
                    "dalam menerapkan standar keadilan dan etika yang tinggi di lingkup kerja nasional, termasuk "
                    "dalam situasi yang sulit dan berisiko bagi diri sendiri."
                ),
            },
        },
    },
    {
        "code": "M.2",
        "kind": MANAGERIAL,
        "name": "Kerja Sama",
        "definition": (
            "Kemampuan menjalin, membina, mempertahankan hubungan kerja yang efektif, memiliki komitmen saling "
            "membantu dalam penyelesaian tugas, dan mengoptimalkan segala sumber daya untuk mencapai tujuan "
            "strategis organisasi."
        ),
        "levels": {
            1: {
                "title": "Berpartisipasi sebagai anggota tim yang baik",
                "description": (
                    "Berpartisipasi dalam kelompok kerja; melakukan tugas-tugas yang menjadi bagiannya dalam tim; "
                    "menghargai pendapat dan masukan anggota tim lainnya; bersedia belajar dari orang lain."
                ),
            },
            2: {
                "title": "Menumbuhkan tim kerja yang partisipatif dan efektif",
                "description": (
                    "Membantu orang lain dalam menyelesaikan tugas-tugas mereka untuk mendukung sasaran tim; "
                    "berbagi informasi yang relevan atau bermanfaat pada anggota tim; mempertimbangkan masukan "
                    "dan keahlian anggota tim dalam pengambilan keputusan."
                ),
            },
            3: {
                "title": "Efektif membangun tim kerja untuk peningkatan kinerja organisasi",
                "description": (
                    "Melihat kekuatan dan kelemahan anggota tim, membentuk tim yang tepat, mengantisipasi kemungkinan "
                    "hambatan, dan mencari solusi yang optimal; mengupayakan dan mengutamakan pengambilan keputusan "
                    "berdasarkan usulan-usulan anggota tim, merundingkan kesepakatan, dan mengakomodasi perbedaan."
                ),
            },
            4: {
                "title": "Membangun komitmen tim, sinergi",
                "description": (
                    "Membangun sinergi antar unit kerja di lingkup instansi yang dipimpin; memfasilitasi "
                    "kepentingan yang berbeda dari unit kerja lain sehingga tercipta sinergi dalam rangka pencapaian "
                    "target kerja organisasi; mengembangkan sistem yang menghargai kerja sama antar unit."
                ),
            },
            5: {
                "title": "Menciptakan situasi kerja sama secara konsisten, baik di dalam maupun di luar instansi",
                "description": (
                    "Menciptakan hubungan kerja yang konstruktif dengan menerapkan tata nilai keterbukaan, "
                    "menjalin kemitraan dengan pemangku kepentingan di dalam dan di luar instansi, serta membangun "
                    "kerja sama lintas sektor untuk kepentingan nasional."
                ),
            },
        },
    },
    {
        "code": "M.3",
        "kind": MANAGERIAL,
        "name": "Komunikasi",
        "definition": (
            "Kemampuan untuk menerangkan pandangan dan gagasan secara jelas, sistematis disertai argumentasi yang "
            "logis dengan cara-cara yang sesuai, baik secara lisan maupun tertulis; memastikan pemahaman; "
            "mendengarkan secara aktif dan efektif; mempersuasi, meyakinkan, dan membujuk orang lain dalam rangka "
            "mencapai tujuan organisasi."
        ),
        "levels": {
            1: {
                "title": "Menyampaikan informasi dengan jelas, lengkap, pemahaman yang sama",
                "description": (
                    "Menyampaikan informasi (data), pikiran atau pendapat dengan jelas, singkat dan tepat dengan "
                    "cara/media yang sesuai dan mudah dipahami; memberikan respon yang sesuai atas pertanyaan; "
                    "memastikan pemahaman yang sama atas instruksi yang diterima/diberikan."
                ),
            },
            2: {
                "title": "Aktif menjalankan komunikasi secara formal dan informal",
                "description": (
                    "Menggunakan gaya komunikasi informal untuk meningkatkan hubungan profesional; mendengarkan "
                    "pihak lain secara aktif, menangkap dan menginterpretasikan pesan dengan respon yang sesuai; "
                    "menyusun materi presentasi, pidato, naskah, laporan, dan sejenisnya."
                ),
            },
            3: {
                "title": "Berkomunikasi secara asertif, terampil berkomunikasi lisan maupun tertulis",
                "description": (
                    "Menyampaikan suatu informasi yang sensitif, rumit atau kompleks dengan cara penyampaian dan "
                    "kondisi yang tepat sehingga dapat dipahami dan diterima oleh pihak terkait; menyederhanakan "
                    "topik yang rumit dan sensitif; meyakinkan pihak lain untuk menerima gagasan."
                ),
            },
            4: {
                "title": "Mampu mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk mendorong kesepakatan",
                "description": (
                    "Mengintegrasikan informasi penting hasil diskusi dengan pihak lain untuk mendapatkan "
                    "pemahaman yang sama; berbagi informasi dengan pemangku kepentingan untuk tujuan meningkatkan "
                    "kinerja secara keseluruhan; menuangkan pemikiran konseptual dalam bentuk tertulis."
                ),
            },
            5: {
                "title": "Menggagas sistem komunikasi yang terbuka secara strategis untuk mencari solusi",
                "description": (
                    "Menggagas sistem komunikasi dengan melibatkan pemangku kepentingan sehingga terjadi diskusi "
                    "terbuka untuk mencari solusi dengan tujuan meningkatkan kinerja; menggagas sistem komunikasi "
                    "yang terbuka bagi masukan di lingkup organisasi dan antarinstansi."
                ),
            },
        },
    },
    {
        "code": "M.4",
        "kind": MANAGERIAL,
        "name": "Orientasi pada Hasil",
        "definition": (
            "Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas, dapat diandalkan, "
            "bertanggung jawab, mampu secara sistematis mengidentifikasi risiko dan peluang dengan memperhatikan "
            "keterhubungan antara perencanaan dan hasil, untuk keberhasilan organisasi."
        ),
        "levels": {
            1: {
                "title": "Bertanggung jawab untuk memenuhi standar kerja",
                "description": (
                    "Menyelesaikan tugas dengan tuntas dan dapat diandalkan; bekerja dengan teliti dan hati-hati "
                    "guna meminimalkan kesalahan dengan mengacu pada standar kualitas (SOP); bersedia menerima "
                    "masukan dan mengikuti contoh cara bekerja yang lebih efektif dan efisien."
                ),
            },
            2: {
                "title": "Berupaya meningkatkan hasil kerja pribadi yang lebih tinggi dari standar yang ditetapkan",
                "description": (
                    "Menetapkan dan berupaya mencapai standar kerja pribadi yang lebih tinggi dari standar kerja "
                    "yang ditetapkan organisasi; mencari, mencoba metode kerja alternatif untuk meningkatkan hasil "
                    "kerjanya; memberi contoh kepada orang lain untuk menyelesaikan tugas dengan baik."
                ),
            },
            3: {
                "title": "Menetapkan target kerja yang menantang bagi unit kerja",
                "description": (
                    "Menetapkan target kinerja unit yang lebih tinggi dari target organisasi yang tersedia; memberi "
                    "apresiasi dan teguran untuk mendorong pencapaian hasil unit kerjanya; mengembangkan metode "
                    "kerja yang lebih efektif dan efisien untuk mencapai target kerja unit."
                ),
            },
            4: {
                "title": "Mendorong unit kerja mencapai target yang ditetapkan atau melebihi hasil kerja sebelumnya",
                "description": (
                    "Mendorong unit kerja di tingkat instansi untuk mencapai kinerja yang melebihi target yang "
                    "ditetapkan; memantau dan mengevaluasi hasil kerja unitnya agar selaras dengan sasaran strategis "
                    "instansi; mendorong pemanfaatan sumber daya bersama antar unit kerja."
                ),
            },
            5: {
                "title": "Meningkatkan mutu pencapaian kerja organisasi",
                "description": (
                    "Menciptakan situasi dan lingkungan kerja yang mendorong pencapaian mutu hasil kerja organisasi "
                    "yang tinggi; membangun budaya berorientasi pada hasil dan perbaikan berkelanjutan; mengelola "
                    "sumber daya untuk kinerja organisasi pada tingkat nasional."
                ),
            },
        },
    },
    {
        "code": "M.5",
        "kind": MANAGERIAL,
        "name": "Pelayanan Publik",
        "definition": (
            "Kemampuan dalam melaksanakan tugas-tugas pemerintahan, pembangunan, dan kegiatan pemenuhan kebutuhan "
            "pelayanan publik secara profesional, transparan, mengikuti standar pelayanan yang objektif, netral, "
            "tidak memihak, tidak diskriminatif, serta tidak terpengaruh kepentingan pribadi/kelompok/partai politik."
        ),
        "levels": {
            1: {
                "title": "Menjalankan pelayanan publik secara profesional, transparan, mengikuti standar pelayanan",
                "description": (
                    "Mampu mengerjakan tugas-tugas dengan mengikuti standar pelayanan yang objektif, netral, tidak "
                    "memihak, tidak diskriminatif, transparan, dan tidak terpengaruh kepentingan pribadi/kelompok/"
                    "partai politik; ramah dan cekatan dalam melayani."
                ),
            },
            2: {
                "title": "Mengawasi dan menjelaskan pelaksanaan pelayanan publik secara transparan",
                "description": (
                    "Mampu mensupervisi/mengawasi/menyelia dan menjelaskan proses pelaksanaan tugas-tugas "
                    "pemerintahan/pelayanan publik secara transparan; mampu melakukan inovasi sesuai bidang tugasnya "
                    "guna meningkatkan efektivitas dan efisiensi pelaksanaan tugas."
                ),
            },
            3: {
                "title": "Memperbaiki standar pelayanan publik di lingkup unit kerja",
                "description": (
                    "Mampu memanfaatkan kekuatan kelompok serta memperbaiki standar pelayanan publik di lingkup unit "
                    "kerja; mampu bersikap tegas dalam menghadapi pelanggaran standar pelayanan, tanpa memandang "
                    "kepentingan pribadi atau kelompok."
                ),
            },
            4: {
                "title": "Mengantisipasi dampak isu jangka panjang terhadap pelayanan publik",
                "description": (
                    "Mampu memonitor, mengevaluasi, memperhitungkan, dan mengantisipasi dampak dari isu-isu jangka "
                    "panjang, kesempatan, atau kekuatan politik dalam hal pelayanan kebutuhan pemangku kepentingan "
                    "yang transparan, objektif, dan profesional."
                ),
            },
            5: {
                "title": "Menjamin kebijakan pelayanan publik yang objektif dan tidak diskriminatif",
                "description": (
                    "Mampu memastikan kebijakan-kebijakan pelayanan publik yang menjamin terselenggaranya pelayanan "
                    "publik yang objektif, netral, tidak memihak, tidak diskriminatif, serta tidak terpengaruh "
                    "kepentingan pribadi/kelompok/partai politik."
                ),
            },
        },
    },
    {
        "code": "M.6",
        "kind": MANAGERIAL,
        "name": "Pengembangan Diri dan Orang Lain",
        "definition": (
            "Kemampuan untuk meningkatkan pengetahuan dan menyempurnakan keterampilan diri; menginspirasi orang lain "
            "untuk mengembangkan dan menyempurnakan pengetahuan dan keterampilan yang relevan dengan pekerjaan dan "
            "pengembangan karier jangka panjang; mendorong kemauan belajar sepanjang hidup; memberikan saran/"
            "bantuan, umpan balik, dan bimbingan untuk membantu orang lain mengembangkan potensi dirinya."
        ),
        "levels": {
            1: {
                "title": "Pengembangan diri",
                "description": (
                    "Mengidentifikasi kebutuhan pengembangan diri dan menyeleksi sumber serta metodologi "
                    "pembelajaran yang diperlukan; menunjukkan usaha mandiri untuk mempelajari keterampilan atau "
                    "kemampuan baru dari berbagai media pembelajaran; berupaya meningkatkan diri dengan belajar dari "
                    "orang lain yang berwawasan luas di dalam organisasi."
                ),
            },
            2: {
                "title": "Meningkatkan kemampuan bawahan dengan memberikan contoh dan penjelasan cara melaksanakan suatu pekerjaan",
                "description": (
                    "Meningkatkan kemampuan bawahan dengan memberikan contoh, instruksi, penjelasan, dan petunjuk "
                    "praktis yang jelas kepada bawahan dalam menyelesaikan suatu pekerjaan; membantu bawahan untuk "
                    "mempelajari proses, program, atau sistem baru; menggunakan metode lain untuk meyakinkan bahwa "
                    "orang lain telah memahami penjelasan atau pengarahan."
                ),
            },
            3: {
                "title": "Memberikan umpan balik, membimbing",
                "description": (
                    "Memberikan tugas-tugas yang menantang pada bawahan sebagai media belajar untuk mengembangkan "
                    "kemampuannya; mengamati bawahan dalam mengerjakan tugasnya dan memberikan umpan balik yang "
                    "objektif dan jujur; melakukan diskusi dengan bawahan untuk memberikan bimbingan dan arahan "
                    "pengembangan."
                ),
            },
            4: {
                "title": "Menyusun program pengembangan jangka panjang dalam rangka mendorong manajemen pembelajaran",
                "description": (
                    "Menyusun program pengembangan jangka panjang bersama-sama dengan bawahan, termasuk di dalamnya "
                    "penetapan tujuan, bimbingan, penugasan, dan pengalaman lainnya, serta mengalokasikan waktu untuk "
                    "mengikuti pelatihan/pendidikan/pengembangan kompetensi dan karier; melaksanakan manajemen "
                    "pembelajaran termasuk evaluasi dan umpan balik pada tataran organisasi."
                ),
            },
            5: {
                "title": "Menciptakan situasi yang mendorong organisasi untuk mengembangkan kemampuan belajar secara berkelanjutan",
                "description": (
                    "Menciptakan situasi yang mendorong individu, kelompok, unit kerja, dan organisasi untuk "
                    "mengembangkan kemampuan belajar secara berkelanjutan dalam rangka mendukung pencapaian hasil; "
                    "membangun organisasi pembelajar di tingkat nasional."
                ),
            },
        },
    },
    {
        "code": "M.7",
        "kind": MANAGERIAL,
        "name": "Mengelola Perubahan",
        "definition": (
            "Kemampuan dalam menyesuaikan diri dengan situasi yang baru atau berubah dan tidak bergantung secara "
            "berlebihan pada metode dan proses lama; mengambil tindakan untuk mendukung dan melaksanakan inisiatif "
            "perubahan; memimpin usaha perubahan; mengambil tanggung jawab pribadi untuk memastikan perubahan "
            "berhasil diimplementasikan secara efektif."
        ),
        "levels": {
            1: {
                "title": "Menyadari pentingnya perubahan untuk menyesuaikan dengan situasi yang terjadi",
                "description": (
                    "Menyadari perubahan yang terjadi di organisasi dan berusaha menyesuaikan diri dengan perubahan "
                    "tersebut; mengikuti perubahan dengan arahan; mengidentifikasi hal-hal yang perlu diubah."
                ),
            },
            2: {
                "title": "Proaktif beradaptasi mengikuti perubahan",
                "description": (
                    "Menyesuaikan cara kerja lama dengan menerapkan metode/proses baru, selaras dengan ketentuan yang "
                    "berlaku, tanpa arahan orang lain; mengembangkan kemampuan diri untuk menghadapi perubahan; "
                    "cepat dan tanggap dalam menerima perubahan."
                ),
            },
            3: {
                "title": "Membantu orang lain mengikuti perubahan, mengantisipasi perubahan secara tepat",
                "description": (
                    "Membantu orang lain dalam melakukan perubahan; menyesuaikan prioritas kerja secara berulang-"
                    "ulang jika diperlukan; mengantisipasi perubahan yang dibutuhkan oleh unit kerjanya secara tepat; "
                    "memberikan solusi efektif terhadap masalah yang ditimbulkan oleh adanya perubahan."
                ),
            },
            4: {
                "title": "Memimpin perubahan pada unit kerja",
                "description": (
                    "Mengarahkan unit kerja untuk lebih siap dalam menghadapi perubahan, termasuk memitigasi risiko "
                    "yang mungkin terjadi; memastikan perubahan sudah diterapkan secara aktif di lingkup unit kerja "
                    "secara berkala; memimpin dan memastikan penerapan program-program perubahan selaras antar unit."
                ),
            },
            5: {
                "title": "Mengelola perubahan yang berdampak luas",
                "description": (
                    "Membuat kebijakan-kebijakan yang mendorong perubahan yang berdampak luas bagi keberhasilan "
                    "organisasi; menggerakkan perubahan secara konsisten dan menyeluruh serta mengevaluasi hasilnya, "
                    "termasuk pada tataran antarinstansi dan nasional."
                ),
            },
        },
    },
    {
        "code": "M.8",
        "kind": MANAGERIAL,
        "name": "Pengambilan Keputusan",
        "definition": (
            "Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri setelah "
            "mempertimbangkan prinsip kehati-hatian, dirumuskan secara sistematis dan saksama berdasarkan berbagai "
            "informasi, alternatif pemecahan masalah dan konsekuensinya, serta bertanggung jawab atas keputusan "
            "yang diambil."
        ),
        "levels": {
            1: {
                "title": "Mengumpulkan informasi untuk bertindak sesuai kewenangan",
                "description": (
                    "Mengumpulkan dan mempertimbangkan informasi yang dibutuhkan dalam mencari solusi; mengenali "
                    "situasi/pilihan yang tepat untuk bertindak sesuai kewenangan; mempertimbangkan kemungkinan "
                    "solusi yang dapat diterapkan dalam pekerjaan rutin berdasarkan kebijakan dan prosedur."
                ),
            },
            2: {
                "title": "Menganalisis masalah secara mendalam",
                "description": (
                    "Melakukan analisis secara mendalam terhadap informasi yang tersedia dalam upaya mencari solusi; "
                    "mempertimbangkan berbagai alternatif yang ada sebelum membuat kesimpulan; membuat keputusan "
                    "operasional berdasarkan kesimpulan dari berbagai sumber informasi sesuai pedoman."
                ),
            },
            3: {
                "title": "Membandingkan berbagai alternatif, menyeimbangkan risiko keberhasilan dalam implementasi",
                "description": (
                    "Membandingkan berbagai alternatif tindakan dan implikasinya; memilih alternatif solusi yang "
                    "terbaik, membuat keputusan operasional mengacu pada alternatif solusi terbaik yang didasarkan "
                    "pada analisis data yang sistematis, seksama, mengikuti prinsip kehati-hatian; menyeimbangkan "
                    "antara kemungkinan risiko dan keberhasilan dalam implementasinya."
                ),
            },
            4: {
                "title": "Menyelesaikan masalah yang mengandung risiko tinggi, mengantisipasi dampak keputusan",
                "description": (
                    "Menyusun dan/atau memutuskan konsep penyelesaian masalah yang melibatkan beberapa/seluruh fungsi "
                    "dalam organisasi; menghasilkan solusi dari berbagai masalah yang kompleks, terkait dengan "
                    "bidang kerjanya yang berdampak pada pihak lain; membuat keputusan dan mengantisipasi dampak "
                    "keputusannya serta menyiapkan tindakan penanganannya (mitigasi risiko)."
                ),
            },
            5: {
                "title": "Menghasilkan solusi dan mengambil keputusan untuk mengatasi permasalahan jangka panjang/strategis",
                "description": (
                    "Menghasilkan solusi yang dapat mengatasi permasalahan jangka panjang; menghasilkan solusi "
                    "strategis yang berdampak pada tataran instansi/nasional; membuat keputusan atau kebijakan yang "
                    "berdampak nasional dengan memitigasi risiko yang mungkin timbul."
                ),
            },
        },
    },
    {
        "code": "SK.1",
        "kind": SOCIOCULTURAL,
        "name": "Perekat Bangsa",
        "definition": (
            "Kemampuan dalam mempromosikan sikap toleransi, keterbukaan, peka terhadap perbedaan individu/kelompok "
            "masyarakat; mampu menjadi perpanjangan tangan pemerintah dalam mempersatukan masyarakat dan membangun "
            "hubungan sosial psikologis dengan masyarakat di tengah kemajemukan Indonesia sehingga menciptakan "
            "kelekatan yang kuat antara ASN dan para pemangku kepentingan serta di antara para pemangku kepentingan "
            "itu sendiri; menjaga, mengembangkan, dan mewujudkan rasa persatuan dan kesatuan dalam kehidupan "
            "bermasyarakat, berbangsa, dan bernegara Indonesia."
        ),
        "levels": {
            1: {
                "title": "Peka memahami dan menerima kemajemukan",
                "description": (
                    "Mampu memahami, menerima, peka terhadap perbedaan individu/kelompok masyarakat; terbuka, ingin "
                    "belajar tentang perbedaan/kemajemukan masyarakat; mampu bekerja bersama dengan individu yang "
                    "berbeda latar belakang dengannya."
                ),
            },
            2: {
                "title": "Aktif mengembangkan sikap saling menghargai, menekankan persamaan dan persatuan",
                "description": (
                    "Menampilkan sikap dan perilaku yang peduli akan nilai-nilai keberagaman dan menghargai "
                    "perbedaan; membangun hubungan baik antarindividu dalam organisasi, mitra kerja, dan pemangku "
                    "kepentingan; bersikap tenang, mampu mengendalikan emosi, kemarahan, dan frustrasi dalam "
                    "menghadapi pertentangan yang ditimbulkan oleh perbedaan latar belakang."
                ),
            },
            3: {
                "title": "Mempromosikan, mengembangkan sikap toleransi dan persatuan",
                "description": (
                    "Mempromosikan sikap menghargai perbedaan di antara orang-orang yang mendorong toleransi dan "
                    "keterbukaan; melihat perbedaan sebagai peluang untuk menunjukkan sikap menghargai dan menjalin "
                    "kerja sama; menjadi pembela atas perlakuan tidak adil yang dialami individu/kelompok karena "
                    "perbedaan latar belakang."
                ),
            },
            4: {
                "title": "Mendayagunakan perbedaan secara konstruktif dan kreatif untuk meningkatkan efektivitas organisasi",
                "description": (
                    "Menginisiasi dan merepresentasikan pemerintah di lingkungan kerja dan masyarakat untuk "
                    "senantiasa menjaga persatuan dan kesatuan dalam keberagaman; menjadi mediator yang "
                    "menyelesaikan konflik atau mengurangi dampak negatif konflik atas kemajemukan; mendayagunakan "
                    "perbedaan latar belakang untuk meningkatkan efektivitas organisasi."
                ),
            },
            5: {
                "title": "Wakil pemerintah untuk membangun hubungan sosial psikologis",
                "description": (
                    "Menjadi wakil pemerintah yang mampu membangun hubungan sosial psikologis dengan masyarakat "
                    "sehingga menciptakan kelekatan yang kuat antara ASN dan para pemangku kepentingan serta di "
                    "antara para pemangku kepentingan itu sendiri; membuat program yang mengakomodasi perbedaan latar "
                    "belakang untuk memperkuat persatuan dan kesatuan di tingkat nasional."
                ),
            },
        },
    },
]
