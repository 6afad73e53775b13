"""API for external learning claims and their review."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from bina.core.api import ERRORS, WRITE_ERRORS, InputSchema, Pagination, actor_of
from bina.training import access
from bina.training.external import services as external_services
from bina.training.external.models import ExternalLearning

router = Router(tags=["learning"])


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
