"""REST endpoints for partners, agreements and instructors: thin faces over `selectors` and `services`.

Same scope as the pages: the admin reads and writes everything; a partner coordinator reads only
its own institution, agreements and instructors; others in the Pemda read partners and instructors
but never agreements (403 on the agreement list). References in bodies (partner id, employee NIP,
username, competency ids) are looked up in the caller's scope; one that is not found is a 422 naming
the field.
"""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool

from bina.accounts.access import users_for
from bina.accounts.models import User
from bina.competencies.access import competencies_for
from bina.competencies.models import Competency
from bina.core.actor import Actor
from bina.core.api import ERRORS, MAX_TEXT, WRITE_ERRORS, Id, InputSchema, IsoDate, Pagination, PatchSchema, actor_of
from bina.core.errors import PermissionDenied, resolve_reference, resolve_references
from bina.core.selectors import pemda_of
from bina.partners import access, selectors, services
from bina.partners.models import Agreement, AgreementStatus, Instructor, InstructorKind, Partner, PartnerKind
from bina.people.access import employees_for
from bina.people.models import Employee
from bina.people.nip import nip_normalise

router = Router(tags=["partners"])


class PartnerOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    website: str
    is_active: bool


class PartnerDetail(PartnerOut):
    address: str | None = Field(None, max_length=MAX_TEXT)
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None


class PartnerIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    short_name: str = Field("", max_length=40)
    kind: PartnerKind
    address: str = Field("", max_length=MAX_TEXT)
    contact_name: str = Field("", max_length=120)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=32)
    website: str = Field("", max_length=200)


class PartnerPatchIn(PatchSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    short_name: str | None = Field(None, max_length=40)
    kind: PartnerKind | None = None
    address: str | None = Field(None, max_length=MAX_TEXT)
    contact_name: str | None = Field(None, max_length=120)
    contact_email: str | None = Field(None, max_length=254)
    contact_phone: str | None = Field(None, max_length=32)
    website: str | None = Field(None, max_length=200)
    is_active: StrictBool | None = None


class AgreementOut(Schema):
    id: int
    partner_id: int
    number: str
    title: str
    scope: str
    signed_on: date | None
    starts_on: date
    ends_on: date
    status: str = Field(..., description="Current status: an active agreement past its end date is `expired`.")
    stored_status: str
    has_document: bool

    @staticmethod
    def resolve_status(obj: Agreement) -> str:
        return getattr(obj, "current_status", None) or selectors.agreement_current_status(obj)

    @staticmethod
    def resolve_stored_status(obj: Agreement) -> str:
        return obj.status

    @staticmethod
    def resolve_has_document(obj: Agreement) -> bool:
        return bool(obj.document)


class AgreementIn(InputSchema):
    number: str = Field(..., min_length=1, max_length=100)
    title: str = Field(..., min_length=1, max_length=200)
    scope: str = Field("", max_length=MAX_TEXT)
    signed_on: IsoDate | None = None
    starts_on: IsoDate
    ends_on: IsoDate
    status: AgreementStatus = AgreementStatus.DRAFT


class CompetencyRef(Schema):
    id: int
    code: str
    name: str


class InstructorOut(Schema):
    id: int
    name: str
    kind: str
    partner_id: int | None
    expertise: str
    competencies: list[CompetencyRef]
    is_active: bool

    @staticmethod
    def resolve_competencies(obj: Any) -> list[Any]:
        if isinstance(obj, dict):  # the detail endpoints build a dict (contacts depend on the reader)
            return list(obj["competencies"])
        return list(obj.competencies.all())


class InstructorDetail(InstructorOut):
    email: str | None = None
    phone: str | None = None
    employee_nip: str | None = None
    username: str | None = None


class InstructorIn(InputSchema):
    kind: InstructorKind
    name: str = Field("", max_length=200, description="Taken from the employee when empty.")
    employee_nip: str | None = Field(None, max_length=40, description="For widyaiswara and ASN instructors.")
    partner_id: Id | None = None
    username: str | None = Field(
        None, max_length=150, description="An existing account of the Pemda; it gets the instructor role."
    )
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=32)
    expertise: str = Field("", max_length=MAX_TEXT)
    competency_ids: list[Id] = Field([], max_length=500)


