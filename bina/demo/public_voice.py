"""Demo SKM responses and complaints: what citizens said about the kelurahan counters (issue 10, Demo).

SKM: for every kelurahan with service records, 25-45 paper-form respondents per semester (the last four
semesters of the records), answering the nine elements on 1-4. Satisfaction follows the service the unit
gave that semester: a unit whose mean processing time is one standard deviation below the Pemda's mean
scores about 0.25 higher on every element and 0.4 higher on U3 (waktu penyelesaian), with noise; so faster
service after training shows up, noisily, in the IKM. Complaints: a few dozen per Pemda in the last three
months, filed by staff on citizens' behalf through the workflow's own services and left at every stage
(some still unverified past their due date, so the to-do card shows overdue items).
Seeded and idempotent: a Pemda that already has responses or complaints is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from dataclasses import dataclass

from django.db.models import Avg

from bina.complaints.models import Category, Complaint
from bina.complaints.services import ComplaintInput, complaint_act, complaint_file
from bina.core.actor import Actor
from bina.core.models import Pemda
from bina.people.models import OrgUnit
from bina.quality.models import ServiceRecord, ServiceType
from bina.skm.access import skm_version_current
from bina.skm.elements import AGE_BANDS, EDUCATION, ELEMENT_CODES, GENDERS, OCCUPATIONS, U_ORDER
from bina.surveys import services as engine
from bina.surveys.models import Question, Response

SUGGESTIONS = (
    "Antrean pagi hari terlalu panjang, mohon tambah petugas loket pada hari Senin.",
    "Petugas ramah dan cepat, terima kasih.",
    "Informasi persyaratan sebaiknya ditempel di depan loket.",
    "Ruang tunggu panas, mohon ditambah kipas angin.",
    "Pelayanan sudah jauh lebih cepat dibanding tahun lalu.",
    "Mohon jadwal jemput bola diumumkan lebih awal.",
    "",
)
COMPLAINTS = (
    "Sudah tiga kali datang untuk cetak KTP-el tetapi blangko selalu habis.",
    "Petugas loket meminta fotokopi dokumen yang tidak ada di persyaratan.",
    "Akta kelahiran anak saya belum selesai padahal sudah lewat dari janji.",
    "Antrean tidak tertib, nomor antrean dilewati.",
    "Mohon informasi syarat pindah datang dari luar kota.",
    "Usul agar layanan KIA bisa dilakukan secara online.",
    "Petugas tidak berada di loket pada jam pelayanan.",
)
SEMESTER_STARTS = ((1, 1), (7, 1))
# Read at call time, so the demo tests (bina/demo/tests/conftest.py) can make them smaller.
RESPONSES_PER_SEMESTER = (25, 45)
COMPLAINTS_PER_PEMDA = 36


@dataclass
class VoiceDemoResult:
    responses: int = 0
    complaints: int = 0


def _semesters(last_day: dt.date, count: int = 4) -> list[tuple[dt.date, dt.date]]:
    periods: list[tuple[dt.date, dt.date]] = []
    year, half = last_day.year, 0 if last_day.month <= 6 else 1
    for _ in range(count):
        start = dt.date(year, *SEMESTER_STARTS[half])
        end = dt.date(year, 6, 30) if half == 0 else dt.date(year, 12, 31)
        periods.append((start, min(end, last_day)))
        year, half = (year, 0) if half == 1 else (year - 1, 1)
    return list(reversed(periods))


def _answer(rng: random.Random, mean: float) -> int:
    return max(1, min(4, round(rng.gauss(mean, 0.6))))


def demo_skm_responses_load(*, pemda: Pemda, seed: int) -> int:
    if Response.objects.filter(pemda=pemda).exists():
        return 0
    last = ServiceRecord.objects.filter(pemda=pemda).order_by("-arrival_date").values_list("arrival_date", flat=True)
    last_day = last.first()
    if last_day is None:
        return 0
    actor = Actor.system(pemda.pk, label="demo")
    version = skm_version_current(pemda.pk)
    questions = list(Question.objects.filter(version=version))
    services = list(ServiceType.objects.filter(pemda=pemda, is_active=True).values_list("code", flat=True))
    rng = random.Random(f"skm-{pemda.slug}-{seed}")
    items: list[engine.ResponseInput] = []
    for start, end in _semesters(last_day):
        # One aggregate per semester: each unit's mean processing time, against the Pemda's spread.
        means = dict(
            ServiceRecord.objects.filter(pemda=pemda, arrival_date__range=(start, end), process_seconds__isnull=False)
            .values_list("unit_id")
            .annotate(m=Avg("process_seconds"))
            .values_list("unit_id", "m")
        )
        if len(means) < 2:
            continue
        centre, spread = statistics.mean(means.values()), statistics.pstdev(means.values()) or 1.0
        for unit_id in sorted(means):
            z = (means[unit_id] - centre) / spread
            for _ in range(rng.randint(*RESPONSES_PER_SEMESTER)):
                values: dict[str, object] = {}
                for code in ELEMENT_CODES:
                    shift = 0.4 if code == U_ORDER["u3"] else 0.25
                    values[code] = _answer(rng, 3.15 - shift * z)
                values["umur"] = rng.choice(AGE_BANDS)[0]
                values["jenis_kelamin"] = rng.choice(GENDERS)[0]
                values["pendidikan"] = rng.choice(EDUCATION)[0]
                values["pekerjaan"] = rng.choice(OCCUPATIONS)[0]
                suggestion = rng.choice(SUGGESTIONS)
                if suggestion:
                    values["saran"] = suggestion
                day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
                items.append(
                    engine.ResponseInput(
                        answered_on=day, values=values, unit_id=unit_id, subject=rng.choice(services), channel="paper"
                    )
                )
    engine.responses_create(actor=actor, version=version, items=items, questions=questions)
    return len(items)


def demo_complaints_load(*, pemda: Pemda, seed: int, today: dt.date) -> int:
    if Complaint.objects.filter(pemda=pemda).exists():
        return 0
    actor = Actor.system(pemda.pk, label="demo")
    rng = random.Random(f"complaints-{pemda.slug}-{seed}")
    units = list(OrgUnit.objects.filter(pemda=pemda, kind="kelurahan").order_by("code"))
    if not units:
        return 0
    services = list(ServiceType.objects.filter(pemda=pemda, is_active=True).values_list("code", flat=True))
    made = 0
    # Stages reached: 0 received (the oldest are overdue), 1 verified, 2 disposed, 3 followed up.
    for i in range(COMPLAINTS_PER_PEMDA):
        unit = rng.choice(units)
        received = dt.datetime.combine(today - dt.timedelta(days=rng.randint(1, 90)), dt.time(9 + i % 7, 15))
        complaint = complaint_file(
            actor=actor,
            data=ComplaintInput(
                description=rng.choice(COMPLAINTS),
                category=rng.choice((Category.PENGADUAN, Category.PENGADUAN, Category.ASPIRASI, Category.INFORMASI)),
                unit_code=unit.code,
                service_code=rng.choice(services),
                name="" if i % 4 == 0 else f"Warga {i + 1}",
                received_at=received.replace(tzinfo=dt.timezone(dt.timedelta(hours=7))),
            ),
        )
        stage = i % 4
        if stage >= 1:
            complaint = complaint_act(actor=actor, complaint=complaint, action="verify")
        if stage >= 2:
            complaint = complaint_act(actor=actor, complaint=complaint, action="dispose", unit_code=unit.code)
        if stage >= 3:
            complaint = complaint_act(
                actor=actor,
                complaint=complaint,
                action="follow-up",
                reason="Sudah ditindaklanjuti oleh petugas kelurahan; mohon konfirmasi bila masih ada kendala.",
            )
        made += 1
    return made


def demo_public_voice_load(*, pemda: Pemda, seed: int, today: dt.date) -> VoiceDemoResult:
    return VoiceDemoResult(
        responses=demo_skm_responses_load(pemda=pemda, seed=seed),
        complaints=demo_complaints_load(pemda=pemda, seed=seed, today=today),
    )
