"""Completing a class: who completed, who failed, JP credited to the yearly record, certificates queued.

Rules
- A participant completes when their attendance % reaches `course.min_attendance_pct` and, if the
  course has a post-test, their score reaches `course.min_post_test_score`; otherwise they fail with
  the reason stored on the enrolment as a code and its parameters (`bina.training.reasons`), so every
  reader sees it in their own language. A class without sessions has no attendance criterion.
- Completing credits the course's JP to the ASN's record for the year the class ended: PP 11/2017
  art. 203(4) as amended by PP 17/2020 (at least 20 JP of competency development per year); JP as
  defined by Peraturan LAN 10/2018 (1 JP = 45 minutes of learning). One `JpCredit` per enrolment
  (OneToOne), so running completion twice never counts the same class twice.
- Completion is previewed (`selectors.class_completion_preview`) and decided from that same preview; a
  session without any attendance recorded refuses it unless the admin says explicitly that it is meant.
- A completion made in error can be reopened by the class's admin within `BINA_COMPLETION_REOPEN_DAYS`
  (default 14): decisions undone, JP credits withdrawn, certificates voided; completing again re-issues them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.audit import audit_record
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.training.attendance.selectors import class_completion_preview, class_jp_credits, enrolment_outcome
from bina.training.attendance.services import class_attendance_refresh
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus, TrainingClass
from bina.training.classes.workflows import CLASS_WORKFLOW
from bina.training.hooks import hooks
from bina.training.learning.models import JpCredit, JpSource
from bina.training.learning.services import jp_credits_add, jp_credits_remove
from bina.training.permissions import can_manage_class

if TYPE_CHECKING:
    from bina.core.actor import Actor

__all__ = [
    "CompletionResult",
    "ReopenResult",
    "class_complete",
    "class_reopen",
    "enrolment_outcome",  # the rule lives beside the preview (selectors); the demo decides with it too
    "enrolment_score_set",
    "enrolment_scores_set",
]


@dataclass
class CompletionResult:
    completed: int
    failed: int
    credited: int
    batch_id: int | None


@transaction.atomic
def class_complete(*, actor: Actor, klass: TrainingClass, allow_missing_attendance: bool = False) -> CompletionResult:
    """Decide completed/failed for every enrolled participant, credit JP, then queue the certificates.

    Allowed (`CLASS_WORKFLOW`, action "complete") on a running class, or a closed one whose end date has
    passed. The decisions are the preview's (`class_completion_preview`), so what the admin confirmed is
    what happens. A session without any attendance recorded would fail everyone: refused (409
    `sessions_without_attendance`, nothing changed) unless `allow_missing_attendance` says it is meant.
    Running it again on a completed class only decides enrolments still open and never credits JP twice.
    """
    CLASS_WORKFLOW.authorize("complete", klass, actor)
    klass = TrainingClass.objects.select_for_update().select_related("course").get(pk=klass.pk)
    CLASS_WORKFLOW.check("complete", klass, actor)
    preview = class_completion_preview(actor=actor, klass=klass)
    refusal = preview.missing_attendance_refusal()
    if refusal is not None and not allow_missing_attendance:
        raise refusal
    class_attendance_refresh(klass)
    now = timezone.now()
    to_update = []
    for row in preview.rows:
        enrolment = row.enrolment
        enrolment.status = EnrolmentStatus.COMPLETED if row.passes else EnrolmentStatus.FAILED
        enrolment.reason_code, enrolment.reason_params = row.reason_code, row.reason_params
        enrolment.reason = ""  # the system decided: no person's words
        enrolment.completed_at = now
        enrolment.decided_at = now
        enrolment.decided_by_id = actor.user_id
        to_update.append(enrolment)
    completed, failed = len(preview.passing), len(preview.failing)
    Enrolment.objects.bulk_update(
        to_update, ["status", "reason_code", "reason_params", "reason", "completed_at", "decided_at", "decided_by"]
    )

    course = klass.course
    uncredited = Enrolment.objects.filter(
        klass=klass, status=EnrolmentStatus.COMPLETED, jp_credit__isnull=True
    ).values_list("pk", "employee_id")
    credits = [
        JpCredit(
            pemda_id=klass.pemda_id,
            employee_id=employee_id,
            year=klass.ends_on.year,
            jp=Decimal(course.jp),
            source=JpSource.CLASS,
            enrolment_id=pk,
            title=course.title[:200],
            credited_on=klass.ends_on,
        )
        for pk, employee_id in uncredited
    ]
    jp_credits_add(credits=credits)  # the employees' yearly totals follow in this transaction
    if klass.status != ClassStatus.COMPLETED:
        klass.status = ClassStatus.COMPLETED
        klass.completed_at = now  # the reopen window counts from here
        klass.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(
        action="class.complete",
        actor=actor,
        target=klass,
        detail={
            "completed": completed,
            "failed": failed,
            "credited": len(credits),
            "missing_attendance_sessions": [s.pk for s in preview.sessions_without_attendance],
            "allow_missing_attendance": allow_missing_attendance,
        },
    )
    # Apps built on training react in this transaction (certificates queues the class's batch).
    batch_ids = [hook(actor, klass) for hook in hooks.class_completed]
    batch_id = next((b for b in batch_ids if b is not None), None)
    return CompletionResult(completed=completed, failed=failed, credited=len(credits), batch_id=batch_id)


@dataclass
class ReopenResult:
    reopened: int
    jp_withdrawn: int
    certificates_voided: int


@transaction.atomic
def class_reopen(*, actor: Actor, klass: TrainingClass, reason: str) -> ReopenResult:
    """Undo a completion within `BINA_COMPLETION_REOPEN_DAYS`: the class runs again, its completed and failed
    participants are enrolled again, their JP credits are withdrawn and their certificates voided (apps built
    on training, through `hooks.class_reopened`). Completing again decides, credits and re-issues them once.
    """
    CLASS_WORKFLOW.authorize("reopen", klass, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Say why the completion is reopened; it is kept in the audit log."),
            code="reason_required",
            details=[{"field": "reason"}],
        )
    klass = TrainingClass.objects.select_for_update().select_related("course").get(pk=klass.pk)
    CLASS_WORKFLOW.check("reopen", klass, actor)
    decided = Enrolment.objects.filter(klass=klass, status__in=(EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED))
    credits = class_jp_credits(klass)
    withdrawn = list(credits.values_list("employee_id", "jp"))
    jp_credits_remove(credits=credits)
    voided = sum(hook(actor, klass, reason) for hook in hooks.class_reopened)
    reopened = decided.update(
        status=EnrolmentStatus.ENROLLED,
        reason_code="",
        reason_params={},
        reason="",
        completed_at=None,
        decided_at=None,
        decided_by=None,
        updated_at=timezone.now(),
    )
    completed_at = klass.completed_at
    klass.status = ClassStatus.RUNNING
    klass.completed_at = None
    klass.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(
        action="class.reopen",
        actor=actor,
        target=klass,
        detail={
            "reason": reason,
            "completed_at": completed_at.isoformat() if completed_at else None,
            "reopened": reopened,
            "jp_withdrawn": len(withdrawn),
            "jp_total": str(sum((jp for _e, jp in withdrawn), Decimal(0))),
            "certificates_voided": voided,
        },
    )
    return ReopenResult(reopened=reopened, jp_withdrawn=len(withdrawn), certificates_voided=voided)


@transaction.atomic
def enrolment_score_set(*, actor: Actor, enrolment: Enrolment, score: Decimal | None) -> Enrolment:
    """Record one participant's post-test score (0–100; None clears it)."""
    return enrolment_scores_set(actor=actor, klass=enrolment.klass, scores={enrolment.pk: score})[0]


