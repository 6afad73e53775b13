"""The impact estimator, with no Django: staggered difference-in-differences over a plain panel.

Input: one row per unit (officer or organisational unit) × period (an integer month index), with
columns `id`, `period`, `y` (the outcome), `w` (its weight: the tickets behind it) and `first` (the
first treated period of the unit; missing for a unit never treated in the panel).

Estimator: the imputation estimator of Borusyak, Jaravel & Spiess (2024, "Revisiting Event-Study
Designs: Robust and Efficient Estimation", Review of Economic Studies 91(6)), computed as Gardner's
two-stage difference-in-differences (Gardner 2022, arXiv:2207.05943; the point estimates are the
same): unit and period fixed effects are fitted on the untreated observations only (never-treated
and not-yet-treated), the untreated outcome of every treated observation is imputed from them, and
the effect is the (ticket-weighted) mean of observed minus imputed. A plain two-way fixed-effects
regression would weigh early-treated units as controls for late ones and is biased when effects
grow over time; this one never does. Computed by `pyfixest.did2s` (MIT, py-econometrics), whose
standard errors account for the first stage (GMM), clustered by unit; 95% intervals.

Pre-trends: the test of Borusyak, Jaravel & Spiess (2024, Test 1): on the untreated observations
alone, the outcome is regressed on the same fixed effects plus one indicator per month before
treatment (−6 … −1), and the indicators are tested jointly against zero (Wald F test, clustered).
Those coefficients are the event study's pre-period points; after treatment (0 … +12) the points
are the imputation estimator by month since treatment.

Honesty (`credible`): the estimate is shown as a headline only when at least `min_treated` units
are treated, at least `min_control` are never treated, and the pre-trend test does not reject at
`pretrend_alpha`; otherwise the result says why (`reasons`). The thresholds are configurable
(settings `IMPACT_MIN_TREATED`, `IMPACT_MIN_CONTROL`, `IMPACT_PRETREND_ALPHA`).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

PRE_MONTHS = 6
POST_MONTHS = 12
ESTIMATOR = "imputation (Borusyak, Jaravel & Spiess 2024) via did2s (Gardner 2022)"
REF = -999  # the level of the event-time factor that every other observation carries

NOT_ENOUGH_TREATED = "not_enough_treated"
NOT_ENOUGH_CONTROLS = "not_enough_controls"
PRE_TRENDS = "pre_trends"
PRE_TRENDS_UNTESTABLE = "pre_trends_untestable"
NO_DATA = "no_data"
NOT_ESTIMABLE = "not_estimable"  # the fixed effects cannot be fitted (e.g. one unit, one month)


@dataclass(frozen=True)
class EventPoint:
    e: int  # months relative to the first treated month (0 = that month)
    coef: float | None
    ci_low: float | None
    ci_high: float | None
    n: int  # units observed at this relative month


@dataclass(frozen=True)
class Estimate:
    estimator: str
    att: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    baseline_mean: float | None
    pct_change: float | None
    n_treated: int
    n_control: int
    n_obs: int
    pre_trend_p: float | None
    credible: bool
    reasons: list[str] = field(default_factory=list)
    event_study: list[EventPoint] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def without_effect(cls, n_treated: int, n_control: int, n_obs: int, reasons: list[str]) -> Estimate:
        """No estimate could be made: the counts and why."""
        return cls(ESTIMATOR, None, None, None, None, None, None, n_treated, n_control, n_obs, None, False, reasons)


def _clean(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else number


def prepare(panel: pd.DataFrame) -> pd.DataFrame:
    """Rows with an outcome and a positive weight, units that have at least one untreated row (a unit
    treated from its first observed period has no untreated outcome to impute its fixed effect from)."""
    df = panel.loc[panel["y"].notna() & (panel["w"] > 0), ["id", "period", "y", "w", "first"]].copy()
    df["treat"] = df["first"].notna() & (df["period"] >= df["first"])
    untreated_ids = df.loc[~df["treat"], "id"].unique()
    df = df[df["id"].isin(untreated_ids)]
    # Periods in which no one is untreated cannot be imputed either.
    untreated_periods = df.loc[~df["treat"], "period"].unique()
    df = df[df["period"].isin(untreated_periods)].reset_index(drop=True)
    df["rel"] = (df["period"] - df["first"]).where(df["first"].notna())
    return df


def estimate(
    panel: pd.DataFrame,
    *,
    min_treated: int = 5,
    min_control: int = 5,
    pretrend_alpha: float = 0.05,
    alpha: float = 0.05,
) -> Estimate:
    """The effect of treatment on `y` over the panel (module docstring), with its event study."""
    df = prepare(panel)
    treated_ids = df.loc[df["treat"], "id"].unique()
    control_ids = df.loc[df["first"].isna(), "id"].unique()
    n_treated, n_control, n_obs = len(treated_ids), len(control_ids), len(df)
    if n_obs == 0:
        return Estimate.without_effect(0, 0, 0, [NO_DATA])
    reasons = [NOT_ENOUGH_TREATED] if n_treated < min_treated else []
    if n_control < min_control:
        reasons.append(NOT_ENOUGH_CONTROLS)
    if n_treated == 0:  # nobody treated in a month that has an untreated comparison
        return Estimate.without_effect(n_treated, n_control, n_obs, reasons)

    untreated = df[~df["treat"]]
    if len(untreated) <= untreated["id"].nunique() + untreated["period"].nunique():
        # No residual degrees of freedom for the fixed effects: pyfixest's demeaning aborts the whole process
        # on such a panel (a native abort, not an exception), so it is never handed one.
        return Estimate.without_effect(n_treated, n_control, n_obs, [*reasons, NOT_ESTIMABLE])

    import pyfixest as pf  # imported here: a few seconds, paid only by whoever estimates

    z = _z(alpha)
    try:
        fit = _did2s(pf, df, "~i(treat)")
    except Exception:  # the library's boundary: a panel it cannot fit is 'not estimable', never a crash
        return Estimate.without_effect(n_treated, n_control, n_obs, [*reasons, NOT_ESTIMABLE])
    att, se = float(fit.coef().iloc[0]), float(fit.se().iloc[0])
    treated_rows = df[df["treat"]]
    observed = float(np.average(treated_rows["y"], weights=treated_rows["w"]))
    baseline = observed - att
    points = _post_points(df, z)
    pre_points, pre_p = _pre_trend(df, z)
    if pre_p is None:
        reasons.append(PRE_TRENDS_UNTESTABLE)
    elif pre_p < pretrend_alpha:
        reasons.append(PRE_TRENDS)
    return Estimate(
        estimator=ESTIMATOR,
        att=_clean(att),
        se=_clean(se),
        ci_low=_clean(att - z * se),
        ci_high=_clean(att + z * se),
        baseline_mean=_clean(baseline),
        pct_change=_clean(100 * att / baseline) if baseline else None,
        n_treated=n_treated,
        n_control=n_control,
        n_obs=n_obs,
        pre_trend_p=pre_p,
        credible=not reasons,
        reasons=reasons,
        event_study=sorted(pre_points + points, key=lambda p: p.e),
    )


def _z(alpha: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(1 - alpha / 2))


def _counts(df: pd.DataFrame, mask: pd.Series) -> dict[int, int]:
    rows = df.loc[mask, ["rel", "id"]]
    return {int(e): int(n) for e, n in rows.groupby("rel")["id"].nunique().items()}


def _post_points(df: pd.DataFrame, z: float) -> list[EventPoint]:
    """The imputation estimate for each month 0 … +12 after treatment."""
    import pyfixest as pf

    in_window = df["treat"] & (df["rel"] <= POST_MONTHS)
    counts = _counts(df, in_window)
    if not counts:
        return []
    work = df.assign(evt=np.where(in_window, df["rel"], REF).astype(int))
    try:
        fit = _did2s(pf, work, f"~i(evt, ref={REF})")
    except Exception:  # as above: no event-study points rather than a failed estimate
        return []
    coefs, ses = fit.coef(), fit.se()
    points = []
    for name in coefs.index:
        e = int(str(name).split("::")[-1])
        b, s = float(coefs[name]), float(ses[name])
        points.append(EventPoint(e, _clean(b), _clean(b - z * s), _clean(b + z * s), counts.get(e, 0)))
    return points


def _pre_trend(df: pd.DataFrame, z: float) -> tuple[list[EventPoint], float | None]:
    """Borusyak, Jaravel & Spiess (2024) Test 1 on the untreated rows: leads −6 … −1 jointly zero."""
    import pyfixest as pf

    untreated = df[~df["treat"]]
    leads = untreated["rel"].notna() & (untreated["rel"] >= -PRE_MONTHS)
    counts = _counts(untreated, leads)
    # Each lead needs rows outside it to compare with: the earlier months and the never treated.
    if not counts or leads.all():
        return [], None
    work = untreated.assign(lead=np.where(leads, untreated["rel"], REF).astype(int))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = pf.feols(f"y ~ i(lead, ref={REF}) | id + period", data=work, weights="w", vcov={"CRV1": "id"})
            coefs, ses = fit.coef(), fit.se()
            if len(coefs) == 0:
                return [], None
            fit.wald_test()
            p_value = _clean(fit._p_value)
    except Exception:  # as above: an untestable pre-trend, said so
        return [], None
    points = []
    for name in coefs.index:
        e = int(str(name).split("::")[-1])
        b, s = float(coefs[name]), float(ses[name])
        points.append(EventPoint(e, _clean(b), _clean(b - z * s), _clean(b + z * s), counts.get(e, 0)))
    return points, p_value


def _did2s(pf: Any, df: pd.DataFrame, second_stage: str) -> Any:
    """Gardner's two stages: unit and period fixed effects on the untreated rows, then `second_stage` on the
    residualised outcome; weighted by tickets, clustered by unit."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pf.did2s(
            df,
            yname="y",
            first_stage="~0|id+period",
            second_stage=second_stage,
            treatment="treat",
            cluster="id",
            weights="w",
        )
