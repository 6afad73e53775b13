"""One geometry per chart: `layout(spec)` turns a spec into positioned shapes, computed once.

The SVG renderer (`bina.charts.svg`) and the PDF renderer (`bina.charts.pdf`) only draw these shapes, so a
page and a PDF of the same chart cannot drift apart. Coordinates are in the figure's own units, origin at
the top left and y growing downwards (as in SVG); the PDF renderer flips y. Each shape carries a `key`
saying what it is ("bar:0", "band", "zero-line", …) so tests can measure the picture, not its markup.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bina.charts import palette
from bina.charts.specs import (
    BarChart,
    Chart,
    EventStudyChart,
    LineChart,
    StackedBarChart,
    ValueFormat,
)
from bina.core.numbers import format_number, format_percent

FONT = 13.0  # labels; the figure scales with its width, so this is relative to the viewBox
SMALL = 12.0  # ticks, legend, value labels
# viewBox widths: narrow enough that text stays legible on a 390 px phone, where the figure shrinks to fit
ROWS_WIDTH = 360.0  # horizontal bars (labels above the bars)
PROGRESS_WIDTH = 280.0  # a single bar without a label line (a progress bar under its heading)
COLUMNS_WIDTH = 400.0  # vertical bars
PLOT_WIDTH = 440.0  # line and event-study plots
CHAR = 0.62  # average glyph width of a sans-serif font (DejaVu Sans is wide), in em: where text fits


# --- shapes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    key: str = ""
    rx: float = 0.0
    stroke: str = ""
    title: str = ""  # a tooltip on the page


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    key: str = ""
    width: float = 1.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    key: str = ""
    width: float = 2.0


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str
    key: str = ""
    opacity: float = 1.0


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str
    key: str = ""
    stroke: str = ""
    stroke_width: float = 0.0
    title: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    key: str = ""
    size: float = FONT
    anchor: str = "start"  # start | middle | end
    fill: str = palette.TEXT
    bold: bool = False
    full: str = ""  # the whole label when `text` was shortened to fit
    href: str = ""


Shape = Rect | Line | Polyline | Polygon | Circle | Text


@dataclass(frozen=True)
class Figure:
    chart_id: str
    width: float
    height: float
    title: str
    description: str
    shapes: tuple[Shape, ...] = field(default_factory=tuple)

    def find(self, key: str) -> list[Shape]:
        """Shapes whose key is `key` or starts with `key:` (`find("bar")` → every bar)."""
        return [s for s in self.shapes if s.key == key or s.key.startswith(key + ":")]

    def one(self, key: str) -> Shape:
        (shape,) = [s for s in self.shapes if s.key == key]
        return shape


# --- helpers --------------------------------------------------------------------------------------


def format_value(value: float, fmt: ValueFormat) -> str:
    text = format_percent(value, fmt.decimals, trim=False) if fmt.percent else format_number(value, fmt.decimals)
    return f"{text} {fmt.unit}" if fmt.unit else text


def x_text(x: float) -> str:
    """An x value without thousands marks: x is mostly a year or a period (`2026`, not `2.026`)."""
    return format_number(x, tick_decimals([x]), grouping=False)


def text_width(text: str, size: float = FONT) -> float:
    return len(text) * size * CHAR


def fit(text: str, width: float, size: float = FONT) -> str:
    """`text` shortened with an ellipsis to fit `width` (the full text goes to the tooltip and the table)."""
    if text_width(text, size) <= width:
        return text
    keep = max(int(width / (size * CHAR)) - 1, 1)
    return text[:keep].rstrip() + "…"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 × 10ⁿ apart) covering `low`..`high`."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step + 1e-9) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
        if ticks[-1] >= high:
            break
    return ticks


def tick_decimals(ticks: Sequence[float]) -> int:
    """Decimals needed to write every tick differently (0.25 steps → 2)."""
    for decimals in range(4):
        if all(abs(t * 10**decimals - round(t * 10**decimals)) < 1e-6 for t in ticks):
            return decimals
    return 4


def chart_id_for(spec: Chart) -> str:
    if spec.chart_id:
        return spec.chart_id
    digest = hashlib.sha1(repr(spec).encode(), usedforsecurity=False).hexdigest()[:10]
    return f"chart-{digest}"


@dataclass
class _Axis:
    """A linear value scale from `low`..`high` onto pixel `start`..`end` (end may be less than start)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return self.start + (value - self.low) / span * (self.end - self.start)


