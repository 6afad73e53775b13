"""The PDF renderer: draws the same `Figure` as the page (one geometry, two renderers) with reportlab.

`chart_drawing(spec)` is a platypus flowable (put it in any `SimpleDocTemplate` story, e.g. a report);
`chart_flowables(spec)` adds the data table under it; `chart_pdf(spec)` is a one-chart A4 document.
Fonts are reportlab's standard Helvetica (nothing embedded or fetched).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.graphics.shapes import Circle as PdfCircle
from reportlab.graphics.shapes import Drawing, Group, PolyLine, String
from reportlab.graphics.shapes import Line as PdfLine
from reportlab.graphics.shapes import Polygon as PdfPolygon
from reportlab.graphics.shapes import Rect as PdfRect
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bina.charts import palette
from bina.charts.geometry import Circle, Figure, Line, Polygon, Polyline, Rect, Shape, Text, layout
from bina.charts.specs import Chart
from bina.charts.table import data_table

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"


def _colour(value: str) -> colors.Color:
    return colors.HexColor(value)


def _shape(shape: Shape, height: float) -> Any:
    """One shape in PDF coordinates: same x, y measured from the bottom (`height - y`)."""
    if isinstance(shape, Rect):
        return PdfRect(
            shape.x, height - shape.y - shape.height, shape.width, shape.height,
            rx=shape.rx, ry=shape.rx, fillColor=_colour(shape.fill),
            strokeColor=_colour(shape.stroke) if shape.stroke else None, strokeWidth=0.8 if shape.stroke else 0,
        )  # fmt: skip
    if isinstance(shape, Line):
        return PdfLine(
            shape.x1, height - shape.y1, shape.x2, height - shape.y2,
            strokeColor=_colour(shape.stroke), strokeWidth=shape.width,
            strokeDashArray=list(shape.dash) if shape.dash else None,
        )  # fmt: skip
    if isinstance(shape, Polyline):
        flat = [c for x, y in shape.points for c in (x, height - y)]
        return PolyLine(flat, strokeColor=_colour(shape.stroke), strokeWidth=shape.width, strokeLineJoin=1)
    if isinstance(shape, Polygon):
        flat = [c for x, y in shape.points for c in (x, height - y)]
        return PdfPolygon(
            flat, fillColor=_colour(shape.fill), fillOpacity=shape.opacity, strokeColor=None, strokeWidth=0
        )
    if isinstance(shape, Circle):
        return PdfCircle(
            shape.cx, height - shape.cy, shape.r, fillColor=_colour(shape.fill),
            strokeColor=_colour(shape.stroke) if shape.stroke else None, strokeWidth=shape.stroke_width,
        )  # fmt: skip
    assert isinstance(shape, Text)
    return String(
        shape.x, height - shape.y, shape.text, fontName=FONT_BOLD if shape.bold else FONT, fontSize=shape.size,
        fillColor=_colour(shape.fill), textAnchor=shape.anchor,
    )  # fmt: skip


# One figure unit in points: 13-unit labels print at about 10 pt, the size of a report's body text.
POINTS_PER_UNIT = 0.75


def figure_drawing(figure: Figure, *, width: float | None = None) -> Drawing:
    """The figure scaled to `width` points (by default its natural print size); the aspect ratio is kept."""
    scale = width / figure.width if width else POINTS_PER_UNIT
    drawing = Drawing(figure.width * scale, figure.height * scale)
    group = Group(*(_shape(s, figure.height) for s in figure.shapes))
    group.scale(scale, scale)
    drawing.add(group)
    return drawing


def chart_drawing(spec: Chart, *, width: float | None = None) -> Drawing:
    return figure_drawing(layout(spec), width=width)


def chart_flowables(spec: Chart, *, width: float | None = None, with_table: bool = True) -> list[Any]:
    """Title, description and drawing kept on one page, then (by default) the data table."""
    from xml.sax.saxutils import escape

    figure = layout(spec)
    styles = getSampleStyleSheet()
    story: list[Any] = [
        KeepTogether(
            [
                Paragraph(escape(figure.title), styles["Heading3"]),
                Paragraph(escape(figure.description), styles["BodyText"]),
                Spacer(1, 2 * mm),
                figure_drawing(figure, width=width),
            ]
        )
    ]
    if with_table:
        table = data_table(spec)
        cell = styles["BodyText"].clone("chart-cell", fontSize=8, leading=10)
        number = cell.clone("chart-number", alignment=TA_RIGHT)
        styles_of = [number if c.numeric else cell for c in table.columns]
        rows: list[list[Any]] = [
            [Paragraph(f"<b>{escape(c.name)}</b>", st) for c, st in zip(table.columns, styles_of, strict=True)]
        ]
        rows += [[Paragraph(escape(c.text), st) for c, st in zip(row, styles_of, strict=True)] for row in table.rows]
        grid = Table(rows, repeatRows=1, hAlign="LEFT")
        grid.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), _colour(palette.TRACK)),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [Spacer(1, 4 * mm), grid]
    return story


def chart_pdf(spec: Chart) -> bytes:
    """A one-chart A4 PDF (title, description, chart, data table)."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
        title=spec.title,
    )  # fmt: skip
    doc.build(chart_flowables(spec))
    return buffer.getvalue()
