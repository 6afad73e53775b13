"""Evaluation data: the Pemda's settings, reaction-survey invitations (L1), behaviour follow-ups (L3), testimonies.

- Level 1 answers are survey-engine `Response`s of the Pemda's "reaction" instrument, one `ClassSurvey`
  (a `Campaign`) per class, stored without the respondent (`respondent_key` empty). Who may still answer is
  a `ReactionInvite` per attendee: its `answered_at` is set in the same transaction as the anonymous response
  is written, so the invitation knows *that* the person answered and the response never knows *who*.
  Ratings of each session's instructor are `SessionRating` rows hanging off the response (anonymous too).
- Level 3 is a `BehaviourSurvey` per enrolment, stage (baseline at enrolment, follow-up after completion) and
  respondent (the participant, the supervisor), answered with one `BehaviourAnswer` per competency indicator.
- A `Testimony` is written at L1 or L3 with the author's choice of publication; admins curate it.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel


class EvaluationSettings(TenantModel):
    """A Pemda's evaluation settings (defaults when the Pemda has none: `bina.evaluation.rules.DEFAULTS`)."""

    min_responses = models.PositiveSmallIntegerField(
        _("responses needed before results are shown"), default=5, validators=[MinValueValidator(2)]
    )
    followup_weeks = models.PositiveSmallIntegerField(
        _("behaviour follow-up after completion (weeks)"), default=12, validators=[MinValueValidator(1)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("days between reminders"), default=3, validators=[MinValueValidator(1)]
    )
    max_reminders = models.PositiveSmallIntegerField(_("reminders at most"), default=3)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pemda"], name="evaluationsettings_one_per_pemda")]
        verbose_name = _("evaluation settings")


class ClassSurvey(TenantModel):
    """The reaction survey of one class: the engine's campaign over the instrument version it asks."""

    klass = models.OneToOneField("training.TrainingClass", on_delete=models.CASCADE, related_name="+")
    campaign = models.OneToOneField("surveys.Campaign", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction survey")


class ReactionInvite(TenantModel):
    """An attendee's invitation to the class's reaction survey (not linked to the anonymous answer)."""

    survey = models.ForeignKey(ClassSurvey, on_delete=models.CASCADE, related_name="invites")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField()
    # The start of the day of the answer (see `services.reaction_answer`: never the instant of the response).
    answered_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "employee"], name="reactioninvite_once")]
        indexes = [
            models.Index(fields=["employee", "answered_at"], name="reactioninvite_employee"),
            models.Index(fields=["pemda", "reminded_at"], condition=Q(answered_at__isnull=True), name="reaction_open"),
        ]


class SessionRating(TenantModel):
    """The rating (1..5) of one session's instructor in one anonymous reaction response."""

    id = models.BigAutoField(primary_key=True)
    response = models.ForeignKey("surveys.Response", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey("training.Session", on_delete=models.CASCADE, related_name="+")
    instructor = models.ForeignKey("partners.Instructor", on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "session"], name="sessionrating_once")]
        indexes = [models.Index(fields=["instructor"], name="sessionrating_instructor")]


class Stage(models.TextChoices):
    BASELINE = "baseline", _("At enrolment (baseline)")
    FOLLOWUP = "followup", _("Follow-up after training")


class Rater(models.TextChoices):
    SELF = "self", _("Participant")
    SUPERVISOR = "supervisor", _("Supervisor")


class BehaviourSurvey(TenantModel):
    """One behaviour questionnaire (L3) about one enrolment, at one stage, for one respondent."""

    enrolment = models.ForeignKey("training.Enrolment", on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    rater = models.CharField(_("respondent"), max_length=10, choices=Rater.choices)
    # Who answers: the participant, or the supervisor at the time the questionnaire was opened.
    respondent = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("opens on"))
    answered_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "stage", "rater"], name="behavioursurvey_once"),
        ]
        indexes = [models.Index(fields=["respondent", "answered_at"], name="behavioursurvey_respondent")]


class BehaviourAnswer(models.Model):
    """How often the behaviour of one competency level's indicator is shown (1 never .. 5 always)."""

    id = models.BigAutoField(primary_key=True)
    survey = models.ForeignKey(BehaviourSurvey, on_delete=models.CASCADE, related_name="answers")
    competency = models.ForeignKey("competencies.Competency", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "competency"], name="behaviouranswer_once")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.competency_id}={self.value}"


class Level(models.TextChoices):
    L1 = "l1", _("Reaction (level 1)")
    L3 = "l3", _("Behaviour (level 3)")


class Consent(models.TextChoices):
    NAME = "name", _("With my name")
    INITIALS = "initials", _("With my initials only")
    NONE = "none", _("Do not publish")


class TestimonyStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    HIDDEN = "hidden", _("Hidden")


class Testimony(TenantModel):
    klass = models.ForeignKey("training.TrainingClass", on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("written at"), max_length=4, choices=Level.choices, default=Level.L1)
    text = models.TextField(_("testimony"))
    consent = models.CharField(_("publication"), max_length=10, choices=Consent.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=TestimonyStatus.choices, default=TestimonyStatus.PENDING
    )
    # The start of the day it was written, not the instant: written with an anonymous reaction answer, an
    # exact time would match the response's and tell whose answer it is.
    created_at = models.DateTimeField(default=timezone.now)
    curated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["klass", "employee", "level"], name="testimony_once")]
        indexes = [models.Index(fields=["pemda", "status"], name="testimony_status")]
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
