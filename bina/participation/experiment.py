"""The effect of a campaign on enrolment: a difference of two proportions with its confidence interval.

Pure functions over counts. The interval is Newcombe's hybrid score interval for a difference of independent
proportions (Newcombe 1998, "Interval estimation for the difference between independent proportions",
Statistics in Medicine 17:873-890, method 10), computed by statsmodels' `confint_proportions_2indep`
(method "newcomb"): unlike the Wald interval it stays inside [-1, 1] and behaves at 0 % or 100 %, which small
campaign groups reach. Newcombe's own worked example, 56/70 vs 48/80, gives 0.0524 to 0.3339.

Which comparison it is decides how to read it: with a randomised rollout (half the group in the first wave)
the difference estimates the campaign's effect; against a group chosen as comparable it is only a difference
between groups that may differ in other ways. `CampaignEffect.randomised` carries that for the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIDENCE = 0.95


@dataclass(frozen=True)
class CampaignEffect:
    targeted: int
    targeted_enrolled: int
    comparison: int
    comparison_enrolled: int
    randomised: bool
    difference: float | None  # targeted share minus comparison share, as a fraction
    low: float | None
    high: float | None

    @property
    def targeted_share(self) -> float | None:
        return self.targeted_enrolled / self.targeted if self.targeted else None

    @property
    def comparison_share(self) -> float | None:
        return self.comparison_enrolled / self.comparison if self.comparison else None

    @property
    def targeted_pct(self) -> float | None:
        share = self.targeted_share
        return share * 100 if share is not None else None

    @property
    def comparison_pct(self) -> float | None:
        share = self.comparison_share
        return share * 100 if share is not None else None

    @property
    def estimable(self) -> bool:
        return self.difference is not None

    @property
    def clear(self) -> bool:
        """The interval excludes zero: the groups' enrolment differs beyond chance at CONFIDENCE."""
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def campaign_effect(
    *, targeted: int, targeted_enrolled: int, comparison: int, comparison_enrolled: int, randomised: bool
) -> CampaignEffect:
    """Share enrolled among the targeted minus among the comparison group, with Newcombe's 95 % interval; no
    estimate when either group is empty."""
    if not (0 <= targeted_enrolled <= targeted and 0 <= comparison_enrolled <= comparison):
        raise ValueError("enrolled counts must lie between 0 and their group's size")
    if targeted == 0 or comparison == 0:
        return CampaignEffect(
            targeted, targeted_enrolled, comparison, comparison_enrolled, randomised, None, None, None
        )
    from statsmodels.stats.proportion import confint_proportions_2indep

    low, high = confint_proportions_2indep(
        targeted_enrolled,
        targeted,
        comparison_enrolled,
        comparison,
        method="newcomb",
        compare="diff",
        alpha=1 - CONFIDENCE,
    )
    difference = targeted_enrolled / targeted - comparison_enrolled / comparison
    return CampaignEffect(
        targeted,
        targeted_enrolled,
        comparison,
        comparison_enrolled,
        randomised,
        difference,
        float(low),
        float(high),
    )
