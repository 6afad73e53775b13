"""The Pemda's emblem: what an upload must be (PNG or JPEG, small, a real image) and where it is kept.

Only PNG and JPEG: SVG can carry scripts, and the PDF renderers (reportlab) read these two directly.
The file is opened with Pillow (a dependency of reportlab), so a renamed executable or a truncated image
is refused whatever its name or declared type; the stored name is Bina's own.
"""

from __future__ import annotations

import functools
import io
import os
import secrets
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from bina.core.errors import ValidationFailed

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
    """What the top of a Pemda's PDF shows: its name, and its emblem when one was uploaded."""

    name: str
    emblem_path: str | None = None


def letterhead_for(pemda_id: int | None) -> Letterhead | None:
    """The letterhead of a Pemda (None outside one, e.g. the platform superadmin's exports)."""
    from bina.core.models import Pemda

    if pemda_id is None:
        return None
    pemda = Pemda.objects.filter(pk=pemda_id).only("name", "emblem").first()
    if pemda is None:
        return None
    return Letterhead(name=pemda.name, emblem_path=emblem_path(pemda))


def emblem_path(pemda: Any) -> str | None:
    """The emblem's file on disk, if it has one that is still there (a PDF never fails for a lost file)."""
    if not pemda.emblem:
        return None
    try:
        path = str(pemda.emblem.path)
    except (NotImplementedError, ValueError):
        return None
    return path if os.path.exists(path) else None


@functools.lru_cache(maxsize=32)
def emblem_reader(path: str) -> Any:
    """The emblem decoded once per process and file name (names change on upload), for batches of PDFs."""
    from reportlab.lib.utils import ImageReader

    return ImageReader(path)
