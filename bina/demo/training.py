"""The demo training year 2026: programme, partners, instructors, classes, enrolments and their results.

Rows are written directly (bulk) for speed, but exactly as the training services leave them:
- `TrainingClass.enrolled_count` = enrolments holding a seat (`SEAT_STATUSES`), `waitlist_count` =
  waitlisted ones;
- `Enrolment.attendance_pct` = sessions attended (present or late) ÷ sessions × 100, from the
  `Attendance` rows; completed/failed and the reason are decided by `enrolment_outcome`, the rule
  class completion applies (Peraturan LAN 10/2018: minimum attendance, post-test);
- every completed enrolment has one `JpCredit` (year of the class end, the course JP; PP 11/2017:
  20 JP a year) and one certificate from `certificate_issue` (numbered per Pemda and year without
  gaps; PDFs render on first download);
- approved external learning has its `JpCredit` too.

Idempotent: a Pemda whose programme exists is left as it is (the whole load is one transaction,
so a programme never exists half-loaded). Seeded: the same seed gives the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from bina.accounts.models import Role, User
from bina.accounts.services import role_assign, user_create
from bina.certificates.models import BatchStatus, Certificate, CertificateBatch, CertificateSettings
from bina.certificates.services import certificate_issue
from bina.competencies.models import Competency
from bina.competencies.services import competency_dictionary_load
from bina.core.actor import Actor
from bina.core.models import Pemda
from bina.demo.data import get_spec
from bina.demo.training_data import (
    CLASS_PLANS,
    COURSES,
    DECLINE_REASONS,
    DEMO_TODAY,
    EXTERNAL_CLAIMS,
    HISTORY_COURSES,
    NO_SHOW_REASON,
    ORGANISER_FALLBACK,
    PRE_BINA_FILE,
    PRE_BINA_PEOPLE,
    PRE_BINA_TRAINING,
    PROGRAMME_NAME,
    PROGRAMME_YEAR,
    REASON_CATEGORIES,
    ROMAN,
    SPECS,
    WITHDRAW_REASONS,
    ClassPlan,
    CourseSpec,
    PemdaTrainingSpec,
)
from bina.partners.models import Agreement, AgreementStatus, Instructor, InstructorKind, Partner
from bina.people.models import Employee, OrgUnit, OrgUnitKind, PositionKind
from bina.training.attendance.completion import enrolment_outcome
from bina.training.attendance.models import Attendance, AttendanceMethod, AttendanceStatus
from bina.training.attendance.services import ATTENDED
from bina.training.catalogue.models import METHOD_PATH, Course, CourseCompetency, Programme, ProgrammeStatus
from bina.training.classes.models import (
    ClassStatus,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Session,
    TrainingClass,
)
from bina.training.classes.services import pemda_zone
from bina.training.external.history import HistoryInput, history_plan, training_history_import
from bina.training.external.models import ExternalLearning, ExternalStatus
from bina.training.learning.models import JpCredit, JpSource
from bina.training.learning.services import jp_credits_add

# Enrolments that keep a seat: the enrolment services count these in `enrolled_count` (a no-show
# releases its seat, completion keeps it; see bina.training.classes.enrolment._release).
SEAT_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED)
# Enrolments with attendance rows: those seated, and no-shows (marked absent).
ATTENDING = (*SEAT_STATUSES, EnrolmentStatus.NO_SHOW)
CAPACITY = 30

_MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class TrainingAccount:
    username: str
    pemda: str
    role: str
    reach: str
    detail: str


@dataclass
class TrainingDemoResult:
    pemda: Pemda
    created: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[TrainingAccount] = field(default_factory=list)


@transaction.atomic
def demo_training_load(*, pemda: Pemda, seed: int = 2026) -> TrainingDemoResult:
    """Load the 2026 training year of a demo Pemda (after its people and persona accounts exist)."""
    spec = SPECS[pemda.slug]
    result = TrainingDemoResult(pemda=pemda)
    competencies = _ensure_competencies(pemda)
    if not Programme.objects.filter(pemda=pemda, year=PROGRAMME_YEAR, name=PROGRAMME_NAME).exists():
        _Loader(pemda, spec, competencies, random.Random(f"{pemda.slug}:training:{seed}")).run()
        result.created = True
    result.accounts = _ensure_accounts(pemda, spec)
    result.counts = {
        "classes": TrainingClass.objects.filter(pemda=pemda).count(),
        "enrolments": Enrolment.objects.filter(pemda=pemda).count(),
        "certificates": Certificate.objects.filter(pemda=pemda).count(),
    }
    return result


def _ensure_competencies(pemda: Pemda) -> dict[str, Competency]:
    competency_dictionary_load(pemda=pemda)
    return {c.name: c for c in Competency.objects.filter(pemda=pemda)}


def _workdays(start: date, count: int) -> list[date]:
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


class _Loader:
    def __init__(self, pemda: Pemda, spec: PemdaTrainingSpec, competencies: dict[str, Competency], rng: random.Random):
        self.pemda, self.spec, self.competencies, self.rng = pemda, spec, competencies, rng
        self.admin = User.objects.filter(username=f"admin.{pemda.slug}").first()
        self.supervisor_user = User.objects.filter(username=f"supervisor.{pemda.slug}").first()
        self.participant = Employee.objects.filter(user__username=f"participant.{pemda.slug}").first()
        self.supervisor = Employee.objects.filter(user__username=f"supervisor.{pemda.slug}").first()
        self.zone = pemda_zone(pemda.pk)

    def _aware(self, day: date, at: time) -> datetime:
        """DAY at AT on the Pemda's clock."""
        return datetime.combine(day, at, tzinfo=self.zone)

    def run(self) -> None:
        self._certificate_settings()
        self.partners = self._partners()
        self.instructors = self._instructors()
        self.units = self._served_units()
        self.programme = self._programme()
        self.courses = self._courses()
        self.pool = self._pool()
        self.taken: dict[str, set[int]] = {}
        self.team = set(
            Employee.objects.filter(pemda=self.pemda, unit__code__startswith=self._supervisor_unit()).values_list(
                "pk", flat=True
            )
        ) - {self.supervisor.pk if self.supervisor else 0}
        for plan in CLASS_PLANS:
            self._class(plan)
        self._externals()
        self._learning_history()
        self._pre_bina_history()
        self._failed_batch()

    def _learning_history(self) -> None:
        """Approved e-learning of last year and this year (LAN's ASN Unggul, the Pemda's own LMS) for part
        of the staff, more in some OPD than others: so the leader's home compares two years, months and units."""
        from bina.people.models import EmployeeStatus

        staff = list(
            Employee.objects.filter(pemda=self.pemda, status__in=(EmployeeStatus.AKTIF, EmployeeStatus.CUTI))
            .order_by("pk")
            .values_list("pk", "unit__path")
        )
        keen: dict[str, float] = {}  # top unit path -> how keen its staff are
        stored = ExternalLearning(pemda=self.pemda)
        stored.certificate_file.save("sertifikat-elearning.pdf", ContentFile(_MINIMAL_PDF), save=False)
        items: list[ExternalLearning] = []
        for employee_id, path in staff:
            top = "/".join(path.split("/")[:2])
            share = keen.setdefault(top, self.rng.uniform(0.12, 0.62))
            for year, lift in ((PROGRAMME_YEAR - 1, 0.0), (PROGRAMME_YEAR, 0.08)):
                if self.rng.random() >= share + lift:
                    continue
                last_month = 12 if year < PROGRAMME_YEAR else DEMO_TODAY.month - 1
                end = date(year, self.rng.randint(1, last_month), self.rng.randint(1, 25))
                title, jp = self.rng.choice(HISTORY_COURSES)
                items.append(
                    ExternalLearning(
                        pemda=self.pemda,
                        employee_id=employee_id,
                        title=title,
                        organiser="LAN RI (ASN Unggul)",
                        method="elearning",
                        training_type="teknis",
                        starts_on=end - timedelta(days=10),
                        ends_on=end,
                        jp_claimed=Decimal(jp),
                        jp_approved=Decimal(jp),
                        certificate_number=f"ASNU/{end:%Y%m}/{len(items) + 5000}",
                        certificate_file=stored.certificate_file.name,
                        status=ExternalStatus.APPROVED,
                        reviewed_by=self.admin,
                        reviewed_at=self._aware(end + timedelta(days=3), time(10)),
                    )
                )
        created = ExternalLearning.objects.bulk_create(items, batch_size=500)
        jp_credits_add(
            credits=[
                JpCredit(
                    pemda=self.pemda,
                    employee_id=item.employee_id,
                    year=item.ends_on.year,
                    jp=item.jp_claimed,  # approved in full
                    source=JpSource.EXTERNAL,
                    external=item,
                    title=item.title,
                    credited_on=item.ends_on + timedelta(days=3),
                )
                for item in created
            ]
        )

    def _pre_bina_history(self) -> None:
        """Training from before Bina, through the import's own service (`training_history`): the demo participant's
        and a few dozen others', in the years before the two the leader's home compares."""
        people = ([self.participant.pk] if self.participant is not None else []) + self.rng.sample(
            self.pool, min(PRE_BINA_PEOPLE, len(self.pool))
        )
        items: list[HistoryInput] = []
        for index, employee_id in enumerate(dict.fromkeys(people)):
            chosen = PRE_BINA_TRAINING[:2] if index == 0 else [self.rng.choice(PRE_BINA_TRAINING)]
            for number, (title, training_type, organiser, days, jp) in enumerate(chosen):
                end = date(PROGRAMME_YEAR - 2 - number, self.rng.randint(2, 11), self.rng.randint(1, 28))
                items.append(
                    HistoryInput(
                        employee_id=employee_id,
                        title=title,
                        training_type=training_type,
                        organiser=organiser,
                        certificate_number=f"SIASN/{end:%Y}/{employee_id:05d}{number}",
                        starts_on=end - timedelta(days=days - 1),
                        ends_on=end,
                        jp=Decimal(jp),
                        course_id=None,
                    )
                )
        actor = Actor.system(self.pemda.pk, label="demo")
        training_history_import(
            actor=actor, plan=history_plan(pemda_id=self.pemda.pk, items=items), source_file=PRE_BINA_FILE
        )

    def _failed_batch(self) -> None:
        """One certificate batch that failed (its worker lost), for the admin's to-do list."""
        klass = (
            TrainingClass.objects.filter(pemda=self.pemda, status=ClassStatus.COMPLETED).order_by("-ends_on").first()
        )
        if klass is None:
            return
        finished = self._aware(klass.ends_on + timedelta(days=1), time(9))
        CertificateBatch.objects.create(
            pemda=self.pemda,
            klass=klass,
            created_by=self.admin,
            status=BatchStatus.FAILED,
            attempts=3,
            progress_total=0,
            failure_code="worker_lost",
            started_at=finished,
            finished_at=finished,
        )

    # --- organisation -------------------------------------------------------------------------

    def _certificate_settings(self) -> None:
        CertificateSettings.objects.get_or_create(
            pemda=self.pemda,
            defaults={
                "issuer_name": self.spec.issuer_name,
                "signer_name": self.spec.signer_name,
                "signer_title": self.spec.signer_title,
                "signer_nip": self.spec.signer_nip,
                "number_prefix": self.spec.number_prefix,
                "city": self.spec.city,
            },
        )

    def _partners(self) -> dict[str, Partner]:
        partners: dict[str, Partner] = {}
        for p in self.spec.partners:
            partner = Partner.objects.create(
                pemda=self.pemda,
                name=p.name,
                short_name=p.short_name,
                kind=p.kind,
                address=p.address,
                website=p.website,
                contact_name=p.contact_name,
                contact_email=f"kerjasama@{p.website.split('//', 1)[1].removeprefix('www.')}",
                contact_phone=f"+62 31 {5900000 + len(partners) * 1111}",
            )
            Agreement.objects.create(
                pemda=self.pemda,
                partner=partner,
                number=p.agreement_number,
                title=f"Perjanjian Kerja Sama Pengembangan Kompetensi ASN dengan {p.short_name}",
                scope="Penyelenggaraan pelatihan, penyediaan narasumber, dan pendampingan evaluasi pembelajaran.",
                signed_on=p.agreement_starts - timedelta(days=14),
                starts_on=p.agreement_starts,
                ends_on=p.agreement_ends,
                status=AgreementStatus.ACTIVE,
            )
            partners[p.key] = partner
        return partners

    def _instructors(self) -> list[Instructor]:
        instructors: list[Instructor] = []
        for p in self.spec.partners:
            partner = self.partners[p.key]
            kind = InstructorKind.WIDYAISWARA if p.kind == "lan_bpsdm" else InstructorKind.PARTNER
            for name, expertise, competency_names in p.instructors:
                instructor = Instructor.objects.create(
                    pemda=self.pemda,
                    name=name,
                    kind=kind,
                    partner=partner,
                    expertise=expertise,
                    email=f"{name.split()[1].strip(',.').lower()}@{p.website.split('//', 1)[1].removeprefix('www.')}",
                )
                instructor.competencies.set([self.competencies[c] for c in competency_names])
                instructors.append(instructor)
        # Internal ASN instructors: staff of the BKPSDM's competency-development division.
        staff = Employee.objects.filter(
            pemda=self.pemda, unit__code__startswith=f"{self.spec.code}-BKPSDM", position_kind=PositionKind.FUNGSIONAL
        ).order_by("id")[: self.spec.internal_instructors]
        for employee in staff:
            instructor = Instructor.objects.create(
                pemda=self.pemda,
                name=employee.name,
                kind=InstructorKind.ASN,
                employee=employee,
                email=employee.email,
                expertise="Simulasi pelayanan publik dan pendampingan kelurahan",
            )
            instructor.competencies.set([self.competencies["Pelayanan Publik"], self.competencies["Kerja Sama"]])
            instructors.append(instructor)
        return instructors

    def _programme(self) -> Programme:
        programme = Programme.objects.create(
            pemda=self.pemda,
            name=PROGRAMME_NAME,
            year=PROGRAMME_YEAR,
            description=(
                "Program pembinaan tahunan untuk meningkatkan kualitas pelayanan di kecamatan dan kelurahan: "
                "komunikasi, pengaduan, simulasi layanan, manajemen waktu, integritas, dan literasi digital."
            ),
            goals=["service_quality", "integrity", "professionalism"],
            starts_on=date(2026, 1, 5),
            ends_on=date(2027, 1, 31),
            budget=self.spec.budget,
            target_position_kinds=[PositionKind.PELAKSANA, PositionKind.FUNGSIONAL],
            status=ProgrammeStatus.ACTIVE,
            created_by=self.admin,
        )
        programme.target_units.set(self.units)
        return programme

    def _served_units(self) -> list[OrgUnit]:
        """The kecamatan and the supervisor's unit: the programme's target units, every class's eligible ones."""
        units = OrgUnit.objects.filter(
            Q(kind=OrgUnitKind.KECAMATAN) | Q(code=self._supervisor_unit()), pemda=self.pemda
        )
        return list(units.order_by("code"))

    def _supervisor_unit(self) -> str:
        return get_spec(self.pemda.slug).supervisor_unit_code

    def _courses(self) -> dict[str, Course]:
        courses = {}
        for c in COURSES:
            course = Course.objects.create(
                pemda=self.pemda,
                programme=self.programme,
                code=f"{self.spec.code}-{c.key}-2026",
                title=c.title,
                description=c.description,
                objectives=c.objectives,
                method=c.method,
                learning_path=METHOD_PATH[c.method],
                delivery_mode=c.delivery_mode,
                training_type=c.training_type,
                jp=c.jp,
                min_attendance_pct=80,
                has_post_test=c.has_post_test,
                min_post_test_score=Decimal(c.min_post_test_score) if c.min_post_test_score is not None else None,
            )
            CourseCompetency.objects.bulk_create(
                CourseCompetency(course=course, competency=self.competencies[name], target_level=level)
                for name, level in c.targets
            )
            courses[c.key] = course
        return courses

    def _pool(self) -> list[int]:
        """Kelurahan/kecamatan staff and the supervisor's unit: the people this programme serves."""
        unit = self._supervisor_unit()
        ids = Employee.objects.filter(
            Q(unit__kind__in=(OrgUnitKind.KELURAHAN, OrgUnitKind.KECAMATAN)) | Q(unit__code__startswith=unit),
            pemda=self.pemda,
        ).exclude(instructor_profiles__isnull=False)
        return sorted(ids.values_list("id", flat=True))

    # --- classes ------------------------------------------------------------------------------

    def _organiser(self, course: CourseSpec) -> Partner | None:
        if course.organiser is None:
            return None
        keys = {p.key for p in self.spec.partners}
        key = course.organiser if course.organiser in keys else ORGANISER_FALLBACK[course.organiser]
        return self.partners[key]

    def _class(self, plan: ClassPlan) -> None:
        cspec = next(c for c in COURSES if c.key == plan.course)
        course = self.courses[plan.course]
        days = _workdays(plan.starts_on, cspec.sessions)
        organiser = self._organiser(cspec)
        completed = not plan.upcoming and not plan.running
        status = ClassStatus.OPEN if plan.upcoming else ClassStatus.RUNNING if plan.running else ClassStatus.COMPLETED
        klass = TrainingClass.objects.create(
            pemda=self.pemda,
            course=course,
            code=f"{course.code}-{ROMAN[plan.number]}",
            name=f"Angkatan {ROMAN[plan.number]}",
            starts_on=days[0],
            ends_on=days[-1],
            capacity=CAPACITY,
            registration_opens_at=self._aware(days[0] - timedelta(days=35), time(8)),
            registration_closes_at=self._aware(days[0] - timedelta(days=3), time(16)),
            requires_approval=plan.course == "INT",
            venue="" if cspec.delivery_mode == "daring" else self.spec.venue,
            organiser=organiser,
            status=status,
            created_by=self.admin,
            completed_at=self._aware(days[-1], time(17)) if completed else None,
            **self._budget(cspec.sessions, completed=completed, running=plan.running),
        )
        klass.eligible_units.set(self.units)
        sessions = self._sessions(klass, cspec, days, organiser)
        self._enrolments(klass, cspec, plan, sessions)

    def _budget(self, sessions: int, *, completed: bool, running: bool) -> dict[str, Decimal]:
        """Planned (DPA) and spent (realisasi) Rupiah: a day of training per seat, most of it spent once held."""
        planned = Decimal(sessions * CAPACITY * self.rng.choice((325_000, 350_000, 400_000)))
        share = Decimal(self.rng.randint(82, 104) if completed else 55 if running else 8) / 100
        used = (planned * share).quantize(Decimal("1000"))
        # Spent by kind as a BKPSDM books it: instructors' honoraria, the venue, meals, the rest.
        honoraria = (used * Decimal("0.45")).quantize(Decimal("1000"))
        venue = (used * Decimal("0.20")).quantize(Decimal("1000"))
        consumption = (used * Decimal("0.28")).quantize(Decimal("1000"))
        return {
            "budget_planned": planned,
            "budget_used": used,
            "cost_honoraria": honoraria,
            "cost_venue": venue,
            "cost_consumption": consumption,
            "cost_other": used - honoraria - venue - consumption,
        }

    def _sessions(
        self, klass: TrainingClass, cspec: CourseSpec, days: list[date], organiser: Partner | None
    ) -> list[Session]:
        if organiser is not None:
            teachers = [i for i in self.instructors if i.partner_id == organiser.pk]
        else:
            teachers = [i for i in self.instructors if i.kind == InstructorKind.ASN]
        # The demo instructor account teaches the upcoming simulation classes (see _ensure_accounts).
        sessions = []
        for number, day in enumerate(days):
            start = self._aware(day, time(8))
            is_online = cspec.delivery_mode == "daring" or (
                cspec.delivery_mode == "blended" and number == len(days) - 1
            )
            sessions.append(
                Session(
                    pemda=self.pemda,
                    klass=klass,
                    starts_at=start,
                    ends_at=start
                    + timedelta(minutes=cspec.minutes_per_session + (60 if cspec.minutes_per_session > 240 else 0)),
                    topic=cspec.topics[number % len(cspec.topics)],
                    instructor=teachers[number % len(teachers)],
                    room="" if is_online else self.spec.rooms[(klass.pk + number) % len(self.spec.rooms)],
                    online_url=f"https://zoom.us/j/{8100000000 + klass.pk * 10 + number}" if is_online else "",
                    qr_secret=f"{self.rng.getrandbits(128):032x}",
                )
            )
        return Session.objects.bulk_create(sessions)

    def _enrolments(self, klass: TrainingClass, cspec: CourseSpec, plan: ClassPlan, sessions: list[Session]) -> None:
        rng = self.rng
        # Nobody takes the same course twice in a year (except the demo accounts, placed on purpose).
        taken = self.taken.setdefault(plan.course, set())
        chosen = rng.sample([e for e in self.pool if e not in taken], 40)
        special = self._special_people(plan)
        chosen = special + [e for e in chosen if e not in special]
        statuses: list[tuple[str, str]] = []  # (status, reason)
        if plan.upcoming:
            # Fill to capacity (some classes full with a waitlist), a few requests still open.
            seated = CAPACITY if plan.number == 4 and plan.course == "KOM" else rng.randint(18, 26)
            statuses += [(EnrolmentStatus.ENROLLED, "")] * seated
            if seated == CAPACITY:
                statuses += [(EnrolmentStatus.WAITLISTED, "")] * 3
            statuses += [(EnrolmentStatus.NOMINATED, "")] * 2
            if klass.requires_approval:
                statuses += [(EnrolmentStatus.PENDING, "")] * 3
            statuses += [(EnrolmentStatus.WITHDRAWN, rng.choice(WITHDRAW_REASONS))]
            statuses += [(EnrolmentStatus.DECLINED, rng.choice(DECLINE_REASONS))]
        elif plan.running:
            statuses += [(EnrolmentStatus.ENROLLED, "")] * rng.randint(26, 29)
            statuses += [(EnrolmentStatus.WITHDRAWN, rng.choice(WITHDRAW_REASONS))]
        else:
            seated = rng.randint(27, 30)
            no_show = rng.randint(0, 2)
            failed = rng.randint(1, 3)
            statuses += [(EnrolmentStatus.COMPLETED, "")] * (seated - no_show - failed)
            statuses += [(EnrolmentStatus.FAILED, "")] * failed
            statuses += [(EnrolmentStatus.NO_SHOW, NO_SHOW_REASON)] * no_show
            statuses += [(EnrolmentStatus.WITHDRAWN, rng.choice(WITHDRAW_REASONS)) for _ in range(rng.randint(1, 2))]
            statuses += [(EnrolmentStatus.DECLINED, rng.choice(DECLINE_REASONS))]
            if plan.course == "INT":
                statuses += [(EnrolmentStatus.REJECTED, "Kuota unit kerja untuk angkatan ini sudah terpenuhi.")]
        # The demo participant: a certificate (first completed class), upcoming sessions, an open nomination.
        forced = self._forced_status(plan)
        if forced is not None and special:
            if forced in statuses:  # take one of the planned places, so seats never exceed capacity
                statuses.remove(forced)
            statuses.insert(0, forced)
        people = chosen[: len(statuses)]
        taken.update(people)
        registered = klass.registration_opens_at
        assert registered is not None
        rows = []
        for number, (employee_id, (status, reason)) in enumerate(zip(people, statuses, strict=True)):
            created = registered + timedelta(hours=3 + number * 5, minutes=rng.randint(0, 59))
            nominated = status in (EnrolmentStatus.NOMINATED, EnrolmentStatus.DECLINED) or rng.random() < 0.3
            decided = status not in (EnrolmentStatus.PENDING, EnrolmentStatus.NOMINATED, EnrolmentStatus.WAITLISTED)
            rows.append(
                Enrolment(
                    pemda=self.pemda,
                    klass=klass,
                    employee_id=employee_id,
                    status=status,
                    source=EnrolmentSource.NOMINATION if nominated else EnrolmentSource.SELF,
                    requested_by=self._nominator(employee_id) if nominated else None,
                    reason=reason,
                    reason_category=REASON_CATEGORIES.get(reason, "")
                    if status in (EnrolmentStatus.DECLINED, EnrolmentStatus.NO_SHOW)
                    else "",
                    requested_at=created,
                    # A nominee answers the day after (accepting, or declining); open nominations wait.
                    answered_at=created + timedelta(days=1) if nominated and decided else None,
                    waitlisted_at=created if status == EnrolmentStatus.WAITLISTED else None,
                    decided_at=created + timedelta(days=1) if decided else None,
                    decided_by=self.admin if decided and status != EnrolmentStatus.DECLINED else None,
                )
            )
        enrolments = Enrolment.objects.bulk_create(rows)
        klass.course = self.courses[plan.course]
        self._results(klass, cspec, plan, sessions, enrolments)
        klass.enrolled_count = sum(e.status in SEAT_STATUSES for e in enrolments)
        klass.waitlist_count = sum(e.status == EnrolmentStatus.WAITLISTED for e in enrolments)
        klass.save(update_fields=["enrolled_count", "waitlist_count"])

    def _special_people(self, plan: ClassPlan) -> list[int]:
        people = []
        if self.participant is not None and self._forced_status(plan) is not None:
            people.append(self.participant.pk)
        if self.supervisor is not None and (plan.course, plan.number) in {("INT", 1), ("KOM", 2), ("SIM", 3)}:
            people.append(self.supervisor.pk)
        return people

    @staticmethod
    def _forced_status(plan: ClassPlan) -> tuple[str, str] | None:
        return {
            ("KOM", 1): (EnrolmentStatus.COMPLETED, ""),
            ("MW", 2): (EnrolmentStatus.COMPLETED, ""),
            ("ADU", 2): (EnrolmentStatus.FAILED, ""),
            ("SIM", 3): (EnrolmentStatus.ENROLLED, ""),
            ("KOM", 4): (EnrolmentStatus.ENROLLED, ""),
            ("INT", 3): (EnrolmentStatus.NOMINATED, ""),
        }.get((plan.course, plan.number))

    def _nominator(self, employee_id: int) -> User | None:
        # The demo supervisor's account nominates its own team; others are nominated by their
        # (account-less) heads.
        return self.supervisor_user if employee_id in self.team else None

    def _results(
        self,
        klass: TrainingClass,
        cspec: CourseSpec,
        plan: ClassPlan,
        sessions: list[Session],
        enrolments: list[Enrolment],
    ) -> None:
        rng = self.rng
        held = [s for s in sessions if s.starts_at.date() < DEMO_TODAY] if plan.running else sessions
        if plan.upcoming or not held:
            return
        attendance: list[Attendance] = []
        for enrolment in enrolments:
            if enrolment.status not in ATTENDING:
                continue
            marks = self._marks(enrolment, len(held), by_attendance=not cspec.has_post_test)
            for session, mark in zip(held, marks, strict=True):
                late = mark == AttendanceStatus.LATE
                attended = mark in ATTENDED
                attendance.append(
                    Attendance(
                        pemda=self.pemda,
                        session=session,
                        enrolment=enrolment,
                        status=mark,
                        method=AttendanceMethod.QR if attended and rng.random() < 0.85 else AttendanceMethod.MANUAL,
                        checked_in_at=session.starts_at
                        + timedelta(minutes=rng.randint(25, 50) if late else rng.randint(-20, 5))
                        if attended
                        else None,
                        note="Izin dinas luar" if mark == AttendanceStatus.EXCUSED else "",
                    )
                )
            # As the attendance service stores it: (present + late) over all the class's sessions.
            present = sum(m in ATTENDED for m in marks)
            enrolment.attendance_pct = (Decimal(present * 100) / Decimal(len(sessions))).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            if plan.running or enrolment.status == EnrolmentStatus.NO_SHOW:
                continue
            passed_attendance = enrolment.attendance_pct >= klass.course.min_attendance_pct
            if cspec.has_post_test:
                floor = cspec.min_post_test_score or 0
                if enrolment.status == EnrolmentStatus.FAILED and passed_attendance:
                    score = rng.randint(max(floor - 25, 30), floor - 1)  # failed the post-test
                else:
                    score = rng.randint(floor, 98)
                enrolment.post_test_score = Decimal(score)
            # The outcome and its reason exactly as class completion decides them.
            ok, code, params = enrolment_outcome(enrolment, klass)
            enrolment.status = EnrolmentStatus.COMPLETED if ok else EnrolmentStatus.FAILED
            enrolment.reason_code, enrolment.reason_params, enrolment.reason = code, params, ""
            enrolment.completed_at = enrolment.decided_at = klass.completed_at
            enrolment.decided_by = self.admin
        Attendance.objects.bulk_create(attendance)
        Enrolment.objects.bulk_update(
            enrolments,
            [
                "status",
                "attendance_pct",
                "post_test_score",
                "reason",
                "reason_code",
                "reason_params",
                "completed_at",
                "decided_at",
                "decided_by",
            ],
            batch_size=200,
        )
        completed = [e for e in enrolments if e.status == EnrolmentStatus.COMPLETED]
        jp_credits_add(
            credits=(
                JpCredit(
                    pemda=self.pemda,
                    employee_id=e.employee_id,
                    year=klass.ends_on.year,
                    jp=Decimal(cspec.jp),
                    source=JpSource.CLASS,
                    enrolment=e,
                    title=cspec.title,
                    credited_on=klass.ends_on,
                )
                for e in completed
            )
        )
        for enrolment in completed:
            assert klass.completed_at is not None
            _issue_certificate(enrolment, klass.completed_at)

    def _marks(self, enrolment: Enrolment, held: int, *, by_attendance: bool) -> list[AttendanceStatus]:
        rng = self.rng
        if enrolment.status == EnrolmentStatus.NO_SHOW:
            return [AttendanceStatus.ABSENT] * held
        if enrolment.status == EnrolmentStatus.FAILED and (by_attendance or rng.random() < 0.6):
            # Missed enough sessions to fall under the 80% minimum.
            missed = max(1, held - (held * 8 - 1) // 10)
            return [AttendanceStatus.ABSENT] * missed + [AttendanceStatus.PRESENT] * (held - missed)
        # Completing a 2-3 day class at 80% leaves no room for an absence: everyone else attended.
        return [AttendanceStatus.LATE if rng.random() < 0.1 else AttendanceStatus.PRESENT for _ in range(held)]

    # --- external learning ----------------------------------------------------------------------

    def _externals(self) -> None:
        people = ([self.participant.pk] if self.participant is not None else []) + self.rng.sample(self.pool, 7)
        for number, employee_id in enumerate(people[: len(EXTERNAL_CLAIMS) * 2]):
            title, organiser, method, ttype, start, end, jp, status, note = EXTERNAL_CLAIMS[
                number % len(EXTERNAL_CLAIMS)
            ]
            item = ExternalLearning(
                pemda=self.pemda,
                employee_id=employee_id,
                title=title,
                organiser=organiser,
                method=method,
                training_type=ttype,
                starts_on=start,
                ends_on=end,
                jp_claimed=Decimal(jp),
                jp_approved=Decimal(jp) if status == ExternalStatus.APPROVED else None,
                certificate_number=f"{organiser.split()[0].upper()}/{start:%Y%m}/{1000 + number}",
                status=status,
                reviewed_by=self.admin if status != ExternalStatus.SUBMITTED else None,
                reviewed_at=self._aware(end + timedelta(days=5), time(10))
                if status != ExternalStatus.SUBMITTED
                else None,
                review_note=note,
            )
            item.submitted_by = User.objects.filter(employee_id=employee_id).first()
            item.certificate_file.save(f"sertifikat-{number + 1}.pdf", ContentFile(_MINIMAL_PDF), save=False)
            item.save()
            if status == ExternalStatus.APPROVED:
                jp_credits_add(
                    credits=[
                        JpCredit(
                            pemda=self.pemda,
                            employee_id=employee_id,
                            year=end.year,
                            jp=Decimal(jp),
                            source=JpSource.EXTERNAL,
                            external=item,
                            title=title,
                            credited_on=end + timedelta(days=5),
                        )
                    ]
                )


def _issue_certificate(enrolment: Enrolment, issued_at: datetime) -> Certificate:
    """Through the certificates service (gap-free numbering, snapshots); PDFs render on first download."""
    certificate = certificate_issue(
        enrolment=enrolment, actor=Actor.system(enrolment.pemda_id, label="demo"), render_pdf=False
    )
    # Dated when the class ended, as if issued then (the service stamps "now").
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=issued_at)
    return certificate