class InstructorPatchIn(PatchSchema):
    nullable = frozenset({"employee_nip", "partner_id", "username"})

    kind: InstructorKind | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    employee_nip: str | None = Field(None, max_length=40)
    partner_id: Id | None = None
    username: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=32)
    expertise: str | None = Field(None, max_length=MAX_TEXT)
    competency_ids: list[Id] | None = Field(None, max_length=500)
    is_active: StrictBool | None = None


class InstructorQuery(Schema):
    search: str = ""
    kind: InstructorKind | None = None
    partner_id: int | None = None
    competency_id: int | None = None


def _partner_detail(actor: Actor, partner: Partner) -> dict[str, Any]:
    """Contact details only for the admin and the partner's own coordinator."""
    data: dict[str, Any] = {
        "id": partner.pk,
        "name": partner.name,
        "short_name": partner.short_name,
        "kind": partner.kind,
        "website": partner.website,
        "is_active": partner.is_active,
        "address": None,
        "contact_name": None,
        "contact_email": None,
        "contact_phone": None,
    }
    if selectors.can_read_partner_contacts(actor, partner):
        data.update(
            address=partner.address,
            contact_name=partner.contact_name,
            contact_email=partner.contact_email,
            contact_phone=partner.contact_phone,
        )
    return data


def _instructor_detail(actor: Actor, instructor: Instructor) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": instructor.pk,
        "name": instructor.name,
        "kind": instructor.kind,
        "partner_id": instructor.partner_id,
        "expertise": instructor.expertise,
        "competencies": [{"id": c.pk, "code": c.code, "name": c.name} for c in instructor.competencies.all()],
        "is_active": instructor.is_active,
        "email": None,
        "phone": None,
        "employee_nip": None,
        "username": None,
    }
    if selectors.can_read_instructor_contacts(actor, instructor):
        data.update(
            email=instructor.email,
            phone=instructor.phone,
            employee_nip=instructor.employee.nip if instructor.employee else None,
            username=instructor.user.username if instructor.user else None,
        )
    return data


def _partner_ref(actor: Actor, pk: int | None) -> Partner | None:
    if pk is None:
        return None
    return resolve_reference("partner_id", pk, lambda key: access.get_partner_for_user(actor, key))


def _employee_ref(actor: Actor, nip: str | None) -> Employee | None:
    nip = nip_normalise(nip)
    if not nip:
        return None
    return resolve_references("employee_nip", [nip], employees_for(actor), key="nip")[0]


def _user_ref(actor: Actor, username: str | None) -> User | None:
    if not username:
        return None
    return resolve_references("username", [username], users_for(actor).filter(is_active=True), key="username")[0]


def _competency_refs(actor: Actor, ids: list[int]) -> list[Competency]:
    return resolve_references("competency_ids", ids, competencies_for(actor))


# --- partners ----------------------------------------------------------------------------


@router.get("/partners", response={200: list[PartnerOut], **ERRORS}, summary="List partners")
@paginate(Pagination)
def partner_list(request: HttpRequest, search: str = "", kind: PartnerKind | None = None) -> QuerySet[Partner]:
    return selectors.partner_list(actor_of(request), search=search, kind=kind.value if kind else "")


@router.post("/partners", response={201: PartnerDetail, **WRITE_ERRORS}, summary="Add a partner")
def partner_post(request: HttpRequest, payload: PartnerIn) -> Status[dict[str, Any]]:
    actor = actor_of(request)
    data = payload.model_dump()
    data["kind"] = payload.kind.value
    partner = services.partner_create(actor=actor, pemda=pemda_of(actor), data=data)
    return Status(201, _partner_detail(actor, partner))


@router.get("/partners/{pk}", response={200: PartnerDetail, **ERRORS}, summary="One partner")
def partner_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    actor = actor_of(request)
    return _partner_detail(actor, access.get_partner_for_user(actor, pk))


@router.patch("/partners/{pk}", response={200: PartnerDetail, **WRITE_ERRORS}, summary="Change a partner")
def partner_patch(request: HttpRequest, pk: int, payload: PartnerPatchIn) -> dict[str, Any]:
    actor = actor_of(request)
    partner = access.get_partner_for_user(actor, pk)
    data = payload.model_dump(exclude_none=True)
    if payload.kind is not None:
        data["kind"] = payload.kind.value
    services.partner_update(actor=actor, partner=partner, data=data)
    return _partner_detail(actor, partner)


