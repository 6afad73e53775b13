"""Training data at benchmark scale: ~33,000 classes and 1,000,000 enrolments for 60,000 employees.

`build_training_data` fills a Pemda whose employees exist (the demo generator made them) with eight
years of classes (2019-2026, ~30 participants each, so each employee has ~16 enrolments over the
years) plus a few hundred classes open for December 2026 - February 2027; two sessions per class;
attendance rows for the classes of the last year; a JP credit and a certificate for every
completed enrolment. The rows keep the invariants the services keep (`enrolled_count` and
`waitlist_count` equal the rows, one JP credit and one certificate per completed enrolment,
certificate serials gap-free per year), so the pages measure real shapes of data.

Rows go in with explicit ids through one `executemany` per batch on SQLite and `COPY` on
PostgreSQL through the imports' bulk loader (`bina.core.sql`): the ORM one row at a time would take an hour.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from bina.certificates.models import Certificate, CertificateSequence, CertificateSettings
from bina.competencies.models import Competency
from bina.competencies.services import competency_dictionary_load
from bina.core.models import Pemda
from bina.core.sql import bulk_insert, sequence_reset
from bina.partners.models import Instructor, InstructorKind, Partner, PartnerKind
from bina.training.attendance.models import Attendance, AttendanceMethod, AttendanceStatus
from bina.training.catalogue.models import (
    METHOD_PATH,
    Course,
    CourseCompetency,
    DeliveryMode,
    Method,
    Programme,
    ProgrammeStatus,
)
from bina.training.classes.models import (
    ClassStatus,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Session,
    TrainingClass,
)
from bina.training.learning.models import JpCredit, JpSource
from bina.training.learning.services import jp_totals_rebuild
from bina.training.reasons import ATTENDANCE_BELOW_MINIMUM

FIRST_YEAR, LAST_YEAR = 2019, 2026
UPCOMING_SHARE = 0.01  # of the classes: open for registration after "today" (late November 2026)
ATTENDANCE_FROM = date(2026, 1, 1)  # attendance rows for the classes of the last year only
PER_CLASS = 30
BATCH = 20_000
COURSE_TITLES = (
    ("Komunikasi Efektif dalam Pelayanan Publik", Method.WORKSHOP, 16),
    ("Penanganan Pengaduan Masyarakat", Method.BIMTEK, 24),
    ("Simulasi Pelayanan Publik", Method.SIMULASI, 16),
    ("Manajemen Waktu", Method.ELEARNING, 8),
    ("Integritas dan Etika Kerja ASN", Method.KURSUS, 24),
    ("Literasi Digital untuk Pelayanan", Method.KURSUS, 16),
    ("Pengelolaan Arsip Dinamis", Method.BIMTEK, 24),
    ("Penyusunan Laporan Kinerja", Method.WORKSHOP, 16),
)


@dataclass
class BuildStats:
    employees: int = 0
    classes: int = 0
    sessions: int = 0
    enrolments: int = 0
    attendance: int = 0
    jp_credits: int = 0
    certificates: int = 0
    seconds: float = 0.0
    heavy_employee_id: int = 0
    heavy_enrolments: int = 0
    sample_class_id: int = 0  # a completed class with a full list of participants
    open_class_id: int = 0  # an open class the heavy employee is enrolled in
    by_status: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 1) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


class _Table:
    """Buffered rows of one model given as {attname: value}, with explicit ids (so rows can point at
    rows not yet written), written in batches by the one bulk loader (`bina.core.sql`)."""

    def __init__(self, model: type[models.Model], now: datetime):
        self.model = model
        self.now = now
        self.pk_name = model._meta.pk.attname
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        start = model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0
        self.next_id = start + 1

    def add(self, values: dict[str, Any]) -> int:
        pk = self.next_id
        self.next_id += 1
        self.rows.append({**values, self.pk_name: pk})
        if len(self.rows) >= BATCH:
            self.flush()
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        bulk_insert(self.model, self.rows, now=self.now, with_pk=True)
        self.count += len(self.rows)
        self.rows = []

    def finish(self) -> None:
        self.flush()
        sequence_reset(self.model)


def _catalogue(pemda: Pemda) -> tuple[list[Course], list[Instructor], list[Partner]]:
    competency_dictionary_load(pemda=pemda)
    competencies = list(Competency.objects.filter(pemda=pemda).order_by("order", "pk"))
    CertificateSettings.objects.get_or_create(
        pemda=pemda,
        defaults={
            "issuer_name": f"BKPSDM {pemda.name}",
            "signer_name": "Kepala BKPSDM",
            "signer_title": "Kepala BKPSDM",
            "number_prefix": f"BENCH-{pemda.bps_code}",
        },
    )
    partners = [
        Partner.objects.create(pemda=pemda, name=f"Universitas Mitra {i + 1}", short_name=f"UM{i + 1}", kind=kind)
        for i, kind in enumerate([PartnerKind.UNIVERSITY] * 4 + [PartnerKind.LAN_BPSDM])
    ]
    instructors = [
        Instructor.objects.create(
            pemda=pemda,
            name=f"Narasumber {i + 1:02d}",
            kind=InstructorKind.PARTNER if i % 4 else InstructorKind.WIDYAISWARA,
            partner=partners[i % len(partners)],
        )
        for i in range(40)
    ]
    courses = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        programme = Programme.objects.create(
            pemda=pemda,
            name=f"Pembinaan ASN {year}",
            year=year,
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            budget=400_000_000,
            status=ProgrammeStatus.CLOSED if year < LAST_YEAR else ProgrammeStatus.ACTIVE,
        )
        for n, (title, method, jp) in enumerate(COURSE_TITLES):
            course = Course.objects.create(
                pemda=pemda,
                programme=programme,
                code=f"B{year}-{n + 1:02d}",
                title=f"{title} {year}",
                method=method,
                learning_path=METHOD_PATH[method],
                delivery_mode=DeliveryMode.DARING if method == Method.ELEARNING else DeliveryMode.TATAP_MUKA,
                jp=jp,
                has_post_test=n % 2 == 1,
                min_post_test_score=Decimal(70) if n % 2 == 1 else None,
            )
            CourseCompetency.objects.create(
                course=course, competency=competencies[n % len(competencies)], target_level=2 + n % 2
            )
            courses.append(course)
    return courses, instructors, partners


@transaction.atomic
def build_training_data(
    *, pemda: Pemda, enrolments: int = 1_000_000, per_class: int = PER_CLASS, seed: int = 2026
) -> BuildStats:
    """Fill `pemda` (its employees must exist) with `enrolments` enrolments in classes of ~`per_class`."""
    started = time.perf_counter()
    rng = random.Random(seed)
    stats = BuildStats()
    employee_ids = sorted(pemda_employee_ids(pemda))
    stats.employees = len(employee_ids)
    if len(employee_ids) < per_class + 1:
        raise ValueError("The Pemda needs more employees than participants per class.")
    courses, instructors, partners = _catalogue(pemda)
    now = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    tables = {
        m: _Table(m, now)
        for m in (TrainingClass, Session, Enrolment, Attendance, JpCredit, Certificate)
    }  # fmt: skip
    t_class, t_session, t_enrol, t_att, t_jp, t_cert = tables.values()
    class_count = max(1, round(enrolments / per_class))
    upcoming = max(1, round(class_count * UPCOMING_SHARE))
    past = class_count - upcoming
    heavy = _staff_member(pemda)
    heavy_every = max(1, class_count // 200)  # the "my learning" employee: ~200 enrolments
    serials: dict[int, int] = {}
    prefix = CertificateSettings.objects.get(pemda=pemda).number_prefix
    pemda_id = pemda.pk
    remaining = enrolments
    courses_by_year: dict[int, list[Course]] = {}
    for c in courses:
        courses_by_year.setdefault(int(c.code[1:5]), []).append(c)
    years = LAST_YEAR - FIRST_YEAR + 1
    per_year_days = 330
    for number in range(class_count):
        is_upcoming = number >= past
        if is_upcoming:
            starts = date(2026, 12, 1) + timedelta(days=(number - past) * 75 // max(upcoming, 1))
            course = rng.choice(courses_by_year[LAST_YEAR])
        else:
            year = FIRST_YEAR + number * years // max(past, 1)
            starts = date(year, 1, 10) + timedelta(days=rng.randrange(per_year_days))
            if year == LAST_YEAR and starts >= date(2026, 11, 20):
                starts = date(2026, 11, 2) + timedelta(days=rng.randrange(14))
            course = rng.choice(courses_by_year[year])
        while starts.weekday() >= 5:
            starts += timedelta(days=1)
        ends = starts + timedelta(days=1)
        size = min(remaining, per_class + rng.randint(-3, 3)) if number < class_count - 1 else remaining
        size = max(0, min(size, len(employee_ids) - 1, remaining))
        people = rng.sample(employee_ids, size)
        if number % heavy_every == 0 and heavy not in people and people:
            people[0] = heavy
        remaining -= len(people)
        class_id = t_class.next_id
        completed_at = datetime(ends.year, ends.month, ends.day, 10, 0, tzinfo=UTC)
        # Sessions: two days, 08:00-15:00 WIB.
        session_ids: list[int] = []
        for day in (starts, ends):
            s_at = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)
            session_ids.append(
                t_session.add(
                    {
                        "pemda_id": pemda_id,
                        "klass_id": class_id,
                        "starts_at": s_at,
                        "ends_at": s_at + timedelta(hours=7),
                        "topic": f"Sesi {len(session_ids) + 1}",
                        "instructor_id": instructors[(number + len(session_ids)) % len(instructors)].pk,
                        "room": f"Ruang {number % 6 + 1}",
                        "qr_secret": f"{rng.getrandbits(128):032x}",
                        "reminder_sent_at": None,
                    }
                )
            )
        seated = waiting = 0
        with_attendance = not is_upcoming and starts >= ATTENDANCE_FROM
        s_created = datetime(starts.year, starts.month, starts.day, tzinfo=UTC) - timedelta(days=20)
        for position, employee_id in enumerate(people):
            roll = rng.random()
            if is_upcoming:
                if position < per_class - 4:
                    status = EnrolmentStatus.ENROLLED
                elif roll < 0.5:
                    status = EnrolmentStatus.WAITLISTED
                else:
                    status = EnrolmentStatus.NOMINATED
                if employee_id == heavy:
                    status = EnrolmentStatus.ENROLLED
            elif employee_id == heavy or roll < 0.86:
                status = EnrolmentStatus.COMPLETED
            elif roll < 0.91:
                status = EnrolmentStatus.FAILED
            elif roll < 0.94:
                status = EnrolmentStatus.NO_SHOW
            elif roll < 0.97:
                status = EnrolmentStatus.WITHDRAWN
            else:
                status = EnrolmentStatus.DECLINED
            seated += status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)
            waiting += status == EnrolmentStatus.WAITLISTED
            stats.by_status[status] = stats.by_status.get(status, 0) + 1
            done = status in (EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED, EnrolmentStatus.NO_SHOW)
            attended = 2 if status == EnrolmentStatus.COMPLETED else 1 if status == EnrolmentStatus.FAILED else 0
            pct = Decimal(attended * 50) if done else None
            enrolment_id = t_enrol.add(
                {
                    "pemda_id": pemda_id,
                    "klass_id": class_id,
                    "employee_id": employee_id,
                    "status": status,
                    "source": EnrolmentSource.NOMINATION if roll < 0.3 else EnrolmentSource.SELF,
                    "reason_code": ATTENDANCE_BELOW_MINIMUM if status == EnrolmentStatus.FAILED else "",
                    "reason_params": {"pct": "50", "min": "80"} if status == EnrolmentStatus.FAILED else {},
                    "waitlisted_at": s_created if status == EnrolmentStatus.WAITLISTED else None,
                    "decided_at": completed_at if done else None,
                    "attendance_pct": pct,
                    "post_test_score": Decimal(80) if done and course.has_post_test and attended == 2 else None,
                    "completed_at": completed_at if done else None,
                    "created_at": s_created,
                    "updated_at": s_created,
                }
            )
            if with_attendance and done:
                for index, session_id in enumerate(session_ids):
                    present = index < attended
                    t_att.add(
                        {
                            "pemda_id": pemda_id,
                            "session_id": session_id,
                            "enrolment_id": enrolment_id,
                            "status": AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT,
                            "method": AttendanceMethod.QR if present else AttendanceMethod.MANUAL,
                            "checked_in_at": completed_at if present else None,
                        }
                    )
            if status == EnrolmentStatus.COMPLETED:
                year = ends.year
                t_jp.add(
                    {
                        "pemda_id": pemda_id,
                        "employee_id": employee_id,
                        "year": year,
                        "jp": Decimal(course.jp),
                        "source": JpSource.CLASS,
                        "enrolment_id": enrolment_id,
                        "external_id": None,
                        "title": course.title,
                        "credited_on": ends,
                    }
                )
                serial = serials.get(year, 0) + 1
                serials[year] = serial
                t_cert.add(
                    {
                        "pemda_id": pemda_id,
                        "enrolment_id": enrolment_id,
                        "number": f"{prefix}/{year}/{serial:06d}",
                        "year": year,
                        "serial": serial,
                        "verify_key": f"{rng.getrandbits(64):016x}",
                        "holder_name": f"Pegawai {employee_id}",
                        "holder_nip": f"{199001012020121000 + employee_id}"[:18],
                        "course_title": course.title,
                        "jp": course.jp,
                        "starts_on": starts,
                        "ends_on": ends,
                        "issuer_name": f"BKPSDM {pemda.name}",
                        "signer_name": "Kepala BKPSDM",
                        "signer_title": "Kepala BKPSDM",
                        "issued_at": completed_at,
                    }
                )
            if employee_id == heavy:
                stats.heavy_enrolments += 1
                if is_upcoming and not stats.open_class_id:
                    stats.open_class_id = class_id
        class_status = ClassStatus.OPEN if is_upcoming else ClassStatus.COMPLETED
        t_class.add(
            {
                "pemda_id": pemda_id,
                "course_id": course.pk,
                "code": f"K{number + 1:06d}",
                "name": f"Angkatan {number % 9 + 1}",
                "starts_on": starts,
                "ends_on": ends,
                "capacity": max(per_class, seated),
                "registration_opens_at": datetime(starts.year, starts.month, starts.day, tzinfo=UTC) - timedelta(days=40),
                "registration_closes_at": datetime(starts.year, starts.month, starts.day, tzinfo=UTC) - timedelta(days=3),
                "venue": "Gedung Diklat",
                "organiser_id": partners[number % len(partners)].pk if number % 3 else None,
                "status": class_status,
                "enrolled_count": seated,
                "waitlist_count": waiting,
                "completed_at": None if is_upcoming else completed_at,
                # Rupiah: two days per seat planned; most of it spent once held (the leader's budget chart).
                "budget_planned": Decimal(2 * 350_000 * per_class),
                "budget_used": Decimal(0 if is_upcoming else 2 * 350_000 * per_class * rng.randint(80, 100) // 100),
            }
        )  # fmt: skip
        if not is_upcoming and starts.year == LAST_YEAR and not stats.sample_class_id and len(people) >= per_class - 3:
            stats.sample_class_id = class_id
    # Classes first: sessions and enrolments point at them (SQLite checks foreign keys at commit,
    # PostgreSQL's are deferrable initially deferred, so the order within the transaction is free).
    for table in tables.values():
        table.finish()
    # Credits were bulk-loaded around the services: the yearly totals follow in one INSERT ... SELECT.
    jp_totals_rebuild(pemda_id=pemda_id)
    CertificateSequence.objects.bulk_create(
        [CertificateSequence(pemda=pemda, year=year, last_serial=last) for year, last in sorted(serials.items())]
    )
    stats.heavy_employee_id = heavy
    stats.classes, stats.sessions, stats.enrolments = t_class.count, t_session.count, t_enrol.count
    stats.attendance, stats.jp_credits, stats.certificates = t_att.count, t_jp.count, t_cert.count
    stats.seconds = time.perf_counter() - started
    return stats


def _staff_member(pemda: Pemda) -> int:
    """The "my learning" employee: a staff member with nobody reporting to them (the first
    employees generated are heads, and a head's pages also show their whole subtree)."""
    from bina.people.models import Employee, PositionKind

    staff = (
        Employee.objects.filter(pemda=pemda)
        .exclude(position_kind=PositionKind.STRUKTURAL)
        .exclude(pk__in=Employee.objects.filter(pemda=pemda, supervisor__isnull=False).values("supervisor_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if staff is None:
        raise ValueError("The Pemda has no staff member without reports.")
    return staff


def pemda_employee_ids(pemda: Pemda) -> list[int]:
    from bina.people.models import Employee

    return list(Employee.objects.filter(pemda=pemda).values_list("pk", flat=True))