def _legend(
    items: Sequence[tuple[str, Callable[[float, float], list[Shape]]]], *, width: float, y: float
) -> tuple[list[Shape], float]:
    """Legend entries in rows: a 14-unit swatch drawn by the callable, then the name. Returns shapes, height."""
    shapes: list[Shape] = []
    x, row = 0.0, 0
    for name, swatch in items:
        needed = 20 + text_width(name, SMALL) + 14
        if x > 0 and x + needed > width:
            x, row = 0.0, row + 1
        top = y + row * 18
        shapes.extend(swatch(x, top))
        shapes.append(Text(x + 20, top + 11, name, key=f"legend:{name}", size=SMALL))
        x += needed
    return shapes, (row + 1) * 18 if items else 0.0


def _square(colour: str) -> Callable[[float, float], list[Shape]]:
    return lambda x, y: [Rect(x, y + 1, 12, 12, colour, key="swatch", rx=2)]


def _value_ticks(axis_max: float) -> tuple[list[float], int]:
    ticks = nice_ticks(0, axis_max or 1)
    return ticks, tick_decimals(ticks)


def _tick_text(value: float, decimals: int, fmt: ValueFormat) -> str:
    text = format_number(value, decimals)
    return f"{text}%" if fmt.percent else text


# --- bar charts -----------------------------------------------------------------------------------

ROW_LABEL = 18.0
ROW_BAR = 16.0
ROW_GAP = 10.0


def _horizontal_rows(
    *,
    labels: Sequence[str],
    hrefs: Sequence[str],
    segments: Sequence[Sequence[tuple[float, str, str]]],  # per row: (value, colour, tooltip)
    value_texts: Sequence[str],
    scale_max: float,
    track: bool,
    width: float,
    top: float,
    show_labels: bool = True,
) -> tuple[list[Shape], float]:
    """Rows of a horizontal (stacked) bar chart: the label on its own line above the bar, so long unit
    names stay readable on a phone; the value follows the bar's end."""
    shapes: list[Shape] = []
    value_space = max((text_width(t) for t in value_texts), default=0) + 10
    plot_width = max(width - value_space, width * 0.4)
    label_height = ROW_LABEL if show_labels else 0.0
    bar_height = ROW_BAR if show_labels else ROW_BAR + 4
    row_height = label_height + bar_height + ROW_GAP
    for i, label in enumerate(labels):
        y = top + i * row_height
        if show_labels:
            short = fit(label, width)
            shapes.append(Text(0, y + 13, short, key=f"label:{i}", full=label if short != label else "", href=hrefs[i]))
        bar_y = y + label_height
        if track:
            shapes.append(Rect(0, bar_y, plot_width, bar_height, palette.TRACK, key=f"track:{i}", rx=3))
        x = 0.0
        for j, (value, colour, tooltip) in enumerate(segments[i]):
            length = plot_width * min(max(value, 0.0) / scale_max, 1.0) if scale_max > 0 else 0.0
            length = min(length, plot_width - x)
            key = f"bar:{i}" if len(segments[i]) == 1 else f"segment:{i}:{j}"
            shapes.append(
                Rect(x, bar_y, length, bar_height, colour, key=key, rx=3 if len(segments[i]) == 1 else 0,
                     stroke=palette.BACKGROUND if len(segments[i]) > 1 else "", title=tooltip)
            )  # fmt: skip
            x += length
        end = plot_width if track else x
        shapes.append(Text(end + 6, bar_y + bar_height / 2 + 4.5, value_texts[i], key=f"value:{i}"))
    height = len(labels) * row_height - ROW_GAP
    return shapes, height


