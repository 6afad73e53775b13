"""REST endpoints of the catalogue (programmes, courses): thin faces over `selectors.catalogue` and
`services.catalogue`. Drafts are the admin's; another Pemda's objects answer 404 like missing ones.
References in bodies (unit codes, competency and course ids, programme id) are looked up in the
caller's scope; one that is not found is a 422 naming the field.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Strict, StrictBool, StrictInt

from bina.competencies.access import competencies_for
from bina.competencies.models import Competency
from bina.core.actor import Actor
from bina.core.api import (
    AS_NUMBER,
    ERRORS,
    MAX_JP,
    MAX_LIST,
    MAX_TEXT,
    WRITE_ERRORS,
    Id,
    InputSchema,
    IsoDate,
    Pagination,
    PatchSchema,
    actor_of,
)
from bina.core.errors import resolve_reference, resolve_references
from bina.core.selectors import pemda_of
from bina.people.access import org_units_for
from bina.people.models import OrgUnit, PositionKind
from bina.training.access import courses_for, get_course_for_user, get_programme_for_user
from bina.training.catalogue import selectors, services
from bina.training.catalogue.models import (
    Course,
    DeliveryMode,
    LearningPath,
    Method,
    Programme,
    ProgrammeGoal,
    ProgrammeStatus,
    TrainingType,
)

router = Router(tags=["catalogue"])


class ProgrammeOut(Schema):
    id: int
    name: str
    year: int
    description: str
    goals: list[str]
    starts_on: date
    ends_on: date
    budget: Decimal
    target_position_kinds: list[str]
    status: str
    course_count: int | None = None
    class_count: int | None = None


class ProgrammeDetail(ProgrammeOut):
    target_units: list[str] = Field(..., description="Unit codes.")

    @staticmethod
    def resolve_target_units(obj: Programme) -> list[str]:
        return [u.code for u in obj.target_units.order_by("path")]


class ProgrammeQuery(Schema):
    year: int | None = None
    goal: ProgrammeGoal | None = None
    status: ProgrammeStatus | None = None
    search: str = ""


UnitCode = Annotated[str, Field(max_length=32)]
Year = Annotated[StrictInt, Field(ge=2000, le=2100)]
Budget = Annotated[
    Decimal, Strict(), Field(ge=0, le=10**15 - 1, decimal_places=0), AS_NUMBER
]  # the column: 15 digits, whole rupiah


class ProgrammeIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    year: Year
    description: str = Field("", max_length=MAX_TEXT)
    goals: list[ProgrammeGoal] = []
    starts_on: IsoDate
    ends_on: IsoDate
    budget: Budget = Decimal(0)
    target_units: list[UnitCode] = Field([], max_length=MAX_LIST, description="Unit codes.")
    target_position_kinds: list[PositionKind] = []


class ProgrammePatchIn(PatchSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    year: Year | None = None
    description: str | None = Field(None, max_length=MAX_TEXT)
    goals: list[ProgrammeGoal] | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    budget: Budget | None = None
    target_units: list[UnitCode] | None = Field(None, max_length=MAX_LIST)
    target_position_kinds: list[PositionKind] | None = None
    status: ProgrammeStatus | None = None


class CompetencyTargetOut(Schema):
    competency_id: int
    code: str
    name: str
    target_level: int


class CourseRef(Schema):
    id: int
    code: str
    title: str


class CourseOut(Schema):
    id: int
    programme_id: int | None
    code: str
    title: str
    method: str
    learning_path: str
    delivery_mode: str
    training_type: str
    jp: int
    min_attendance_pct: int
    has_post_test: bool
    min_post_test_score: Decimal | None
    is_active: bool


class CourseDetail(CourseOut):
    description: str
    objectives: str
    competencies: list[CompetencyTargetOut]
    prerequisites: list[CourseRef]

    @staticmethod
    def resolve_competencies(obj: Course) -> list[dict[str, Any]]:
        return [
            {
                "competency_id": t.competency_id,
                "code": t.competency.code,
                "name": t.competency.name,
                "target_level": t.target_level,
            }
            for t in obj.competency_targets.select_related("competency").order_by(
                "competency__kind", "competency__order"
            )
        ]

    @staticmethod
    def resolve_prerequisites(obj: Course) -> list[Course]:
        return list(obj.prerequisites.order_by("title"))


class CourseQuery(Schema):
    method: Method | None = None
    learning_path: LearningPath | None = None
    competency_id: int | None = None
    programme_id: int | None = None
    search: str = ""


class CompetencyTargetIn(InputSchema):
    competency_id: Id
    target_level: StrictInt = Field(..., ge=1, le=5)


Jp = Annotated[StrictInt, Field(ge=1, le=MAX_JP)]
Percent = Annotated[StrictInt, Field(ge=0, le=100)]
Score = Annotated[Decimal, Strict(), Field(ge=0, le=100, decimal_places=2), AS_NUMBER]


class CourseIn(InputSchema):
    programme_id: Id | None = None
    code: str = Field(..., min_length=1, max_length=32)
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=MAX_TEXT)
    objectives: str = Field("", max_length=MAX_TEXT)
    method: Method
    delivery_mode: DeliveryMode
    training_type: TrainingType = TrainingType.TEKNIS
    jp: Jp
    min_attendance_pct: Percent = 80
    has_post_test: StrictBool = False
    min_post_test_score: Score | None = None
    competencies: list[CompetencyTargetIn] = Field([], max_length=MAX_LIST)
    prerequisite_ids: list[Id] = Field([], max_length=MAX_LIST)


class CoursePatchIn(PatchSchema):
    nullable = frozenset({"programme_id", "min_post_test_score"})

    programme_id: Id | None = None
    code: str | None = Field(None, min_length=1, max_length=32)
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=MAX_TEXT)
    objectives: str | None = Field(None, max_length=MAX_TEXT)
    method: Method | None = None
    delivery_mode: DeliveryMode | None = None
    training_type: TrainingType | None = None
    jp: Jp | None = None
    min_attendance_pct: Percent | None = None
    has_post_test: StrictBool | None = None
    min_post_test_score: Score | None = None
    is_active: StrictBool | None = None
    competencies: list[CompetencyTargetIn] | None = Field(None, max_length=MAX_LIST)
    prerequisite_ids: list[Id] | None = Field(None, max_length=MAX_LIST)


def _units(actor: Actor, codes: list[str]) -> list[OrgUnit]:
    return resolve_references("target_units", codes, org_units_for(actor), key="code")


def _programme_ref(actor: Actor, pk: int | None) -> Programme | None:
    if pk is None:
        return None
    return resolve_reference("programme_id", pk, lambda key: get_programme_for_user(actor, key))


def _targets(actor: Actor, items: list[CompetencyTargetIn]) -> dict[Competency, int]:
    found = resolve_references("competencies", [i.competency_id for i in items], competencies_for(actor))
    by_pk = {c.pk: c for c in found}
    return {by_pk[i.competency_id]: i.target_level for i in items}


def _prerequisites(actor: Actor, ids: list[int]) -> list[Course]:
    return resolve_references("prerequisite_ids", ids, courses_for(actor))


# --- programmes ----------------------------------------------------------------------------


@router.get("/programmes", response={200: list[ProgrammeOut], **ERRORS}, summary="List programmes")
@paginate(Pagination)
def programme_list(request: HttpRequest, filters: Query[ProgrammeQuery]) -> QuerySet[Programme]:
    return selectors.programme_list(
        actor_of(request),
        selectors.ProgrammeFilters(
            year=filters.year,
            goal=filters.goal.value if filters.goal else "",
            status=filters.status.value if filters.status else "",
            search=filters.search,
        ),
    )


@router.post("/programmes", response={201: ProgrammeDetail, **WRITE_ERRORS}, summary="Create a programme (draft)")
def programme_post(request: HttpRequest, payload: ProgrammeIn) -> Status[Programme]:
    actor = actor_of(request)
    programme = services.programme_create(
        actor=actor,
        pemda=pemda_of(actor),
        name=payload.name,
        year=payload.year,
        description=payload.description,
        goals=[g.value for g in payload.goals],
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        budget=payload.budget,
        target_units=_units(actor, payload.target_units),
        target_position_kinds=[k.value for k in payload.target_position_kinds],
    )
    return Status(201, programme)


@router.get("/programmes/{pk}", response={200: ProgrammeDetail, **ERRORS}, summary="One programme")
def programme_detail(request: HttpRequest, pk: int) -> Programme:
    return get_programme_for_user(actor_of(request), pk)


@router.patch("/programmes/{pk}", response={200: ProgrammeDetail, **WRITE_ERRORS}, summary="Change a programme")
def programme_patch(request: HttpRequest, pk: int, payload: ProgrammePatchIn) -> Programme:
    actor = actor_of(request)
    programme = get_programme_for_user(actor, pk)
    data = payload.model_dump(exclude_none=True, exclude={"target_units", "status"})
    if payload.goals is not None:
        data["goals"] = [g.value for g in payload.goals]
    if payload.target_position_kinds is not None:
        data["target_position_kinds"] = [k.value for k in payload.target_position_kinds]
    units = _units(actor, payload.target_units) if payload.target_units is not None else None
    services.programme_update(
        actor=actor,
        programme=programme,
        data=data,
        target_units=units,
        status=payload.status.value if payload.status is not None else None,
    )
    return get_programme_for_user(actor, pk)


# --- courses -------------------------------------------------------------------------------


@router.get("/courses", response={200: list[CourseOut], **ERRORS}, summary="List courses")
@paginate(Pagination)
def course_list(request: HttpRequest, filters: Query[CourseQuery]) -> QuerySet[Course]:
    return selectors.course_list(
        actor_of(request),
        selectors.CourseFilters(
            method=filters.method.value if filters.method else "",
            learning_path=filters.learning_path.value if filters.learning_path else "",
            competency_id=filters.competency_id,
            programme_id=filters.programme_id,
            search=filters.search,
        ),
    )


@router.post("/courses", response={201: CourseDetail, **WRITE_ERRORS}, summary="Create a course")
def course_post(request: HttpRequest, payload: CourseIn) -> Status[Course]:
    actor = actor_of(request)
    course = services.course_create(
        actor=actor,
        pemda=pemda_of(actor),
        programme=_programme_ref(actor, payload.programme_id),
        code=payload.code,
        title=payload.title,
        description=payload.description,
        objectives=payload.objectives,
        method=payload.method.value,
        delivery_mode=payload.delivery_mode.value,
        training_type=payload.training_type.value,
        jp=payload.jp,
        min_attendance_pct=payload.min_attendance_pct,
        has_post_test=payload.has_post_test,
        min_post_test_score=payload.min_post_test_score,
        competencies=_targets(actor, payload.competencies),
        prerequisites=_prerequisites(actor, payload.prerequisite_ids),
    )
    return Status(201, course)


@router.get("/courses/{pk}", response={200: CourseDetail, **ERRORS}, summary="One course")
def course_detail(request: HttpRequest, pk: int) -> Course:
    course, _classes = selectors.course_detail(actor_of(request), pk)
    return course


@router.patch("/courses/{pk}", response={200: CourseDetail, **WRITE_ERRORS}, summary="Change a course")
def course_patch(request: HttpRequest, pk: int, payload: CoursePatchIn) -> Course:
    actor = actor_of(request)
    course = get_course_for_user(actor, pk)
    sent = payload.model_fields_set
    data: dict[str, Any] = {}
    for key in ("code", "title", "description", "objectives", "jp", "min_attendance_pct", "has_post_test", "is_active"):
        if key in sent and getattr(payload, key) is not None:
            data[key] = getattr(payload, key)
    for key in ("method", "delivery_mode", "training_type"):
        if key in sent and getattr(payload, key) is not None:
            data[key] = getattr(payload, key).value
    if "min_post_test_score" in sent:
        data["min_post_test_score"] = payload.min_post_test_score
    if "programme_id" in sent:
        data["programme"] = _programme_ref(actor, payload.programme_id)
    services.course_update(
        actor=actor,
        course=course,
        data=data,
        competencies=_targets(actor, payload.competencies) if payload.competencies is not None else None,
        prerequisites=_prerequisites(actor, payload.prerequisite_ids) if payload.prerequisite_ids is not None else None,
    )
    return get_course_for_user(actor, pk)
