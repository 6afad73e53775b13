"""Data-quality warnings of service records (issue 10, §2): suspicious but valid data, never an error.

The kinds, their thresholds (settings, with the defaults here) and the words a reader is given. Two
faces use them:
- while a file or an API batch is checked, `bina.quality.records.RecordBook.warn_batch` names the rows
  (the import report, the API's per-record `warnings`);
- the rollups keep their counts per unit × day × kind (`ServiceDataWarningDay`), recomputed from the
  stored records of every day a write touched (`bina.quality.rollups.data_warnings_refresh`), which the
  figures page sums for the unit's subtree and the period.

The stored counts follow the stored records, not the batches that brought them: a file imported twice
counts once, and tickets with the same arrival time sent in two batches are one group.
- `identical_times`: one warning per group of at least `SAME_TIME_RECORDS` records of one unit with
  exactly the same arrival time (to the second);
- `short_processing`: one per record whose processing (finished − called) is under `SHORT_PROCESS_SECONDS`;
- `officer_overlap`: one per record an officer was called to while a ticket they were called to earlier
  that day (in any unit) was not finished yet; counted in the unit of the later ticket.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SHORT_PROCESS_SECONDS: int = getattr(settings, "BINA_QUALITY_SHORT_PROCESS_SECONDS", 30)
SAME_TIME_RECORDS: int = getattr(settings, "BINA_QUALITY_SAME_TIME_RECORDS", 5)


class DataWarningKind(models.TextChoices):
    IDENTICAL_TIMES = "identical_times", gettext_lazy("Identical arrival times")
    SHORT_PROCESSING = "short_processing", gettext_lazy("Very short processing")
    OFFICER_OVERLAP = "officer_overlap", gettext_lazy("One officer, two tickets at once")


def explanation(kind: str) -> str:
    """What a warning of this kind means, and what usually causes it, in plain words."""
    if kind == DataWarningKind.IDENTICAL_TIMES:
        return _(
            "Groups of %(count)d or more tickets of one unit with exactly the same arrival time. Usually the queue "
            "machine's clock, or an export that wrote one time for many tickets."
        ) % {"count": SAME_TIME_RECORDS}
    if kind == DataWarningKind.SHORT_PROCESSING:
        return _(
            "Tickets processed in less than %(seconds)d seconds after being called. Often a ticket called and "
            "closed without serving anyone, or times typed in afterwards."
        ) % {"seconds": SHORT_PROCESS_SECONDS}
    if kind == DataWarningKind.OFFICER_OVERLAP:
        return _(
            "Tickets an officer was called to while another of their tickets was still open. Usually a ticket "
            "not closed on the machine, or another officer's NIP on the ticket."
        )
    return kind


@dataclass(frozen=True)
class DataWarningCount:
    kind: str
    label: str
    explanation: str
    count: int


def warning_rows(counts: dict[str, int]) -> list[DataWarningCount]:
    """One row per kind, in a fixed order, zero counts included (the page says what was checked)."""
    return [
        DataWarningCount(kind=k.value, label=str(k.label), explanation=explanation(k.value), count=counts.get(k, 0))
        for k in DataWarningKind
    ]
