"""Learning gains (Kirkpatrick level 2): pure functions over plain numbers, no Django.

Source: Hake, R. R. (1998), "Interactive-engagement versus traditional methods: a six-thousand-student
survey of mechanics test data for introductory physics courses", American Journal of Physics 66(1), 64-74
(../shared/domain/README.md, "Evaluation"):

- a participant's normalised gain g = (post − pre) ÷ (max − pre); undefined when pre = max (nothing left to
  gain): `None`, shown as "undefined", never 0 and never an error;
- the class-average gain ⟨g⟩ is Hake's figure: computed from the class's *average* pre and post scores,
  (⟨post⟩ − ⟨pre⟩) ÷ (max − ⟨pre⟩), not the mean of individual gains; the mean of the individual gains is
  reported next to it under its own name;
- bands: high g ≥ 0.7, medium 0.3 ≤ g < 0.7, low g < 0.3.

Scores on different maxima are compared as fractions of their maximum (a class imported with max 40 and a
test in Bina out of 100 give the same g for the same relative progress).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

HIGH = 0.7
MEDIUM = 0.3
BANDS = ("high", "medium", "low")


def normalised_gain(pre: float, post: float, max_score: float) -> float | None:
    """g = (post − pre) ÷ (max − pre); None when pre = max (undefined). Negative g is kept (a loss)."""
    if max_score <= 0:
        raise ValueError("max_score must be positive")
    if pre >= max_score:
        return None
    return (post - pre) / (max_score - pre)


def gain_band(g: float | None) -> str | None:
    """high ≥ 0.7, medium 0.3–0.7, low < 0.3; None for an undefined gain."""
    if g is None:
        return None
    if g >= HIGH:
        return "high"
    if g >= MEDIUM:
        return "medium"
    return "low"


@dataclass(frozen=True)
class ScorePair:
    key: object
    pre: float | None
    post: float | None
    max_score: float


@dataclass(frozen=True)
class ParticipantGain:
    key: object
    pre: float | None
    post: float | None
    max_score: float
    g: float | None
    band: str | None

    @property
    def undefined(self) -> bool:
        """Both scores known but pre at the maximum: g cannot be computed."""
        return self.pre is not None and self.post is not None and self.g is None


@dataclass(frozen=True)
class ClassGain:
    """Pre and post as fractions of the maximum (0-1) so different maxima average together."""

    participants: list[ParticipantGain]
    paired: int  # both pre and post known
    mean_pre: float | None  # fraction of max, over paired participants
    mean_post: float | None
    class_gain: float | None  # Hake's ⟨g⟩ from the class averages
    mean_individual_gain: float | None  # mean of the defined individual g
    undefined_count: int
    band_counts: dict[str, int] = field(default_factory=dict)

    @property
    def class_band(self) -> str | None:
        return gain_band(self.class_gain)


def class_gains(pairs: Iterable[ScorePair]) -> ClassGain:
    rows: list[ParticipantGain] = []
    pre_fracs: list[float] = []
    post_fracs: list[float] = []
    defined: list[float] = []
    undefined = 0
    bands = dict.fromkeys(BANDS, 0)
    for p in pairs:
        g = None
        if p.pre is not None and p.post is not None:
            g = normalised_gain(p.pre, p.post, p.max_score)
            pre_fracs.append(p.pre / p.max_score)
            post_fracs.append(p.post / p.max_score)
            if g is None:
                undefined += 1
            else:
                defined.append(g)
                bands[gain_band(g) or "low"] += 1
        rows.append(ParticipantGain(p.key, p.pre, p.post, p.max_score, g, gain_band(g)))
    mean_pre = sum(pre_fracs) / len(pre_fracs) if pre_fracs else None
    mean_post = sum(post_fracs) / len(post_fracs) if post_fracs else None
    class_g = None
    if mean_pre is not None and mean_post is not None:
        class_g = normalised_gain(mean_pre, mean_post, 1.0)
    return ClassGain(
        participants=rows,
        paired=len(pre_fracs),
        mean_pre=mean_pre,
        mean_post=mean_post,
        class_gain=class_g,
        mean_individual_gain=sum(defined) / len(defined) if defined else None,
        undefined_count=undefined,
        band_counts=bands,
    )
