"""Inter-rater agreement against published worked examples.

- Weighted kappa (linear, Cicchetti-Allison weights): SAS/STAT User's Guide, PROC FREQ, "Getting Started:
  Agreement Study" (skin condition, two dermatologists, 88 patients): simple kappa 0.3449, weighted kappa 0.5082.
- ICC: Shrout & Fleiss (1979), Psychological Bulletin 86(2) 420-428, Table 2 (6 targets × 4 judges):
  ICC(1,1) = .17, ICC(2,1) = .29, ICC(3,1) = .71.
"""

import pytest

from bina.simulations.agreement import agreement, icc, weighted_kappa

SKIN = [[10, 4, 1, 0], [5, 10, 12, 2], [2, 4, 12, 5], [0, 2, 6, 13]]
SKIN_PAIRS = [(i + 1, j + 1) for i in range(4) for j in range(4) for _ in range(SKIN[i][j])]

SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def test_weighted_kappa_reproduces_the_sas_agreement_study():
    assert len(SKIN_PAIRS) == 88
    assert round(weighted_kappa(SKIN_PAIRS, weights="none"), 4) == 0.3449
    assert round(weighted_kappa(SKIN_PAIRS), 4) == 0.5082  # linear weights, the default


def test_quadratic_weights_credit_near_misses_more():
    quadratic = weighted_kappa(SKIN_PAIRS, weights="quadratic")
    assert quadratic is not None and quadratic > weighted_kappa(SKIN_PAIRS)


def test_icc_reproduces_shrout_and_fleiss_table_2():
    assert round(icc(SHROUT_FLEISS, form="1,1"), 2) == 0.17
    assert round(icc(SHROUT_FLEISS), 2) == 0.29  # ICC(2,1), the default
    assert round(icc(SHROUT_FLEISS, form="3,1"), 2) == 0.71


def test_perfect_and_undefined_agreement():
    assert weighted_kappa([(1, 1), (2, 2), (4, 4)]) == pytest.approx(1.0)
    assert weighted_kappa([(3, 3), (3, 3)]) is None  # one level only: chance agreement is total
    assert weighted_kappa([(3, 3)]) is None
    assert icc([[2, 2, 2], [2, 2, 2]]) is None


def test_agreement_picks_kappa_for_two_observers_and_icc_for_more():
    kind, value = agreement([list(p) for p in SKIN_PAIRS])
    assert kind == "kappa" and round(value, 4) == 0.5082
    kind, value = agreement(SHROUT_FLEISS)
    assert kind == "icc" and round(value, 2) == 0.29
    assert agreement([[3]]) == ("", None)
