"""Training history from before Bina: records a BKPSDM imports from its files (SIASN riwayat diklat, issue 11 §1).

An imported record counts as completed training with its JP in the year it ended (PP 11/2017 art. 203(4) as
amended by PP 17/2020: 20 JP a year). It is credited through the one writer of JP credits
(`learning.services.jp_credits_add`, one `JpCredit` with source `import`), so "my learning", the employee's JP
per year, compliance and the home cards count it by the same rule as a class or an approved external claim.

The key of a record, so importing a file again changes nothing: NIP + certificate number; a row without a
certificate number is NIP + name of the training + end date. A row with a certificate number also finds a
record stored without one under the same name and end date (the number was added since: it is updated),
and a row without one finds a record with the same name and end date whatever its number (which is kept).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.people.access import employees_for
from bina.training.external.models import TrainingHistory
from bina.training.learning.models import JpCredit, JpSource
from bina.training.learning.services import jp_credits_add, jp_credits_remove
from bina.training.permissions import can_import_training_history

Outcome = Literal["created", "updated", "unchanged"]
BATCH = 500  # employees per lookup query: well under SQLite's bound-parameter limit
FIELDS = ("title", "training_type", "organiser", "certificate_number", "starts_on", "ends_on", "jp", "course_id")


@dataclass(frozen=True)
class HistoryInput:
    """One checked row: the employee is of the importing Pemda, the dates and JP are valid."""

    employee_id: int
    title: str
    training_type: str
    organiser: str
    certificate_number: str
    starts_on: date
    ends_on: date
    jp: Decimal
    course_id: int | None

    @property
    def key(self) -> tuple[object, ...]:
        """The record's identity within the file (the same as `history_plan` matches stored records by)."""
        if self.certificate_number:
            return (self.employee_id, "certificate", self.certificate_number)
        return (self.employee_id, "name", self.title, self.ends_on)


@dataclass
class PlannedRecord:
    item: HistoryInput
    stored: TrainingHistory | None
    outcome: Outcome


def _values(item: HistoryInput, stored: TrainingHistory | None) -> dict[str, object]:
    values = {name: getattr(item, name) for name in FIELDS}
    if stored is not None and not item.certificate_number:
        values["certificate_number"] = stored.certificate_number  # a row without a number keeps the stored one
    return values


def history_plan(*, pemda_id: int, items: Sequence[HistoryInput]) -> list[PlannedRecord]:
    """What importing `items` would do: the stored record each one matches (by the key above) and whether it
    is created, updated or unchanged. Reads only; one query per `BATCH` employees."""
    employee_ids = sorted({i.employee_id for i in items})
    by_certificate: dict[tuple[int, str], TrainingHistory] = {}
    by_name: dict[tuple[int, str, date], list[TrainingHistory]] = {}
    for start in range(0, len(employee_ids), BATCH):
        for record in TrainingHistory.objects.filter(
            pemda_id=pemda_id, employee_id__in=employee_ids[start : start + BATCH]
        ).order_by("pk"):
            if record.certificate_number:
                by_certificate[(record.employee_id, record.certificate_number)] = record
            by_name.setdefault((record.employee_id, record.title, record.ends_on), []).append(record)
    plan = []
    for item in items:
        same_name = by_name.get((item.employee_id, item.title, item.ends_on), [])
        stored: TrainingHistory | None
        if item.certificate_number:
            stored = by_certificate.get((item.employee_id, item.certificate_number)) or next(
                (r for r in same_name if not r.certificate_number), None
            )
        else:
            stored = next((r for r in same_name if not r.certificate_number), None) or (
                same_name[0] if len(same_name) == 1 else None
            )
        if stored is None:
            outcome: Outcome = "created"
        elif all(getattr(stored, name) == value for name, value in _values(item, stored).items()):
            outcome = "unchanged"
        else:
            outcome = "updated"
        plan.append(PlannedRecord(item=item, stored=stored, outcome=outcome))
    return plan


def _credit(record: TrainingHistory) -> JpCredit:
    return JpCredit(
        pemda_id=record.pemda_id,
        employee_id=record.employee_id,
        year=record.ends_on.year,
        jp=record.jp,
        source=JpSource.IMPORT,
        history=record,
        title=record.title[:200],
        credited_on=record.ends_on,
    )


@transaction.atomic
def training_history_import(
    *, actor: Actor, plan: Iterable[PlannedRecord], source_file: str
) -> tuple[list[TrainingHistory], list[TrainingHistory]]:
    """Store the planned records (created and updated; unchanged ones are left alone) and credit their JP to
    the year each ended, replacing the credit of an updated record. Returns (created, updated).

    Audited by the import run that calls it (one `import.training_history` entry per file, `bina.imports`)."""
    if not can_import_training_history(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only a BKPSDM admin can import training history."))
    pending = [p for p in plan if p.outcome != "unchanged"]
    employee_ids = sorted({p.item.employee_id for p in pending})
    known = 0
    for start in range(0, len(employee_ids), BATCH):
        known += employees_for(actor).filter(pk__in=employee_ids[start : start + BATCH]).count()
    if known != len(employee_ids):
        raise ValidationFailed(_("Some of these employees are not in your Pemda."))
    now = timezone.now()
    stamp = {"source_file": source_file[:255], "imported_at": now, "imported_by_id": actor.user_id}
    created = [
        TrainingHistory(pemda_id=actor.pemda_id, employee_id=p.item.employee_id, **_values(p.item, None), **stamp)
        for p in pending
        if p.stored is None
    ]
    updated = []
    for p in pending:
        if p.stored is not None:
            for name, value in {**_values(p.item, p.stored), **stamp}.items():
                setattr(p.stored, name, value)
            updated.append(p.stored)
    TrainingHistory.objects.bulk_create(created, batch_size=BATCH)
    TrainingHistory.objects.bulk_update(updated, [*FIELDS, *stamp], batch_size=BATCH)
    updated_ids = [r.pk for r in updated]
    for start in range(0, len(updated_ids), BATCH):
        jp_credits_remove(credits=JpCredit.objects.filter(history_id__in=updated_ids[start : start + BATCH]))
    jp_credits_add(credits=[_credit(r) for r in [*created, *updated]])
    return created, updated