def _vertical_columns(
    *,
    labels: Sequence[str],
    segments: Sequence[Sequence[tuple[float, str, str]]],
    value_texts: Sequence[str],
    scale_max: float,
    fmt: ValueFormat,
    width: float,
    top: float,
    plot_height: float = 200.0,
) -> tuple[list[Shape], float]:
    """Columns on a value axis with gridlines; category labels under the columns, values above them."""
    ticks, decimals = _value_ticks(scale_max)
    axis_max = max(ticks[-1], scale_max)
    tick_texts = [_tick_text(t, decimals, fmt) for t in ticks]
    left = max(text_width(t, SMALL) for t in tick_texts) + 8
    plot_top = top + 16  # room for the value above the tallest column
    axis = _Axis(0, axis_max, plot_top + plot_height, plot_top)
    shapes: list[Shape] = []
    for t, text in zip(ticks, tick_texts, strict=True):
        y = axis(t)
        shapes.append(Line(left, y, width, y, palette.GRID, key=f"grid:{text}", width=0.8))
        shapes.append(Text(left - 6, y + 4, text, key=f"tick:{text}", size=SMALL, anchor="end", fill=palette.MUTED))
    band = (width - left) / max(len(labels), 1)
    column = band * 0.62
    for i, label in enumerate(labels):
        x = left + i * band + (band - column) / 2
        base = axis(0)
        for j, (value, colour, tooltip) in enumerate(segments[i]):
            height = axis(0) - axis(min(max(value, 0.0), axis_max))
            height = min(height, base - plot_top)
            key = f"bar:{i}" if len(segments[i]) == 1 else f"segment:{i}:{j}"
            shapes.append(
                Rect(x, base - height, column, height, colour, key=key,
                     stroke=palette.BACKGROUND if len(segments[i]) > 1 else "", title=tooltip)
            )  # fmt: skip
            base -= height
        centre = x + column / 2
        shapes.append(Text(centre, base - 5, value_texts[i], key=f"value:{i}", size=SMALL, anchor="middle"))
        short = fit(label, band - 4, SMALL)
        shapes.append(
            Text(centre, axis(0) + 16, short, key=f"label:{i}", size=SMALL, anchor="middle",
                 full=label if short != label else "")
        )  # fmt: skip
    shapes.append(Line(left, axis(0), width, axis(0), palette.AXIS, key="baseline", width=1.2))
    return shapes, plot_top - top + plot_height + 22


def _bar_layout(spec: BarChart) -> tuple[list[Shape], float, float]:
    for bar in spec.bars:
        if bar.value < 0:
            raise ValueError("Bar values are counts or shares and cannot be negative.")
    values = [b.value for b in spec.bars]
    scale_max = spec.max_value if spec.max_value is not None else max(values, default=0)
    texts = [b.value_label or format_value(b.value, spec.value_format) for b in spec.bars]
    segments = [
        [(b.value, palette.tone_colour(b.tone), f"{b.label}: {t}")] for b, t in zip(spec.bars, texts, strict=True)
    ]
    if spec.orientation == "horizontal":
        width = ROWS_WIDTH if spec.show_labels else PROGRESS_WIDTH
        shapes, height = _horizontal_rows(
            labels=[b.label for b in spec.bars], hrefs=[b.href for b in spec.bars], segments=segments,
            value_texts=texts, scale_max=scale_max, track=spec.max_value is not None, width=width, top=0,
            show_labels=spec.show_labels,
        )  # fmt: skip
        return shapes, width, height
    width = COLUMNS_WIDTH
    shapes, height = _vertical_columns(
        labels=[b.label for b in spec.bars], segments=segments, value_texts=texts, scale_max=scale_max,
        fmt=spec.value_format, width=width, top=0,
    )  # fmt: skip
    return shapes, width, height


