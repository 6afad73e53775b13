"""The SKM report as Pemdas publish it (PermenPANRB 14/2017, Lampiran: laporan hasil SKM).

Sections: the summary (respondents, population and minimum sample, IKM, converted value, mutu and kinerja,
and the weight used), the NRR table and chart, one table per element with its answers, the respondent
profile, the lowest elements with the suggestions given, and the follow-up plan (rencana tindak lanjut)
to fill in. Cells of fewer than 5 people are printed "< 5".
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from bina.charts.pdf import chart_flowables
from bina.core.dates import format_date
from bina.core.emblem import Letterhead, letterhead_flowables
from bina.core.numbers import format_number
from bina.skm.elements import ELEMENTS
from bina.skm.index import Weight, round_half_up

if TYPE_CHECKING:
    from bina.skm.selectors import SkmResults


def _n(value: Any, decimals: int = 0) -> str:
    return "" if value is None else format_number(value, decimals)


def weight_words(weight: Weight) -> str:
    if weight is Weight.EXACT:
        return _("exactly 1/9 (1 ÷ 9 elements)")
    return _("0,111 as printed (Pemda setting)")


def skm_report_pdf(results: SkmResults, letterhead: Letterhead | None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
        title=_("Satisfaction survey (SKM) results"),
    )  # fmt: skip
    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("skm-body", fontSize=9, leading=12)
    cell = styles["BodyText"].clone("skm-cell", fontSize=8, leading=10)
    grid = TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )

    def table(header: list[str], rows: list[list[Any]], widths: list[float] | None = None) -> Table:
        data = [[Paragraph(f"<b>{escape(h)}</b>", cell) for h in header]]
        data += [[Paragraph(escape(str(v)), cell) for v in row] for row in rows]
        t = Table(data, colWidths=[w * mm for w in widths] if widths else None, repeatRows=1)
        t.setStyle(grid)
        return t

    def heading(text: str) -> Paragraph:
        return Paragraph(escape(text), styles["Heading2"])

    r = results.result
    story: list[Any] = letterhead_flowables(letterhead, doc.width) if letterhead is not None else []
    story.append(Paragraph(escape(_("Satisfaction survey (SKM) results")), styles["Title"]))
    story.append(Paragraph(escape(f"{results.unit.name} ({results.unit.code})"), styles["Heading3"]))
    period = _("Period %(start)s to %(end)s") % {"start": format_date(results.start), "end": format_date(results.end)}
    if results.service_code:
        period += " · " + _("service %(code)s") % {"code": results.service_code}
    story.append(Paragraph(escape(period), body))
    story.append(Spacer(1, 3 * mm))

    # 1. Summary
    story.append(heading(_("1. Summary")))
    population = (
        _n(results.population) + (" (" + (_("service records") if results.population_source == "records" else _("entered by hand")) + ")")
        if results.population
        else _("unknown")
    )  # fmt: skip
    summary = [
        [_("Respondents"), _n(results.respondents)],
        [_("Population (completed transactions)"), population],
        [_("Minimum sample (Krejcie–Morgan)"), _n(results.sample_min) if results.sample_min else "–"],
        [_("Sample met"), ("–" if results.sample_met is None else _("yes") if results.sample_met else _("no"))],
        [_("IKM (scale 1–4)"), _n(round_half_up(r.ikm, 4), 4) if r.ikm is not None else "–"],
        [_("Converted IKM (× 25)"), _n(r.converted, 2) if r.converted is not None else "–"],
        [_("Quality (mutu)"), r.mutu or "–"],
        [_("Performance (kinerja)"), r.kinerja or "–"],
        [_("Weight used"), weight_words(r.weight)],
    ]
    story.append(table([_("Item"), _("Value")], summary, [80, 100]))
    story.append(Spacer(1, 2 * mm))
    story.append(
        Paragraph(
            escape(
                _(
                    "Bands on the converted value: A Sangat Baik 88,31–100,00; B Baik 76,61–88,30; "
                    "C Kurang Baik 65,00–76,60; D Tidak Baik 25,00–64,99 (PermenPANRB 14/2017)."
                )
            ),
            body,
        )
    )

    # 2. NRR per element
    story.append(heading(_("2. Average per element (NRR)")))
    rows = []
    for i, e in enumerate(r.elements, start=1):
        weighted = round_half_up(e.nrr * r.weight.value_fraction, 4) if e.nrr is not None else None
        rows.append(
            [
                f"U{i}",
                e.name,
                _n(e.answered),
                _n(e.total),
                _n(round_half_up(e.nrr, 4) if e.nrr is not None else None, 4),
                _n(weighted, 4),
            ]
        )
    story.append(
        table(
            [_("Element"), _("Name"), _("Respondents"), _("Sum"), _("NRR"), _("NRR × weight")],
            rows,
            [14, 70, 24, 20, 24, 28],
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.extend(chart_flowables(results.nrr_chart, width=doc.width, with_table=False))

    # 3. One table per element
    story.append(heading(_("3. Answers per element")))
    for i, element in enumerate(ELEMENTS, start=1):
        counts = [results.cell(element.code, v) for v in (1, 2, 3, 4)]
        rows = [
            [str(v), element.labels[v - 1], "< 5" if n is None else _n(n)]
            for v, n in zip((1, 2, 3, 4), counts, strict=True)
        ]
        story.append(
            KeepTogether(
                [
                    Paragraph(escape(f"U{i} {element.name}"), styles["Heading4"]),
                    Paragraph(escape(element.question), cell),
                    table([_("Value"), _("Answer"), _("Respondents")], rows, [16, 90, 30]),
                ]
            )
        )

    # 4. Respondent profile
    story.append(heading(_("4. Respondent profile")))
    for profile in results.profile:
        rows = [[row.label, "< 5" if row.count is None else _n(row.count)] for row in profile.rows]
        story.append(
            KeepTogether(
                [
                    Paragraph(escape(profile.name), styles["Heading4"]),
                    table([profile.name, _("Respondents")], rows, [90, 30]),
                ]
            )
        )

    # 5. Lowest elements and suggestions
    story.append(heading(_("5. Lowest elements and the suggestions given")))
    low = [[f"{e.name}", _n(round_half_up(e.nrr, 4) if e.nrr is not None else None, 4)] for e in results.lowest]
    story.append(table([_("Element"), _("NRR")], low, [120, 30]))
    story.append(Spacer(1, 2 * mm))
    if results.suggestions:
        for text in results.suggestions[:30]:
            story.append(Paragraph("• " + escape(text), body))
    else:
        story.append(Paragraph(escape(_("No suggestion was written.")), body))

    # 6. Follow-up plan
    story.append(heading(_("6. Follow-up plan (rencana tindak lanjut)")))
    plan = [[e.name, "", "", ""] for e in results.lowest]
    story.append(table([_("Element"), _("Programme / activity"), _("Time"), _("Responsible")], plan, [50, 60, 30, 40]))
    doc.build(story)
    return buffer.getvalue()
