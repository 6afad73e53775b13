"""Learner records as xAPI statements: a pure builder over plain data, no Django.

Source: ADL, "Experience API (xAPI) Specification", version 1.0.3 (2016), Part Two "Experience API Data":
§2.2 a statement's properties (id, actor, verb, object, result, context, timestamp, version), §2.4.2.1 an
agent identified by an account {homePage, name}, §2.4.3 verbs by IRI with a display language map, §2.4.4.1
activities with a definition, §2.4.5.1 result.score (scaled in −1..1, raw between min and max), §2.4.6.2
contextActivities (parent, grouping), §2.4.8 timestamps in ISO 8601; verb IRIs from the ADL vocabulary
(http://adlnet.gov/expapi/verbs/). cmi5 (AICC/ADL, 2016) §9.3 likewise records "completed" and "passed"
as two statements of one outcome, which is how a completed class is written here.

The learner is identified by their NIP only, as an account on the Bina site: no name, no email (the mbox
an LRS would otherwise use), so a statement says no more about the ASN than the reader may already see.

Each statement's id is a UUID 5 of the site and the event (kind, source row, verb), so a re-export gives
the same ids and an LRS receiving the same statement twice keeps one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

XAPI_VERSION = "1.0.3"
VERBS = "http://adlnet.gov/expapi/verbs/"
ACTIVITY_TYPES = "http://adlnet.gov/expapi/activities/"
# The namespace of Bina's statement ids (a UUID 5 of the URL namespace and the project's name).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://bina.go.id/xapi/statements")

VERB_NAMES = {
    "attended": {"en-US": "attended", "id-ID": "menghadiri"},
    "completed": {"en-US": "completed", "id-ID": "menyelesaikan"},
    "passed": {"en-US": "passed", "id-ID": "lulus"},
    "failed": {"en-US": "failed", "id-ID": "tidak lulus"},
    "scored": {"en-US": "scored", "id-ID": "memperoleh nilai"},
    "responded": {"en-US": "responded", "id-ID": "menjawab"},
}
# The activity type of each kind of object (ADL activity types).
TYPES = {
    "course": "course",
    "class": "course",
    "session": "meeting",
    "test": "assessment",
    "simulation": "simulation",
    "survey": "survey",
}


@dataclass(frozen=True)
class Activity:
    path: str  # under the site, e.g. "/training/classes/12/"
    kind: str  # a key of TYPES
    name: str


@dataclass(frozen=True)
class Score:
    raw: float
    max: float
    min: float = 0.0


@dataclass(frozen=True)
class LearningEvent:
    """One thing a learner did, as read from Bina's records (an attendance, a sitting, an answered survey)."""

    source: str  # the event's kind and row, e.g. "attendance:57": with the verb, what makes the id stable
    verb: str  # a key of VERB_NAMES
    nip: str
    activity: Activity
    timestamp: dt.datetime
    parent: Activity | None = None  # the class the event belongs to
    grouping: Activity | None = None  # the course
    score: Score | None = None
    success: bool | None = None
    completion: bool | None = None


def statement_id(site_url: str, event: LearningEvent) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{site_url.rstrip('/')}|{event.source}|{event.verb}"))


def _activity(site_url: str, activity: Activity) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": f"{site_url.rstrip('/')}{activity.path}",
        "definition": {"type": ACTIVITY_TYPES + TYPES[activity.kind], "name": {"id-ID": activity.name}},
    }


def _timestamp(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("xAPI timestamps must carry their time zone")
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _result(event: LearningEvent) -> dict[str, Any] | None:
    result: dict[str, Any] = {}
    if event.score is not None:
        s = event.score
        if s.max <= s.min:
            raise ValueError("a score's max must exceed its min")
        raw = min(max(s.raw, s.min), s.max)
        result["score"] = {"scaled": round((raw - s.min) / (s.max - s.min), 4), "raw": raw, "min": s.min, "max": s.max}
    if event.success is not None:
        result["success"] = event.success
    if event.completion is not None:
        result["completion"] = event.completion
    return result or None


def statement(site_url: str, event: LearningEvent) -> dict[str, Any]:
    """One xAPI 1.0.3 statement (a JSON-ready dict) for `event`."""
    if event.verb not in VERB_NAMES:
        raise ValueError(f"unknown verb {event.verb!r}")
    out: dict[str, Any] = {
        "id": statement_id(site_url, event),
        "actor": {"objectType": "Agent", "account": {"homePage": site_url.rstrip("/"), "name": event.nip}},
        "verb": {"id": VERBS + event.verb, "display": VERB_NAMES[event.verb]},
        "object": _activity(site_url, event.activity),
        "timestamp": _timestamp(event.timestamp),
        "version": XAPI_VERSION,
    }
    result = _result(event)
    if result is not None:
        out["result"] = result
    context: dict[str, Any] = {"platform": "Bina", "language": "id-ID"}
    parents = {"parent": event.parent, "grouping": event.grouping}
    activities = {k: [_activity(site_url, a)] for k, a in parents.items() if a is not None}
    if activities:
        context["contextActivities"] = activities
    out["context"] = context
    return out


def statements(site_url: str, events: Iterable[LearningEvent]) -> list[dict[str, Any]]:
    """Statements in time order (then by id, so the order is the same on every export)."""
    built = [statement(site_url, e) for e in events]
    return sorted(built, key=lambda s: (s["timestamp"], s["id"]))
