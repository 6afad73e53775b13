"""Complaints of citizens about public services (SP4N-LAPOR!; Perpres 76/2013; issue 10, §4).

A complaint moves through the stages of `bina.complaints.workflows.COMPLAINT_WORKFLOW`; `due_at` is the
end of the current stage's last working day (`bina.complaints.duedates`), `settle_due_at` the Perpres's
60-day limit counted from the verification (the file is complete). The filer's name and contact are
personal data (UU 27/2022): shown to staff only, never on the public tracking page or API.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel


class Stage(models.TextChoices):
    DITERIMA = "diterima", _("Received")
    DIVERIFIKASI = "diverifikasi", _("Verified")
    DITUNDA = "ditunda", _("Postponed")
    BUKAN_WEWENANG = "bukan_wewenang", _("Not our authority")
    DIARSIPKAN = "diarsipkan", _("Archived")
    DIDISPOSISIKAN = "didisposisikan", _("Forwarded to a unit")
    DITINDAKLANJUTI = "ditindaklanjuti", _("Followed up")
    SELESAI = "selesai", _("Closed")


CLOSED_STAGES = frozenset({Stage.BUKAN_WEWENANG, Stage.DIARSIPKAN, Stage.SELESAI})
# Stages whose due date is the staff's: past it, the complaint is overdue and escalated. A followed-up
# complaint waits for the filer (it closes by itself), a postponed one for the filer's missing details.
STAFF_STAGES = frozenset({Stage.DITERIMA, Stage.DIVERIFIKASI, Stage.DIDISPOSISIKAN})


class Category(models.TextChoices):
    """Report types of SP4N-LAPOR!."""

    PENGADUAN = "pengaduan", _("Complaint")
    ASPIRASI = "aspirasi", _("Aspiration")
    INFORMASI = "informasi", _("Request for information")


class Source(models.TextChoices):
    WEB = "web", _("Public form")
    API = "api", _("Public API")
    STAFF = "staff", _("Filed by staff")
    LAPOR = "lapor", _("LAPOR! import")


class ComplaintSettings(TenantModel):
    """A Pemda's time limits (defaults: LAPOR! working rules and Perpres 76/2013) and the public form's limit."""

    verify_days = models.PositiveSmallIntegerField(_("verification and forwarding (working days)"), default=3)
    followup_days = models.PositiveSmallIntegerField(_("follow-up (working days)"), default=5)
    close_days = models.PositiveSmallIntegerField(_("closing without reply (working days)"), default=10)
    settle_days = models.PositiveSmallIntegerField(_("settlement limit (calendar days)"), default=60)
    public_limit_per_hour = models.PositiveSmallIntegerField(_("public submissions per address per hour"), default=5)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pemda"], name="complaintsettings_one_per_pemda")]
        verbose_name = _("complaint settings")


class Complaint(TenantModel):
    code = models.CharField(_("tracking code"), max_length=16, unique=True)
    category = models.CharField(_("type"), max_length=12, choices=Category.choices, default=Category.PENGADUAN)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    description = models.TextField(_("description"))
    # Personal data of the filer (may both be empty: anonymous complaints are allowed).
    name = models.CharField(_("name"), max_length=120, blank=True)
    contact = models.CharField(_("contact"), max_length=120, blank=True)
    ticket_number = models.CharField(_("service ticket number"), max_length=40, blank=True)
    unit = models.ForeignKey(
        "people.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    service = models.ForeignKey(
        "quality.ServiceType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey("people.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    disposed_unit = models.ForeignKey(
        "people.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handling unit"),
    )
    lapor_id = models.CharField(_("LAPOR! tracking id"), max_length=40, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.DITERIMA)
    stage_started_at = models.DateTimeField()
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    settle_due_at = models.DateTimeField(_("settlement limit"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"))
    followed_up_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    response = models.TextField(_("response to the filer"), blank=True)
    # The due date an escalation was sent for: one escalation per stage deadline (claimed by a conditional UPDATE).
    escalated_due_at = models.DateTimeField(null=True, blank=True)
    # HMAC of the submitting address (public intake only), for the per-address limit; never the address itself.
    source_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "lapor_id"], condition=~models.Q(lapor_id=""), name="complaint_lapor_id_unique"
            )
        ]
        indexes = [
            models.Index(fields=["pemda", "stage", "due_at"], name="complaint_pemda_stage_due"),
            models.Index(fields=["pemda", "received_at"], name="complaint_pemda_received"),
        ]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self) -> str:
        return self.code

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES


class ComplaintEvent(TenantModel):
    """One step of a complaint's history. `reason` is what the staff wrote when the step asks for one
    (a postponement tells the filer what is missing): the public history shows stages and dates only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=24)
    from_stage = models.CharField(max_length=16, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    at = models.DateTimeField()
    actor_label = models.CharField(max_length=150, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class ComplaintNote(TenantModel):
    """An internal note of the staff: never shown to the filer."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_label = models.CharField(max_length=150, blank=True)
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ComplaintAttachment(TenantModel):
    """A file sent with a complaint: checked by content (`bina.complaints.attachments`), stored under a
    random name, served only to the Pemda's staff who may read the complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="complaints/", max_length=200)
    display_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
