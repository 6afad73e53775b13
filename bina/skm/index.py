"""The SKM index, exactly as PermenPANRB 14/2017 computes it; pure functions, no Django.

- NRR (nilai rata-rata) per element = sum of its answers ÷ number of respondents who answered it.
- IKM = Σ (NRR × weight). The weight is 1 ÷ number of elements = exactly 1/9 (`WEIGHT_EXACT`); many
  reports print it as 0,111, which some Pemda must keep to match older reports (`WEIGHT_PRINTED`, a
  Pemda setting). Every result says which weight it used: near a bound the choice flips the category.
- Converted IKM = IKM × 25, rounded half-up to 2 decimals, and only at the end (all arithmetic before is
  exact, in `Fraction`s).
- Mutu and kinerja from the converted value: A Sangat Baik 88,31–100,00; B Baik 76,61–88,30; C Kurang Baik
  65,00–76,60; D Tidak Baik 25,00–64,99. (0,111 can give 24,98 for all-1 answers: still D.)
- The IKM needs every element answered by someone; with an element nobody answered it is not computed
  (None), rather than silently renormalised.

Minimum sample (Krejcie & Morgan 1970): the published table's rows exactly (`KREJCIE_MORGAN`); between
rows the formula s = χ²·N·P(1−P) ÷ (d²(N−1) + χ²·P(1−P)), χ² = 3,841, P = 0,5, d = 0,05, rounded *up*
(a sample is never smaller than the formula asks). Below the first row (N < 10) everyone is asked (s = N);
at or above the last row (N ≥ 1.000.000) the table's 384. The published rows are the formula rounded to the
nearest integer, so just below a row the rounded-up formula may ask one respondent more than the row
itself (N = 79 → 66, N = 80 → 66): documented in docs/skm.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction

WEIGHT_EXACT = Fraction(1, 9)
WEIGHT_PRINTED = Fraction(111, 1000)
CONVERSION = 25


class Weight(Enum):
    """Which weight a result used: `EXACT` (1/9, the default) or `PRINTED` (0,111 as printed)."""

    EXACT = "1/9"
    PRINTED = "0.111"

    @property
    def value_fraction(self) -> Fraction:
        return WEIGHT_EXACT if self is Weight.EXACT else WEIGHT_PRINTED


@dataclass(frozen=True)
class Band:
    mutu: str
    kinerja: str
    lower: Decimal  # inclusive, on the converted value


BANDS: tuple[Band, ...] = (
    Band("A", "Sangat Baik", Decimal("88.31")),
    Band("B", "Baik", Decimal("76.61")),
    Band("C", "Kurang Baik", Decimal("65.00")),
    Band("D", "Tidak Baik", Decimal("0")),
)


@dataclass(frozen=True)
class ElementInput:
    code: str
    name: str
    total: int  # sum of the answers (1..4 each)
    answered: int  # respondents who answered this element


@dataclass(frozen=True)
class ElementNrr:
    code: str
    name: str
    total: int
    answered: int
    nrr: Fraction | None

    @property
    def nrr4(self) -> Decimal | None:
        """The NRR as printed (4 decimals, half-up); computations use the exact `nrr`."""
        return None if self.nrr is None else round_half_up(self.nrr, 4)

    @property
    def nrr_converted(self) -> Decimal | None:
        return None if self.nrr is None else round_half_up(self.nrr * CONVERSION, 2)


@dataclass(frozen=True)
class IkmResult:
    elements: tuple[ElementNrr, ...]
    weight: Weight
    ikm: Fraction | None
    converted: Decimal | None
    band: Band | None

    @property
    def ikm4(self) -> Decimal | None:
        return None if self.ikm is None else round_half_up(self.ikm, 4)

    @property
    def mutu(self) -> str | None:
        return self.band.mutu if self.band else None

    @property
    def kinerja(self) -> str | None:
        return self.band.kinerja if self.band else None

    def lowest(self, n: int = 3) -> list[ElementNrr]:
        """The `n` elements with the lowest NRR (ties by code, so the list is stable)."""
        scored = [e for e in self.elements if e.nrr is not None]
        return sorted(scored, key=lambda e: (e.nrr, e.code))[:n]


def round_half_up(value: Fraction, places: int) -> Decimal:
    """Round an exact value half-up (away from zero at .5) to `places` decimals, exactly."""
    scale = 10**places
    scaled = abs(value) * scale
    n = math.floor(scaled + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return (Decimal(sign * n) / Decimal(scale)).quantize(Decimal(1).scaleb(-places))


def element_nrr(total: int, answered: int) -> Fraction | None:
    """NRR = sum of the answers ÷ respondents who answered the element (None when nobody did)."""
    if answered <= 0:
        return None
    return Fraction(total, answered)


def band_of(converted: Decimal) -> Band:
    for band in BANDS:
        if converted >= band.lower:
            return band
    return BANDS[-1]


def ikm_compute(elements: Sequence[ElementInput], weight: Weight = Weight.EXACT) -> IkmResult:
    """NRR per element, IKM = Σ NRR × weight, converted = IKM × 25 rounded half-up at the end, the band."""
    nrrs = tuple(ElementNrr(e.code, e.name, e.total, e.answered, element_nrr(e.total, e.answered)) for e in elements)
    if not nrrs or any(e.nrr is None for e in nrrs):
        return IkmResult(nrrs, weight, None, None, None)
    ikm = sum((e.nrr * weight.value_fraction for e in nrrs if e.nrr is not None), Fraction(0))
    converted = round_half_up(ikm * CONVERSION, 2)
    return IkmResult(nrrs, weight, ikm, converted, band_of(converted))


def ikm_from_answers(
    answers: Iterable[Mapping[str, int | None]], elements: Sequence[tuple[str, str]], weight: Weight = Weight.EXACT
) -> IkmResult:
    """The same from raw respondent rows ({element code: 1..4 or None}): the worked examples' form."""
    totals = {code: 0 for code, _name in elements}
    counts = {code: 0 for code, _name in elements}
    for row in answers:
        for code, _name in elements:
            value = row.get(code)
            if value is not None:
                totals[code] += value
                counts[code] += 1
    return ikm_compute([ElementInput(c, n, totals[c], counts[c]) for c, n in elements], weight)