def _stacked_layout(spec: StackedBarChart) -> tuple[list[Shape], float, float]:
    for series in spec.series:
        if len(series.values) != len(spec.categories):
            raise ValueError(f"Series {series.name!r} needs one value per category.")
        if any(v < 0 for v in series.values):
            raise ValueError("Stacked values are counts or shares and cannot be negative.")
    width = ROWS_WIDTH if spec.orientation == "horizontal" else COLUMNS_WIDTH
    legend, legend_height = _legend(
        [(s.name, _square(palette.series_colour(i))) for i, s in enumerate(spec.series)], width=width, y=0
    )
    totals = [sum(s.values[i] for s in spec.series) for i in range(len(spec.categories))]
    texts = [format_value(t, spec.value_format) for t in totals]
    segments = [
        [
            (
                s.values[i],
                palette.series_colour(j),
                f"{category} – {s.name}: {format_value(s.values[i], spec.value_format)}",
            )
            for j, s in enumerate(spec.series)
        ]
        for i, category in enumerate(spec.categories)
    ]
    top = legend_height + 8
    if spec.orientation == "horizontal":
        shapes, height = _horizontal_rows(
            labels=list(spec.categories), hrefs=[""] * len(spec.categories), segments=segments, value_texts=texts,
            scale_max=max(totals, default=0), track=False, width=width, top=top,
        )  # fmt: skip
    else:
        shapes, height = _vertical_columns(
            labels=list(spec.categories), segments=segments, value_texts=texts, scale_max=max(totals, default=0),
            fmt=spec.value_format, width=width, top=top,
        )  # fmt: skip
    return legend + shapes, width, top + height


# --- line with a band, event study ----------------------------------------------------------------


def _y_axis(
    low: float, high: float, *, fmt: ValueFormat, width: float, top: float, plot_height: float, left_extra: float = 0
) -> tuple[_Axis, float, list[Shape]]:
    ticks = nice_ticks(low, high)
    decimals = tick_decimals(ticks)
    texts = [_tick_text(t, decimals, fmt) for t in ticks]
    left = max(text_width(t, SMALL) for t in texts) + 8 + left_extra
    axis = _Axis(ticks[0], ticks[-1], top + plot_height, top)
    shapes: list[Shape] = []
    for t, text in zip(ticks, texts, strict=True):
        y = axis(t)
        shapes.append(Line(left, y, width, y, palette.GRID, key=f"grid:{text}", width=0.8))
        shapes.append(Text(left - 6, y + 4, text, key=f"tick:{text}", size=SMALL, anchor="end", fill=palette.MUTED))
    return axis, left, shapes


def _x_axis(left: float, width: float, base: float, name: str) -> list[Shape]:
    """The x axis line at `base` and, when given, its name centred under the tick labels."""
    shapes: list[Shape] = [Line(left, base, width, base, palette.AXIS, key="baseline", width=1.2)]
    if name:
        centre = (left + width) / 2
        shapes.append(Text(centre, base + 36, name, key="x-name", size=SMALL, anchor="middle", fill=palette.MUTED))
    return shapes


