"""REST endpoints for classes (angkatan), sessions and enrolments: thin faces over access, selectors, services.

Objects are reached through `bina.training.access`, so a class of another Pemda, or a draft for a
non-admin, answers 404 like a missing one. POST /classes/{id}/enrolments is the one way to ask for a
place: without `nip` the caller registers themselves; with `nip` a supervisor nominates a report
and an admin assigns anyone (or say so with `source`).
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool, StrictInt

from bina.core.actor import Actor
from bina.core.api import (
    ERRORS,
    MAX_CAPACITY,
    MAX_LIST,
    MAX_TEXT,
    WRITE_ERRORS,
    Id,
    InputSchema,
    IsoDate,
    IsoDateTime,
    Pagination,
    PatchSchema,
    actor_of,
)
from bina.core.errors import PermissionDenied, ValidationFailed, resolve_reference, resolve_references
from bina.partners.models import Instructor, Partner
from bina.people.access import get_employee_for_user, org_units_for, own_employee
from bina.people.models import Employee, OrgUnit, PositionKind
from bina.training import access, permissions
from bina.training.classes import enrolment as enrolment_services
from bina.training.classes import selectors
from bina.training.classes import services as class_services
from bina.training.classes.models import (
    ClassStatus,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Session,
    TrainingClass,
)

router = Router(tags=["classes"])

# --- schemas ------------------------------------------------------------------------------


ACTIONS_HELP = (
    "What the caller may do with the enrolment now, from the enrolment workflow: accept, decline, approve, "
    "reject, withdraw, no-show (POST /enrolments/{id}/<action>). Anything else answers 409/403 with the reason."
)


class SessionOut(Schema):
    id: int
    class_id: int = Field(..., alias="klass_id")
    starts_at: datetime
    ends_at: datetime
    topic: str
    instructor: str | None
    instructor_id: int | None
    room: str
    online_url: str

    @staticmethod
    def resolve_instructor(obj: Session) -> str | None:
        return obj.instructor.name if obj.instructor_id and obj.instructor else None


class ClassOut(Schema):
    id: int
    code: str
    name: str
    course_id: int
    course: str
    starts_on: date
    ends_on: date
    status: str
    capacity: int
    enrolled_count: int
    waitlist_count: int
    seats_left: int
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    allow_self_registration: bool
    allow_nomination: bool
    requires_approval: bool
    eligible_position_kinds: list[str]
    venue: str
    organiser_id: int | None
    cancelled_reason: str

    @staticmethod
    def resolve_course(obj: TrainingClass | dict[str, Any]) -> str:
        if isinstance(obj, dict):  # the detail answer is assembled as a dict
            return str(obj["course"])
        return obj.course.title


class QuotaOut(Schema):
    unit: str
    seats: int


class MyPlaceOut(Schema):
    id: int
    status: str
    allowed_actions: list[str] = Field(..., description=ACTIONS_HELP)


class ClassDetailOut(ClassOut):
    sessions: list[SessionOut]
    quotas: list[QuotaOut]
    eligible_units: list[str]
    my_enrolment: MyPlaceOut | None
    allowed_actions: list[str] = Field(
        ...,
        description=(
            "What the caller may do with the class now, from the class workflow: open, close, start, complete, "
            "reopen, cancel (POST /classes/{id}/<action>; preview a completion with "
            "GET /classes/{id}/completion-preview), enrol, nominate, assign (POST /classes/{id}/enrolments)."
        ),
    )


UnitCode = Annotated[str, Field(max_length=32)]
Capacity = Annotated[StrictInt, Field(ge=1, le=MAX_CAPACITY)]
Seats = Annotated[StrictInt, Field(ge=0, le=MAX_CAPACITY)]
Reason = Annotated[str, Field(max_length=MAX_TEXT)]


class ClassIn(InputSchema):
    course_id: Id
    code: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=200)
    starts_on: IsoDate
    ends_on: IsoDate
    capacity: Capacity
    registration_opens_at: IsoDateTime | None = None
    registration_closes_at: IsoDateTime | None = None
    allow_self_registration: StrictBool = True
    allow_nomination: StrictBool = True
    requires_approval: StrictBool = False
    eligible_units: list[UnitCode] = Field(
        default_factory=list, max_length=MAX_LIST, description="Unit codes (with their sub-units)."
    )
    eligible_position_kinds: list[PositionKind] = Field(default_factory=list)
    venue: str = Field("", max_length=200)
    organiser_id: Id | None = None
    quotas: dict[UnitCode, Seats] | None = Field(None, max_length=MAX_LIST, description="Unit code → seats.")


class ClassPatchIn(PatchSchema):
    nullable = frozenset({"registration_opens_at", "registration_closes_at", "organiser_id"})

    code: str | None = Field(None, min_length=1, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=200)
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    capacity: Capacity | None = None
    registration_opens_at: IsoDateTime | None = None
    registration_closes_at: IsoDateTime | None = None
    allow_self_registration: StrictBool | None = None
    allow_nomination: StrictBool | None = None
    requires_approval: StrictBool | None = None
    eligible_units: list[UnitCode] | None = Field(None, max_length=MAX_LIST)
    eligible_position_kinds: list[PositionKind] | None = None
    venue: str | None = Field(None, max_length=200)
    organiser_id: Id | None = None
    quotas: dict[UnitCode, Seats] | None = Field(None, max_length=MAX_LIST)


class ClassQuery(Schema):
    status: ClassStatus | None = None
    course_id: int | None = None
    open_for_me: bool = False
    search: str = ""


class CancelIn(InputSchema):
    reason: Reason = Field(..., min_length=1)


ReasonCategory = Literal["", "workload", "schedule", "not_relevant", "technology", "health", "other"]


class ReasonIn(InputSchema):
    reason: Reason = ""
    category: ReasonCategory = Field(
        "",
        description='With a decline or a no-show: the reason\'s category (empty counts as "other"); '
        "other actions ignore it.",
    )


class SessionIn(InputSchema):
    starts_at: IsoDateTime
    ends_at: IsoDateTime
    topic: str = Field(..., min_length=1, max_length=200)
    instructor_id: Id | None = None
    room: str = Field("", max_length=120)
    online_url: str = Field("", max_length=200)


class SessionPatchIn(PatchSchema):
    nullable = frozenset({"instructor_id"})

    starts_at: IsoDateTime | None = None
    ends_at: IsoDateTime | None = None
    topic: str | None = Field(None, min_length=1, max_length=200)
    instructor_id: Id | None = None
    room: str | None = Field(None, max_length=120)
    online_url: str | None = Field(None, max_length=200)


class EnrolmentIn(InputSchema):
    nip: str | None = Field(None, max_length=40, description="Omit to register yourself.")
    source: Literal["self", "nomination", "assignment"] | None = None


class ParticipantRef(Schema):
    """The enrolled employee (not people's `EmployeeRef`: the spec needs unique schema names)."""

    nip: str
    name: str
    unit: str


class EnrolmentOut(Schema):
    id: int
    class_id: int = Field(..., alias="klass_id")
    employee: ParticipantRef
    status: str
    source: str
    reason_code: str = Field(
        ...,
        description=(
            "Why the system ended the enrolment, as a stable code (e.g. attendance_below_minimum, "
            'post_test_missing, post_test_below_minimum; "several" when more than one applies); empty when none.'
        ),
    )
    reason_params: dict[str, Any] = Field(
        ...,
        description='The code\'s parameters (numbers as strings, e.g. {"pct": "60", "min": "80"}; '
        '"several": {"reasons": [{"code", "params"}]}).',
    )
    reason_message: str = Field(
        ..., description="The reason in the request's language: the coded reason rendered, then the person's words."
    )
    reason: str = Field(
        ...,
        description="The words of the person who declined, rejected, withdrew, marked no-show or cancelled, as typed.",
    )
    reason_category: str = Field(
        ...,
        description="Declined or no-show: workload, schedule, not_relevant, technology, health or other; else empty.",
    )
    waitlisted_at: datetime | None
    decided_at: datetime | None
    created_at: datetime
    allowed_actions: list[str] = Field(..., description=ACTIONS_HELP)

    @staticmethod
    def resolve_employee(obj: Enrolment) -> dict[str, str]:
        e = obj.employee
        return {"nip": e.nip, "name": e.name, "unit": e.unit.name}

    @staticmethod
    def resolve_allowed_actions(obj: Enrolment, context: dict[str, Any]) -> list[str]:
        return [a.name for a in selectors.enrolment_actions(actor_of(context["request"]), obj)]


class EnrolmentQuery(Schema):
    status: EnrolmentStatus | None = None


# --- helpers ------------------------------------------------------------------------------


def _units(actor: Actor, codes: list[str], field: str) -> list[OrgUnit]:
    return resolve_references(field, codes, org_units_for(actor), key="code")


def _class_data(actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("eligible_units", "quotas"):
            continue
        if name == "course_id":
            data["course"] = resolve_reference("course_id", value, lambda pk: access.get_course_for_user(actor, pk))
        elif name == "organiser_id":
            data["organiser"] = _partner(actor, value)
        elif name == "eligible_position_kinds":
            data[name] = [getattr(v, "value", v) for v in value]
        else:
            data[name] = value
    return data


def _partner(actor: Actor, pk: int | None) -> Partner | None:
    if pk is None:
        return None
    return resolve_references("organiser_id", [pk], selectors.partner_choices(actor))[0]


def _instructor(actor: Actor, pk: int | None) -> Instructor | None:
    if pk is None:
        return None
    return resolve_references("instructor_id", [pk], selectors.instructor_choices(actor))[0]


def _session_data(actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    data = dict(values)
    if "instructor_id" in data:
        data["instructor"] = _instructor(actor, data.pop("instructor_id"))
    return data


def _quotas(actor: Actor, quotas: dict[str, int] | None) -> dict[OrgUnit, int] | None:
    """Unit codes resolved before the service runs: an unknown code is refused before anything is written."""
    if quotas is None:
        return None
    units = {code: u for code, u in zip(quotas, _units(actor, list(quotas), "quotas"), strict=True)}
    return {units[c]: s for c, s in quotas.items()}


def _detail(actor: Actor, klass: TrainingClass) -> dict[str, Any]:
    d = selectors.class_detail(actor, klass)
    data = ClassOut.from_orm(klass).dict()
    data["sessions"] = d.sessions
    data["quotas"] = [{"unit": q.unit.code, "seats": q.seats} for q in d.quotas]
    data["eligible_units"] = [u.code for u in d.eligible_units]
    mine = d.my_enrolment
    data["my_enrolment"] = (
        {"id": mine.pk, "status": mine.status, "allowed_actions": [a.name for a in d.my_actions]} if mine else None
    )
    data["allowed_actions"] = d.action_names
    return data


# --- classes ------------------------------------------------------------------------------


@router.get("/classes", response={200: list[ClassOut], **ERRORS}, summary="List classes")
@paginate(Pagination)
def class_list(request: HttpRequest, filters: Query[ClassQuery]) -> QuerySet[TrainingClass]:
    actor = actor_of(request)
    return selectors.class_list(
        actor,
        selectors.ClassFilters(
            status=filters.status.value if filters.status else "",
            course_id=filters.course_id,
            open_for_me=filters.open_for_me,
            search=filters.search.strip(),
        ),
    )


@router.post("/classes", response={201: ClassDetailOut, **WRITE_ERRORS}, summary="Create a class (draft)")
def class_post(request: HttpRequest, payload: ClassIn) -> Status[dict[str, Any]]:
    actor = actor_of(request)
    pemda_id = actor.pemda_id
    if pemda_id is None or not permissions.can_create_class(actor):
        raise PermissionDenied(_("Only a BKPSDM admin creates classes."))
    values = payload.dict()
    units = _units(actor, values["eligible_units"], "eligible_units")
    klass = class_services.class_create(
        actor=actor,
        pemda_id=pemda_id,
        data=_class_data(actor, values),
        eligible_units=units,
        quotas=_quotas(actor, values.get("quotas")),
    )
    return Status(201, _detail(actor, access.get_class_for_user(actor, klass.pk)))


@router.get("/classes/{class_id}", response={200: ClassDetailOut, **ERRORS}, summary="One class")
def class_get(request: HttpRequest, class_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    return _detail(actor, access.get_class_for_user(actor, class_id))


@router.patch("/classes/{class_id}", response={200: ClassDetailOut, **WRITE_ERRORS}, summary="Change a class")
def class_patch(request: HttpRequest, class_id: int, payload: ClassPatchIn) -> dict[str, Any]:
    actor = actor_of(request)
    klass = access.get_class_for_user(actor, class_id)
    values = payload.dict(exclude_unset=True)
    units = (
        _units(actor, values["eligible_units"], "eligible_units") if values.get("eligible_units") is not None else None
    )
    klass = class_services.class_update(
        actor=actor,
        klass=klass,
        data=_class_data(actor, values),
        eligible_units=units,
        quotas=_quotas(actor, values.get("quotas")),
    )
    return _detail(actor, access.get_class_for_user(actor, class_id))


def _lifecycle(request: HttpRequest, class_id: int, action: str, reason: str = "") -> dict[str, Any]:
    actor = actor_of(request)
    klass = access.get_class_for_user(actor, class_id)
    class_services.class_lifecycle_act(actor=actor, klass=klass, action=action, reason=reason)
    return _detail(actor, access.get_class_for_user(actor, class_id))


@router.post("/classes/{class_id}/open", response={200: ClassDetailOut, **WRITE_ERRORS}, summary="Open registration")
def class_open(request: HttpRequest, class_id: int) -> dict[str, Any]:
    return _lifecycle(request, class_id, "open")


@router.post("/classes/{class_id}/close", response={200: ClassDetailOut, **WRITE_ERRORS}, summary="Close registration")
def class_close(request: HttpRequest, class_id: int) -> dict[str, Any]:
    return _lifecycle(request, class_id, "close")


@router.post("/classes/{class_id}/start", response={200: ClassDetailOut, **WRITE_ERRORS}, summary="Start the class")
def class_start(request: HttpRequest, class_id: int) -> dict[str, Any]:
    return _lifecycle(request, class_id, "start")


@router.post("/classes/{class_id}/cancel", response={200: ClassDetailOut, **WRITE_ERRORS}, summary="Cancel the class")
def class_cancel(request: HttpRequest, class_id: int, payload: CancelIn) -> dict[str, Any]:
    return _lifecycle(request, class_id, "cancel", payload.reason)


# --- sessions -----------------------------------------------------------------------------


@router.get("/classes/{class_id}/sessions", response={200: list[SessionOut], **ERRORS}, summary="Sessions of a class")
def session_list(request: HttpRequest, class_id: int) -> list[Session]:
    klass = access.get_class_for_user(actor_of(request), class_id)
    return list(selectors.sessions_with_instructors(klass))


@router.post("/classes/{class_id}/sessions", response={201: SessionOut, **WRITE_ERRORS}, summary="Add a session")
def session_post(request: HttpRequest, class_id: int, payload: SessionIn) -> Status[Session]:
    actor = actor_of(request)
    klass = access.get_class_for_user(actor, class_id)
    session = class_services.session_create(actor=actor, klass=klass, data=_session_data(actor, payload.dict()))
    return Status(201, session)


@router.patch("/sessions/{session_id}", response={200: SessionOut, **WRITE_ERRORS}, summary="Change a session")
def session_patch(request: HttpRequest, session_id: int, payload: SessionPatchIn) -> Session:
    actor = actor_of(request)
    session = access.get_session_for_user(actor, session_id)
    data = _session_data(actor, payload.dict(exclude_unset=True))
    return class_services.session_update(actor=actor, session=session, data=data)


@router.delete("/sessions/{session_id}", response={204: None, **WRITE_ERRORS}, summary="Delete a session")
def session_delete(request: HttpRequest, session_id: int) -> Status[None]:
    actor = actor_of(request)
    session = access.get_session_for_user(actor, session_id)
    class_services.session_delete(actor=actor, session=session)
    return Status(204, None)


# --- enrolments ---------------------------------------------------------------------------


@router.get(
    "/classes/{class_id}/enrolments",
    response={200: list[EnrolmentOut], **ERRORS},
    summary="Participants of a class",
    description=(
        "For the BKPSDM admin and those who teach the class (its instructors, its partner's coordinator); "
        "anyone else who sees the class gets 403, as on the participants page and the XLSX/PDF downloads."
    ),
)
@paginate(Pagination)
def enrolment_list(request: HttpRequest, class_id: int, filters: Query[EnrolmentQuery]) -> QuerySet[Enrolment]:
    actor = actor_of(request)
    klass = access.get_class_for_user(actor, class_id)
    return selectors.class_participants(actor, klass, filters.status.value if filters.status else "")


def _source_for(actor: Actor, employee: Employee, asked: str | None) -> str:
    if asked:
        return asked
    if employee.pk == actor.employee_id:
        return EnrolmentSource.SELF
    if actor.is_admin:
        return EnrolmentSource.ASSIGNMENT
    return EnrolmentSource.NOMINATION


@router.post(
    "/classes/{class_id}/enrolments",
    response={201: EnrolmentOut, **WRITE_ERRORS},
    summary="Register, nominate or assign",
    description=(
        "Without a body (or with `{}`) the caller registers themself. Answers 201 with `status` enrolled, "
        "waitlisted, pending (awaiting approval) or nominated (awaiting the nominee), or an error whose message "
        "gives the reason."
    ),
)
def enrolment_post(request: HttpRequest, class_id: int, payload: EnrolmentIn | None = None) -> Status[Enrolment]:
    # No body at all registers the caller, as `{}` does (docs/api.md).
    payload = payload or EnrolmentIn(nip=None, source=None)
    actor = actor_of(request)
    klass = access.get_class_for_user(actor, class_id)
    if payload.nip:
        employee = resolve_reference("nip", payload.nip, lambda nip: get_employee_for_user(actor, nip))
    else:
        if actor.employee_id is None:
            raise ValidationFailed(
                _("Your account is not linked to an employee; give the NIP of the person to enrol."),
                details=[{"field": "nip", "message": _("Required for accounts without an employee record.")}],
            )
        employee = own_employee(actor).select_related("unit").get()
    source = _source_for(actor, employee, payload.source)
    enrolment = enrolment_services.enrolment_request(actor=actor, klass=klass, employee=employee, source=source)
    return Status(201, enrolment)


@router.get("/enrolments/{enrolment_id}", response={200: EnrolmentOut, **ERRORS}, summary="One enrolment")
def enrolment_get(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return access.get_enrolment_for_user(actor_of(request), enrolment_id)


def _act(request: HttpRequest, enrolment_id: int, action: str, reason: str = "", category: str = "") -> Enrolment:
    actor = actor_of(request)
    enrolment = access.get_enrolment_for_user(actor, enrolment_id)
    return enrolment_services.enrolment_act(
        actor=actor, enrolment=enrolment, action=action, reason=reason, category=category
    )


@router.post("/enrolments/{enrolment_id}/approve", response={200: EnrolmentOut, **WRITE_ERRORS}, summary="Approve")
def enrolment_approve(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return _act(request, enrolment_id, "approve")


@router.post("/enrolments/{enrolment_id}/accept", response={200: EnrolmentOut, **WRITE_ERRORS}, summary="Accept")
def enrolment_accept(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return _act(request, enrolment_id, "accept")


@router.post("/enrolments/{enrolment_id}/reject", response={200: EnrolmentOut, **WRITE_ERRORS}, summary="Reject")
def enrolment_reject(request: HttpRequest, enrolment_id: int, payload: ReasonIn) -> Enrolment:
    return _act(request, enrolment_id, "reject", payload.reason)


@router.post("/enrolments/{enrolment_id}/withdraw", response={200: EnrolmentOut, **WRITE_ERRORS}, summary="Withdraw")
def enrolment_withdraw(request: HttpRequest, enrolment_id: int, payload: ReasonIn) -> Enrolment:
    return _act(request, enrolment_id, "withdraw", payload.reason)


@router.post("/enrolments/{enrolment_id}/decline", response={200: EnrolmentOut, **WRITE_ERRORS}, summary="Decline")
def enrolment_decline(request: HttpRequest, enrolment_id: int, payload: ReasonIn) -> Enrolment:
    return _act(request, enrolment_id, "decline", payload.reason, payload.category)


@router.post("/enrolments/{enrolment_id}/no-show", response={200: EnrolmentOut, **WRITE_ERRORS}, summary="No-show")
def enrolment_no_show(request: HttpRequest, enrolment_id: int, payload: ReasonIn) -> Enrolment:
    return _act(request, enrolment_id, "no-show", payload.reason, payload.category)


@router.post(
    "/enrolments/{enrolment_id}/{action}",
    response={200: EnrolmentOut, **WRITE_ERRORS},
    summary="Take an enrolment action by name",
    description=(
        "The one dispatch behind the operations above: `action` is one of the enrolment's `allowed_actions` "
        '(send `{}`, or `{"reason": ...}` where the action asks for one). An action name that does not exist '
        "answers 422 `unknown_action`."
    ),
)
def enrolment_act(request: HttpRequest, enrolment_id: int, action: str, payload: ReasonIn) -> Enrolment:
    return _act(request, enrolment_id, action, payload.reason, payload.category)
