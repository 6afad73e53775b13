"""The certificate as a PDF (reportlab, A4 landscape), with a vector QR code pointing at the public check.

Built for batches: fonts are reportlab's standard Type 1 fonts (nothing to load or embed), the page
layout is plain drawing calls and the QR code is one filled path of merged module runs, so one
certificate renders in a few milliseconds.
"""

from __future__ import annotations

import io
from datetime import date

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from bina.certificates.models import Certificate, CertificateSettings
from bina.core.emblem import letterhead_draw, letterhead_of
from bina.training.facade import pemda_zone

PAGE = landscape(A4)
ACCENT = Color(0.07, 0.30, 0.55)
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
# The certificate is an official Indonesian document, whatever the UI language of the person printing it.
DOCUMENT_LANGUAGE = "id"


def date_id(day: date) -> str:
    """`17 Agustus 2026`: Indonesian month names, as on official letters."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def date_range_id(start: date, end: date) -> str:
    if start == end:
        return date_id(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_id(end)}"
    return f"{date_id(start)} – {date_id(end)}"


def verify_url(certificate: Certificate) -> str:
    """The QR code's target: the check on the Pemda's public site, with the key that shows the full name."""
    path = reverse(
        "public:verify:certificate", kwargs={"pemda_slug": certificate.pemda.slug, "number": certificate.number}
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}?k={certificate.verify_key}"


def _draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """QR as vector squares: dark modules of a row merged into one rectangle, all filled at once.

    Drawn in module units (translate + scale) and written as literal `re` operators with integer
    coordinates: reportlab's pure-Python number formatting of ~400 float rectangles was most of the
    render time of a certificate.
    """
    # A fixed mask pattern: any mask gives a valid, readable code, and scoring all eight (segno's
    # default) costs ~8 ms per certificate, most of a batch's QR time.
    qr = segno.make(data, error="m", mask=0, micro=False)
    rows = [list(row) for row in qr.matrix]
    n = len(rows)
    quiet = 2
    ops = []
    for r, row in enumerate(rows):
        top = n + quiet - r - 1  # PDF y grows upwards; matrix rows go down
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{quiet + start} {top} {c - start} 1 re")
            else:
                c += 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / (n + 2 * quiet), size / (n + 2 * quiet))
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral("\n".join(ops) + "\nf")
    canvas.restoreState()


def _centred_fit(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, max_width: float) -> None:
    """Centred text, shrunk (down to 60 %) so long names and course titles stay inside the frame."""
    width = stringWidth(text, font, size)
    if width > max_width:
        size = max(size * max_width / width, size * 0.6)
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y, text)


def render_certificate_pdf(
    certificate: Certificate, cert_settings: CertificateSettings, *, page_compression: int = 1
) -> bytes:
    buffer = io.BytesIO()
    width, height = PAGE
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=page_compression)
    canvas.setTitle(f"Sertifikat {certificate.number}")
    canvas.setAuthor(certificate.issuer_name)
    with translation.override(DOCUMENT_LANGUAGE):
        # Frame
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(3)
        canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        canvas.setLineWidth(0.8)
        canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

        # The Pemda's kop surat (emblem, name, the issuing office, double rule): the same letterhead as
        # every other PDF, inside the frame.
        letterhead = letterhead_of(certificate.pemda, office=certificate.issuer_name)
        canvas.setFillColorRGB(0, 0, 0)
        letterhead_draw(canvas, letterhead, x=24 * mm, top=height - 20 * mm, width=width - 48 * mm, emblem_mm=18)

        cx = width / 2
        canvas.setFillColor(ACCENT)
        canvas.setFont("Helvetica-Bold", 34)
        canvas.drawCentredString(cx, height - 64 * mm, "SERTIFIKAT")
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont("Helvetica", 11)
        canvas.drawCentredString(cx, height - 72 * mm, _("Number: %(number)s") % {"number": certificate.number})

        canvas.setFont("Helvetica", 12)
        canvas.drawCentredString(cx, height - 84 * mm, _("is awarded to"))
        text_width = width - 50 * mm
        _centred_fit(canvas, cx, height - 95 * mm, certificate.holder_name, "Helvetica-Bold", 22, text_width)
        canvas.setFont("Helvetica", 12)
        canvas.drawCentredString(cx, height - 102 * mm, _("NIP %(nip)s") % {"nip": certificate.holder_nip})

        canvas.drawCentredString(cx, height - 114 * mm, _("for having completed"))
        _centred_fit(canvas, cx, height - 123 * mm, certificate.course_title, "Helvetica-Bold", 16, text_width)
        canvas.setFont("Helvetica", 12)
        canvas.drawCentredString(
            cx,
            height - 131 * mm,
            _("held on %(dates)s, %(jp)s lesson hours (JP)")
            % {"dates": date_range_id(certificate.starts_on, certificate.ends_on), "jp": certificate.jp},
        )

        # Signature block, right
        sx = width - 85 * mm
        # The date of issue as the Pemda's clock showed it (a UTC date is a day early before 07:00 WIB).
        issued = timezone.localtime(certificate.issued_at, pemda_zone(certificate.pemda_id)).date()
        place = cert_settings.city or ""
        canvas.setFont("Helvetica", 11)
        canvas.drawCentredString(sx, 62 * mm, f"{place}, {date_id(issued)}" if place else date_id(issued))
        canvas.drawCentredString(sx, 56 * mm, certificate.signer_title)
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawCentredString(sx, 32 * mm, certificate.signer_name)
        if cert_settings.signer_nip:
            canvas.setFont("Helvetica", 10)
            canvas.drawCentredString(sx, 26 * mm, _("NIP %(nip)s") % {"nip": cert_settings.signer_nip})

        # QR, left
        _draw_qr(canvas, verify_url(certificate), 25 * mm, 22 * mm, 38 * mm)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(25 * mm, 19 * mm, _("Scan to verify this certificate"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
