"""Scoring one answer: pure, no Django. Moodle's semantics (docs.moodle.org, "Multiple Choice question type"):

- one answer (and true/false): the chosen choice's fraction × the question's points;
- several answers: the sum of the chosen choices' fractions (wrong choices may carry a negative fraction),
  clamped to 0..1, × points; choosing everything therefore earns nothing when the wrong ones are penalised;
- short answer: full points when the text matches an accepted answer, compared without case, surrounding
  spaces and repeated inner spaces;
- essay: None, the instructor grades it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def normalise_text(value: str) -> str:
    return " ".join(value.split()).casefold()


def score_answer(
    *,
    kind: str,
    points: Decimal,
    fractions: Mapping[int, Decimal],
    chosen: Iterable[int],
    text: str = "",
    accepted: Iterable[str] = (),
) -> Decimal | None:
    if kind == "essay":
        return None
    if kind == "short":
        given = normalise_text(text)
        hit = bool(given) and any(given == normalise_text(a) for a in accepted)
        return points if hit else Decimal(0)
    picks = [c for c in dict.fromkeys(chosen) if c in fractions]
    if kind in ("single", "truefalse"):
        if len(picks) != 1:
            return Decimal(0)
        fraction = fractions[picks[0]]
    else:
        fraction = sum((fractions[c] for c in picks), Decimal(0))
    fraction = min(max(fraction, Decimal(0)), Decimal(1))
    return (fraction * points).quantize(CENT, rounding=ROUND_HALF_UP)
