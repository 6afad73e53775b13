"""The Pemda's emblem: what an upload must be (PNG or JPEG, small, a real image) and where it is kept.

Only PNG and JPEG: SVG can carry scripts, and the PDF renderers (reportlab) read these two directly.
The file is opened with Pillow (a dependency of reportlab), so a renamed executable or a truncated image
is refused whatever its name or declared type; the stored name is Bina's own.
"""

from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from bina.core.errors import ValidationFailed

if TYPE_CHECKING:
    from bina.core.models import Pemda

MAX_BYTES = 512 * 1024
MAX_SIDE = 2000  # pixels; an emblem is shown at most a few centimetres wide
FORMATS = {"PNG": "png", "JPEG": "jpg"}
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def emblem_check(data: bytes) -> str:
    """The file extension for a valid emblem image (`png` or `jpg`); `ValidationFailed` says what is wrong."""
    if not data:
        raise ValidationFailed(_("The emblem file is empty."))
    if len(data) > MAX_BYTES:
        raise ValidationFailed(_("The emblem may be at most 512 KB."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationFailed(_("The emblem must be a PNG or JPEG image.")) from exc
    if kind not in FORMATS:
        raise ValidationFailed(_("The emblem must be a PNG or JPEG image."))
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ValidationFailed(_("The emblem may be at most 2000 × 2000 pixels."))
    return FORMATS[kind]


def emblem_read(upload: IO[bytes]) -> bytes:
    """Read at most one byte more than allowed, so a huge upload is refused without reading all of it."""
    return upload.read(MAX_BYTES + 1)


def emblem_name(slug: str, ext: str) -> str:
    # A fresh name per upload: a browser or PDF cache never shows the previous emblem.
    return f"{slug}-{secrets.token_hex(6)}.{ext}"


@dataclass(frozen=True)
class Letterhead:
    """The kop surat of a Pemda's documents: its name, the issuing office and an address line when the
    document names them, and its emblem (the stored file) once one was uploaded."""

    name: str
    emblem_path: str | None = None
    office: str = ""
    address: str = ""


def letterhead_of(pemda: Any, *, office: str = "", address: str = "") -> Letterhead:
    """The letterhead of a `bina.core.models.Pemda` at hand (a class's, a certificate's)."""
    return Letterhead(name=pemda.name, emblem_path=emblem_path(pemda), office=office, address=address)


def letterhead_for(pemda_id: int | None, *, office: str = "") -> Letterhead | None:
    """The letterhead of a Pemda by id (None outside one, e.g. the platform superadmin's exports)."""
    from bina.core.models import Pemda

    if pemda_id is None:
        return None
    pemda = Pemda.objects.filter(pk=pemda_id).only("name", "emblem").first()
    if pemda is None:
        return None
    return letterhead_of(pemda, office=office)


EMBLEM_MM = 22.0  # the emblem's box at the left of the letterhead


def letterhead_flowables(letterhead: Letterhead, width: float, *, emblem_mm: float = EMBLEM_MM) -> list[Any]:
    """The kop surat, drawn here only for every PDF (report tables, the attendance sheet, certificates):
    the emblem at the left, the Pemda's name in capitals, the office, the address, then the double rule
    Indonesian official letters carry. `width` in points."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import HRFlowable, Image, Paragraph, Spacer, Table, TableStyle

    name_style = ParagraphStyle("kop-name", fontName="Helvetica-Bold", fontSize=14, leading=17, alignment=TA_CENTER)
    office_style = ParagraphStyle("kop-office", fontName="Helvetica-Bold", fontSize=11, leading=14, alignment=TA_CENTER)
    line_style = ParagraphStyle("kop-line", fontName="Helvetica", fontSize=8.5, leading=11, alignment=TA_CENTER)
    text: list[Any] = [Paragraph(escape(letterhead.name.upper()), name_style)]
    if letterhead.office:
        text.append(Paragraph(escape(letterhead.office.upper()), office_style))
    if letterhead.address:
        text.append(Paragraph(escape(letterhead.address), line_style))
    side = emblem_mm * mm
    emblem: Any = ""
    if letterhead.emblem_path:
        emblem = Image(letterhead.emblem_path, width=side, height=side, kind="proportional")
    head = Table([[emblem, text, ""]], colWidths=[side, width - 2 * side, side])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [
        head,
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=1.6, color=colors.black, spaceAfter=0.8 * mm),
        HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceAfter=4 * mm),
    ]


def letterhead_draw(canvas: Any, letterhead: Letterhead, *, x: float, top: float, width: float, **kwargs: Any) -> float:
    """The same letterhead on a page drawn by hand (a certificate): its flowables stacked down from `top`;
    returns the y where it ends."""
    y = top
    for flowable in letterhead_flowables(letterhead, width, **kwargs):
        _, height = flowable.wrapOn(canvas, width, y)
        before = flowable.getSpaceBefore()
        after = flowable.getSpaceAfter()
        y -= before + height
        flowable.drawOn(canvas, x, y)
        y -= after
    return y


def emblem_path(pemda: Any) -> str | None:
    """The emblem's file on disk, if it has one that is still there (a PDF never fails for a lost file)."""
    if not pemda.emblem:
        return None
    try:
        path = str(pemda.emblem.path)
    except (NotImplementedError, ValueError):
        return None
    return path if os.path.exists(path) else None


def emblem_response(pemda: Pemda) -> HttpResponseBase:
    """The stored emblem of this Pemda as an image response (404 when it has none).

    One function for the staff header (`core:pemda_emblem`, the actor's own Pemda) and the public pages
    (`public:emblem`, the Pemda of the URL): the emblem is the Pemda's public sign, not personal data.
    """
    if not pemda.emblem:
        raise Http404
    ext = str(pemda.emblem.name).rsplit(".", 1)[-1]
    try:
        handle = pemda.emblem.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=CONTENT_TYPES.get(ext, "application/octet-stream"))
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
