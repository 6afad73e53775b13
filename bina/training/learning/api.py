"""API for my learning, the calendar, JP, compliance, exports and participant lists."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from bina.core.api import ERRORS, actor_of
from bina.core.errors import PermissionDenied
from bina.people.access import get_employee_for_user, get_org_unit_for_user
from bina.reports.responses import download_response
from bina.training import permissions
from bina.training.learning import downloads
from bina.training.learning import selectors as sel
from bina.training.learning.ics import build_calendar, session_events

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
    credits = [*summary.class_credits, *summary.external_credits, *summary.imported_credits, *summary.practice_credits]
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
