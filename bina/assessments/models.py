"""Question banks, pre-/post-tests, sittings, answers and the scores gains are computed from (issue 12 §2).

- A `Question` belongs to a course's bank (tagged with one of the course's competencies and a difficulty);
  choices carry Moodle's fraction (1 = fully right, 0.5 = half, negative = a penalty; multiple-answer
  questions spread the positive fractions over the right choices).
- A `Test` is one form of a class's pre-test or post-test: the two are drawn from the bank as parallel forms
  (same blueprint, different items; `bina.assessments.forms_assembly`).
- A `Sitting` is one person's attempt (workflow `bina.assessments.workflows.SITTING_WORKFLOW`); an `Answer` is
  saved per question as it is given (autosave), scored at once when it can be, by the instructor otherwise.
- A `ClassScore` row holds a participant's pre and post result for the gains: written when a sitting is
  graded (percentages, max 100) or imported for a class run elsewhere (`import_test_scores`, raw points).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Multiple choice (one answer)")
    MULTIPLE = "multiple", _("Multiple choice (several answers)")
    TRUE_FALSE = "truefalse", _("True/false")
    SHORT = "short", _("Short answer")
    ESSAY = "essay", _("Essay (graded by the instructor)")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE)


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class Question(TenantModel):
    course = models.ForeignKey(
        "training.Course", on_delete=models.CASCADE, related_name="questions", verbose_name=_("course")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    competency = models.ForeignKey(
        "competencies.Competency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competency"),
    )
    difficulty = models.CharField(_("difficulty"), max_length=8, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=1)
    # Short answer: the accepted answers (compared without case and surrounding spaces).
    accepted = models.JSONField(_("accepted answers"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course_id", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["course", "is_active"])]

    def __str__(self) -> str:
        return self.text[:60]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=1000)
    fraction = models.DecimalField(_("fraction"), max_digits=6, decimal_places=5, default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Phase(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class Test(TenantModel):
    __test__ = False  # not a pytest class

    klass = models.ForeignKey(
        "training.TrainingClass", on_delete=models.CASCADE, related_name="tests", verbose_name=_("class")
    )
    phase = models.CharField(_("phase"), max_length=4, choices=Phase.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=30)
    # {"<competency id or 0>|<difficulty>": count}: the blueprint both forms were drawn by.
    blueprint = models.JSONField(default=dict)
    is_open = models.BooleanField(_("open for sittings"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["klass", "phase"], name="assessment_test_one_per_phase")]
        verbose_name = _("test")

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.klass_id}"


class TestItem(models.Model):
    __test__ = False  # not a pytest class

    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["test_id", "position"]
        constraints = [models.UniqueConstraint(fields=["test", "question"], name="assessment_item_once_per_test")]

    def __str__(self) -> str:
        return f"{self.test_id}#{self.position}"


class SittingStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Awaiting grading")
    GRADED = "graded", _("Graded")
    EXPIRED = "expired", _("Time ran out")


class Sitting(TenantModel):
    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="sittings")
    enrolment = models.ForeignKey("training.Enrolment", on_delete=models.CASCADE, related_name="+")
    attempt = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=SittingStatus.choices, default=SittingStatus.NOT_STARTED)
    started_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    # Set by the instructor on a finished sitting: the person may sit the test once more.
    retake_allowed = models.BooleanField(default=False)
    # Closed by the clock rather than by the person (what was saved until then is scored).
    timed_out = models.BooleanField(default=False)
    # The latest attempt of (test, enrolment) is the one that counts.
    is_current = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["test", "enrolment", "attempt"], name="assessment_sitting_attempt"),
        ]
        indexes = [models.Index(fields=["test", "status"])]

    def __str__(self) -> str:
        return f"sitting {self.pk}"

    @property
    def percent(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return float(self.score) * 100 / float(self.max_score)


class Answer(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    choice_ids = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    # None: not scored yet (an essay waiting for the instructor).
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sitting", "question"], name="assessment_answer_once")]

    def __str__(self) -> str:
        return f"answer {self.pk}"


class ScoreSource(models.TextChoices):
    SITTING = "sitting", _("Test in Bina")
    IMPORT = "import", _("Imported")


class ClassScore(TenantModel):
    klass = models.ForeignKey("training.TrainingClass", on_delete=models.CASCADE, related_name="+")
    enrolment = models.OneToOneField("training.Enrolment", on_delete=models.CASCADE, related_name="+")
    pre = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    post = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, default=100)
    source = models.CharField(max_length=8, choices=ScoreSource.choices, default=ScoreSource.SITTING)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["klass"])]
