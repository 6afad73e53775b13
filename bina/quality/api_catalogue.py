"""REST endpoints of the service catalogue and the holiday calendar: every member of the Pemda reads
them, its admin writes them (the same services and rules as the pages and the imports)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool, StrictInt

from bina.core.api import ERRORS, WRITE_ERRORS, InputSchema, IsoDate, PatchSchema, actor_of
from bina.core.errors import PermissionDenied
from bina.people.models import OrgUnitKind
from bina.quality import access, selectors, services
from bina.quality.models import Channel, Holiday, HolidayKind, ServiceType
from bina.quality.permissions import can_read_catalogue

router = Router(tags=["quality"])

SlaMinutes = Annotated[StrictInt, Field(ge=1, le=services.SLA_MINUTES_MAX)]
SlaDays = Annotated[StrictInt, Field(ge=1, le=services.SLA_WORKING_DAYS_MAX)]
Year = Annotated[int, Field(ge=2000, le=2100)]


class ServiceTypeOut(Schema):
    code: str
    name: str
    unit_kind: str
    channels: list[str]
    sla_minutes: int | None
    sla_working_days: int | None
    sla_label: str = Field(..., description='The SLA in words: "30 menit", "5 hari kerja".')
    sla_source: str
    is_active: bool

    @staticmethod
    def resolve_sla_label(obj: ServiceType) -> str:
        return selectors.sla_label(obj)


class ServiceTypeIn(InputSchema):
    code: str = Field(..., min_length=1, max_length=32)
    name: str = Field(..., min_length=1, max_length=200)
    unit_kind: OrgUnitKind | None = None
    channels: list[Channel] = Field(default_factory=lambda: [Channel.LOKET], max_length=3)
    sla_minutes: SlaMinutes | None = Field(None, description="Set exactly one of sla_minutes and sla_working_days.")
    sla_working_days: SlaDays | None = None
    sla_source: str = Field("", max_length=300)
    is_active: StrictBool = True


class ServiceTypePatchIn(PatchSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    unit_kind: OrgUnitKind | None = None
    channels: list[Channel] | None = Field(None, max_length=3)
    sla_minutes: SlaMinutes | None = Field(None, description="Setting one SLA clears the other.")
    sla_working_days: SlaDays | None = None
    sla_source: str | None = Field(None, max_length=300)
    is_active: StrictBool | None = None


class HolidayOut(Schema):
    id: int
    date: date
    description: str
    kind: str


class HolidayQuery(Schema):
    year: Year | None = None


class HolidayIn(InputSchema):
    date: IsoDate
    description: str = Field(..., min_length=1, max_length=200)
    kind: HolidayKind = HolidayKind.LOCAL


class HolidayPatchIn(PatchSchema):
    date: IsoDate | None = None
    description: str | None = Field(None, min_length=1, max_length=200)
    kind: HolidayKind | None = None


def _reader(request: HttpRequest) -> Any:
    actor = actor_of(request)
    if not can_read_catalogue(actor):
        raise PermissionDenied(_("The service catalogue belongs to a Pemda; your account has none."))
    return actor


def _service_data(payload: Schema, *, exclude_unset: bool) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=exclude_unset, exclude_none=exclude_unset)
    if "unit_kind" in data:
        data["unit_kind"] = data["unit_kind"].value if data["unit_kind"] else ""
    if "channels" in data:
        data["channels"] = [ch.value for ch in data["channels"]]
    if exclude_unset:  # PATCH: one SLA given replaces the other
        if "sla_minutes" in data and "sla_working_days" not in data:
            data["sla_working_days"] = None
        elif "sla_working_days" in data and "sla_minutes" not in data:
            data["sla_minutes"] = None
    return data


@router.get("/service-types", response={200: list[ServiceTypeOut], **ERRORS}, summary="The service catalogue")
def service_type_list(request: HttpRequest) -> list[ServiceType]:
    return list(selectors.service_type_list(_reader(request)))


@router.post("/service-types", response={201: ServiceTypeOut, **WRITE_ERRORS}, summary="Add a service type")
def service_type_post(request: HttpRequest, payload: ServiceTypeIn) -> Status[ServiceType]:
    actor = actor_of(request)
    return Status(201, services.service_type_create(actor=actor, data=_service_data(payload, exclude_unset=False)))


@router.get("/service-types/{code}", response={200: ServiceTypeOut, **ERRORS}, summary="One service type")
def service_type_detail(request: HttpRequest, code: str) -> ServiceType:
    return access.get_service_type_for_user(_reader(request), code)


@router.patch("/service-types/{code}", response={200: ServiceTypeOut, **WRITE_ERRORS}, summary="Change a service type")
def service_type_patch(request: HttpRequest, code: str, payload: ServiceTypePatchIn) -> ServiceType:
    actor = actor_of(request)
    service = access.get_service_type_for_user(actor, code)
    return services.service_type_update(actor=actor, service=service, data=_service_data(payload, exclude_unset=True))


@router.get("/holidays", response={200: list[HolidayOut], **ERRORS}, summary="The holiday calendar")
def holiday_list(request: HttpRequest, filters: Query[HolidayQuery]) -> list[Holiday]:
    return list(selectors.holiday_list(_reader(request), year=filters.year))


@router.post("/holidays", response={201: HolidayOut, **WRITE_ERRORS}, summary="Add a holiday")
def holiday_post(request: HttpRequest, payload: HolidayIn) -> Status[Holiday]:
    data = {"date": payload.date, "description": payload.description, "kind": payload.kind.value}
    return Status(201, services.holiday_create(actor=actor_of(request), data=data))


@router.patch("/holidays/{pk}", response={200: HolidayOut, **WRITE_ERRORS}, summary="Change a holiday")
def holiday_patch(request: HttpRequest, pk: int, payload: HolidayPatchIn) -> Holiday:
    actor = actor_of(request)
    holiday = access.get_holiday_for_user(actor, pk)
    data = payload.model_dump(exclude_unset=True, exclude_none=True)
    if "kind" in data:
        data["kind"] = data["kind"].value
    return services.holiday_update(actor=actor, holiday=holiday, data=data)


@router.delete("/holidays/{pk}", response={204: None, **WRITE_ERRORS}, summary="Delete a holiday")
def holiday_delete(request: HttpRequest, pk: int) -> Status[None]:
    actor = actor_of(request)
    services.holiday_delete(actor=actor, holiday=access.get_holiday_for_user(actor, pk))
    return Status(204, None)