@transaction.atomic
def enrolment_scores_set(*, actor: Actor, klass: TrainingClass, scores: dict[int, Decimal | None]) -> list[Enrolment]:
    """Post-test scores for many enrollees of one class at once (the admin's score sheet)."""
    if not can_manage_class(actor, klass):
        raise PermissionDenied(_("Only a BKPSDM admin can enter post-test scores."))
    bad = [pk for pk, s in scores.items() if s is not None and not (Decimal(0) <= Decimal(s) <= Decimal(100))]
    if bad:
        raise ValidationFailed(
            _("A post-test score must be between 0 and 100."),
            code="bad_score",
            details=[{"field": str(pk)} for pk in bad],
        )
    enrolments = list(Enrolment.objects.filter(klass=klass, pk__in=list(scores)))
    missing = sorted(set(scores) - {e.pk for e in enrolments})
    if missing:
        raise ValidationFailed(
            _("Some enrolments are not in this class: %(ids)s. Reload the page and try again.")
            % {"ids": ", ".join(map(str, missing))},
            code="not_in_class",
        )
    changed = []
    for e in enrolments:
        new = scores[e.pk]
        new = Decimal(new).quantize(Decimal("0.01")) if new is not None else None
        if e.post_test_score != new:
            e.post_test_score = new
            changed.append(e)
    Enrolment.objects.bulk_update(changed, ["post_test_score"])
    if changed:
        audit_record(
            action="enrolment.scores_set",
            actor=actor,
            target=klass,
            detail={"scores": {str(e.pk): str(e.post_test_score) for e in changed}},
        )
    return enrolments
