"""The counter poster: an A4 page under the Pemda's letterhead with the QR code of the unit's SKM form."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from bina.core.emblem import Letterhead, letterhead_flowables
from bina.people.models import OrgUnit


def form_url(pemda_slug: str, unit: OrgUnit, service_code: str = "") -> str:
    path = reverse("public:skm:form", kwargs={"pemda_slug": pemda_slug, "unit_code": unit.code})
    query = f"?layanan={service_code}" if service_code else ""
    return f"{settings.SITE_URL.rstrip('/')}{path}{query}"


def _qr_drawing(data: str, size: float) -> object:
    from reportlab.graphics.shapes import Drawing, Rect
    from reportlab.lib import colors

    matrix = [list(row) for row in segno.make(data, error="m", micro=False).matrix]
    n = len(matrix)
    quiet = 2
    module = size / (n + 2 * quiet)
    drawing = Drawing(size, size)
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                drawing.add(
                    Rect(
                        (quiet + start) * module,
                        (n + quiet - r - 1) * module,
                        (c - start) * module,
                        module,
                        fillColor=colors.black,
                        strokeColor=None,
                    )
                )
            else:
                c += 1
    return drawing


def poster_pdf(
    *, pemda_slug: str, unit: OrgUnit, letterhead: Letterhead | None, service_code: str = "", service_name: str = ""
) -> bytes:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    url = form_url(pemda_slug, unit, service_code)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Satisfaction survey"),
    )
    styles = getSampleStyleSheet()
    title = styles["Title"].clone("poster-title", fontSize=26, leading=32)
    centre = styles["BodyText"].clone("poster-body", fontSize=14, leading=19, alignment=TA_CENTER)
    small = styles["BodyText"].clone("poster-small", fontSize=10, leading=13, alignment=TA_CENTER)
    story: list[object] = letterhead_flowables(letterhead, doc.width) if letterhead is not None else []
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(escape(_("How were you served today?")), title))
    story.append(Paragraph(escape(unit.name + (f" · {service_name}" if service_name else "")), centre))
    story.append(Spacer(1, 8 * mm))
    qr = _qr_drawing(url, 120 * mm)
    qr.hAlign = "CENTER"  # type: ignore[attr-defined]
    story.append(qr)
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(
            escape(_("Scan the code with your phone's camera and answer nine short questions. No name needed.")), centre
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(escape(url), small))
    story.append(Paragraph(escape(_("Survei Kepuasan Masyarakat (PermenPANRB 14/2017)")), small))
    doc.build(story)
    return buffer.getvalue()
