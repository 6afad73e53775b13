"""Programmes, courses, classes (angkatan), sessions, enrolments, attendance, JP credits, external learning.

Rules (PP 11/2017 as amended by PP 17/2020; Peraturan LAN 10/2018): every PNS gets at least 20 JP of
competency development per year; 1 JP = 45 minutes; the forms of development are classical (klasikal)
or non-classical (nonklasikal) as listed in `METHOD_PATH`.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel
from bina.people.models import PositionKind

YEARLY_JP_TARGET = 20  # PP 11/2017 art. 203(4) as amended by PP 17/2020: at least 20 JP per year.
MINUTES_PER_JP = 45  # Peraturan LAN 10/2018: 1 JP = 45 minutes.


class ProgrammeGoal(models.TextChoices):
    SERVICE_QUALITY = "service_quality", _("Service quality")
    INTEGRITY = "integrity", _("Integrity and ethics")
    WORK_CULTURE = "work_culture", _("Work culture")
    PROFESSIONALISM = "professionalism", _("Professionalism")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Programme(TenantModel):
    """A development programme, e.g. "Pembinaan ASN 2027 — Pelayanan Prima"."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    goals = models.JSONField(_("goals"), default=list, blank=True, help_text="List of ProgrammeGoal values.")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.DecimalField(_("budget (Rp)"), max_digits=15, decimal_places=0, default=0)
    target_units = models.ManyToManyField(
        "people.OrgUnit", blank=True, related_name="+", verbose_name=_("target units")
    )
    target_position_kinds = models.JSONField(
        _("target positions"), default=list, blank=True, help_text="List of PositionKind values; empty = all."
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["pemda", "year", "name"], name="programme_name_unique_per_year"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="programme_dates"),
        ]

    def __str__(self) -> str:
        return self.name


class Method(models.TextChoices):
    """Forms of competency development (PP 11/2017 art. 210-211 as amended; Peraturan LAN 10/2018)."""

    # klasikal
    WORKSHOP = "workshop", _("Workshop / lokakarya")
    SEMINAR = "seminar", _("Seminar / konferensi / sarasehan")
    KURSUS = "kursus", _("Pelatihan / kursus")
    PENATARAN = "penataran", _("Penataran")
    BIMTEK = "bimtek", _("Bimbingan teknis")
    SOSIALISASI = "sosialisasi", _("Sosialisasi")
    SIMULASI = "simulasi", _("Simulasi pelayanan publik")
    # nonklasikal
    LAPANGAN = "lapangan", _("On-the-job / bimbingan di tempat kerja")
    ELEARNING = "elearning", _("E-learning")
    JARAK_JAUH = "jarak_jauh", _("Pelatihan jarak jauh")
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    MAGANG = "magang", _("Magang / praktik kerja")
    PATOK_BANDING = "patok_banding", _("Patok banding (benchmarking)")
    BELAJAR_MANDIRI = "belajar_mandiri", _("Belajar mandiri")
    KOMUNITAS_BELAJAR = "komunitas_belajar", _("Komunitas belajar")
    DETASERING = "detasering", _("Detasering (secondment)")
    ALAM_TERBUKA = "alam_terbuka", _("Pembelajaran alam terbuka")
    PERTUKARAN = "pertukaran", _("Pertukaran PNS dengan swasta")


class LearningPath(models.TextChoices):
    KLASIKAL = "klasikal", _("Klasikal")
    NONKLASIKAL = "nonklasikal", _("Nonklasikal")


# PP 11/2017 art. 211 as amended by PP 17/2020: which forms are classical and which are not.
# A public-service simulation is run as a classroom exercise, so it counts as classical.
METHOD_PATH: dict[str, str] = {
    **{m: LearningPath.KLASIKAL for m in ("workshop", "seminar", "kursus", "penataran", "bimtek", "sosialisasi", "simulasi")},
    **{
        m: LearningPath.NONKLASIKAL
        for m in (
            "lapangan", "elearning", "jarak_jauh", "coaching", "mentoring", "magang", "patok_banding",
            "belajar_mandiri", "komunitas_belajar", "detasering", "alam_terbuka", "pertukaran",
        )
    },
}  # fmt: skip


