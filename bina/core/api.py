"""Shared pieces of the REST API: authentication, the one error shape, pagination.

Every API request acts as an `Actor` (the one scoping mechanism): the auth classes of
`bina.accounts.auth` build it from the bearer token (or, for safe methods only, from the browser
session) and put it on `request.actor` and `request.auth`. Endpoints read `actor_of(request)` and go
through each app's `access.py` like every page does.

Every failure answers `{"error": {"code", "message", "details"}}` (see `install_error_handlers`),
so a client needs one code path for errors whatever raised them.
"""

from __future__ import annotations

import copy
import logging
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import register_converter
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import PageNumberPagination
from pydantic import BeforeValidator, ConfigDict, Strict, field_validator
from pydantic_core import PydanticCustomError

from bina.core.actor import Actor
from bina.core.errors import BinaError, NotFound, ValidationFailed
from bina.core.limits import MAX_CAPACITY as MAX_CAPACITY
from bina.core.limits import MAX_ID as MAX_ID
from bina.core.limits import MAX_JP as MAX_JP
from bina.core.limits import MAX_LIST as MAX_LIST
from bina.core.limits import MAX_TEXT as MAX_TEXT
from bina.core.text import TextInvalid, check_text

logger = logging.getLogger("bina.api")

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Past the last page a list answers no items; past this one it refuses the page (422): an offset of
# page × page_size must stay far inside the databases' 64-bit integers (SQLite raises OverflowError).
MAX_PAGE = 1_000_000


def refuse_unknown_parameters(
    request: HttpRequest, allowed: frozenset[str], *, repeatable: frozenset[str] = frozenset()
) -> None:
    """A misspelt query parameter (`units=`, `start=`) silently widening an answer is refused (422), as is a
    repeated one outside `repeatable`: every GET endpoint with a filter calls this first."""
    unknown = sorted(set(request.GET) - allowed)
    repeated = sorted(k for k in request.GET if k not in repeatable and len(request.GET.getlist(k)) > 1)
    if unknown or repeated:
        raise ValidationFailed(
            _("Unknown or repeated parameter: %(names)s.") % {"names": ", ".join(unknown + repeated)},
            code="invalid_parameter",
            details=[{"field": name} for name in unknown + repeated],
        )


def actor_of(request: HttpRequest) -> Actor:
    actor = getattr(request, "auth", None)
    if not isinstance(actor, Actor):  # pragma: no cover - every authenticated route sets it
        raise NotFound(_("Not found."))
    return actor


# --- the one error shape ----------------------------------------------------------------


class ErrorBody(Schema):
    code: str = Field(..., examples=["not_found"])
    message: str
    details: list[dict[str, Any]] = []


class ErrorOut(Schema):
    error: ErrorBody


# Documented on every authenticated operation; add 409/422 where the operation can answer them.
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# Operations that change data can also answer a conflict (409) and refused values (422).
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut, 422: ErrorOut}


def refuse(code: str, message: str) -> PydanticCustomError:
    """A validation error whose message is exactly `message` (pydantic would read braces in it as fields)."""
    return PydanticCustomError(code, "{reason}", {"reason": message})


def _refuse_control_characters(value: Any) -> Any:
    if isinstance(value, str):
        try:
            check_text(value)
        except TextInvalid as exc:
            raise refuse("control_character", exc.message) from None
    elif isinstance(value, list):
        for item in value:
            _refuse_control_characters(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_control_characters(key)
            _refuse_control_characters(item)
    return value


# The databases store at most 64-bit integers: a larger one in a body (an id in a list, a capacity)
# raised OverflowError (SQLite) or DataError (PostgreSQL) deep in a service, a 500.
MAX_INT = 2**63 - 1


def _has_huge_int(value: Any) -> bool:
    if isinstance(value, int):
        return not -MAX_INT <= value <= MAX_INT
    if isinstance(value, list | tuple | set | frozenset):
        return any(_has_huge_int(v) for v in value)
    if isinstance(value, dict):
        return any(_has_huge_int(k) or _has_huge_int(v) for k, v in value.items())
    return False


class InputSchema(Schema):
    """Request bodies: surrounding spaces are dropped and unknown fields are refused (no silent ignore).

    Every value is strict (`bina.tests.test_input_strictness` walks all subclasses): integers are
    `StrictInt` with bounds (a JSON `true` is not 1), booleans `StrictBool`, dates and times `IsoDate` /
    `IsoDateTime` (ISO text only: `0` is not 1970-01-01), decimals `AS_NUMBER`, strings have a `max_length`.
    No text anywhere holds a control character (`bina.core.text`); integers beyond 64 bits are refused
    naming the field, in lists and dicts too.
    """

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _text_is_clean(cls, value: Any) -> Any:
        return _refuse_control_characters(value)

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_huge_int(cls, value: Any) -> Any:
        if _has_huge_int(value):
            raise ValueError(_("This number is too large."))
        return value


# --- strict scalar types of request bodies ------------------------------------------------
# pydantic validates ninja's bodies in Python mode, where "strict" dates refuse the ISO strings JSON
# carries and lax ones take 0 for 1970-01-01: these types take exactly the JSON spelling of each value.

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise refuse("date_format", _("Send a date as text in the form YYYY-MM-DD, for example 2025-03-15."))


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise refuse(
        "datetime_format",
        _("Send a date and time as text in the form YYYY-MM-DDTHH:MM:SS+07:00, for example 2025-03-15T08:00:00+07:00."),
    )


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            pass
    raise refuse("number_type", _("Send a number, for example 12 or 12.5."))


IsoDate = Annotated[date, Strict(), BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, Strict(), BeforeValidator(_iso_datetime)]
# A decimal reads JSON numbers and numeric text, never true; it goes last, after the bounds, so they stay
# in the schema: `Annotated[Decimal, Strict(), Field(ge=0, le=100, decimal_places=2), AS_NUMBER]`.
AS_NUMBER = BeforeValidator(_number)
Id = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]  # a primary key named in a body
# Text outside an InputSchema (multipart `Form[...]` fields): the same refusal of control characters.
Text = Annotated[str, BeforeValidator(_refuse_control_characters)]


