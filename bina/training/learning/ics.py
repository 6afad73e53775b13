"""A minimal iCalendar (RFC 5545) writer for "my sessions", written by hand to keep dependencies small.

What RFC 5545 asks for and this module does: CRLF line ends (3.1), lines folded at 75 octets with a
CRLF followed by one space, never inside a UTF-8 sequence (3.1), TEXT values escaping backslash,
semicolon, comma and newlines (3.3.11), DATE-TIME in UTC with the "Z" suffix (3.3.5), one globally
unique UID per event (3.8.4.7), and DTSTAMP on every VEVENT (3.8.7.2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.training.classes.models import Session

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    url: str = ""
    description: str = ""


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11): backslash first, then ; , and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold a content line at 75 octets; continuation lines start with one space (counted in their 75)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    current_octets = 0
    limit = MAX_OCTETS
    for char in line:
        size = len(char.encode("utf-8"))
        if current_octets + size > limit:
            parts.append(current)
            current, current_octets = "", 0
            limit = MAX_OCTETS - 1  # the leading space of a continuation line
        current += char
        current_octets += size
    parts.append(current)
    return (CRLF + " ").join(parts)


def unfold(text: str) -> list[str]:
    """Read content lines back (for tests and clients): undo folding, split on CRLF."""
    return text.replace(CRLF + " ", "").replace(CRLF + "\t", "").split(CRLF)


def build_calendar(events: Iterable[IcsEvent], *, name: str, now: datetime | None = None) -> str:
    stamp = format_utc(now or datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Bina//Program Pembinaan ASN//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{format_utc(event.starts_at)}",
            f"DTEND:{format_utc(event.ends_at)}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF


def session_events(sessions: Iterable[Session], *, domain: str) -> list[IcsEvent]:
    """One VEVENT per training session; the UID is stable so calendar apps update instead of duplicating."""
    events = []
    for s in sessions:
        klass = s.klass
        events.append(
            IcsEvent(
                uid=f"session-{s.pk}@{domain}",
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                summary=f"{klass.course.title} — {s.topic}",
                location=s.room or klass.venue or "",
                url=s.online_url or "",
                description=f"{klass.code} {klass.name}",
            )
        )
    return events
