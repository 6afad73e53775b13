"""REST endpoints for organisation units and employees: thin faces over access, selectors and services.

Every read starts from the request's `Actor` and `bina.people.access`, so an object outside
the caller's Pemda or scope answers 404 exactly like a missing one. References in request
bodies (unit by code, supervisor by NIP) are looked up through the same scope; one that cannot
be found is a 422 naming the field, so the client knows which value to fix.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ValidationInfo, field_validator

from bina.core.actor import Actor
from bina.core.api import ERRORS, WRITE_ERRORS, InputSchema, IsoDate, Pagination, PatchSchema, actor_of, refuse
from bina.core.errors import PermissionDenied, resolve_reference
from bina.core.selectors import pemda_of
from bina.people import permissions, validators
from bina.people.access import (
    employees_for,
    get_employee_for_user,
    get_org_unit_for_user,
    open_employee_profile,
    org_units_for,
)
from bina.people.models import (
    AsnType,
    Education,
    Employee,
    EmployeeStatus,
    EmploymentRecord,
    Gender,
    OrgUnit,
    OrgUnitKind,
    PositionKind,
)
from bina.people.selectors import (
    EmployeeFilters,
    employee_search,
    is_visible,
    org_unit_search,
    with_supervisor_visibility,
)
from bina.people.services import employee_create, employee_update, org_unit_create

router = Router()

# --- schemas ------------------------------------------------------------------------------


class UnitRef(Schema):
    code: str
    name: str


class EmployeeRef(Schema):
    nip: str
    name: str


class SupervisorRef(Schema):
    nip: str | None = Field(description="Empty when the supervisor is outside what the caller may read.")
    name: str


class OrgUnitOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None = Field(None, description="Code of the parent unit; null for a top-level unit.")
    depth: int
    closed_on: date | None
    is_active: bool

    @staticmethod
    def resolve_parent(obj: OrgUnit) -> str | None:
        return obj.parent.code if obj.parent is not None else None


class OrgUnitIn(InputSchema):
    code: str = Field(..., min_length=1, max_length=32)
    name: str = Field(..., min_length=1, max_length=200)
    kind: OrgUnitKind
    parent: str | None = Field(
        None, max_length=32, description="Code of the parent unit; omit for a top-level unit (admin only)."
    )


class OrgUnitQuery(Schema):
    parent: str = Field("", description="Only the direct sub-units of the unit with this code.")
    kind: OrgUnitKind | None = None
    search: str = Field("", description="Part of the name or code.")


class EmployeeOut(Schema):
    nip: str
    name: str
    gender: str
    asn_type: str
    golongan: str
    position_name: str
    position_kind: str
    status: str
    unit: UnitRef
    supervisor: SupervisorRef | None

    @staticmethod
    def resolve_supervisor(obj: Employee, context: dict[str, Any]) -> dict[str, Any] | None:
        """Like the profile page: a supervisor outside the reader's scope is named, not identified."""
        if obj.supervisor_id is None or obj.supervisor is None:
            return None
        visible = getattr(obj, "supervisor_visible", None)  # annotated on lists (no query per row)
        if visible is None:
            visible = is_visible(employees_for(actor_of(context["request"])), obj.supervisor_id)
        return {"nip": obj.supervisor.nip if visible else None, "name": obj.supervisor.name}


class EmploymentRecordOut(Schema):
    unit: UnitRef
    position_name: str
    position_kind: str
    golongan: str
    valid_from: date
    valid_to: date | None


class EmployeeDetail(EmployeeOut):
    birth_date: date
    education: str
    email: str
    phone: str
    appointed_on: date | None
    created_at: datetime
    updated_at: datetime
    history: list[EmploymentRecordOut]

    @staticmethod
    def resolve_history(obj: Employee) -> list[EmploymentRecord]:
        return list(obj.history.select_related("unit").order_by("-valid_from", "-id"))


class EmployeeQuery(Schema):
    search: str = Field("", description="Part of the name, or the first digits of the NIP.")
    unit: str = Field("", description="Unit code: employees of this unit and all its sub-units.")
    asn_type: AsnType | None = None
    golongan: str = ""
    position_kind: PositionKind | None = None
    status: EmployeeStatus | None = None


def _field_rule(value: str | None, info: ValidationInfo) -> str | None:
    """The rule of `bina.people.validators` for the field (the import's and the form's)."""
    if value is None:
        return value
    try:
        return validators.FIELD_RULES[str(info.field_name)](value)
    except validators.FieldInvalid as exc:
        raise refuse(exc.code, exc.message) from None


class EmployeeCreateIn(InputSchema):
    nip: str = Field(
        ..., min_length=1, max_length=40, description="18 digits; spaces, dots or dashes between the parts are allowed."
    )
    name: str = Field(..., min_length=1, max_length=200)
    unit: str = Field(..., min_length=1, max_length=32, description="Unit code.")
    supervisor: str | None = Field(None, max_length=40, description="NIP of the direct supervisor.")
    gender: Gender | None = Field(None, description="Taken from the NIP when omitted.")
    birth_date: IsoDate | None = Field(None, description="Taken from the NIP when omitted.")
    asn_type: AsnType | None = Field(None, description="Taken from the NIP when omitted.")
    golongan: str = Field("", max_length=8)
    position_name: str = Field("", max_length=200)
    position_kind: PositionKind | Literal[""] = ""
    education: Education | Literal[""] = ""
    status: EmployeeStatus = EmployeeStatus.AKTIF
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=32)

    _rules = field_validator(*validators.FIELD_RULES)(_field_rule)


