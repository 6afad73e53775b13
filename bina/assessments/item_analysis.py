"""Item analysis of a test (classical test theory): pure functions over plain data, no Django.

For each item, over the people who sat the test:
- difficulty p: the mean item score as a fraction of the item's maximum (for a 0/1 item, the share who got
  it right; high p = easy item);
- discrimination: the corrected item-total point-biserial correlation, the Pearson correlation between the
  item score and the total score *without that item* (so an item does not correlate with itself);
  None when either has no variance (everyone equal);
- distractors: how many people chose each choice.

Sources: Crocker, L. & Algina, J. (1986), Introduction to Classical and Modern Test Theory, ch. 14 (item
analysis; the corrected item-total correlation); Ebel's rule of thumb reads discrimination < 0.2 as an
item to revise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

REVISE_BELOW = 0.2


@dataclass(frozen=True)
class ItemStats:
    item: object
    n: int
    difficulty: float | None
    discrimination: float | None
    choice_counts: dict[object, int]

    @property
    def needs_review(self) -> bool:
        return self.discrimination is not None and self.discrimination < REVISE_BELOW


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx = sum(xs) / n
    my = sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def item_analysis(
    scores: Sequence[Mapping[object, float]],
    item_max: Mapping[object, float],
    chosen: Sequence[Mapping[object, Sequence[object]]] | None = None,
) -> list[ItemStats]:
    """`scores[i][item]` is person i's score on item (a missing item counts 0); `item_max[item]` its maximum;
    `chosen[i][item]` the choices person i picked. Items in `item_max` order."""
    totals = [sum(row.get(item, 0.0) for item in item_max) for row in scores]
    result = []
    for item, top in item_max.items():
        xs = [row.get(item, 0.0) for row in scores]
        rest = [t - x for t, x in zip(totals, xs, strict=True)]
        counts: dict[object, int] = {}
        for row in chosen or ():
            for c in row.get(item, ()):
                counts[c] = counts.get(c, 0) + 1
        n = len(xs)
        result.append(
            ItemStats(
                item=item,
                n=n,
                difficulty=(sum(xs) / n / top) if n and top else None,
                discrimination=pearson(xs, rest),
                choice_counts=counts,
            )
        )
    return result