# Krejcie & Morgan (1970), Table 1: population N → sample s.
KREJCIE_MORGAN: tuple[tuple[int, int], ...] = tuple(
    zip(
        (10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 110, 120, 130, 140, 150, 160,
         170, 180, 190, 200, 210, 220, 230, 240, 250, 260, 270, 280, 290, 300, 320, 340, 360, 380, 400, 420, 440,
         460, 480, 500, 550, 600, 650, 700, 750, 800, 850, 900, 950, 1000, 1100, 1200, 1300, 1400, 1500, 1600,
         1700, 1800, 1900, 2000, 2200, 2400, 2600, 2800, 3000, 3500, 4000, 4500, 5000, 6000, 7000, 8000, 9000,
         10000, 15000, 20000, 30000, 40000, 50000, 75000, 1000000),
        (10, 14, 19, 24, 28, 32, 36, 40, 44, 48, 52, 56, 59, 63, 66, 70, 73, 76, 80, 86, 92, 97, 103, 108, 113, 118,
         123, 127, 132, 136, 140, 144, 148, 152, 155, 159, 162, 165, 169, 175, 181, 186, 191, 196, 201, 205, 210,
         214, 217, 226, 234, 242, 248, 254, 260, 265, 269, 274, 278, 285, 291, 297, 302, 306, 310, 313, 317, 320,
         322, 327, 331, 335, 338, 341, 346, 351, 354, 357, 361, 364, 367, 368, 370, 375, 377, 379, 380, 381, 382,
         384),
        strict=True,
    )
)  # fmt: skip
_TABLE = dict(KREJCIE_MORGAN)
CHI_SQUARE = Fraction(3841, 1000)
P = Fraction(1, 2)
D = Fraction(5, 100)


def krejcie_morgan_formula(population: int) -> Fraction:
    """s = χ²·N·P(1−P) ÷ (d²(N−1) + χ²·P(1−P)), exactly."""
    pq = P * (1 - P)
    return CHI_SQUARE * population * pq / (D * D * (population - 1) + CHI_SQUARE * pq)


def sample_minimum(population: int) -> int:
    """The minimum number of respondents for a population (see the module's docstring for the rule)."""
    if population <= 0:
        return 0
    if population in _TABLE:
        return _TABLE[population]
    first, last = KREJCIE_MORGAN[0], KREJCIE_MORGAN[-1]
    if population < first[0]:
        return population
    if population >= last[0]:
        return last[1]
    return math.ceil(krejcie_morgan_formula(population))
