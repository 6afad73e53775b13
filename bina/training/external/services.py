"""External learning: an ASN claims learning done outside Bina, a BKPSDM admin approves or rejects it.

Approved JP counts toward the year of the learning's end date (PP 11/2017 art. 203(4) as amended by
PP 17/2020: 20 JP a year; 1 JP = 45 minutes, Peraturan LAN 10/2018). A claim cannot exceed what the
days allow: at most 8 learning hours a day, i.e. days × 8 × 60 ÷ 45 JP.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.dates import humanize_params
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.notifications.services import notify_employee
from bina.people.access import employees_for
from bina.training.catalogue.models import Method, TrainingType
from bina.training.external.models import ExternalLearning, ExternalStatus
from bina.training.learning.models import MINUTES_PER_JP, JpCredit, JpSource
from bina.training.learning.services import jp_credits_add
from bina.training.permissions import can_review_external, can_submit_external

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
HOURS_PER_DAY = 8
# File signatures ("magic numbers"): the content decides the type, not the name a user gave the file.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
}

APPROVED_TITLE = gettext_lazy("Your external learning was approved")
REJECTED_TITLE = gettext_lazy("Your external learning was rejected")
APPROVED_BODY = gettext_lazy('"%(title)s" was approved: %(jp)s JP count toward %(year)s. %(note)s')
REJECTED_BODY = gettext_lazy('"%(title)s" was rejected. Reason: %(note)s')


def max_jp_for(starts_on: date, ends_on: date) -> Decimal:
    """Most JP a period can hold: days × 8 hours × 60 ÷ 45 minutes (Peraturan LAN 10/2018: 1 JP = 45 min)."""
    days = (ends_on - starts_on).days + 1
    return (Decimal(days * HOURS_PER_DAY * 60) / MINUTES_PER_JP).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def sniff_file_type(head: bytes) -> str | None:
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(sig) for sig in signatures):
            return kind
    return None


def _check_upload(upload: UploadedFile | IO[bytes]) -> str:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            _("The certificate file is larger than 5 MB. Scan it at a lower resolution or save it as a smaller PDF."),
            details=[{"field": "certificate_file"}],
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_file_type(head)
    if kind is None:
        raise ValidationFailed(
            _("The certificate must be a PDF, JPG or PNG file; this file's content is none of these."),
            details=[{"field": "certificate_file"}],
        )
    return kind


def _validate_claim(*, starts_on: date, ends_on: date, jp_claimed: Decimal, method: str, training_type: str) -> None:
    today = timezone.localdate()
    if ends_on < starts_on:
        raise ValidationFailed(
            _("The end date is before the start date. Correct one of the dates."), details=[{"field": "ends_on"}]
        )
    if ends_on > today:
        raise ValidationFailed(
            _("The learning has not ended yet. Submit it once it is finished (the end date cannot be in the future)."),
            details=[{"field": "ends_on"}],
        )
    if method not in Method.values:
        raise ValidationFailed(_("Choose a learning method from the list."), details=[{"field": "method"}])
    if training_type not in TrainingType.values:
        raise ValidationFailed(_("Choose a training type from the list."), details=[{"field": "training_type"}])
    if jp_claimed <= 0:
        raise ValidationFailed(_("The JP claimed must be more than 0."), details=[{"field": "jp_claimed"}])
    limit = max_jp_for(starts_on, ends_on)
    if jp_claimed > limit:
        raise ValidationFailed(
            _(
                "%(jp)s JP is more than these dates can hold (at most %(max)s JP: 8 hours a day, 45 minutes "
                "per JP). Check the dates or the JP on your certificate."
            )
            % humanize_params({"jp": jp_claimed, "max": limit}),
            details=[{"field": "jp_claimed"}],
        )


@transaction.atomic
def external_submit(
    *,
    actor: Actor,
    title: str,
    organiser: str,
    method: str,
    training_type: str,
    starts_on: date,
    ends_on: date,
    jp_claimed: Decimal,
    certificate_file: UploadedFile,
    certificate_number: str = "",
) -> ExternalLearning:
    """The ASN's own claim; the file is checked by its content signature (PDF, JPG, PNG) and size (≤ 5 MB)."""
    if not can_submit_external(actor) or actor.employee_id is None or actor.pemda_id is None:
        raise PermissionDenied(_("Only an ASN with an employee record can submit external learning."))
    jp_claimed = Decimal(str(jp_claimed))
    _validate_claim(
        starts_on=starts_on, ends_on=ends_on, jp_claimed=jp_claimed, method=method, training_type=training_type
    )
    if not title.strip() or not organiser.strip():
        raise ValidationFailed(_("Give the title of the learning and its organiser."), details=[{"field": "title"}])
    kind = _check_upload(certificate_file)
    employee = employees_for(actor).get(pk=actor.employee_id)
    item = ExternalLearning(
        pemda_id=actor.pemda_id,
        employee=employee,
        title=title.strip()[:200],
        organiser=organiser.strip()[:200],
        method=method,
        training_type=training_type,
        starts_on=starts_on,
        ends_on=ends_on,
        jp_claimed=jp_claimed,
        certificate_number=certificate_number.strip()[:100],
        submitted_by_id=actor.user_id,
    )
    # A random stored name: the user's file name never becomes part of a path.
    item.certificate_file.save(f"{secrets.token_hex(12)}.{kind}", certificate_file, save=False)
    item.save()
    audit_record(action="external.submit", actor=actor, target=item, detail={"jp_claimed": str(jp_claimed)})
    return item


