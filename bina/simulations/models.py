"""Simulations of public-service situations (issue 12 §4): scenarios with rubrics, role-play performances
scored by observers, and branching practice for self-study.

A scenario belongs to a Pemda (its library); its rubric criteria each assess one competency of the Pemda's
dictionary (`bina.competencies`) with four level descriptors and a weight. A performance is one participant
playing the officer in one round of a class's role-play; observers (the instructor, peers) rate each
criterion 1-4 with a note. A practice run is one employee walking the scenario's branching graph alone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel

RUBRIC_LEVELS = (1, 2, 3, 4)


class ServiceLevel(models.TextChoices):
    KELURAHAN = "kelurahan", _("Kelurahan")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DISPENDUKCAPIL = "dispendukcapil", _("Dispendukcapil")


class Scenario(TenantModel):
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    service_level = models.CharField(_("service"), max_length=16, choices=ServiceLevel.choices)
    brief = models.TextField(_("situation brief"))
    officer_role = models.TextField(_("officer's role"))
    citizen_role = models.TextField(_("citizen's role (actor or peer)"))
    observer_guide = models.TextField(_("what observers watch"), blank=True)
    materials = models.TextField(_("materials"), blank=True, help_text=_("One per line."))
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    # The branching practice (self-study): a graph of steps, checked by `branching.graph_check`.
    practice_graph = models.JSONField(_("branching practice"), default=dict, blank=True)
    # A completed practice counts as non-classical JP by this course's rule (its JP), once per employee.
    practice_course = models.ForeignKey(
        "training.Course",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("course credited for practice"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service_level", "code"]
        constraints = [models.UniqueConstraint(fields=["pemda", "code"], name="scenario_code_unique_per_pemda")]

    def __str__(self) -> str:
        return self.title

    @property
    def material_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.materials.splitlines() if line.strip(" -•\t")]

    @property
    def has_practice(self) -> bool:
        return bool(self.practice_graph.get("steps"))


class Criterion(models.Model):
    """One rubric criterion: what is observed, the competency it is evidence for, its weight, four levels."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=40)
    name = models.CharField(_("criterion"), max_length=200)
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.PROTECT, related_name="+", verbose_name=_("competency")
    )
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1), MaxValueValidator(10)])
    level_1 = models.TextField(_("level 1"))
    level_2 = models.TextField(_("level 2"))
    level_3 = models.TextField(_("level 3"))
    level_4 = models.TextField(_("level 4"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scenario", "order"]
        constraints = [models.UniqueConstraint(fields=["scenario", "key"], name="criterion_key_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def descriptors(self) -> list[tuple[int, str]]:
        return [(1, self.level_1), (2, self.level_2), (3, self.level_3), (4, self.level_4)]


class PerformanceStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    PERFORMING = "performing", _("Performing")
    SCORED = "scored", _("Scored")
    DEBRIEFED = "debriefed", _("Debriefed")


class Performance(TenantModel):
    """One participant playing the officer in one round of a class's role-play."""

    klass = models.ForeignKey("training.TrainingClass", on_delete=models.CASCADE, related_name="+")
    # The class session (day) the role-play takes place in, when planned for one.
    session = models.ForeignKey("training.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="performances")
    round_no = models.PositiveSmallIntegerField(_("round"), validators=[MinValueValidator(1), MaxValueValidator(50)])
    officer = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="+", verbose_name=_("officer")
    )
    # The citizen is played by a peer of the class or by an actor (named, not an employee).
    citizen_peer = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    citizen_actor = models.CharField(_("citizen played by (actor)"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PerformanceStatus.choices, default=PerformanceStatus.ASSIGNED
    )
    started_at = models.DateTimeField(null=True, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    debriefed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["klass", "round_no", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["klass", "round_no", "officer"], name="performance_one_per_round"),
        ]
        indexes = [models.Index(fields=["officer", "scenario"])]

    def __str__(self) -> str:
        return f"{self.scenario_id}/{self.round_no}/{self.officer_id}"


class Rating(TenantModel):
    """One observer's level (1-4) on one criterion of one performance, with a note."""

    performance = models.ForeignKey(Performance, on_delete=models.CASCADE, related_name="ratings")
    observer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["performance", "criterion", "observer"]
        constraints = [
            models.UniqueConstraint(fields=["performance", "observer", "criterion"], name="rating_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="rating_level_1_4"),
        ]


class PracticeStatus(models.TextChoices):
    RUNNING = "running", _("In progress")
    COMPLETED = "completed", _("Completed")


class PracticeRun(TenantModel):
    """One employee's walk through a scenario's branching practice; every choice is a `PracticeChoice`."""

    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+")
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="practice_runs")
    status = models.CharField(max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.RUNNING)
    current_step = models.CharField(max_length=40, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    # The JP this completion earned (the first completion of a scenario with a practice course only).
    jp_credit = models.OneToOneField(
        "training.JpCredit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["employee", "scenario"])]


class PracticeChoice(TenantModel):
    """The log of one choice made in a practice run (step, choice, the levels it earned, running score)."""

    run = models.ForeignKey(PracticeRun, on_delete=models.CASCADE, related_name="choices")
    seq = models.PositiveSmallIntegerField()
    step_key = models.CharField(max_length=40)
    choice_key = models.CharField(max_length=40)
    levels = models.JSONField(default=dict)
    running_score = models.DecimalField(max_digits=5, decimal_places=1)
    chosen_at = models.DateTimeField()

    class Meta:
        ordering = ["run", "seq"]
        constraints = [models.UniqueConstraint(fields=["run", "seq"], name="practice_choice_seq_unique")]
