"""API for external learning claims and their review."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import Strict, StringConstraints

from bina.core.api import (
    AS_NUMBER,
    ERRORS,
    MAX_JP,
    MAX_TEXT,
    WRITE_ERRORS,
    InputSchema,
    IsoDate,
    Pagination,
    Text,
    actor_of,
)
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


Jp = Annotated[
    Decimal, Strict(), Field(ge=0, le=MAX_JP, decimal_places=1), AS_NUMBER
]  # the column: 6 digits, 1 decimal


class ApproveIn(InputSchema):
    jp_approved: Jp | None = Field(None, description="At most the JP claimed; default: all of it.")
    note: str = Field("", max_length=MAX_TEXT)


class RejectIn(InputSchema):
    note: str = Field(..., min_length=1, max_length=MAX_TEXT)


@router.get("/external-learning", response={200: list[ExternalOut], **ERRORS}, summary="External learning claims")
@paginate(Pagination)
def external_list(request: HttpRequest) -> QuerySet[ExternalLearning]:
    """The admin sees the Pemda's claims (newest first); everyone else their own."""
    return access.external_for(actor_of(request)).select_related("employee").order_by("-created_at", "-pk")


# Optional form fields with a default and a length: ninja drops a default given next to a nested Annotated.
_TRAINING_TYPE = Form("teknis", max_length=16)
_CERTIFICATE_NUMBER = Form("", max_length=100)


@router.post(
    "/external-learning",
    response={201: ExternalOut, **WRITE_ERRORS},
    summary="Submit external learning (multipart)",
    description="Multipart form fields plus `certificate_file` (PDF/JPG/PNG, at most 5 MB).",
)
def external_create(
    request: HttpRequest,
    certificate_file: File[UploadedFile],
    title: Form[Annotated[Text, StringConstraints(max_length=200)]],
    organiser: Form[Annotated[Text, StringConstraints(max_length=200)]],
    method: Form[Annotated[Text, StringConstraints(max_length=20)]],
    starts_on: Form[IsoDate],
    ends_on: Form[IsoDate],
    jp_claimed: Form[Jp],
    training_type: Text = _TRAINING_TYPE,
    certificate_number: Text = _CERTIFICATE_NUMBER,
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
