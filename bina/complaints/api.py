"""Complaint endpoints: the public intake and tracking (no account) and the staff workflow.

Public (`auth=None`): `POST /public/{pemda_slug}/complaints` (limited per address and hour, the Pemda's
`public_limit_per_hour`) answers 201 with the tracking code; `GET /public/{pemda_slug}/complaints/{code}`
answers the stage, its due date and the history, without personal data or staff notes. A code of
another Pemda is "not found" under this slug. Staff: the list, a complaint, one action by name (the
workflow's; an unknown name is 422 `unknown_action`), and the figures.
"""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool

from bina.complaints import access, permissions, selectors, services
from bina.complaints.models import Category, Complaint, Stage
from bina.complaints.services import ComplaintInput, pemda_zone
from bina.core.api import ERRORS, WRITE_ERRORS, ErrorOut, InputSchema, IsoDate, Pagination, actor_of
from bina.core.errors import PermissionDenied
from bina.core.public import pemda_for_public_slug, public_actor

router = Router(tags=["complaints"])


class PublicComplaintIn(InputSchema):
    uraian: str = Field(..., min_length=10, max_length=5000)
    kategori: Category = Category.PENGADUAN
    kode_unit: str | None = Field(None, max_length=32)
    kode_layanan: str | None = Field(None, max_length=32)
    nomor_tiket: str | None = Field(None, max_length=40)
    nama: str | None = Field(None, max_length=120)
    kontak: str | None = Field(None, max_length=120)


class PublicComplaintCreated(Schema):
    code: str
    status: str
    stage: str
    due_at: datetime | None


def _input(body: PublicComplaintIn, **extra: Any) -> ComplaintInput:
    return ComplaintInput(
        description=body.uraian,
        category=body.kategori,
        unit_code=body.kode_unit or "",
        service_code=body.kode_layanan or "",
        ticket_number=body.nomor_tiket or "",
        name=body.nama or "",
        contact=body.kontak or "",
        **extra,
    )


