"""One error shape for pages, API and import reports.

A `BinaError` carries a stable machine code and a translated, actionable message.
The API renders it as `{"error": {"code", "message", "details"}}`; import reports are
lists of `RowError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from django.utils.translation import gettext as _

T = TypeVar("T")


class BinaError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: Any, *, code: str | None = None, details: list[dict[str, Any]] | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.details = details or []

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self.message), "details": self.details}


class ValidationFailed(BinaError):
    code = "validation_failed"
    status = 422


class NotFound(BinaError):
    """Missing and out-of-scope objects answer the same, so scope never leaks existence."""

    code = "not_found"
    status = 404


class PermissionDenied(BinaError):
    """For actions (not objects): the user is known but the role does not allow it."""

    code = "permission_denied"
    status = 403


class Conflict(BinaError):
    code = "conflict"
    status = 409


class AuthenticationFailed(BinaError):
    code = "authentication_failed"
    status = 401


def invalid_reference(field: str, values: Any) -> ValidationFailed:
    """A value that should name an object the caller may use but names none (missing or out of scope).

    The one answer every service and API gives for such a value: code `invalid_reference`, a message
    naming the field and the value(s), one detail `{"field", "value"}` per value not found.
    """
    items = list(values) if isinstance(values, list | tuple | set | frozenset) else [values]
    return ValidationFailed(
        _("%(field)s: %(value)s was not found.") % {"field": field, "value": ", ".join(map(str, items))},
        code="invalid_reference",
        details=[{"field": field, "value": value} for value in items],
    )


def resolve_reference(field: str, value: Any, get: Callable[[Any], T]) -> T:
    """`get(value)` (a scoped `get_<entity>_for_user`); its `NotFound` becomes `invalid_reference`."""
    try:
        return get(value)
    except NotFound as exc:
        raise invalid_reference(field, value) from exc


def resolve_references(field: str, values: Iterable[Any], queryset: Any, *, key: str = "pk") -> list[Any]:
    """The objects of a scoped queryset whose `key` is one of `values`, in the order given.

    Any value that names none of them is an `invalid_reference` naming all such values.
    """
    wanted = list(dict.fromkeys(values))
    found = {getattr(obj, key): obj for obj in queryset.filter(**{f"{key}__in": wanted})}
    missing = [value for value in wanted if value not in found]
    if missing:
        raise invalid_reference(field, sorted(missing, key=str))
    return [found[value] for value in wanted]


@dataclass
class RowError:
    """One problem in one cell of an uploaded file: enough for the user to find and fix it."""

    row: int | None
    column: str
    value: str
    reason: str
    file: str = ""
    code: str = "invalid"
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        data["reason"] = str(self.reason)
        return data
