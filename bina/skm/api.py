"""`GET /api/v1/skm/results`: a unit's SKM results over a period, as `skm_report --format json` prints them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from bina.core.api import ERRORS, actor_of
from bina.skm import selectors

router = Router(tags=["skm"])


class SkmResultsQuery(Schema):
    unit: str = Field(..., max_length=32, description="Code of the unit (its subtree is included).")
    from_: date = Field(..., alias="from", description="First day, YYYY-MM-DD.")
    to: date = Field(..., description="Last day, YYYY-MM-DD.")
    service: str = Field("", max_length=32, description="Code of one service (all services when empty).")


class SkmElementOut(Schema):
    code: str
    u: str
    name: str
    answered: int | None
    nrr: float | None


class SkmResultsOut(Schema):
    unit: str
    from_: str = Field(..., alias="from")
    to: str
    service: str | None
    respondents: int
    elements: list[SkmElementOut]
    ikm: float | None
    ikm_converted: float | None
    mutu: str | None
    kinerja: str | None
    weight: str = Field(..., description='"1/9" (exact, the default) or "0.111" (as printed, a Pemda setting).')
    population: int | None
    population_source: str | None = Field(None, description='"records" (service records) or "manual".')
    sample_min: int | None
    sample_met: bool | None


@router.get(
    "/skm/results",
    response={200: SkmResultsOut, **ERRORS},
    summary="SKM results of a unit",
    description="NRR per element, IKM, converted IKM, mutu and kinerja (PermenPANRB 14/2017), the weight "
    "used, the population and the Krejcie–Morgan minimum sample. Values are null below 5 respondents.",
    by_alias=True,
)
def skm_results(request: HttpRequest, query: Query[SkmResultsQuery]) -> dict[str, Any]:
    results = selectors.skm_results(
        actor_of(request), unit_code=query.unit, start=query.from_, end=query.to, service_code=query.service
    )
    return results.as_json()
