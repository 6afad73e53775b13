"""REST endpoints for "my learning", JP, compliance, external learning, SIASN export and participant lists.

Thin faces over `selectors.learning`, `services.external` and `exports`; scope from the caller's `Actor`.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from bina.core.api import ERRORS, WRITE_ERRORS, InputSchema, Pagination, actor_of
from bina.core.errors import PermissionDenied
from bina.people.access import get_employee_for_user, get_org_unit_for_user
from bina.reports.responses import download_response
from bina.training import access, downloads, permissions
from bina.training.ics import build_calendar, session_events
from bina.training.models import ExternalLearning
from bina.training.selectors import learning as sel
from bina.training.services import external as external_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

router = Router(tags=["learning"])


class JpSummaryOut(Schema):
    year: int
    total: float
    target: int
    remaining: float
    percent: int
    met: bool


class MySessionOut(Schema):
    """A session in my learning (not the class's `SessionOut`: the spec needs unique schema names)."""

    id: int
    class_id: int
    course: str
    topic: str
    starts_at: datetime
    ends_at: datetime
    room: str
    online_url: str


class MyEnrolmentOut(Schema):
    """An enrolment in my learning (not the class's `EnrolmentOut`)."""

    id: int
    class_id: int
    class_code: str
    course: str
    status: str
    starts_on: date
    ends_on: date
    action_needed: str = Field("", description='"accept_or_decline" for a nomination waiting for you.')


class MyLearningOut(Schema):
    jp: JpSummaryOut
    upcoming_sessions: list[MySessionOut]
    enrolments: list[MyEnrolmentOut]


class JpCreditOut(Schema):
    title: str
    jp: float
    source: str
    credited_on: date


class EmployeeJpOut(Schema):
    nip: str
    name: str
    jp: JpSummaryOut
    credits: list[JpCreditOut]


class ComplianceRowOut(Schema):
    unit: str | None
    name: str
    employees: int
    compliant: int
    percent: float
    average_jp: float
    pns: int
    pns_compliant: int
    pppk: int
    pppk_compliant: int


class ComplianceOut(Schema):
    year: int
    target: int
    unit: str | None
    rows: list[ComplianceRowOut]
    total: ComplianceRowOut


class ExternalOut(Schema):
    id: int
    nip: str
    employee: str
    title: str
    organiser: str
    method: str
    training_type: str
    starts_on: date
    ends_on: date
    jp_claimed: float
    jp_approved: float | None
    certificate_number: str
    status: str
    review_note: str
    created_at: datetime

    @staticmethod
    def resolve_nip(obj: ExternalLearning) -> str:
        return obj.employee.nip

    @staticmethod
    def resolve_employee(obj: ExternalLearning) -> str:
        return obj.employee.name


class ApproveIn(InputSchema):
    jp_approved: Decimal | None = Field(None, description="At most the JP claimed; default: all of it.")
    note: str = ""


class RejectIn(InputSchema):
    note: str = Field(..., min_length=1)


class YearQuery(Schema):
    year: int = Field(default_factory=lambda: timezone.localdate().year, ge=2000, le=2100)


class ComplianceQuery(YearQuery):
    unit: str = Field("", description="Code of the unit to drill into (its children become the rows).")


class ExportQuery(YearQuery):
    format: Literal["csv", "xlsx"] = "xlsx"
    unit: str = ""


def _session_out(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "class_id": s.klass_id,
        "course": s.klass.course.title,
        "topic": s.topic,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "room": s.room or s.klass.venue,
        "online_url": s.online_url,
    }


@router.get("/me/learning", response={200: MyLearningOut, **ERRORS}, summary="My JP, upcoming sessions, enrolments")
def me_learning(request: HttpRequest) -> dict[str, Any]:
    data = sel.my_learning(actor_of(request))
    return {
        "jp": data.summary.as_dict(),
        "upcoming_sessions": [_session_out(s) for s in data.upcoming],
        "enrolments": [
            {
                "id": e.pk,
                "class_id": e.klass_id,
                "class_code": e.klass.code,
                "course": e.klass.course.title,
                "status": e.status,
                "starts_on": e.klass.starts_on,
                "ends_on": e.klass.ends_on,
                "action_needed": "accept_or_decline" if e.status == "nominated" else "",
            }
            for e in data.active
        ],
    }


@router.get(
    "/me/calendar.ics",
    response={200: None, **ERRORS},
    summary="My sessions as iCalendar (RFC 5545)",
    openapi_extra={"responses": {"200": {"content": {"text/calendar": {}}}}},
)
def me_calendar(request: HttpRequest) -> HttpResponseBase:
    actor = actor_of(request)
    sessions = sel.calendar_sessions(actor.employee_id) if actor.employee_id else []
    body = build_calendar(session_events(sessions, domain=request.get_host().split(":")[0] or "bina"), name="Bina")
    return download_response(body, filename="bina-sessions", fmt="ics", inline=True)  # a feed calendar apps read


@router.get("/employees/{nip}/jp", response={200: EmployeeJpOut, **ERRORS}, summary="An employee's JP in a year")
def employee_jp(request: HttpRequest, nip: str, query: Query[YearQuery]) -> dict[str, Any]:
    employee = get_employee_for_user(actor_of(request), nip)
    summary = sel.jp_year_summary(employee.pk, query.year)
    credits = [*summary.class_credits, *summary.external_credits]
    return {
        "nip": employee.nip,
        "name": employee.name,
        "jp": summary.as_dict(),
        "credits": [
            {"title": c.title, "jp": float(c.jp), "source": c.source, "credited_on": c.credited_on} for c in credits
        ],
    }


@router.get("/jp-compliance", response={200: ComplianceOut, **ERRORS}, summary="JP compliance per unit")
def jp_compliance(request: HttpRequest, query: Query[ComplianceQuery]) -> dict[str, Any]:
    actor = actor_of(request)
    if not permissions.can_view_jp_compliance(actor):
        raise PermissionDenied(_("Only admins, leaders and operators see JP compliance."))
    unit = get_org_unit_for_user(actor, query.unit) if query.unit else None
    data = sel.unit_jp_compliance(actor, query.year, unit)
    return {
        "year": data.year,
        "target": data.target,
        "unit": unit.code if unit else None,
        "rows": [r.as_dict() for r in data.rows],
        "total": data.total.as_dict(),
    }


@router.get("/external-learning", response={200: list[ExternalOut], **ERRORS}, summary="External learning claims")
@paginate(Pagination)
def external_list(request: HttpRequest) -> QuerySet[ExternalLearning]:
    """The admin sees the Pemda's claims (newest first); everyone else their own."""
    return access.external_for(actor_of(request)).select_related("employee").order_by("-created_at", "-pk")


@router.post(
    "/external-learning",
    response={201: ExternalOut, **WRITE_ERRORS},
    summary="Submit external learning (multipart)",
    description="Multipart form fields plus `certificate_file` (PDF/JPG/PNG, at most 5 MB).",
)
def external_create(
    request: HttpRequest,
    certificate_file: File[UploadedFile],
    title: Form[str],
    organiser: Form[str],
    method: Form[str],
    starts_on: Form[date],
    ends_on: Form[date],
    jp_claimed: Form[Decimal],
    training_type: Form[str] = "teknis",
    certificate_number: Form[str] = "",
) -> Any:
    item = external_services.external_submit(
        actor=actor_of(request),
        title=title,
        organiser=organiser,
        method=method,
        training_type=training_type,
        starts_on=starts_on,
        ends_on=ends_on,
        jp_claimed=jp_claimed,
        certificate_file=certificate_file,
        certificate_number=certificate_number,
    )
    return Status(201, item)


@router.get("/external-learning/{item_id}", response={200: ExternalOut, **ERRORS}, summary="One claim")
def external_detail(request: HttpRequest, item_id: int) -> ExternalLearning:
    return access.get_external_for_user(actor_of(request), item_id)


@router.post("/external-learning/{item_id}/approve", response={200: ExternalOut, **WRITE_ERRORS}, summary="Approve")
def external_approve(request: HttpRequest, item_id: int, payload: ApproveIn) -> ExternalLearning:
    actor = actor_of(request)
    item = access.get_external_for_user(actor, item_id)
    return external_services.external_approve(
        actor=actor, item=item, jp_approved=payload.jp_approved, note=payload.note
    )


@router.post("/external-learning/{item_id}/reject", response={200: ExternalOut, **WRITE_ERRORS}, summary="Reject")
def external_reject(request: HttpRequest, item_id: int, payload: RejectIn) -> ExternalLearning:
    actor = actor_of(request)
    item = access.get_external_for_user(actor, item_id)
    return external_services.external_reject(actor=actor, item=item, note=payload.note)


@router.get(
    "/exports/riwayat-diklat",
    response={200: None, **ERRORS},
    summary="Training history, SIASN riwayat diklat",
    openapi_extra={"responses": {"200": {"content": {XLSX: {}, "text/csv": {}}}}},
)
def export_riwayat(request: HttpRequest, query: Query[ExportQuery]) -> HttpResponseBase:
    actor = actor_of(request)
    if not permissions.can_export_training_history(actor):
        raise PermissionDenied(_("Only a BKPSDM admin or a unit operator can export training history."))
    unit = get_org_unit_for_user(actor, query.unit) if query.unit else None
    return downloads.riwayat_download(actor, year=query.year, unit=unit, fmt=query.format)


@router.get(
    "/classes/{class_id}/participants.xlsx",
    response={200: None, **ERRORS},
    summary="Participant list",
    openapi_extra={"responses": {"200": {"content": {XLSX: {}}}}},
)
def participants_xlsx(request: HttpRequest, class_id: int) -> HttpResponseBase:
    return downloads.participants_response(actor_of(request), class_id, "xlsx")
