"""Classes (angkatan), their sessions and unit quotas, and enrolments."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel
from bina.core.reasons import reason_display
from bina.training.catalogue.models import Course


class ClassStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# The kinds of cost a class records (issue 11, §4: honoraria, venue, consumption, other).
COST_FIELDS = ("cost_honoraria", "cost_venue", "cost_consumption", "cost_other")


class TrainingClass(TenantModel):
    """One run (angkatan) of a course: dates, sessions, seats, who may enrol.

    `enrolled_count` and `waitlist_count` are kept by the enrolment services (a request claims its seat
    or waitlist place with one conditional UPDATE of this row, the other services change them under
    this row's lock), so lists show seats without counting enrolments and the seat check is one read.
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
    # Rupiah, whole: what the class was planned to cost (DPA) and what it has cost so far (realisasi).
    budget_planned = models.DecimalField(_("budget planned (Rp)"), max_digits=15, decimal_places=0, default=0)
    budget_used = models.DecimalField(_("budget used (Rp)"), max_digits=15, decimal_places=0, default=0)
    # What was spent, by kind (issue 11, §4); when any is given, `budget_used` is their sum (classes.services).
    cost_honoraria = models.DecimalField(_("honoraria (Rp)"), max_digits=15, decimal_places=0, default=0)
    cost_venue = models.DecimalField(_("venue (Rp)"), max_digits=15, decimal_places=0, default=0)
    cost_consumption = models.DecimalField(_("consumption (Rp)"), max_digits=15, decimal_places=0, default=0)
    cost_other = models.DecimalField(_("other costs (Rp)"), max_digits=15, decimal_places=0, default=0)
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


class AbsenceReason(models.TextChoices):
    """Why a person declined a nomination or did not come, as a category (participation figures count these;
    the person's own words stay in `Enrolment.reason`). Blank on enrolments that did not end that way."""

    WORKLOAD = "workload", _("Workload")
    SCHEDULE = "schedule", _("Schedule clash")
    NOT_RELEVANT = "not_relevant", _("Not relevant to my work")
    TECHNOLOGY = "technology", _("Technology (device, connection, skills)")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


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
    # Why the enrolment ended. A reason the system decides (a failed completion) is a code and its
    # parameters (`bina.training.reasons`), rendered in the reader's language; `reason` holds only the
    # words a person typed (declining, rejecting, withdrawing, no-show, cancelling), kept as typed.
    reason_code = models.CharField(_("reason code"), max_length=60, blank=True)
    reason_params = models.JSONField(_("reason parameters"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why declined, rejected, withdrawn or absent."))
    reason_category = models.CharField(
        _("reason category"), max_length=16, choices=AbsenceReason.choices, blank=True, default=""
    )
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    # When the current request or nomination was made (the row is reused: `created_at` is its first one).
    requested_at = models.DateTimeField(null=True, blank=True)
    # When the nominee accepted or declined a nomination (the participation figures' "time to answer").
    answered_at = models.DateTimeField(null=True, blank=True)
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
    # How many times the status changed: notifications are keyed by (enrolment, event, version), so one
    # event notifies once however often a request is retried (bina.training.classes.enrolment._event_key).
    version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["klass", "employee"], name="enrolment_unique_per_class")]
        indexes = [
            models.Index(fields=["klass", "status", "waitlisted_at"]),
            models.Index(fields=["employee", "status"]),
            # The admin's to-do list: requests awaiting approval, found without reading every enrolment.
            models.Index(fields=["pemda", "klass"], condition=models.Q(status="pending"), name="enrolment_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.klass_id} {self.status}"

    @property
    def reason_message(self) -> str:
        """The reason in the active language: the coded reason rendered, then the person's words as typed."""
        return reason_display(self.reason_code, self.reason_params, self.reason)