def _line_layout(spec: LineChart) -> tuple[list[Shape], float, float]:
    if not spec.points:
        raise ValueError("A line chart needs at least one point.")
    width, plot_height = PLOT_WIDTH, 200.0
    colour = palette.series_colour(0)
    band_colour = palette.tint(colour, 0.25)
    items: list[tuple[str, Callable[[float, float], list[Shape]]]] = []
    if spec.series_name:
        items.append((spec.series_name, lambda x, y: [Line(x, y + 7, x + 14, y + 7, colour, key="swatch", width=2.5)]))
    banded = [p for p in spec.points if p.lower is not None and p.upper is not None]
    if banded and spec.band_name:
        items.append((spec.band_name, lambda x, y: [Rect(x, y + 1, 14, 12, band_colour, key="swatch")]))
    if spec.marks:
        items.append(
            (
                spec.mark_name or _("Marked"),
                lambda x, y: [Line(x + 7, y, x + 7, y + 14, palette.MUTED, key="swatch", width=1.2, dash=(4, 3))],
            )
        )
    legend, legend_height = _legend(items, width=width, y=0)
    shapes: list[Shape] = list(legend)
    top = legend_height + (30 if spec.y_name else 10)
    if spec.y_name:
        shapes.append(Text(0, top - 14, spec.y_name, key="y-name", size=SMALL, fill=palette.MUTED))
    lows = [p.y for p in spec.points] + [p.lower for p in banded if p.lower is not None]
    highs = [p.y for p in spec.points] + [p.upper for p in banded if p.upper is not None]
    y_axis, left, grid = _y_axis(
        min(lows), max(highs), fmt=spec.value_format, width=width, top=top, plot_height=plot_height
    )
    shapes.extend(grid)
    xs = [p.x for p in spec.points]
    inset = 14.0
    x_low, x_high = min(xs), max(xs)
    if x_low == x_high:
        x_low, x_high = x_low - 1, x_high + 1
    x_axis = _Axis(x_low, x_high, left + inset, width - inset)
    points = sorted(spec.points, key=lambda p: p.x)
    banded = sorted(banded, key=lambda p: p.x)
    if banded:
        upper = [(x_axis(p.x), y_axis(p.upper)) for p in banded if p.upper is not None]
        lower = [(x_axis(p.x), y_axis(p.lower)) for p in reversed(banded) if p.lower is not None]
        shapes.append(Polygon(tuple(upper + lower), band_colour, key="band"))
    base = top + plot_height
    for i, mark in enumerate(spec.marks):
        if x_low <= mark.x <= x_high:
            mx = x_axis(mark.x)
            shapes.append(Line(mx, top, mx, base, palette.MUTED, key=f"mark:{i}", width=1.2, dash=(4, 3)))
    shapes.append(Polyline(tuple((x_axis(p.x), y_axis(p.y)) for p in points), colour, key="line", width=2.5))
    # As many x labels as fit side by side (about 0.55 em per character), at most 8.
    longest = max(len(p.label or x_text(p.x)) for p in points)
    fits = max(1, int((width - left) // (longest * SMALL * 0.55 + 10)))
    step = math.ceil(len(points) / min(8, fits))
    for i, p in enumerate(points):
        label = p.label or x_text(p.x)
        value = format_value(p.y, spec.value_format)
        shapes.append(Circle(x_axis(p.x), y_axis(p.y), 3.5, colour, key=f"point:{i}", title=f"{label}: {value}"))
        if i % step == 0:
            shapes.append(
                Text(x_axis(p.x), base + 16, label, key=f"x-tick:{i}", size=SMALL, anchor="middle", fill=palette.MUTED)
            )
    return shapes + _x_axis(left, width, base, spec.x_name), width, base + (42 if spec.x_name else 22)


def _event_study_layout(spec: EventStudyChart) -> tuple[list[Shape], float, float]:
    if any(e.period == spec.reference_period for e in spec.estimates):
        raise ValueError("The reference period is omitted from the estimates (its effect is 0 by construction).")
    if any(e.lower > e.estimate or e.upper < e.estimate for e in spec.estimates):
        raise ValueError("Each interval must contain its estimate.")
    width, plot_height = PLOT_WIDTH, 220.0
    colour = palette.series_colour(0)
    interval_name = spec.interval_name or _("Confidence interval")
    entries: list[tuple[str, Callable[[float, float], list[Shape]]]] = [
        (_("Estimate"), lambda x, y: [Circle(x + 7, y + 7, 4, colour, key="swatch")]),
        (interval_name, lambda x, y: [Line(x + 7, y + 1, x + 7, y + 13, colour, key="swatch", width=1.6)]),
    ]
    if spec.reference_period is not None:
        entries.append(
            (
                _("Reference period (omitted, 0)"),
                lambda x, y: [
                    Circle(x + 7, y + 7, 4, palette.BACKGROUND, key="swatch", stroke=colour, stroke_width=1.6)
                ],
            )
        )
    legend, legend_height = _legend(
        entries,
        width=width,
        y=0,
    )
    shapes: list[Shape] = list(legend)
    top = legend_height + (30 if spec.y_name else 10)
    if spec.y_name:
        shapes.append(Text(0, top - 14, spec.y_name, key="y-name", size=SMALL, fill=palette.MUTED))
    lows = [0.0] + [e.lower for e in spec.estimates]
    highs = [0.0] + [e.upper for e in spec.estimates]
    y_axis, left, grid = _y_axis(
        min(lows), max(highs), fmt=spec.value_format, width=width, top=top, plot_height=plot_height
    )
    shapes.extend(grid)
    periods = [e.period for e in spec.estimates] + [spec.event_period]
    if spec.reference_period is not None:
        periods.append(spec.reference_period)
    counts = {e.period: e.n for e in spec.estimates if e.n is not None}
    first, last = min(periods), max(periods)
    step = (width - left) / (last - first + 1)

    def x_of(period: float) -> float:
        return left + (period - first + 0.5) * step

    zero = y_axis(0)
    base = top + plot_height
    shapes.append(Line(left, zero, width, zero, palette.AXIS, key="zero-line", width=1.4))
    event_x = x_of(spec.event_period)
    shapes.append(Line(event_x, top, event_x, base, palette.MUTED, key="event-line", width=1.2, dash=(4, 3)))
    event_label = spec.event_name or _("Event")
    shapes.append(Text(event_x + 4, top + 11, event_label, key="event-label", size=SMALL, fill=palette.MUTED))
    for period in range(first, last + 1):
        shapes.append(
            Text(
                x_of(period),
                base + 16,
                format_number(period),
                key=f"x-tick:{period}",
                size=SMALL,
                anchor="middle",
                fill=palette.MUTED,
            )
        )
        if period in counts:
            shapes.append(
                Text(x_of(period), base + 30, format_number(counts[period]), key=f"n:{period}", size=SMALL - 1,
                     anchor="middle", fill=palette.MUTED)
            )  # fmt: skip
    if counts:
        shapes.append(Text(0, base + 30, "n", key="n-label", size=SMALL - 1, fill=palette.MUTED))
    cap = min(step * 0.18, 6)
    for e in sorted(spec.estimates, key=lambda e: e.period):
        x = x_of(e.period)
        low, high = y_axis(e.lower), y_axis(e.upper)
        tooltip = _("Period %(period)s: %(estimate)s (%(lower)s to %(upper)s)") % {
            "period": format_number(e.period),
            "estimate": format_value(e.estimate, spec.value_format),
            "lower": format_value(e.lower, spec.value_format),
            "upper": format_value(e.upper, spec.value_format),
        }
        shapes.append(Line(x, low, x, high, colour, key=f"whisker:{e.period}", width=1.6))
        shapes.append(Line(x - cap, low, x + cap, low, colour, key=f"cap-low:{e.period}", width=1.6))
        shapes.append(Line(x - cap, high, x + cap, high, colour, key=f"cap-high:{e.period}", width=1.6))
        shapes.append(Circle(x, y_axis(e.estimate), 4, colour, key=f"estimate:{e.period}", title=tooltip))
    if spec.reference_period is not None:
        ref_x = x_of(spec.reference_period)
        shapes.append(
            Circle(ref_x, zero, 4, palette.BACKGROUND, key="reference", stroke=colour, stroke_width=1.6,
                   title=_("Period %(period)s: reference (omitted, 0)") % {"period": format_number(spec.reference_period)})
        )  # fmt: skip
    below = 14 if counts else 0
    return (
        shapes + _x_axis(left, width, base + below, spec.x_name),
        width,
        base + below + (42 if spec.x_name else 22),
    )


# --- the figure -----------------------------------------------------------------------------------


def describe(spec: Chart) -> str:
    """The spec's description, or a one-sentence summary of the data when it has none."""
    if spec.description:
        return spec.description
    if isinstance(spec, BarChart):
        if not spec.bars:
            return _("No data.")
        top = max(spec.bars, key=lambda b: b.value)
        return _("%(count)s bars; the largest is %(label)s with %(value)s.") % {
            "count": format_number(len(spec.bars)),
            "label": top.label,
            "value": top.value_label or format_value(top.value, spec.value_format),
        }
    if isinstance(spec, StackedBarChart):
        return _("%(count)s bars, each split into %(series)s.") % {
            "count": format_number(len(spec.categories)),
            "series": ", ".join(s.name for s in spec.series),
        }
    if isinstance(spec, LineChart):
        first, last = min(spec.points, key=lambda p: p.x), max(spec.points, key=lambda p: p.x)
        return _("%(count)s points from %(first)s to %(last)s.") % {
            "count": format_number(len(spec.points)),
            "first": first.label or x_text(first.x),
            "last": last.label or x_text(last.x),
        }
    periods = [e.period for e in spec.estimates]
    if spec.reference_period is None:
        return _("Estimates for periods %(first)s to %(last)s around the event at period %(event)s.") % {
            "first": format_number(min(periods, default=spec.event_period)),
            "last": format_number(max(periods, default=spec.event_period)),
            "event": format_number(spec.event_period),
        }
    return _(
        "Estimates for periods %(first)s to %(last)s around the event at period %(event)s; "
        "period %(reference)s is the omitted reference (0 by construction)."
    ) % {
        "first": format_number(min(periods, default=spec.reference_period)),
        "last": format_number(max(periods, default=spec.reference_period)),
        "event": format_number(spec.event_period),
        "reference": format_number(spec.reference_period),
    }


PAD = 4.0


def layout(spec: Chart) -> Figure:
    """The positioned shapes of `spec` (pure: the same spec always gives the same figure)."""
    if isinstance(spec, BarChart):
        shapes, width, height = _bar_layout(spec)
    elif isinstance(spec, StackedBarChart):
        shapes, width, height = _stacked_layout(spec)
    elif isinstance(spec, LineChart):
        shapes, width, height = _line_layout(spec)
    elif isinstance(spec, EventStudyChart):
        shapes, width, height = _event_study_layout(spec)
    else:  # pragma: no cover - the type says it cannot happen
        raise TypeError(f"Not a chart: {spec!r}")
    return Figure(
        chart_id=chart_id_for(spec),
        width=width + 2 * PAD,
        height=max(height, 1) + 2 * PAD,
        title=spec.title,
        description=describe(spec),
        shapes=tuple(_moved(s, PAD) for s in shapes),
    )


def _moved(shape: Shape, d: float) -> Shape:
    """The shape shifted by the padding, so nothing touches the edge of the viewBox."""
    from dataclasses import replace

    if isinstance(shape, Rect):
        return replace(shape, x=shape.x + d, y=shape.y + d)
    if isinstance(shape, Line):
        return replace(shape, x1=shape.x1 + d, y1=shape.y1 + d, x2=shape.x2 + d, y2=shape.y2 + d)
    if isinstance(shape, Polyline | Polygon):
        return replace(shape, points=tuple((x + d, y + d) for x, y in shape.points))
    if isinstance(shape, Circle):
        return replace(shape, cx=shape.cx + d, cy=shape.cy + d)
    return replace(shape, x=shape.x + d, y=shape.y + d)
