"""One error shape for pages, API and import reports.

A `BinaError` carries a stable machine code and a translated, actionable message.
The API renders it as `{"error": {"code", "message", "details"}}`; import reports are
lists of `RowError`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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