# --- agreements --------------------------------------------------------------------------


@router.get("/partners/{pk}/agreements", response={200: list[AgreementOut], **ERRORS}, summary="A partner's agreements")
@paginate(Pagination)
def agreement_list(request: HttpRequest, pk: int) -> QuerySet[Agreement]:
    actor = actor_of(request)
    partner = access.get_partner_for_user(actor, pk)
    if not access.can_read_agreements(actor):
        raise PermissionDenied(_("Agreements are for the BKPSDM admin and the partner's coordinator."))
    return access.agreements_for(actor).filter(partner=partner).order_by("-ends_on")


@router.post("/partners/{pk}/agreements", response={201: AgreementOut, **WRITE_ERRORS}, summary="Add an agreement")
def agreement_post(request: HttpRequest, pk: int, payload: AgreementIn) -> Status[Agreement]:
    actor = actor_of(request)
    partner = access.get_partner_for_user(actor, pk)
    data = payload.model_dump()
    data["status"] = payload.status.value
    agreement = services.agreement_create(actor=actor, partner=partner, data=data)
    return Status(201, access.get_agreement_for_user(actor, agreement.pk))


# --- instructors -------------------------------------------------------------------------


@router.get("/instructors", response={200: list[InstructorOut], **ERRORS}, summary="List instructors")
@paginate(Pagination)
def instructor_list(request: HttpRequest, filters: Query[InstructorQuery]) -> QuerySet[Instructor]:
    return selectors.instructor_list(
        actor_of(request),
        search=filters.search,
        kind=filters.kind.value if filters.kind else "",
        partner_id=filters.partner_id,
        competency_id=filters.competency_id,
    )


@router.post("/instructors", response={201: InstructorDetail, **WRITE_ERRORS}, summary="Add an instructor")
def instructor_post(request: HttpRequest, payload: InstructorIn) -> Status[dict[str, Any]]:
    actor = actor_of(request)
    instructor = services.instructor_create(
        actor=actor,
        pemda=pemda_of(actor),
        kind=payload.kind.value,
        name=payload.name,
        employee=_employee_ref(actor, payload.employee_nip),
        partner=_partner_ref(actor, payload.partner_id),
        user=_user_ref(actor, payload.username),
        email=payload.email,
        phone=payload.phone,
        expertise=payload.expertise,
        competencies=_competency_refs(actor, payload.competency_ids),
    )
    return Status(201, _instructor_detail(actor, access.get_instructor_for_user(actor, instructor.pk)))


@router.get("/instructors/{pk}", response={200: InstructorDetail, **ERRORS}, summary="One instructor")
def instructor_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    actor = actor_of(request)
    return _instructor_detail(actor, access.get_instructor_for_user(actor, pk))


@router.patch("/instructors/{pk}", response={200: InstructorDetail, **WRITE_ERRORS}, summary="Change an instructor")
def instructor_patch(request: HttpRequest, pk: int, payload: InstructorPatchIn) -> dict[str, Any]:
    actor = actor_of(request)
    instructor = access.get_instructor_for_user(actor, pk)
    sent = payload.model_fields_set
    kwargs: dict[str, Any] = {
        "kind": payload.kind.value if payload.kind else None,
        "name": payload.name,
        "email": payload.email,
        "phone": payload.phone,
        "expertise": payload.expertise,
        "is_active": payload.is_active,
    }
    if "employee_nip" in sent:
        kwargs["employee"] = _employee_ref(actor, payload.employee_nip)
    if "partner_id" in sent:
        kwargs["partner"] = _partner_ref(actor, payload.partner_id)
    if "username" in sent:
        kwargs["user"] = _user_ref(actor, payload.username)
    if payload.competency_ids is not None:
        kwargs["competencies"] = _competency_refs(actor, payload.competency_ids)
    services.instructor_update(actor=actor, instructor=instructor, **kwargs)
    return _instructor_detail(actor, access.get_instructor_for_user(actor, pk))
