"""Stored reasons: a stable code and its parameters, rendered in the reader's language.

A reason the system writes (a failed completion, an eligibility refusal kept on a row) is stored as
`reason_code` + `reason_params` and turned into words only when someone reads it, in that reader's
language: text rendered when it was written would stay in the actor's language for ever. Words a person
typed (a rejection note) are theirs and are stored as typed, in a separate field.

Apps register their codes once, from their `AppConfig.ready()` (or a module it imports):
`register_reason("attendance_below_minimum", gettext_lazy("attendance %(pct)s%% < %(min)s%%"),
numbers=("pct", "min"))`. `numbers` names the parameters written as numbers in the reader's
conventions (`62,5` in Bahasa Indonesia, `62.5` in English); parameters are stored as plain JSON
(numbers as strings, so a Decimal keeps its digits).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise

from bina.core.numbers import format_number

# Several reasons at once: params {"reasons": [{"code": ..., "params": {...}}, ...]}, rendered joined.
SEVERAL = "several"


@dataclass(frozen=True)
class ReasonKind:
    code: str
    message: str | Promise
    numbers: tuple[str, ...] = ()


_REASONS: dict[str, ReasonKind] = {}


def register_reason(code: str, message: str | Promise, *, numbers: Sequence[str] = ()) -> None:
    """A reason code and its (lazy) message with `%(name)s` placeholders filled from the stored params."""
    _REASONS[code] = ReasonKind(code=code, message=message, numbers=tuple(numbers))


def reason_codes() -> list[str]:
    return sorted(_REASONS)


def is_registered(code: str) -> bool:
    return code in _REASONS


class _Params(dict[str, Any]):
    """A missing parameter renders as a dash instead of raising (an old row, a changed message)."""

    def __missing__(self, key: str) -> str:
        return "–"


def _number(value: Any) -> str:
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    exponent = amount.normalize().as_tuple().exponent
    decimals = min(max(0, -exponent), 2) if isinstance(exponent, int) else 0
    return format_number(amount, decimals)


def reason_render(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The reason in the active language. Never raises: an unknown code renders as the code itself."""
    if not code:
        return ""
    params = params if isinstance(params, Mapping) else {}
    if code == SEVERAL:
        parts = params.get("reasons") or []
        rendered = [
            reason_render(str(part.get("code", "")), part.get("params")) for part in parts if isinstance(part, Mapping)
        ]
        return "; ".join(text for text in rendered if text)
    kind = _REASONS.get(code)
    if kind is None:
        return str(code)
    values = _Params({key: _number(value) if key in kind.numbers else value for key, value in params.items()})
    try:
        return str(kind.message) % values
    except (TypeError, ValueError):
        return str(kind.message)


def reason_combine(reasons: Sequence[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
    """One stored (code, params) for several reasons: none -> ("", {}), one -> itself, more -> `several`."""
    if not reasons:
        return "", {}
    if len(reasons) == 1:
        return reasons[0][0], dict(reasons[0][1])
    return SEVERAL, {"reasons": [{"code": code, "params": dict(params)} for code, params in reasons]}


def reason_display(code: str, params: Mapping[str, Any] | None, note: str = "") -> str:
    """What a reader sees: the coded reason in their language, then the words a person typed (as typed)."""
    rendered = reason_render(code, params)
    note = (note or "").strip()
    if rendered and note:
        return f"{rendered} — {note}"
    return rendered or note
