"""The SVG renderer: draws a `Figure` as an accessible, self-contained `<svg>` (no script, no fonts, no CDN).

`<svg role="img" aria-labelledby="<id>-title <id>-desc">` with `<title>` and `<desc>` first; the marks
inside are presentational (screen readers read the title, the description and the data table). The
size comes from the viewBox and the width is 100%, so the chart scales with its container.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bina.charts.geometry import Circle, Figure, Line, Polygon, Polyline, Rect, Shape, Text, layout
from bina.charts.specs import Chart

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'
SVG_NS = "http://www.w3.org/2000/svg"


def _n(value: float) -> str:
    """Coordinates with two decimals at most, no trailing zeros (small, stable markup)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _points(points: tuple[tuple[float, float], ...]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _element(shape: Shape) -> ET.Element:
    if isinstance(shape, Rect):
        el = ET.Element(
            "rect",
            {
                "x": _n(shape.x),
                "y": _n(shape.y),
                "width": _n(shape.width),
                "height": _n(shape.height),
                "fill": shape.fill,
            },
        )
        if shape.rx:
            el.set("rx", _n(shape.rx))
        if shape.stroke:
            el.set("stroke", shape.stroke)
    elif isinstance(shape, Line):
        el = ET.Element(
            "line",
            {
                "x1": _n(shape.x1), "y1": _n(shape.y1), "x2": _n(shape.x2), "y2": _n(shape.y2),
                "stroke": shape.stroke, "stroke-width": _n(shape.width),
            },
        )  # fmt: skip
        if shape.dash:
            el.set("stroke-dasharray", " ".join(_n(d) for d in shape.dash))
    elif isinstance(shape, Polyline):
        el = ET.Element(
            "polyline",
            {"points": _points(shape.points), "fill": "none", "stroke": shape.stroke, "stroke-width": _n(shape.width),
             "stroke-linejoin": "round"},
        )  # fmt: skip
    elif isinstance(shape, Polygon):
        el = ET.Element("polygon", {"points": _points(shape.points), "fill": shape.fill})
        if shape.opacity < 1:
            el.set("fill-opacity", _n(shape.opacity))
    elif isinstance(shape, Circle):
        el = ET.Element("circle", {"cx": _n(shape.cx), "cy": _n(shape.cy), "r": _n(shape.r), "fill": shape.fill})
        if shape.stroke:
            el.set("stroke", shape.stroke)
            el.set("stroke-width", _n(shape.stroke_width))
    else:
        el = ET.Element("text", {"x": _n(shape.x), "y": _n(shape.y), "font-size": _n(shape.size), "fill": shape.fill})
        if shape.anchor != "start":
            el.set("text-anchor", shape.anchor)
        if shape.bold:
            el.set("font-weight", "bold")
        el.text = shape.text
    tooltip = getattr(shape, "title", "") or getattr(shape, "full", "")
    if tooltip:
        ET.SubElement(el, "title").text = tooltip
    if isinstance(shape, Text) and shape.href:
        # A mouse shortcut only: the same link is in the data table, where keyboards and screen readers get it.
        link = ET.Element("a", {"href": shape.href, "tabindex": "-1"})
        link.append(el)
        return link
    return el


def figure_svg(figure: Figure) -> str:
    chart_id = figure.chart_id
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {_n(figure.width)} {_n(figure.height)}",
            # The natural size, a little enlarged; CSS (`svg.chart`) shrinks it to its card. No style
            # attribute: the Content-Security-Policy allows styles from the app's own files only.
            "width": _n(figure.width * 1.2),
            "height": _n(figure.height * 1.2),
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "class": "chart",
            "id": chart_id,
            "font-family": FONT_FAMILY,
        },
    )
    ET.SubElement(root, "title", {"id": f"{chart_id}-title"}).text = figure.title
    ET.SubElement(root, "desc", {"id": f"{chart_id}-desc"}).text = figure.description
    marks = ET.SubElement(root, "g", {"aria-hidden": "true"})
    for shape in figure.shapes:
        marks.append(_element(shape))
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def render_svg(spec: Chart) -> str:
    """The chart as an `<svg>` string (safe to mark safe: every text went through the XML serialiser)."""
    return figure_svg(layout(spec))
