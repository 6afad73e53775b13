"""Pure rules of evaluation (no Django): the anonymity threshold, score summaries, L3 change, bylines, timing.

Sources (../shared/domain/README.md): Kirkpatrick's four levels (1 reaction, 3 behaviour); the small-cell rule
that results of fewer than N respondents are withheld (N = 5 by default, a Pemda setting), as the SKM does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_RESPONSES_DEFAULT = 5
FOLLOWUP_WEEKS_DEFAULT = 12
REMINDER_DAYS_DEFAULT = 3
MAX_REMINDERS_DEFAULT = 3


def results_visible(respondents: int, threshold: int) -> bool:
    """Results of a group are shown only from `threshold` respondents (4 of 5 → nothing, 5 of 5 → shown)."""
    return respondents >= threshold


@dataclass(frozen=True)
class ScaleSummary:
    """One question's answers: how many gave each value 1..`scale_max`, their mean and the share of top-two."""

    scale_max: int
    counts: tuple[int, ...]  # counts[i] = answers with value i + 1

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        if not self.answered:
            return None
        return sum((i + 1) * n for i, n in enumerate(self.counts)) / self.answered

    @property
    def top_two_share(self) -> float | None:
        """Share of the two best values (e.g. 4 and 5 of 5): the "satisfied" share."""
        if not self.answered:
            return None
        return sum(self.counts[-2:]) / self.answered

    @property
    def top_two_pct(self) -> float | None:
        share = self.top_two_share
        return None if share is None else share * 100


def scale_summary(values: Mapping[int, int], scale_max: int) -> ScaleSummary:
    """From {value: count} (values outside 1..scale_max are ignored)."""
    return ScaleSummary(scale_max, tuple(int(values.get(v, 0)) for v in range(1, scale_max + 1)))


def mean_of(total: int, answered: int) -> float | None:
    return total / answered if answered else None


@dataclass(frozen=True)
class Change:
    """One competency's behaviour rating at baseline and follow-up, and the difference (None when either is missing)."""

    key: str
    baseline: float | None
    followup: float | None

    @property
    def delta(self) -> float | None:
        if self.baseline is None or self.followup is None:
            return None
        return self.followup - self.baseline


def behaviour_changes(baseline: Mapping[str, Sequence[int]], followup: Mapping[str, Sequence[int]]) -> list[Change]:
    """Per competency code: the mean rating at baseline and at follow-up (several raters or people are averaged)."""

    def avg(xs: Sequence[int]) -> float | None:
        return sum(xs) / len(xs) if xs else None

    keys = sorted(set(baseline) | set(followup))
    return [Change(k, avg(baseline.get(k, ())), avg(followup.get(k, ()))) for k in keys]


def initials(name: str) -> str:
    """ "Rina Wulandari, S.Sos." → "R.W.": the first letter of each word of the name before its academic titles."""
    core = name.split(",")[0]
    words = [w for w in core.replace(".", " ").split() if w[:1].isalpha()]
    return "".join(f"{w[0].upper()}." for w in words)


def byline(name: str, consent: str) -> str | None:
    """What a published testimony shows of its author: the name, the initials, or None (not to be published)."""
    if consent == "name":
        return name.strip()
    if consent == "initials":
        return initials(name)
    return None


def followup_due_on(completed_on: dt.date, weeks: int) -> dt.date:
    return completed_on + dt.timedelta(weeks=weeks)


def reminder_due(
    *,
    opened_at: dt.datetime,
    reminded_at: dt.datetime | None,
    reminders_sent: int,
    answered: bool,
    now: dt.datetime,
    every_days: int,
    max_reminders: int,
) -> bool:
    """Remind again when not answered, fewer than `max_reminders` were sent and `every_days` have passed
    since the opening or the last reminder. An answered questionnaire is never reminded."""
    if answered or reminders_sent >= max_reminders:
        return False
    since = reminded_at or opened_at
    return now - since >= dt.timedelta(days=every_days)