class DeliveryMode(models.TextChoices):
    TATAP_MUKA = "tatap_muka", _("Tatap muka (in person)")
    DARING = "daring", _("Daring (online)")
    BLENDED = "blended", _("Blended")


class TrainingType(models.TextChoices):
    """Jenis diklat as SIASN records it (riwayat diklat)."""

    STRUKTURAL = "struktural", _("Struktural (kepemimpinan)")
    FUNGSIONAL = "fungsional", _("Fungsional")
    TEKNIS = "teknis", _("Teknis")
    MANAJERIAL = "manajerial", _("Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")


class Course(TenantModel):
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="courses", verbose_name=_("programme")
    )
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    learning_path = models.CharField(_("classical or not"), max_length=12, choices=LearningPath.choices, editable=False)
    delivery_mode = models.CharField(_("delivery mode"), max_length=12, choices=DeliveryMode.choices)
    training_type = models.CharField(
        _("training type"), max_length=16, choices=TrainingType.choices, default=TrainingType.TEKNIS
    )
    jp = models.PositiveSmallIntegerField(_("JP"), validators=[MinValueValidator(1)])
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by", verbose_name=_("prerequisite courses")
    )
    min_attendance_pct = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    has_post_test = models.BooleanField(_("has a post-test"), default=False)
    min_post_test_score = models.DecimalField(
        _("minimum post-test score"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [models.UniqueConstraint(fields=["pemda", "code"], name="course_code_unique_per_pemda")]

    def __str__(self) -> str:
        return self.title


class CourseCompetency(models.Model):
    """A competency a course develops, and the level it aims for."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="competency_targets")
    competency = models.ForeignKey("competencies.Competency", on_delete=models.PROTECT, related_name="course_targets")
    target_level = models.PositiveSmallIntegerField(
        _("target level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "competency"], name="course_competency_unique")]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.competency_id}@{self.target_level}"


class ClassStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class TrainingClass(TenantModel):
    """One run (angkatan) of a course: dates, sessions, seats, who may enrol.

    `enrolled_count` and `waitlist_count` are kept by the enrolment services under a row lock on
    this class, so lists show seats without counting enrolments and the seat check is one read.
    """

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="classes", verbose_name=_("course"))
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200, help_text=_('For example "Angkatan I".'))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    allow_self_registration = models.BooleanField(_("open self-registration"), default=True)
    allow_nomination = models.BooleanField(_("nomination by supervisor"), default=True)
    requires_approval = models.BooleanField(_("requires approval"), default=False)
    eligible_units = models.ManyToManyField(
        "people.OrgUnit", blank=True, related_name="+", verbose_name=_("eligible units (with their sub-units)")
    )
    eligible_position_kinds = models.JSONField(_("eligible positions"), default=list, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="classes",
        verbose_name=_("partner organiser"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=ClassStatus.choices, default=ClassStatus.DRAFT)
    cancelled_reason = models.TextField(_("reason for cancelling"), blank=True)
    enrolled_count = models.PositiveIntegerField(default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.UniqueConstraint(fields=["pemda", "code"], name="class_code_unique_per_pemda"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="class_dates"),
        ]
        indexes = [
            models.Index(fields=["pemda", "status", "starts_on"]),
            # The class list's order (newest first), so a page is read off the index.
            models.Index(fields=["pemda", "-starts_on", "code"], name="class_pemda_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.enrolled_count, 0)


class UnitQuota(models.Model):
    """At most `seats` enrolled from this unit and its sub-units."""

    klass = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey("people.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["klass", "unit"], name="quota_unique_per_class_unit")]

    def __str__(self) -> str:
        return f"{self.klass_id}:{self.unit_id}={self.seats}"


def new_qr_secret() -> str:
    return secrets.token_hex(16)


class Session(TenantModel):
    klass = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=200)
    instructor = models.ForeignKey(
        "partners.Instructor", null=True, blank=True, on_delete=models.PROTECT, related_name="sessions",
        verbose_name=_("instructor"),
    )  # fmt: skip
    room = models.CharField(_("room"), max_length=120, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    qr_secret = models.CharField(max_length=32, default=new_qr_secret, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_times")
        ]
        indexes = [models.Index(fields=["instructor", "starts_at"]), models.Index(fields=["pemda", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.klass.code} {self.starts_at:%Y-%m-%d %H:%M} {self.topic}"


class EnrolmentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    NOMINATED = "nominated", _("Nominated (awaiting the nominee)")
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NO_SHOW = "no_show", _("No-show")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Did not complete")
    CANCELLED = "cancelled", _("Class cancelled")


# Enrolments that hold (or wait for) a seat; one per class and employee at a time.
ACTIVE_ENROLMENT_STATUSES = (
    EnrolmentStatus.PENDING,
    EnrolmentStatus.NOMINATED,
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.WAITLISTED,
)
# Statuses after which the same person may ask again (the row is reused: one per class and employee).
REUSABLE_ENROLMENT_STATUSES = (
    EnrolmentStatus.WITHDRAWN,
    EnrolmentStatus.DECLINED,
    EnrolmentStatus.REJECTED,
    EnrolmentStatus.CANCELLED,
)


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Self-registration")
    NOMINATION = "nomination", _("Nominated by supervisor")
    ASSIGNMENT = "assignment", _("Assigned by admin")


class Enrolment(TenantModel):
    """An employee's place in a class. One row per class and employee (its history lives in the audit log)."""

    klass = models.ForeignKey(TrainingClass, on_delete=models.PROTECT, related_name="enrolments")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices)
    source = models.CharField(_("source"), max_length=12, choices=EnrolmentSource.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why declined, rejected, withdrawn or absent."))
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendance_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    post_test_score = models.DecimalField(
        _("post-test score"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["klass", "employee"], name="enrolment_unique_per_class")]
        indexes = [
            models.Index(fields=["klass", "status", "waitlisted_at"]),
            models.Index(fields=["employee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.klass_id} {self.status}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("QR check-in")
    MANUAL = "manual", _("Marked by instructor")


class Attendance(TenantModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("status"), max_length=8, choices=AttendanceStatus.choices)
    method = models.CharField(_("method"), max_length=8, choices=AttendanceMethod.choices)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_unique")]


class JpSource(models.TextChoices):
    CLASS = "class", _("Class in Bina")
    EXTERNAL = "external", _("External learning")


class JpCredit(TenantModel):
    """JP credited to an employee's yearly record (PP 11/2017: 20 JP per year).

    One row per completed enrolment or approved external learning (OneToOne), so a credit can
    never be counted twice however often completion runs.
    """

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="jp_credits")
    year = models.PositiveSmallIntegerField()
    jp = models.DecimalField(max_digits=6, decimal_places=1)
    source = models.CharField(max_length=10, choices=JpSource.choices)
    enrolment = models.OneToOneField(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="jp_credit"
    )
    external = models.OneToOneField(
        "training.ExternalLearning", null=True, blank=True, on_delete=models.CASCADE, related_name="jp_credit"
    )
    title = models.CharField(max_length=200)
    credited_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-credited_on"]
        indexes = [models.Index(fields=["employee", "year"]), models.Index(fields=["pemda", "year"])]


class ExternalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def external_upload_path(item: ExternalLearning, filename: str) -> str:
    return f"external/{item.pemda_id}/{item.employee_id}/{filename}"


class ExternalLearning(TenantModel):
    """Learning done outside Bina, claimed by the ASN with a certificate, reviewed by an admin."""

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="external_learning")
    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    training_type = models.CharField(
        _("training type"), max_length=16, choices=TrainingType.choices, default=TrainingType.TEKNIS
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    jp_claimed = models.DecimalField(
        _("JP claimed"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    jp_approved = models.DecimalField(_("JP approved"), max_digits=6, decimal_places=1, null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    certificate_file = models.FileField(_("certificate"), upload_to=external_upload_path, max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=ExternalStatus.choices, default=ExternalStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("external learning")
        verbose_name_plural = _("external learning")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="external_dates")
        ]


__all__ = ["PositionKind"]
