"""`GET /api/v1/participation?dimension=&year=`: the participation figures (issue 11, §3) as the page shows them.

A thin face over `selectors.participation_table`: the same reach, the same withheld cells (`suppressed`, with
no figure) for leaders and operators. A misspelt or repeated parameter is a 422 `invalid_parameter`, never a
silently wider answer.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from bina.core.api import ERRORS, ErrorOut, InputSchema, actor_of, refuse_unknown_parameters
from bina.participation import selectors

router = Router(tags=["participation"])


class DimensionIn(StrEnum):
    UNIT = "unit"
    POSITION_KIND = "position_kind"
    ASN_TYPE = "asn_type"
    AGE_BAND = "age_band"
    GENDER = "gender"


class ParticipationQuery(InputSchema):
    dimension: DimensionIn = Field(DimensionIn.UNIT, description="unit, position_kind, asn_type, age_band, gender.")
    # Text of four digits, not an integer: a query string is text, and "2026.0" or "true" must not pass.
    year: str = Field("", max_length=4, pattern=r"^(\d{4})?$", description="YYYY; empty: this year.")


class ParticipationRowOut(Schema):
    key: str
    label: str
    suppressed: bool = Field(..., description="Fewer than 5 people: no figure is given for this cell.")
    people: int | None = None
    trained: int | None = None
    trained_pct: float | None = None
    jp_median: float | None = None
    at_target: int | None = None
    at_target_pct: float | None = None
    untrained_two_years: int | None = None
    untrained_two_years_pct: float | None = None
    declines: int | None = None
    no_shows: int | None = None
    declines_by_reason: dict[str, int] | None = Field(
        None, description="workload, schedule, not_relevant, technology, health, other."
    )
    no_shows_by_reason: dict[str, int] | None = None
    technology_enrolments: int | None = Field(None, description="Enrolments in daring or blended classes.")
    technology_refused: int | None = None
    technology_refused_pct: float | None = None
    classical_enrolments: int | None = Field(None, description="Enrolments in tatap muka classes.")
    classical_refused: int | None = None
    classical_refused_pct: float | None = None
    nominations_answered: int | None = None
    nominations_open: int | None = None
    answer_days_median: float | None = Field(None, description="Median days from nomination to the answer.")


class ParticipationOut(Schema):
    year: int
    dimension: str
    target: int
    min_cell: int
    rows: list[ParticipationRowOut]
    total: ParticipationRowOut


_PARAMETERS = frozenset({"dimension", "year"})


@router.get(
    "/participation",
    response={200: ParticipationOut, **ERRORS, 422: ErrorOut},
    summary="Participation in training per unit, position kind, ASN type, age band or gender",
    description=(
        "For a year: share who trained, median JP, share at 20 JP, never trained in two years, declines and "
        "no-shows by reason category, refusals of technology-based vs classical courses, and days to answer "
        "nominations. Cells of fewer than 5 people are withheld for leaders and operators."
    ),
)
def participation_get(request: HttpRequest, query: Query[ParticipationQuery]) -> dict[str, Any]:
    refuse_unknown_parameters(request, _PARAMETERS)
    year = int(query.year) if query.year else timezone.localdate().year
    table = selectors.participation_table(actor_of(request), year=year, dimension=query.dimension.value)
    return {
        "year": table.year,
        "dimension": table.dimension,
        "target": table.target,
        "min_cell": table.min_cell,
        "rows": [r.as_dict() for r in table.rows],
        "total": table.total.as_dict(),
    }
