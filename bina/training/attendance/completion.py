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
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.audit import audit_record
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.core.reasons import reason_combine
from bina.training.attendance.services import class_attendance_refresh
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus, TrainingClass
from bina.training.classes.workflows import CLASS_WORKFLOW
from bina.training.hooks import hooks
from bina.training.learning.models import JpCredit, JpSource
from bina.training.permissions import can_manage_class
from bina.training.reasons import ATTENDANCE_BELOW_MINIMUM, POST_TEST_BELOW_MINIMUM, POST_TEST_MISSING

if TYPE_CHECKING:
    from bina.core.actor import Actor


@dataclass
class CompletionResult:
    completed: int
    failed: int
    credited: int
    batch_id: int | None


def _param(value: Decimal | int) -> str:
    """A number as a reason parameter: plain digits (JSON-safe), written in the reader's style when shown."""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def enrolment_outcome(enrolment: Enrolment, klass: TrainingClass) -> tuple[bool, str, dict[str, Any]]:
    """(completed?, reason code, params) — the reason is a code, rendered in the reader's language when read.

    Pure: reads the enrolment's stored attendance % and score. Several unmet criteria give the `several` code.
    """
    course = klass.course
    reasons: list[tuple[str, dict[str, Any]]] = []
    pct = enrolment.attendance_pct
    # None: the class has no sessions (e.g. self-paced e-learning), so attendance is not a criterion.
    if pct is not None and pct < course.min_attendance_pct:
        reasons.append((ATTENDANCE_BELOW_MINIMUM, {"pct": _param(pct), "min": _param(course.min_attendance_pct)}))
    if course.has_post_test:
        minimum = course.min_post_test_score or Decimal(0)
        score = enrolment.post_test_score
        if score is None:
            reasons.append((POST_TEST_MISSING, {}))
        elif score < minimum:
            reasons.append((POST_TEST_BELOW_MINIMUM, {"score": _param(score), "min": _param(minimum)}))
    code, params = reason_combine(reasons)
    return (not reasons, code, params)


@transaction.atomic
def class_complete(*, actor: Actor, klass: TrainingClass) -> CompletionResult:
    """Decide completed/failed for every enrolled participant, credit JP, then queue the certificates.

    Allowed (`CLASS_WORKFLOW`, action "complete") on a running class, or a closed one whose end date has
    passed. Running it again on a completed class only decides enrolments still open and never credits JP twice.
    """
    CLASS_WORKFLOW.authorize("complete", klass, actor)
    klass = TrainingClass.objects.select_for_update().select_related("course").get(pk=klass.pk)
    CLASS_WORKFLOW.check("complete", klass, actor)
    class_attendance_refresh(klass)
    now = timezone.now()
    completed = failed = 0
    to_update = []
    for enrolment in Enrolment.objects.filter(klass=klass, status=EnrolmentStatus.ENROLLED):
        ok, code, params = enrolment_outcome(enrolment, klass)
        enrolment.status = EnrolmentStatus.COMPLETED if ok else EnrolmentStatus.FAILED
        enrolment.reason_code, enrolment.reason_params = code, params
        enrolment.reason = ""  # the system decided: no person's words
        enrolment.completed_at = now
        enrolment.decided_at = now
        enrolment.decided_by_id = actor.user_id
        to_update.append(enrolment)
        completed += ok
        failed += not ok
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
    JpCredit.objects.bulk_create(credits)
    if klass.status != ClassStatus.COMPLETED:
        klass.status = ClassStatus.COMPLETED
        klass.save(update_fields=["status", "updated_at"])
    audit_record(
        action="class.complete",
        actor=actor,
        target=klass,
        detail={"completed": completed, "failed": failed, "credited": len(credits)},
    )
    # Apps built on training react in this transaction (certificates queues the class's batch).
    batch_ids = [hook(actor, klass) for hook in hooks.class_completed]
    batch_id = next((b for b in batch_ids if b is not None), None)
    return CompletionResult(completed=completed, failed=failed, credited=len(credits), batch_id=batch_id)


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
