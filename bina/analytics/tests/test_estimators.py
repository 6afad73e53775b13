"""The impact estimator on worked data: a published example, a second implementation, and panels whose
true effect is known by construction."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bina.analytics import estimators

DF_HET = Path(pd.__file__).parents[1] / "pyfixest" / "did" / "data" / "df_het.csv"


def imputation_by_hand(panel: pd.DataFrame) -> float:  # equal to pyfixest within its demeaning tolerance (1e-5)
    """A second implementation of Borusyak, Jaravel & Spiess (2024), eq. (5): weighted least squares of y on
    unit and period dummies over the untreated rows, imputed Y(0) on the treated rows, weighted mean gap."""
    df = estimators.prepare(panel)
    ids = {v: i for i, v in enumerate(sorted(df["id"].unique()))}
    periods = {v: i for i, v in enumerate(sorted(df["period"].unique()))}

    def design(rows: pd.DataFrame) -> np.ndarray:
        x = np.zeros((len(rows), len(ids) + len(periods) - 1))
        x[np.arange(len(rows)), rows["id"].map(ids).to_numpy()] = 1
        p = rows["period"].map(periods).to_numpy()
        keep = p > 0  # the first period is the reference
        x[np.arange(len(rows))[keep], len(ids) + p[keep] - 1] = 1
        return x

    untreated, treated = df[~df["treat"]], df[df["treat"]]
    sw = np.sqrt(untreated["w"].to_numpy())
    beta, *_ = np.linalg.lstsq(design(untreated) * sw[:, None], untreated["y"].to_numpy() * sw, rcond=None)
    gap = treated["y"].to_numpy() - design(treated) @ beta
    return float(np.average(gap, weights=treated["w"]))


def het_panel(max_unit: int) -> pd.DataFrame:
    df = pd.read_csv(DF_HET)
    df = df[df["unit"] <= max_unit]
    return pd.DataFrame(
        {
            "id": df["unit"],
            "period": df["year"],
            "y": df["dep_var"],
            "w": 1.0,
            "first": df["g"].where(df["g"] > 0),
            "true": df["te"] + df["te_dynamic"],
        }
    )


def test_the_published_example_matches_a_second_implementation_and_covers_the_true_effect() -> None:
    # df_het: the simulated staggered panel of the did2s package (Butts & Gardner), shipped with pyfixest,
    # whose true effects grow with time since treatment (a plain TWFE regression is biased on it).
    panel = het_panel(150)
    result = estimators.estimate(panel)
    assert result.att == pytest.approx(imputation_by_hand(panel), abs=1e-5)
    true_att = panel.loc[panel["first"].notna() & (panel["period"] >= panel["first"]), "true"].mean()
    assert result.ci_low < true_att < result.ci_high
    assert result.n_treated + result.n_control == panel["id"].nunique()
    assert result.credible and result.pre_trend_p > 0.05
    # Dynamic effects: the event study rises after treatment and its leads sit at zero.
    post = {p.e: p.coef for p in result.event_study if p.e >= 0}
    assert post[12] > post[0] > 0.5
    assert all(abs(p.coef) < 0.3 for p in result.event_study if p.e < 0)
    assert [p.e for p in result.event_study] == list(range(-6, 13))


def staggered(
    *, effect: float, n: int = 60, months: int = 30, trend_before: float = 0.0, seed: int = 3
) -> pd.DataFrame:
    """Officer-months: personal level + month shock + noise; two thirds trained in three waves, the
    effect `effect` from the first treated month on (and an optional trend in the months before)."""
    rnd = np.random.default_rng(seed)
    rows = []
    level = rnd.normal(20, 4, n)
    shock = rnd.normal(0, 1, months)
    for i in range(n):
        first = [8, 14, 20, None][i % 4] if i % 3 else None
        for t in range(months):
            y = level[i] + shock[t] + rnd.normal(0, 1)
            if first is not None and t >= first:
                y += effect
            elif first is not None and first - 6 <= t < first:
                y += trend_before * (t - (first - 6))
            rows.append({"id": i, "period": t, "y": y, "w": float(rnd.integers(5, 40)), "first": first})
    return pd.DataFrame(rows)


def test_a_known_effect_is_recovered_with_its_uncertainty_and_percent_of_baseline() -> None:
    panel = staggered(effect=-4.0)
    result = estimators.estimate(panel)
    assert result.att == pytest.approx(imputation_by_hand(panel), abs=1e-5)
    assert result.ci_low < -4.0 < result.ci_high
    assert result.ci_high < 0 and result.se > 0
    assert result.baseline_mean == pytest.approx(20, abs=2.5)
    assert result.pct_change == pytest.approx(100 * result.att / result.baseline_mean)
    assert result.credible, result.reasons
    counts = {p.e: p.n for p in result.event_study}
    # Waves at months 8, 14 and 20 of 30: +12 months is reached by the first two waves only.
    assert counts[0] > counts[12] > 0


def test_no_effect_gives_an_interval_around_zero() -> None:
    result = estimators.estimate(staggered(effect=0.0, seed=5))
    assert result.ci_low < 0 < result.ci_high


def test_weights_count_as_repeated_observations() -> None:
    panel = staggered(effect=-2.0, n=24)
    doubled = panel.assign(w=panel["w"] * 2)
    assert estimators.estimate(doubled).att == pytest.approx(estimators.estimate(panel).att, abs=1e-9)
    assert imputation_by_hand(panel) == pytest.approx(estimators.estimate(panel).att, abs=1e-5)


def test_a_pre_trend_makes_the_estimate_not_credible() -> None:
    result = estimators.estimate(staggered(effect=-4.0, trend_before=-1.5))
    assert not result.credible
    assert estimators.PRE_TRENDS in result.reasons
    assert result.pre_trend_p is not None and result.pre_trend_p < 0.05


def test_too_few_treated_or_no_never_treated_units_are_said_so() -> None:
    panel = staggered(effect=-4.0)
    few = panel[(panel["first"].isna()) | (panel["id"] < 6)]
    result = estimators.estimate(few)
    assert estimators.NOT_ENOUGH_TREATED in result.reasons and not result.credible
    all_treated = panel[panel["first"].notna()]
    result = estimators.estimate(all_treated)
    assert result.n_control == 0
    assert estimators.NOT_ENOUGH_CONTROLS in result.reasons and not result.credible


def test_units_treated_from_their_first_month_are_left_out_and_an_empty_panel_says_no_data() -> None:
    panel = staggered(effect=-4.0)
    assert panel.loc[panel["id"] == 1, "first"].iloc[0] == 14  # officer 1 is in the second wave
    always = panel.assign(first=panel["first"].where(panel["id"] != 1, 0))  # now treated before the panel starts
    base, result = estimators.estimate(panel), estimators.estimate(always)
    assert (result.n_treated, result.n_obs) == (base.n_treated - 1, base.n_obs - 30)
    empty = estimators.estimate(panel.iloc[0:0])
    assert empty.reasons == [estimators.NO_DATA] and empty.att is None and not empty.credible


def test_a_panel_the_library_cannot_fit_is_not_estimable_not_a_crash() -> None:
    # Two officers, two months, one trained in the second: nothing to separate officer from month effects.
    tiny = pd.DataFrame(
        {"id": [1, 1, 2, 2], "period": [0, 1, 0, 1], "y": [5.0, 3.0, 5.0, 5.0], "w": 1.0, "first": [1, 1, None, None]}
    )
    result = estimators.estimate(tiny)
    assert not result.credible and result.reasons
    assert estimators.NOT_ENOUGH_TREATED in result.reasons and estimators.NOT_ESTIMABLE in result.reasons
