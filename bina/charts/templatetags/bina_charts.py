"""`{% load bina_charts %}{% chart spec %}`: the chart's SVG with its data table in a `<details>` under it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe

from bina.charts.geometry import layout
from bina.charts.specs import Chart
from bina.charts.svg import figure_svg
from bina.charts.table import data_table

register = template.Library()


@register.inclusion_tag("charts/chart.html")
def chart(spec: Chart | None, table_open: bool = False) -> dict[str, Any]:
    if spec is None:
        return {"figure": None}
    figure = layout(spec)
    return {
        "figure": figure,
        "svg": mark_safe(figure_svg(figure)),  # built by ElementTree: every text is escaped
        "table": data_table(spec),
        "table_open": table_open,
    }
