"""The survey engine's data: instruments, their versions and questions, campaigns, responses and answers.

- An `Instrument` is a questionnaire a Pemda uses (`code` "skm"). Its questions live in an
  `InstrumentVersion`; changing the questions makes a new version, and every response keeps the version it
  answered, so old answers are always read against the questions that were asked.
- A `Question` carries a stable `element` code (what it measures, e.g. "waktu"): analyses group by that
  code, never by the question's position, so reordering a questionnaire changes no result.
- A `Campaign` runs an instrument version for a unit (optionally one subject, e.g. a service code) over a
  period; `expected` is the population when it is entered by hand. Its `status` (planned → running →
  closed, or cancelled) moves only through the owning app's transition table.
- A `Response` is one filled questionnaire, anonymous or known (`respondent_key`); `once_key` (e.g. a queue
  ticket) is unique per instrument, so a database constraint, not a check in Python, keeps concurrent
  submissions of one ticket from counting twice. An `Answer` is one row per question answered.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Free text")


class Instrument(TenantModel):
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["pemda", "code"], name="instrument_code_unique_per_pemda")]
        verbose_name = _("survey instrument")
        verbose_name_plural = _("survey instruments")

    def __str__(self) -> str:
        return self.name


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    is_current = models.BooleanField(_("current"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="instrumentversion_number_unique"),
            models.UniqueConstraint(
                fields=["instrument"], condition=Q(is_current=True), name="instrumentversion_one_current"
            ),
        ]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")

    def __str__(self) -> str:
        return f"{self.instrument_id} v{self.number}"


class Question(models.Model):
    """One question of a version: a scale 1..`scale_max` with a label per value, a choice, or free text.

    `options` holds the labels: for a scale, one per value from 1 (`["Tidak sesuai", ..., "Sangat sesuai"]`);
    for a choice, `[[code, label], ...]`.
    """

    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    element = models.CharField(_("element code"), max_length=32)
    element_name = models.CharField(_("element"), max_length=120)
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    scale_max = models.PositiveSmallIntegerField(null=True, blank=True)
    options = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    group = models.CharField(_("group"), max_length=32, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "element"], name="question_element_unique_per_version"),
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.element}: {self.text[:40]}"


class CampaignStatus(models.TextChoices):
    """A campaign's lifecycle; the moves between the states are the owning app's transition table
    (SKM: `bina.skm.workflows.CAMPAIGN_WORKFLOW`)."""

    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Running")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Campaign(TenantModel):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=64, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    expected = models.PositiveIntegerField(_("population entered by hand"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "name"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="campaign_period_order")]
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")

    def __str__(self) -> str:
        return self.name


class Response(TenantModel):
    id = models.BigAutoField(primary_key=True)
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("people.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=64, blank=True)
    answered_on = models.DateField(_("date"))
    submitted_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)  # web, ticket, paper
    respondent_key = models.CharField(max_length=64, blank=True)  # empty: anonymous
    once_key = models.CharField(max_length=120, blank=True)
    client_hash = models.CharField(max_length=64, blank=True)  # keyed hash of the address, never the address
    fingerprint = models.CharField(max_length=64, blank=True)  # hash of the answers, for duplicate detection
    excluded = models.CharField(max_length=16, blank=True)  # why it is not counted ("" = counted)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "once_key"], condition=~Q(once_key=""), name="response_once_per_key"
            ),
        ]
        indexes = [
            models.Index(fields=["instrument", "answered_on"], name="response_instrument_day"),
            models.Index(fields=["client_hash", "submitted_at"], name="response_client_time"),
        ]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"response {self.pk}"


class Answer(models.Model):
    id = models.BigAutoField(primary_key=True)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    element = models.CharField(max_length=32)  # the question's element, copied so tallies need no join
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question")]
        indexes = [models.Index(fields=["response", "element"], name="answer_response_element")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.element}={self.value if self.value is not None else self.text[:20]}"
