"""Files sent with a complaint: checked by their content, never by the name or type the sender claims.

Accepted: PNG and JPEG photos that Pillow decodes, and PDF documents (the `%PDF-` signature and an `%%EOF`
marker), each at most `BINA_COMPLAINT_ATTACHMENT_MAX_BYTES` (2 MB by default), at most
`BINA_COMPLAINT_ATTACHMENTS_MAX` (3) per complaint. Stored as `complaints/<random>.<ext>`: the sender's file
name is kept only as a display label, cleaned.
"""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from bina.core.errors import ValidationFailed

CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "pdf": "application/pdf"}


def max_bytes() -> int:
    return int(getattr(settings, "BINA_COMPLAINT_ATTACHMENT_MAX_BYTES", 2 * 1024 * 1024))


def max_files() -> int:
    return int(getattr(settings, "BINA_COMPLAINT_ATTACHMENTS_MAX", 3))


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    ext: str
    display_name: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.ext]

    @property
    def storage_name(self) -> str:
        return f"{secrets.token_hex(12)}.{self.ext}"


def _refuse(name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code="attachment_refused", details=[{"field": "lampiran", "message": message}])


def _kind(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf" if b"%%EOF" in data[-2048:] else None
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return {"PNG": "png", "JPEG": "jpg"}.get(kind)


def display_name(name: str, ext: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    stem = stem.rsplit(".", 1)[0].strip(" ._")[:80] or "lampiran"
    return f"{stem}.{ext}"


def attachments_check(files: list[tuple[str, IO[bytes]]]) -> list[CheckedFile]:
    """Every file checked before anything is saved: one refused file refuses the complaint."""
    if len(files) > max_files():
        raise _refuse("", _("At most %(n)s files may be attached.") % {"n": max_files()})
    limit = max_bytes()
    checked = []
    for name, handle in files:
        data = handle.read(limit + 1)
        if not data:
            continue
        if len(data) > limit:
            raise _refuse(
                name,
                _("%(name)s is too large: at most %(mb)s MB per file.")
                % {"name": name, "mb": limit // (1024 * 1024) or 1},
            )
        ext = _kind(data)
        if ext is None:
            raise _refuse(name, _("%(name)s is not a PNG or JPEG photo or a PDF document.") % {"name": name})
        checked.append(CheckedFile(data=data, ext=ext, display_name=display_name(name, ext)))
    return checked
