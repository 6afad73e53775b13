"""What a chart shows: plain, immutable data (no Django models, no request), built by a selector or a view.

A spec is all a renderer needs: `bina.charts.geometry.layout(spec)` computes the shapes once, and the SVG
(`bina.charts.svg`) and PDF (`bina.charts.pdf`) renderers draw those same shapes; `bina.charts.table`
writes the same numbers as a data table. Labels are already translated strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Orientation = Literal["horizontal", "vertical"]


@dataclass(frozen=True)
class ValueFormat:
    """How values are written: `decimals` after the decimal mark, `percent` adds `%`, `unit` follows (`JP`)."""

    decimals: int = 0
    percent: bool = False
    unit: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""  # a page about this bar (the label links to it)
    value_label: str = ""  # written next to the bar instead of the formatted value (e.g. `8 / 20 JP`)
    tone: str = ""  # "" (series colour), "good" or "alert": see `palette.TONES`


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: Sequence[Bar]
    description: str = ""
    orientation: Orientation = "horizontal"
    category_name: str = ""  # header of the label column in the data table
    value_name: str = ""  # header of the value column
    max_value: float | None = None  # end of the scale (a target); bars beyond it are drawn full
    value_format: ValueFormat = ValueFormat()
    show_labels: bool = True  # False: no label line above each bar (a single progress bar under a heading)
    chart_id: str = ""  # the element id prefix; derived from the content when empty


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


@dataclass(frozen=True)
class StackedBarChart:
    title: str
    categories: Sequence[str]
    series: Sequence[Series]  # one value per category, in the order of `categories`
    description: str = ""
    orientation: Orientation = "horizontal"
    category_name: str = ""
    value_format: ValueFormat = ValueFormat()
    chart_id: str = ""


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    lower: float | None = None  # the confidence band at x; both or neither
    upper: float | None = None
    label: str = ""  # the x label (`2024`); the formatted x when empty


@dataclass(frozen=True)
class Mark:
    """A moment marked on a line chart's x axis (a training's end): a dashed vertical line."""

    x: float
    label: str = ""


@dataclass(frozen=True)
class LineChart:
    title: str
    points: Sequence[Point]
    description: str = ""
    x_name: str = ""
    y_name: str = ""
    series_name: str = ""
    band_name: str = ""  # e.g. "95% CI"
    value_format: ValueFormat = ValueFormat(decimals=1)
    chart_id: str = ""
    marks: Sequence[Mark] = ()
    mark_name: str = ""  # the legend's name of the marks, e.g. "Pelatihan"


@dataclass(frozen=True)
class Estimate:
    period: int  # relative to the event (…, -2, -1, 0, 1, …)
    estimate: float
    lower: float
    upper: float
    n: int | None = None  # the units behind the estimate, printed under its period when given


@dataclass(frozen=True)
class EventStudyChart:
    """Point estimates with confidence intervals per relative period (a dynamic difference-in-differences).

    The reference period is omitted from the regression, so its effect is 0 by construction: it is drawn
    as a hollow marker on the zero line and named in the table, never left out silently. `reference_period`
    None: no period is omitted (an imputation estimator compares every period with its counterfactual).
    """

    title: str
    estimates: Sequence[Estimate]  # without the reference period
    reference_period: int | None = -1
    event_period: int = 0
    description: str = ""
    x_name: str = ""
    y_name: str = ""
    interval_name: str = ""  # e.g. "95% CI"
    event_name: str = ""  # the label of the event line (e.g. "Pelatihan"); "Event" when empty
    value_format: ValueFormat = ValueFormat(decimals=2)
    chart_id: str = ""


Chart = BarChart | StackedBarChart | LineChart | EventStudyChart
