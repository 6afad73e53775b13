"""The data-table fallback: the same numbers as the chart, as rows and columns of formatted text.

Pages show it under the chart (the `{% chart %}` tag, a `<details>`), PDFs print it under the drawing; it is
what a screen reader or a reader who cannot tell the colours apart uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bina.charts.geometry import format_value, x_text
from bina.charts.specs import BarChart, Chart, EventStudyChart, LineChart, StackedBarChart
from bina.core.numbers import format_number


@dataclass(frozen=True)
class Cell:
    text: str
    href: str = ""


@dataclass(frozen=True)
class Column:
    name: str
    numeric: bool = False


@dataclass(frozen=True)
class DataTable:
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...] = field(default_factory=tuple)


def data_table(spec: Chart) -> DataTable:
    if isinstance(spec, BarChart):
        return DataTable(
            caption=spec.title,
            columns=(Column(spec.category_name or _("Category")), Column(spec.value_name or _("Value"), numeric=True)),
            rows=tuple(
                (Cell(b.label, b.href), Cell(b.value_label or format_value(b.value, spec.value_format)))
                for b in spec.bars
            ),
        )
    if isinstance(spec, StackedBarChart):
        fmt = spec.value_format
        return DataTable(
            caption=spec.title,
            columns=(
                Column(spec.category_name or _("Category")),
                *(Column(s.name, numeric=True) for s in spec.series),
                Column(_("Total"), numeric=True),
            ),
            rows=tuple(
                (
                    Cell(category),
                    *(Cell(format_value(s.values[i], fmt)) for s in spec.series),
                    Cell(format_value(sum(s.values[i] for s in spec.series), fmt)),
                )
                for i, category in enumerate(spec.categories)
            ),
        )
    if isinstance(spec, LineChart):
        fmt = spec.value_format
        has_band = any(p.lower is not None for p in spec.points)
        band = spec.band_name or _("Band")
        columns = [Column(spec.x_name or "x"), Column(spec.series_name or spec.y_name or _("Value"), numeric=True)]
        if has_band:
            columns += [
                Column(_("%(band)s, lower") % {"band": band}, numeric=True),
                Column(_("%(band)s, upper") % {"band": band}, numeric=True),
            ]
        rows = []
        for p in sorted(spec.points, key=lambda p: p.x):
            row = [Cell(p.label or x_text(p.x)), Cell(format_value(p.y, fmt))]
            if has_band:
                row += [
                    Cell(format_value(p.lower, fmt) if p.lower is not None else "–"),
                    Cell(format_value(p.upper, fmt) if p.upper is not None else "–"),
                ]
            rows.append(tuple(row))
        return DataTable(caption=spec.title, columns=tuple(columns), rows=tuple(rows))
    return _event_study_table(spec)


def _event_study_table(spec: EventStudyChart) -> DataTable:
    fmt = spec.value_format
    interval = spec.interval_name or _("Confidence interval")
    by_period = {e.period: e for e in spec.estimates}
    rows = []
    counted = any(e.n is not None for e in spec.estimates)
    periods = set(by_period) | ({spec.reference_period} if spec.reference_period is not None else set())
    for period in sorted(periods):
        if period == spec.reference_period:
            row = (Cell(format_number(period)), Cell(_("0 (reference, omitted)")), Cell("–"), Cell("–"))
            rows.append((*row, Cell("–")) if counted else row)
            continue
        e = by_period[period]
        row = (
            Cell(format_number(period)),
            Cell(format_value(e.estimate, fmt)),
            Cell(format_value(e.lower, fmt)),
            Cell(format_value(e.upper, fmt)),
        )
        rows.append((*row, Cell(format_number(e.n) if e.n is not None else "–")) if counted else row)
    return DataTable(
        caption=spec.title,
        columns=(
            Column(spec.x_name or _("Period")),
            Column(spec.y_name or _("Estimate"), numeric=True),
            Column(_("%(band)s, lower") % {"band": interval}, numeric=True),
            Column(_("%(band)s, upper") % {"band": interval}, numeric=True),
            *([Column(_("Units (n)"), numeric=True)] if counted else []),
        ),
        rows=tuple(rows),
    )