def _drop_null_from_properties(schema: dict[str, Any], model: type[Any]) -> None:
    """The spec says what `PatchSchema` accepts: `null` only for the fields listed in `nullable`."""
    nullable: frozenset[str] = getattr(model, "nullable", frozenset())
    for name, prop in schema.get("properties", {}).items():
        options = prop.get("anyOf")
        if name in nullable or not options:
            continue
        kept = [option for option in options if option.get("type") != "null"]
        if len(kept) == 1:
            del prop["anyOf"]
            prop.update(kept[0])
        else:
            prop["anyOf"] = kept


class PatchSchema(InputSchema):
    """PATCH bodies: every field may be left out (kept as it is), but `null` is refused (422, naming the
    field) except for the fields in `nullable`, which it empties. Without this, `{"capacity": null}`
    reaches the database as NULL and fails there (a 500)."""

    model_config = ConfigDict(json_schema_extra=_drop_null_from_properties)
    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_null(cls, value: Any, info: Any) -> Any:
        # Runs only for fields that were sent (defaults are not validated): an omitted field stays unset.
        if value is None and info.field_name not in cls.nullable:
            raise ValueError(_("null is not allowed here; leave the field out to keep its value."))
        return value


# Errors that the machinery (not the operation) can answer: documented on every operation they
# apply to by `document_machinery_errors`, so the spec lists every status a client can see.
_MACHINERY_ERRORS = {
    400: "Bad Request",  # an unreadable body
    401: "Unauthorized",  # a missing, wrong or revoked token
    422: "Unprocessable Content",  # a parameter or body that fails validation
    500: "Internal Server Error",  # the one shape for an unexpected error
}


def document_machinery_errors(schema: OpenAPISchema) -> OpenAPISchema:
    """Add the error shape for 400/401/422/500 to each operation that can answer them.

    Also folds `openapi_extra` responses keyed by string ("200") into the generated ones (200), so
    each status is described once.
    """
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for key in [k for k in responses if isinstance(k, str) and k.isdigit()]:
                extra = responses.pop(key)
                responses[int(key)] = {**responses.get(int(key), {}), **extra}
            applies = {
                400: "requestBody" in operation,
                401: bool(operation.get("security")),
                422: bool(operation.get("parameters")) or "requestBody" in operation,
                500: True,
            }
            for status, description in _MACHINERY_ERRORS.items():
                if applies[status] and status not in responses:
                    responses[status] = {"description": description, "content": error_ref}
    return schema


class BinaAPI(NinjaAPI):
    """NinjaAPI whose spec documents the errors the machinery answers (see `document_machinery_errors`)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        # The operations are fixed once the URLconf is loaded, and building the spec takes over a second
        # (pydantic walks every schema): build it once per prefix, hand out copies so no caller edits ours.
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        cache: dict[Any, OpenAPISchema] = self.__dict__.setdefault("_bina_openapi_cache", {})
        if key not in cache:
            cache[key] = document_machinery_errors(
                super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            )
        return copy.deepcopy(cache[key])


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: Any,
    details: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    body = {"error": {"code": code, "message": str(message), "details": details or []}}
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="bina"'
    return response


def validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ninja/pydantic errors as `{"field", "location", "message", "code"}`, one per problem."""
    details = []
    for err in errors:
        loc = [str(part) for part in err.get("loc", ())]
        location = loc[0] if loc else ""
        parts = loc[1:]
        # Body schemas sit under the parameter name ("payload"); the client knows only the field names.
        if location == "body" and len(parts) > 1:
            parts = parts[1:]
        details.append(
            {
                "field": ".".join(parts),
                "location": location,
                "message": err.get("msg", ""),
                "code": err.get("type", "invalid"),
            }
        )
    return details