def _lock_submitted(item: ExternalLearning) -> ExternalLearning:
    locked = ExternalLearning.objects.select_for_update().select_related("employee").get(pk=item.pk)
    if locked.status != ExternalStatus.SUBMITTED:
        raise Conflict(
            _("This claim was already %(status)s; reload the page to see the decision.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _notify(item: ExternalLearning, title: object, body: object, params: dict[str, object]) -> None:
    notify_employee(
        employee=item.employee,
        kind="external_reviewed",
        event_key=f"external:{item.pk}:{item.status}",
        title=title,
        body=body,
        params=params,
        url=reverse("training:external_list"),
    )


@transaction.atomic
def external_approve(
    *, actor: Actor, item: ExternalLearning, jp_approved: Decimal | None = None, note: str = ""
) -> ExternalLearning:
    """Approve a claim and credit its JP once (JpCredit is one-to-one with the claim) to the year of `ends_on`."""
    if not can_review_external(actor) or item.pemda_id != actor.pemda_id:
        raise PermissionDenied(_("Only a BKPSDM admin reviews external learning."))
    item = _lock_submitted(item)
    jp = Decimal(str(jp_approved)) if jp_approved is not None else item.jp_claimed
    if jp <= 0 or jp > item.jp_claimed:
        raise ValidationFailed(
            _("The JP approved must be more than 0 and at most the %(jp)s JP claimed.")
            % humanize_params({"jp": item.jp_claimed}),
            details=[{"field": "jp_approved"}],
        )
    item.status = ExternalStatus.APPROVED
    item.jp_approved = jp
    item.reviewed_by_id = actor.user_id
    item.reviewed_at = timezone.now()
    item.review_note = note.strip()
    item.save(update_fields=["status", "jp_approved", "reviewed_by", "reviewed_at", "review_note"])
    if not JpCredit.objects.filter(external=item).exists():  # the claim is locked: credited at most once
        jp_credits_add(
            credits=[
                JpCredit(
                    pemda_id=item.pemda_id,
                    employee_id=item.employee_id,
                    year=item.ends_on.year,
                    jp=jp,
                    source=JpSource.EXTERNAL,
                    external=item,
                    title=item.title[:200],
                    credited_on=item.ends_on,
                )
            ]
        )
    audit_record(action="external.approve", actor=actor, target=item, detail={"jp_approved": str(jp)})
    _notify(
        item,
        APPROVED_TITLE,
        APPROVED_BODY,
        {"title": item.title, "jp": jp, "year": item.ends_on.year, "note": item.review_note},
    )
    return item


@transaction.atomic
def external_reject(*, actor: Actor, item: ExternalLearning, note: str) -> ExternalLearning:
    if not can_review_external(actor) or item.pemda_id != actor.pemda_id:
        raise PermissionDenied(_("Only a BKPSDM admin reviews external learning."))
    if not note.strip():
        raise ValidationFailed(
            _("Say why the claim is rejected, so the employee knows what to fix."), details=[{"field": "note"}]
        )
    item = _lock_submitted(item)
    item.status = ExternalStatus.REJECTED
    item.reviewed_by_id = actor.user_id
    item.reviewed_at = timezone.now()
    item.review_note = note.strip()
    item.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_record(action="external.reject", actor=actor, target=item, detail={"note": item.review_note})
    _notify(item, REJECTED_TITLE, REJECTED_BODY, {"title": item.title, "note": item.review_note})
    return item
