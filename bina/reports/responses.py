"""Download responses: the one way a page or an API endpoint hands over a file.

Every download is an attachment with a safe file name (no path, no quotes or control characters; the
UTF-8 name in `filename*`, RFC 6266), and personal data is marked `Cache-Control: no-store` so neither a
shared proxy nor the browser's cache keeps a copy (UU 27/2022 PDP).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "ics": "text/calendar; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "json": "application/json",
}
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_filename(name: str, extension: str = "") -> str:
    """`KLS/01 "Dasar"` → `KLS-01-Dasar`; never empty, never a path, at most 120 characters."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("-", name).strip(" .-")
    name = re.sub(r"[-\s]*-[-\s]*", "-", name)
    name = re.sub(r"\s+", "-", name)[:120] or "download"
    return f"{name}.{extension}" if extension else name


def download_response(
    content: bytes | str | Iterable[str] | Iterable[bytes],
    *,
    filename: str,
    fmt: str,
    personal: bool = True,
    inline: bool = False,
) -> HttpResponseBase:
    """An attachment of `content` (bytes, or an iterator of chunks to stream) named `filename.<fmt>`."""
    content_type = CONTENT_TYPES[fmt]
    response: HttpResponseBase
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, safe_filename(filename, fmt))
    if disposition:
        response["Content-Disposition"] = disposition
    if personal:
        # The same never-cache headers as every page (bina.core.middleware): no-store, private, ...
        add_never_cache_headers(response)
    return response
