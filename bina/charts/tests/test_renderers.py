"""SVG, data table, template tag and PDF: well-formed, accessible, the same numbers, one geometry."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pypdf
import pytest
from django.template import Context, Template
from reportlab.graphics.shapes import Rect as PdfRect

from bina.charts.geometry import Rect, layout
from bina.charts.pdf import chart_drawing, chart_pdf
from bina.charts.specs import (
    Bar,
    BarChart,
    Estimate,
    EventStudyChart,
    LineChart,
    Point,
    Series,
    StackedBarChart,
    ValueFormat,
)
from bina.charts.svg import render_svg
from bina.charts.table import data_table

NS = "{http://www.w3.org/2000/svg}"

HEAD_COUNT = BarChart(
    title="Pegawai aktif per unit",
    bars=[Bar("Dinas <Kesehatan> & RS", 485000, href="/units/D1/"), Bar("Kecamatan A", 1200)],
    category_name="Unit",
    value_name="Jumlah",
)
EVERY_KIND = [
    HEAD_COUNT,
    BarChart(
        title="Vertikal", orientation="vertical", bars=[Bar("2025", 6.2)], value_format=ValueFormat(1, percent=True)
    ),
    StackedBarChart(title="Bertumpuk", categories=["A", "B"], series=[Series("Ya", [1, 2]), Series("Tidak", [3, 4])]),
    StackedBarChart(title="Kolom", orientation="vertical", categories=["A"], series=[Series("Ya", [1])]),
    LineChart(title="Garis", points=[Point(2024, 6.2, 5.1, 7.3), Point(2025, 7.0, 6.0, 8.0)], band_name="IK 95%"),
    EventStudyChart(title="Studi peristiwa", estimates=[Estimate(-2, 0.1, -0.2, 0.4), Estimate(0, 0.6, 0.3, 0.9)]),
]


@pytest.mark.parametrize("spec", EVERY_KIND, ids=lambda s: s.title)
def test_svg_is_well_formed_accessible_and_responsive(spec):
    svg = render_svg(spec)
    root = ET.fromstring(svg)  # raises on malformed XML
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    # Responsive through the viewBox and the stylesheet's `svg.chart { max-width: 100% }`, never a style
    # attribute (the Content-Security-Policy refuses inline styles).
    assert root.get("viewBox", "").startswith("0 0 ") and root.get("class") == "chart" and root.get("style") is None
    assert float(root.get("width", "0")) > 0 and float(root.get("height", "0")) > 0
    title_id, desc_id = root.get("aria-labelledby", "").split()
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None and title.get("id") == title_id and title.text == spec.title
    assert desc is not None and desc.get("id") == desc_id and desc.text
    assert list(root)[:2] == [title, desc]  # first children, as assistive technology expects
    assert root.find(f".//{NS}script") is None and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert root.find(f".//{NS}style") is None and "@import" not in svg and "url(" not in svg


def test_svg_escapes_labels_and_writes_indonesian_numbers():
    svg = render_svg(HEAD_COUNT)
    texts = [t.text for t in ET.fromstring(svg).iter(f"{NS}text")]
    assert "Dinas <Kesehatan> & RS" in texts and "485.000" in texts and "1.200" in texts
    assert "&lt;Kesehatan&gt; &amp; RS" in svg


def test_description_summarises_the_data_when_none_is_given():
    desc = ET.fromstring(render_svg(HEAD_COUNT)).find(f"{NS}desc")
    assert desc is not None and "Dinas <Kesehatan> & RS" in (desc.text or "") and "485.000" in (desc.text or "")


def test_data_table_has_the_same_numbers_and_the_links():
    table = data_table(HEAD_COUNT)
    assert [c.name for c in table.columns] == ["Unit", "Jumlah"] and table.columns[1].numeric
    assert [(r[0].text, r[0].href, r[1].text) for r in table.rows] == [
        ("Dinas <Kesehatan> & RS", "/units/D1/", "485.000"),
        ("Kecamatan A", "", "1.200"),
    ]


def test_event_study_table_names_the_omitted_reference_period():
    table = data_table(EVERY_KIND[-1])
    assert [r[0].text for r in table.rows] == ["-2", "-1", "0"]
    assert table.rows[1][1].text.startswith("0 (") and table.rows[0][1].text == "0,10"
    assert [c.text for c in table.rows[2]] == ["0", "0,60", "0,30", "0,90"]


def test_line_table_has_band_bounds():
    table = data_table(EVERY_KIND[4])
    assert [c.text for c in table.rows[0]] == ["2024", "6,2", "5,1", "7,3"]


def test_chart_tag_renders_the_svg_with_a_data_table_fallback():
    html = Template("{% load bina_charts %}{% chart spec %}").render(Context({"spec": HEAD_COUNT}))
    assert html.count("<svg") == 1 and 'role="img"' in html
    details = html[html.index("<details") : html.index("</details>")]
    assert '<a href="/units/D1/">Dinas &lt;Kesehatan&gt; &amp; RS</a>' in details
    assert '<td class="num">485.000</td>' in details
    assert "<script" not in html


def test_chart_tag_renders_nothing_without_a_chart():
    assert Template("{% load bina_charts %}{% chart spec %}").render(Context({"spec": None})).strip() == ""


def test_pdf_drawing_uses_the_page_geometry():
    figure = layout(HEAD_COUNT)
    drawing = chart_drawing(HEAD_COUNT, width=figure.width * 2)
    (group,) = drawing.contents
    assert len(group.contents) == len(figure.shapes)
    bars = [s for s in figure.find("bar") if isinstance(s, Rect)]
    pdf_bars = [r for r in group.contents if isinstance(r, PdfRect)]
    assert [r.width for r in pdf_bars] == [b.width for b in bars]  # same units; the group scales them
    assert group.transform[0] == pytest.approx(2)
    assert drawing.height == pytest.approx(figure.height * 2)


@pytest.mark.parametrize("spec", EVERY_KIND, ids=lambda s: s.title)
def test_a_real_pdf_contains_the_chart_and_its_numbers(spec):
    data = chart_pdf(spec)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert data.startswith(b"%PDF") and len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert spec.title in text
    if spec is HEAD_COUNT:
        assert text.count("485.000") >= 2  # drawn next to the bar and printed in the table
        assert "Kecamatan A" in text
