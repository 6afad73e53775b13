"""Programmes and courses with their methods, competency targets and completion rules.

The forms of competency development (PP 11/2017 art. 211 as amended by PP 17/2020) are classical
(klasikal) or non-classical (nonklasikal) as listed in `METHOD_PATH`."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel


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
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("What a participant can do afterwards; one per line.")
    )
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

    @property
    def objective_list(self) -> list[str]:
        """The objectives as the page lists them: one per non-empty line."""
        return [line.strip(" -•\t") for line in self.objectives.splitlines() if line.strip(" -•\t")]


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