# --- accounts -----------------------------------------------------------------------------------


def _ensure_accounts(pemda: Pemda, spec: PemdaTrainingSpec) -> list[TrainingAccount]:
    """Link `instructor.<slug>` to an internal instructor of upcoming classes; add `partner.<slug>`."""
    from bina.demo.services import DEMO_PASSWORD

    accounts = []
    instructor_user = User.objects.filter(username=f"instructor.{pemda.slug}").first()
    internal = Instructor.objects.filter(pemda=pemda, kind=InstructorKind.ASN).order_by("id").first()
    if instructor_user is not None and internal is not None:
        if internal.user_id != instructor_user.pk:
            Instructor.objects.filter(user=instructor_user).exclude(pk=internal.pk).update(user=None)
            internal.user = instructor_user
            internal.save(update_fields=["user"])
        # The account is the ASN's own (their JP, their certificates), like every internal instructor's.
        if (
            internal.employee_id is not None
            and instructor_user.employee_id is None
            and not User.objects.filter(employee_id=internal.employee_id).exists()
        ):
            instructor_user.employee_id = internal.employee_id
            instructor_user.save(update_fields=["employee"])
        if not instructor_user.first_name:
            # The header and home greet the instructor by name, not by the demo username.
            instructor_user.first_name = internal.name[:150]
            instructor_user.save(update_fields=["first_name"])
        upcoming = (
            TrainingClass.objects.filter(sessions__instructor=internal, status=ClassStatus.OPEN)
            .distinct()
            .order_by("starts_on")
            .first()
        )
        accounts.append(
            TrainingAccount(
                instructor_user.username,
                pemda.slug,
                "instructor",
                "own classes",
                f"{internal.name} (teaches {upcoming.code if upcoming else '-'})",
            )
        )
    partner_key = spec.coordinator_partner
    partner_name = next(p.name for p in spec.partners if p.key == partner_key)
    partner = Partner.objects.filter(pemda=pemda, name=partner_name).first()
    if partner is not None:
        username = f"partner.{pemda.slug}"
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            user = user_create(
                actor=Actor.system(pemda.pk, label="demo"),
                pemda=pemda,
                username=username,
                password=DEMO_PASSWORD,
                first_name=partner.contact_name[:150],  # the partner's coordinator is who logs in
            )
        role_assign(actor=Actor.system(pemda.pk, label="demo"), user=user, role=Role.PARTNER, partner=partner)
        accounts.append(
            TrainingAccount(username, pemda.slug, "partner", f"classes and instructors of {partner}", partner.name)
        )
    return accounts