_HTTP_CODES = {
    400: "bad_request",
    401: "authentication_required",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "too_many_requests",
}


def install_error_handlers(api: NinjaAPI) -> None:
    """Render every exception an operation can raise in the one JSON error shape."""

    def on_bina_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, status=exc.status, code=exc.code, message=exc.message, details=exc.details)

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        details = validation_details(exc.errors)
        fields = ", ".join(sorted({d["field"] or d["location"] for d in details}))
        return error_response(
            api,
            request,
            status=422,
            code="validation_failed",
            message=_("Some values are missing or invalid: %(fields)s.") % {"fields": fields},
            details=details,
        )

    def on_authentication(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(
            api,
            request,
            status=401,
            code="authentication_required",
            message=_(
                "Authentication required: send the header 'Authorization: Bearer <token>' "
                "(get a token from POST /api/v1/auth/token)."
            ),
        )

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if exc.status_code == 400:
            message = _("The request body could not be read: send valid JSON (or multipart form data for uploads).")
        else:
            message = str(exc)
        code = _HTTP_CODES.get(exc.status_code, "error")
        return error_response(api, request, status=exc.status_code, code=code, message=message)

    def on_unreadable_multipart(request: HttpRequest, exc: Any) -> HttpResponse:
        # A multipart Content-Type without a boundary (or a broken body) is the client's fault, not ours.
        return error_response(
            api,
            request,
            status=400,
            code="bad_request",
            message=_("The request body could not be read: send valid JSON (or multipart form data for uploads)."),
        )

    def on_out_of_range(request: HttpRequest, exc: Any) -> HttpResponse:
        # The last guard for values a column cannot hold (a number beyond a 32-bit column on PostgreSQL,
        # an offset beyond SQLite's integers): the client's input, refused like any invalid value.
        logger.info("Value out of range in API call %s %s: %s", request.method, request.path, exc)
        return error_response(
            api,
            request,
            status=422,
            code="validation_failed",
            message=_("A value is too large (or too long) to be stored; nothing was changed."),
        )

    def on_http404(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(api, request, status=404, code="not_found", message=_("Not found."))

    def on_django_permission_denied(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(
            api, request, status=403, code="permission_denied", message=_("You are not allowed to do this.")
        )

    def on_unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        # Logged with the traceback for the operators; the client learns nothing about internals.
        logger.error("Unexpected error in API call %s %s", request.method, request.path, exc_info=exc)
        return error_response(
            api,
            request,
            status=500,
            code="internal_error",
            message=_("Something went wrong on our side; nothing was changed. Try again later."),
        )

    api.add_exception_handler(BinaError, on_bina_error)
    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(MultiPartParserError, on_unreadable_multipart)
    api.add_exception_handler(OverflowError, on_out_of_range)
    api.add_exception_handler(DataError, on_out_of_range)
    api.add_exception_handler(Http404, on_http404)
    api.add_exception_handler(DjangoPermissionDenied, on_django_permission_denied)
    api.add_exception_handler(Exception, on_unexpected)


class AnyPathConverter:
    """Like Django's `path` converter, but also across line breaks (`.` stops at a newline, so
    `/api/v1/certificates/a%0Ab` matched no route and got the HTML 404 page)."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AnyPathConverter, "anypath")


def fallback_router() -> Router:
    """Mounted last: unknown paths under the API answer 404 in the error shape, not an HTML page."""
    router = Router(auth=None)

    @router.api_operation(
        ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{anypath:rest}", include_in_schema=False, url_name="api-not-found"
    )
    def api_not_found(request: HttpRequest, rest: str) -> None:
        raise NotFound(_("There is no API endpoint at %(path)s; see /api/v1/docs.") % {"path": request.path})

    return router


# --- pagination ---------------------------------------------------------------------------


class Pagination(PageNumberPagination):
    """`?page=` (from 1) and `?page_size=` (default 50, at most 200); answers `{"items", "count"}`."""

    class Input(Schema):
        page: int = Field(
            1,
            ge=1,
            le=MAX_PAGE,
            description=f"Page number, from 1 (at most {MAX_PAGE:,}; past the last page: no items).",
        )
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page (default {PAGE_SIZE}, at most {MAX_PAGE_SIZE})."
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)
