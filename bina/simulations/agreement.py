"""Inter-rater agreement for rubric levels (pure functions over plain numbers, no Django).

Observers rate each criterion of a performance on the ordinal levels 1-4. How far two or more observers
agree tells the instructor whether the rubric is read the same way (calibration), ../shared/domain/:
- two observers: Cohen's weighted kappa (Cohen 1968) with LINEAR weights w_ij = 1 - |i - j| / (k - 1)
  (Cicchetti & Allison 1971; SAS PROC FREQ's default "Cicchetti-Allison" weights). Worked example: the
  SAS/STAT User's Guide, PROC FREQ "Getting Started: Agreement Study" (skin condition data, two
  dermatologists, 88 patients, 4 ordered levels): simple kappa 0.3449, weighted kappa 0.5082.
- three or more observers: the intraclass correlation ICC(2,1) of Shrout & Fleiss (1979): two-way random
  effects, absolute agreement, one rater, ICC = (BMS - EMS) / (BMS + (k-1) EMS + k (JMS - EMS) / n).
  Worked example: Shrout & Fleiss (1979), Psychological Bulletin 86(2), 420-428, Table 2 (6 targets rated
  by 4 judges): ICC(1,1) = .17, ICC(2,1) = .29, ICC(3,1) = .71.
Both answer None when the data cannot give a figure (fewer than two items, no variation at all).
"""

from __future__ import annotations

from collections.abc import Sequence


def weighted_kappa(
    pairs: Sequence[tuple[int, int]], *, levels: Sequence[int] = (1, 2, 3, 4), weights: str = "linear"
) -> float | None:
    """Cohen's weighted kappa of two raters over items rated (a, b); `weights` "linear" or "quadratic"
    (1 - (i-j)²/(k-1)², Fleiss & Cohen 1973) or "none" (Cohen's 1960 simple kappa)."""
    k = len(levels)
    if len(pairs) < 2 or k < 2:
        return None
    index = {level: i for i, level in enumerate(levels)}
    n = len(pairs)
    table = [[0.0] * k for _ in range(k)]
    for a, b in pairs:
        table[index[a]][index[b]] += 1.0 / n
    rows = [sum(table[i]) for i in range(k)]
    cols = [sum(table[i][j] for i in range(k)) for j in range(k)]

    def weight(i: int, j: int) -> float:
        if weights == "none":
            return 1.0 if i == j else 0.0
        if weights == "quadratic":
            return 1.0 - (i - j) ** 2 / (k - 1) ** 2
        return 1.0 - abs(i - j) / (k - 1)

    observed = sum(weight(i, j) * table[i][j] for i in range(k) for j in range(k))
    expected = sum(weight(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k))
    if expected >= 1.0:
        return None  # both raters used one level only: agreement by chance is total, kappa is undefined
    return (observed - expected) / (1.0 - expected)


def _anova(ratings: Sequence[Sequence[float]]) -> tuple[float, float, float, float, int, int]:
    """Two-way ANOVA mean squares of a targets × judges table: BMS, JMS, EMS, WMS, n, k."""
    n, k = len(ratings), len(ratings[0])
    grand = sum(sum(row) for row in ratings) / (n * k)
    row_means = [sum(row) / k for row in ratings]
    col_means = [sum(row[j] for row in ratings) / n for j in range(k)]
    ss_total = sum((x - grand) ** 2 for row in ratings for x in row)
    ss_rows = k * sum((m - grand) ** 2 for m in row_means)
    ss_cols = n * sum((m - grand) ** 2 for m in col_means)
    ss_error = ss_total - ss_rows - ss_cols
    bms = ss_rows / (n - 1)
    jms = ss_cols / (k - 1)
    ems = ss_error / ((n - 1) * (k - 1))
    wms = (ss_cols + ss_error) / (n * (k - 1))
    return bms, jms, ems, wms, n, k


def icc(ratings: Sequence[Sequence[float]], *, form: str = "2,1") -> float | None:
    """Shrout & Fleiss (1979) intraclass correlation of a targets × judges table (every target rated by
    every judge). `form` "2,1" (the default: two-way random, absolute agreement, single rater), "1,1" or "3,1"."""
    if len(ratings) < 2 or len(ratings[0]) < 2 or any(len(row) != len(ratings[0]) for row in ratings):
        return None
    bms, jms, ems, wms, n, k = _anova(ratings)
    if form == "1,1":
        denominator = bms + (k - 1) * wms
        return None if denominator == 0 else (bms - wms) / denominator
    if form == "3,1":
        denominator = bms + (k - 1) * ems
        return None if denominator == 0 else (bms - ems) / denominator
    denominator = bms + (k - 1) * ems + k * (jms - ems) / n
    return None if denominator == 0 else (bms - ems) / denominator


def agreement(items: Sequence[Sequence[int]]) -> tuple[str, float | None]:
    """The agreement figure of items each rated by the same number of observers: ("kappa", weighted kappa
    with linear weights) for two observers, ("icc", ICC(2,1)) for three or more, ("", None) otherwise."""
    items = [item for item in items if len(item) >= 2]
    if not items:
        return "", None
    width = min(len(item) for item in items)
    table = [list(item[:width]) for item in items]
    if width == 2:
        return "kappa", weighted_kappa([(a, b) for a, b in table])
    return "icc", icc(table)
