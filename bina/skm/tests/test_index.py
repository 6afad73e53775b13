"""Worked examples of the SKM index (PermenPANRB 14/2017) and the Krejcie–Morgan minimum sample."""

from decimal import Decimal
from fractions import Fraction

import pytest

from bina.skm.elements import ELEMENTS
from bina.skm.index import (
    KREJCIE_MORGAN,
    ElementInput,
    Weight,
    band_of,
    element_nrr,
    ikm_compute,
    ikm_from_answers,
    krejcie_morgan_formula,
    round_half_up,
    sample_minimum,
)

CODES = [(e.code, e.name) for e in ELEMENTS]


def same_n(totals: list[int], n: int) -> list[ElementInput]:
    return [ElementInput(e.code, e.name, t, n) for e, t in zip(ELEMENTS, totals, strict=True)]


def test_nrr_is_the_sum_over_those_who_answered():
    assert element_nrr(13, 4) == Fraction(13, 4)
    assert element_nrr(0, 0) is None
    # Three respondents, one of whom skipped "biaya": its NRR divides by 2, not 3.
    rows = [
        {**{c: 3 for c, _n in CODES}, "biaya": 4},
        {**{c: 4 for c, _n in CODES}, "biaya": 2},
        {**{c: 2 for c, _n in CODES}, "biaya": None},
    ]
    result = ikm_from_answers(rows, CODES)
    by_code = {e.code: e for e in result.elements}
    assert by_code["biaya"].nrr == Fraction(6, 2)
    assert by_code["biaya"].answered == 2
    assert by_code["waktu"].nrr == Fraction(9, 3)


def test_all_fours_is_100_sangat_baik():
    result = ikm_compute(same_n([40] * 9, 10))
    assert result.ikm == 4
    assert result.converted == Decimal("100.00")
    assert (result.mutu, result.kinerja) == ("A", "Sangat Baik")


def test_a_typical_unit_is_baik_with_either_weight():
    # NRRs 3,2 3,1 3,0 3,5 3,3 3,4 3,6 3,2 2,9 (10 respondents): Σ = 29,2.
    elements = same_n([32, 31, 30, 35, 33, 34, 36, 32, 29], 10)
    exact = ikm_compute(elements, Weight.EXACT)
    assert exact.ikm == Fraction(292, 90)
    assert exact.converted == Decimal("81.11")  # 29,2 ÷ 9 × 25 = 81,111…
    assert exact.mutu == "B"
    printed = ikm_compute(elements, Weight.PRINTED)
    assert printed.ikm == Fraction(292, 10) * Fraction(111, 1000)  # 3,2412
    assert printed.converted == Decimal("81.03")
    assert printed.mutu == "B" and printed.weight is Weight.PRINTED


def test_the_weights_give_different_categories_near_a_bound():
    # 40 respondents; element sums 141 ×8 and 144: Σ NRR = 1272/40 = 31,8.
    elements = same_n([141] * 8 + [144], 40)
    exact = ikm_compute(elements, Weight.EXACT)
    printed = ikm_compute(elements, Weight.PRINTED)
    assert exact.converted == Decimal("88.33")  # 31,8 ÷ 9 × 25
    assert (exact.mutu, exact.kinerja) == ("A", "Sangat Baik")
    assert printed.converted == Decimal("88.25")  # 31,8 × 0,111 × 25 = 88,245
    assert (printed.mutu, printed.kinerja) == ("B", "Baik")


def test_rounding_is_half_up_on_the_exact_value_only_at_the_end():
    # Every element 121/40 = 3,025: IKM 3,025, × 25 = 75,625 exactly: half-up gives 75,63
    # (banker's rounding or a float would give 75,62).
    result = ikm_compute(same_n([121] * 9, 40))
    assert result.ikm == Fraction(121, 40)
    assert result.converted == Decimal("75.63")
    assert result.mutu == "C"
    # Rounding NRRs first would change the result: 7/3 = 2,333… per element.
    thirds = ikm_compute(same_n([7] * 9, 3))
    assert thirds.converted == Decimal("58.33")  # 7/3 × 25 = 58,333…, never 2,33 × 25 = 58,25


def test_an_element_nobody_answered_leaves_the_ikm_uncomputed():
    elements = same_n([30] * 9, 10)
    elements[3] = ElementInput("biaya", "Biaya/Tarif", 0, 0)
    result = ikm_compute(elements)
    assert result.ikm is None and result.converted is None and result.mutu is None
    assert result.elements[3].nrr is None


@pytest.mark.parametrize(
    ("value", "mutu"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
        ("24.98", "D"),
    ],
)
def test_bands(value, mutu):
    assert band_of(Decimal(value)).mutu == mutu


def test_round_half_up():
    assert round_half_up(Fraction(5, 1000), 2) == Decimal("0.01")
    assert round_half_up(Fraction(4999, 1000000), 2) == Decimal("0.00")
    assert round_half_up(Fraction(-5, 1000), 2) == Decimal("-0.01")
    assert str(round_half_up(Fraction(88), 2)) == "88.00"


def test_the_lowest_elements():
    result = ikm_compute(same_n([32, 31, 30, 35, 33, 34, 36, 32, 29], 10))
    assert [e.code for e in result.lowest(3)] == ["pengaduan", "waktu", "prosedur"]


# The rows the domain README quotes from the published table.
README_ROWS = [
    (10, 10),
    (50, 44),
    (100, 80),
    (200, 132),
    (500, 217),
    (1000, 278),
    (2000, 322),
    (5000, 357),
    (10000, 370),
    (20000, 377),
    (50000, 381),
    (75000, 382),
    (1000000, 384),
]


@pytest.mark.parametrize(("population", "sample"), README_ROWS)
def test_krejcie_morgan_published_rows(population, sample):
    assert sample_minimum(population) == sample


def test_every_table_row_is_the_formula_rounded_to_nearest():
    # A check on the transcription of the 90 rows: each is the formula rounded to the nearest integer.
    for population, sample in KREJCIE_MORGAN:
        assert round(krejcie_morgan_formula(population)) == sample, population
    assert dict(KREJCIE_MORGAN).keys() >= {n for n, _s in README_ROWS}


def test_between_rows_the_formula_is_rounded_up():
    assert krejcie_morgan_formula(51) == pytest.approx(45.12, abs=0.01)
    assert sample_minimum(51) == 46
    assert sample_minimum(79) == 66  # 65,66 rounded up; the row 80 → 66
    assert sample_minimum(1234) == 294  # 293,10…
    assert sample_minimum(5) == 5  # below the first row: everyone
    assert sample_minimum(1) == 1
    assert sample_minimum(0) == 0
    assert sample_minimum(5_000_000) == 384  # beyond the last row: the table's 384


def test_trend_periods_read_as_people_write_them():
    from django.utils import translation

    from bina.skm.selectors import period_label

    with translation.override("id"):
        assert period_label("2026-S2") == "Semester II 2026"
        assert period_label("2025-Q3") == "Triwulan III 2025"
        assert period_label("2026") == "2026"
    with translation.override("en"):
        assert period_label("2025-Q4") == "Quarter IV 2025"