class EmployeePatchIn(PatchSchema):
    """Only the fields sent are changed. `supervisor: null` removes the supervisor; other fields refuse null."""

    nullable = frozenset({"supervisor"})

    name: str | None = Field(None, min_length=1, max_length=200)
    unit: str | None = Field(None, min_length=1, max_length=32, description="Unit code.")
    supervisor: str | None = Field(None, max_length=40, description="NIP of the direct supervisor; null to remove.")
    gender: Gender | None = None
    birth_date: IsoDate | None = None
    asn_type: AsnType | None = None
    golongan: str | None = Field(None, max_length=8)
    position_name: str | None = Field(None, max_length=200)
    position_kind: PositionKind | Literal[""] | None = None
    education: Education | Literal[""] | None = None
    status: EmployeeStatus | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=32)

    _rules = field_validator(*validators.FIELD_RULES)(_field_rule)


# --- helpers ------------------------------------------------------------------------------


def _unit_ref(actor: Actor, code: str, field: str) -> OrgUnit:
    return resolve_reference(field, code, lambda key: get_org_unit_for_user(actor, key))


def _supervisor_ref(actor: Actor, nip: str | None) -> Employee | None:
    if nip is None or nip == "":
        return None
    return resolve_reference("supervisor", nip, lambda key: get_employee_for_user(actor, key))


def _employee_data(actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    """Body values as the service expects them: references resolved, enums as plain values."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if name == "unit":
            data["unit"] = _unit_ref(actor, value, "unit")
        elif name == "supervisor":
            data["supervisor"] = _supervisor_ref(actor, value)
        elif value is None:
            continue  # optional fields the NIP fills in (create)
        else:
            data[name] = getattr(value, "value", value)
    return data


# --- organisation units -------------------------------------------------------------------


@router.get("/org-units", response={200: list[OrgUnitOut], **ERRORS}, tags=["org-units"], summary="List units")
@paginate(Pagination)
def org_unit_list(request: HttpRequest, filters: Query[OrgUnitQuery]) -> QuerySet[OrgUnit]:
    actor = actor_of(request)
    return org_unit_search(
        org_units_for(actor).select_related("parent"),
        parent=_unit_ref(actor, filters.parent, "parent") if filters.parent else None,
        kind=filters.kind.value if filters.kind else "",
        term=filters.search,
    )


@router.post("/org-units", response={201: OrgUnitOut, **WRITE_ERRORS}, tags=["org-units"], summary="Create a unit")
def org_unit_post(request: HttpRequest, payload: OrgUnitIn) -> Status[OrgUnit]:
    actor = actor_of(request)
    pemda = pemda_of(actor)
    parent = _unit_ref(actor, payload.parent, "parent") if payload.parent else None
    unit = org_unit_create(
        actor=actor, pemda=pemda, code=payload.code, name=payload.name, kind=payload.kind.value, parent=parent
    )
    return Status(201, unit)


@router.get("/org-units/{code}", response={200: OrgUnitOut, **ERRORS}, tags=["org-units"], summary="One unit")
def org_unit_detail(request: HttpRequest, code: str) -> OrgUnit:
    return get_org_unit_for_user(actor_of(request), code)


# --- employees ----------------------------------------------------------------------------


@router.get(
    "/employees", response={200: list[EmployeeOut], **WRITE_ERRORS}, tags=["employees"], summary="List employees"
)
@paginate(Pagination)
def employee_list(request: HttpRequest, filters: Query[EmployeeQuery]) -> QuerySet[Employee]:
    actor = actor_of(request)
    if not permissions.can_list_employees(actor):
        raise PermissionDenied(_("Your role cannot list employees; you can open your own record by your NIP."))
    unit = _unit_ref(actor, filters.unit, "unit") if filters.unit else None
    criteria = EmployeeFilters(
        search=filters.search,
        unit=unit,
        asn_type=filters.asn_type.value if filters.asn_type else "",
        golongan=filters.golongan.strip(),
        position_kind=filters.position_kind.value if filters.position_kind else "",
        status=filters.status.value if filters.status else "",
    )
    scoped = employees_for(actor)
    return with_supervisor_visibility(employee_search(scoped, criteria).select_related("supervisor"), scoped)


@router.post("/employees", response={201: EmployeeDetail, **WRITE_ERRORS}, tags=["employees"], summary="Add one")
def employee_post(request: HttpRequest, payload: EmployeeCreateIn) -> Status[Employee]:
    actor = actor_of(request)
    pemda = pemda_of(actor)
    values = payload.dict(exclude_unset=True)
    nip = values.pop("nip")
    employee = employee_create(actor=actor, pemda=pemda, nip=nip, data=_employee_data(actor, values))
    return Status(201, employee)


@router.get("/employees/{nip}", response={200: EmployeeDetail, **ERRORS}, tags=["employees"], summary="One employee")
def employee_detail(request: HttpRequest, nip: str) -> Employee:
    return open_employee_profile(actor_of(request), nip)


@router.patch(
    "/employees/{nip}", response={200: EmployeeDetail, **WRITE_ERRORS}, tags=["employees"], summary="Change one"
)
def employee_patch(request: HttpRequest, nip: str, payload: EmployeePatchIn) -> Employee:
    actor = actor_of(request)
    employee = get_employee_for_user(actor, nip)
    data = _employee_data(actor, payload.dict(exclude_unset=True))
    return employee_update(actor=actor, employee=employee, data=data)