@router.post(
    "/public/{pemda_slug}/complaints",
    response={201: PublicComplaintCreated, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="Public: file a complaint (no login; anonymous allowed; limited per address)",
)
def public_complaint_create(request: HttpRequest, pemda_slug: str, body: PublicComplaintIn) -> Status[Any]:
    actor = public_actor(request, pemda_for_public_slug(pemda_slug))
    complaint = services.complaint_submit(actor=actor, data=_input(body), via_api=True)
    return Status(201, _created(complaint))


def _created(complaint: Complaint) -> PublicComplaintCreated:
    zone = pemda_zone(complaint.pemda_id)
    return PublicComplaintCreated(
        code=complaint.code,
        status=str(Stage(complaint.stage).label),
        stage=complaint.stage,
        due_at=complaint.due_at.astimezone(zone) if complaint.due_at else None,
    )


@router.get(
    "/public/{pemda_slug}/complaints/{code}",
    response={200: selectors.PublicComplaint, 404: ErrorOut},
    auth=None,
    summary="Public: follow a complaint by its tracking code (no personal data)",
)
def public_complaint_get(request: HttpRequest, pemda_slug: str, code: str) -> selectors.PublicComplaint:
    actor = public_actor(request, pemda_for_public_slug(pemda_slug))
    return selectors.complaint_public(actor, code)


# --- staff -------------------------------------------------------------------------------


class ComplaintOut(Schema):
    code: str
    category: str
    source: str
    stage: str
    status: str
    received_at: datetime
    due_at: datetime | None
    settle_due_at: datetime | None
    overdue: bool
    unit_code: str | None
    service_code: str | None
    disposed_unit_code: str | None

    @staticmethod
    def resolve_status(obj: Complaint) -> str:
        return str(Stage(obj.stage).label)

    @staticmethod
    def resolve_overdue(obj: Complaint) -> bool:
        return selectors.is_overdue(obj)

    @staticmethod
    def resolve_unit_code(obj: Complaint) -> str | None:
        return obj.unit.code if obj.unit else None

    @staticmethod
    def resolve_service_code(obj: Complaint) -> str | None:
        return obj.service.code if obj.service else None

    @staticmethod
    def resolve_disposed_unit_code(obj: Complaint) -> str | None:
        return obj.disposed_unit.code if obj.disposed_unit else None


class ComplaintEventOut(Schema):
    action: str
    from_stage: str
    to_stage: str
    at: datetime
    actor: str
    reason: str


class ComplaintNoteOut(Schema):
    author: str
    text: str
    created_at: datetime


class ComplaintDetailOut(Schema):
    code: str
    category: str
    source: str
    stage: str
    status: str
    received_at: datetime
    due_at: datetime | None
    settle_due_at: datetime | None
    overdue: bool
    unit_code: str | None
    service_code: str | None
    disposed_unit_code: str | None
    description: str
    name: str
    contact: str
    ticket_number: str
    officer_nip: str | None
    response: str
    history: list[ComplaintEventOut]
    notes: list[ComplaintNoteOut]
    allowed_actions: list[str]


class ComplaintListQuery(Schema):
    stage: Stage | None = None
    overdue: StrictBool | None = None
    unit: str | None = Field(None, max_length=32)


class ComplaintActIn(InputSchema):
    action: str = Field(..., min_length=1, max_length=24)
    reason: str = Field("", max_length=5000)
    kode_unit: str = Field("", max_length=32)
    nip_petugas: str = Field("", max_length=32)


class StaffComplaintIn(PublicComplaintIn):
    nip_petugas: str | None = Field(None, max_length=32)


class ComplaintStatsQuery(Schema):
    from_: IsoDate = Field(..., alias="from")
    to: IsoDate
    unit: str | None = Field(None, max_length=32)


class ComplaintStatsItem(Schema):
    unit_code: str
    unit_name: str
    received: int
    resolved: int
    resolved_in_time: int
    median_days_to_resolve: float | None
    open_overdue: int


def _detail(actor: Any, key: int | str) -> ComplaintDetailOut:
    detail = selectors.complaint_detail(actor, key)
    c = detail.complaint
    return ComplaintDetailOut(
        code=c.code,
        category=c.category,
        source=c.source,
        stage=c.stage,
        status=str(Stage(c.stage).label),
        received_at=c.received_at,
        due_at=c.due_at,
        settle_due_at=c.settle_due_at,
        overdue=detail.overdue,
        unit_code=c.unit.code if c.unit else None,
        service_code=c.service.code if c.service else None,
        disposed_unit_code=c.disposed_unit.code if c.disposed_unit else None,
        description=c.description,
        name=c.name,
        contact=c.contact,
        ticket_number=c.ticket_number,
        officer_nip=c.officer.nip if c.officer else None,
        response=c.response,
        history=[
            ComplaintEventOut(
                action=e.action,
                from_stage=e.from_stage,
                to_stage=e.to_stage,
                at=e.at,
                actor=e.actor_label,
                reason=e.reason,
            )
            for e in detail.events
        ],
        notes=[ComplaintNoteOut(author=n.author_label, text=n.text, created_at=n.created_at) for n in detail.notes],
        allowed_actions=[a.name for a in detail.actions],
    )


def _reader(request: HttpRequest) -> Any:
    actor = actor_of(request)
    if not permissions.can_read_complaints(actor):
        raise PermissionDenied("Complaints are read by admins, operators and leaders.")
    return actor


@router.get("/complaints", response={200: list[ComplaintOut], **ERRORS}, summary="Complaints in the caller's reach")
@paginate(Pagination)
def complaint_list(request: HttpRequest, filters: Query[ComplaintListQuery]) -> QuerySet[Complaint]:
    actor = _reader(request)
    return selectors.complaint_list(
        actor,
        selectors.ListFilters(stage=filters.stage or "", overdue=bool(filters.overdue), unit_code=filters.unit or ""),
    )


@router.post(
    "/complaints",
    response={201: PublicComplaintCreated, **WRITE_ERRORS},
    summary="File a complaint on a citizen's behalf (answers the tracking code to give the citizen)",
)
def complaint_create(request: HttpRequest, body: StaffComplaintIn) -> Status[PublicComplaintCreated]:
    actor = actor_of(request)
    complaint = services.complaint_file(actor=actor, data=_input(body, officer_nip=body.nip_petugas or ""))
    return Status(201, _created(complaint))


@router.get(
    "/complaint-stats",
    response={200: list[ComplaintStatsItem], **ERRORS, 422: ErrorOut},
    summary="Complaint figures per handling unit for a period (first item: the total)",
)
def complaint_stats(request: HttpRequest, query: Query[ComplaintStatsQuery]) -> list[selectors.FigureRow]:
    actor = _reader(request)
    return selectors.complaint_figures(actor, start=query.from_, end=query.to, unit_code=query.unit or "")


@router.get(
    "/complaints/{code}", response={200: ComplaintDetailOut, **ERRORS}, summary="One complaint with its history"
)
def complaint_get(request: HttpRequest, code: str) -> ComplaintDetailOut:
    return _detail(_reader(request), code)


@router.post(
    "/complaints/{code}/actions",
    response={200: ComplaintDetailOut, **WRITE_ERRORS},
    summary="Take a workflow action (verify, postpone, reject, archive, dispose, follow-up, reopen, close)",
)
def complaint_act(request: HttpRequest, code: str, body: ComplaintActIn) -> ComplaintDetailOut:
    actor = _reader(request)
    complaint = access.get_complaint_for_user(actor, code)
    services.complaint_act(
        actor=actor,
        complaint=complaint,
        action=body.action,
        reason=body.reason,
        unit_code=body.kode_unit,
        officer_nip=body.nip_petugas,
    )
    return _detail(actor, complaint.pk)
