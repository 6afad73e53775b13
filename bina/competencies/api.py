"""REST endpoints of the competency dictionary: thin faces over `selectors` and `services`."""

from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool

from bina.competencies import access, selectors, services
from bina.competencies.models import Competency, CompetencyKind
from bina.core.api import ERRORS, MAX_TEXT, WRITE_ERRORS, InputSchema, Pagination, PatchSchema, actor_of
from bina.core.selectors import pemda_of

router = Router()


class LevelOut(Schema):
    level: int
    title: str
    description: str


class CompetencyOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    definition: str
    is_standard: bool
    is_active: bool


class CompetencyDetail(CompetencyOut):
    levels: list[LevelOut]

    @staticmethod
    def resolve_levels(obj: Competency) -> list[object]:
        return list(obj.levels.all())


class CompetencyQuery(Schema):
    kind: CompetencyKind | None = None
    search: str = Field("", description="Part of the name or code.")


Level = Annotated[int, Field(ge=1, le=5)]  # a JSON object key: text read as a number, bounded
LevelText = Annotated[str, Field(max_length=MAX_TEXT)]


class CompetencyIn(InputSchema):
    code: str = Field(..., min_length=1, max_length=20)
    name: str = Field(..., min_length=1, max_length=120)
    definition: str = Field("", max_length=MAX_TEXT)
    levels: dict[Level, LevelText] = Field(..., description='Descriptions of levels 1-5, e.g. {"1": "…", …, "5": "…"}.')


class CompetencyPatchIn(PatchSchema):
    code: str | None = Field(None, min_length=1, max_length=20, description="Not for standard competencies.")
    name: str | None = Field(None, min_length=1, max_length=120)
    definition: str | None = Field(None, max_length=MAX_TEXT)
    levels: dict[Level, LevelText] | None = Field(None, description="Only the levels sent are changed.")
    is_active: StrictBool | None = None


@router.get("/competencies", response={200: list[CompetencyOut], **ERRORS}, tags=["competencies"], summary="List")
@paginate(Pagination)
def competency_list(request: HttpRequest, filters: Query[CompetencyQuery]) -> QuerySet[Competency]:
    return selectors.competency_list(
        actor_of(request), kind=filters.kind.value if filters.kind else "", search=filters.search
    )


@router.post("/competencies", response={201: CompetencyDetail, **WRITE_ERRORS}, tags=["competencies"], summary="Add")
def competency_post(request: HttpRequest, payload: CompetencyIn) -> Status[Competency]:
    actor = actor_of(request)
    competency = services.competency_create(
        actor=actor,
        pemda=pemda_of(actor),
        code=payload.code,
        name=payload.name,
        definition=payload.definition,
        levels=payload.levels,
    )
    return Status(201, access.get_competency_for_user(actor, competency.pk))


@router.get("/competencies/{pk}", response={200: CompetencyDetail, **ERRORS}, tags=["competencies"], summary="One")
def competency_detail(request: HttpRequest, pk: int) -> Competency:
    return access.get_competency_for_user(actor_of(request), pk)


@router.patch(
    "/competencies/{pk}", response={200: CompetencyDetail, **WRITE_ERRORS}, tags=["competencies"], summary="Change"
)
def competency_patch(request: HttpRequest, pk: int, payload: CompetencyPatchIn) -> Competency:
    actor = actor_of(request)
    competency = access.get_competency_for_user(actor, pk)
    services.competency_update(
        actor=actor,
        competency=competency,
        code=payload.code,
        name=payload.name,
        definition=payload.definition,
        levels=payload.levels,
        is_active=payload.is_active,
    )
    return access.get_competency_for_user(actor, pk)
