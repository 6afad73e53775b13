"""`GET /api/v1/service-stats`: the figures of public services, read from the rollups (issue 10, §2).

A thin face over `bina.quality.stats.service_stats`: the same scope as the pages (read reach, unit
subtree; per-officer figures only for the officer, their supervisors and the admin). A unit or service
code that names nothing in the caller's Pemda is a 422 `invalid_reference`; a unit outside the
caller's reach is a 403.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from bina.core.api import ERRORS, ErrorOut, InputSchema, IsoDate, actor_of, refuse_unknown_parameters
from bina.quality import stats

router = Router(tags=["service-stats"])


class StatGroup(StrEnum):
    MONTH = "month"
    WEEK = "week"
    DAY = "day"
    UNIT = "unit"
    OFFICER = "officer"


class ServiceStatsQuery(InputSchema):
    service: str = Field("", max_length=32, description="Service code (KTP-EL, KK, ...); empty: every service.")
    unit: str = Field("", max_length=32, description="Unit code: the unit and its whole subtree; empty: your reach.")
    start: IsoDate = Field(..., alias="from", description="First arrival date, YYYY-MM-DD.")
    end: IsoDate = Field(..., alias="to", description="Last arrival date, YYYY-MM-DD.")
    group: StatGroup = Field(StatGroup.MONTH, description="month (YYYY-MM), week (ISO, 2026-W09), day, unit, officer.")


class ServiceStatItemOut(Schema):
    key: str
    transactions: int
    completed: int
    cancelled: int
    refused: int
    wait_median_min: float | None
    wait_p90_min: float | None
    process_median_min: float | None
    process_p90_min: float | None
    total_median_min: float | None
    total_p90_min: float | None
    within_sla_pct: float | None
    sla_breaches: int


class ServiceStatsOut(Schema):
    group: str
    start: date = Field(..., alias="from")
    end: date = Field(..., alias="to")
    unit: str
    service: str
    items: list[ServiceStatItemOut]


_PARAMETERS = frozenset({"service", "unit", "from", "to", "group"})


@router.get(
    "/service-stats",
    response={200: ServiceStatsOut, **ERRORS, 422: ErrorOut},
    by_alias=True,
    summary="Service figures per month, week, day, unit or officer",
    description=(
        "Counts, median and p90 of waiting, processing and total minutes, and the share within the SLA. "
        "Quantiles: linear interpolation between order statistics (Hyndman & Fan 7, numpy's default), "
        "estimated from one-minute bins, within one minute of the exact value."
    ),
)
def service_stats_get(request: HttpRequest, filters: Query[ServiceStatsQuery]) -> dict[str, object]:
    refuse_unknown_parameters(request, _PARAMETERS)
    items = stats.service_stats(
        actor=actor_of(request),
        service_code=filters.service or None,
        unit_code=filters.unit or None,
        start=filters.start,
        end=filters.end,
        group=filters.group.value,
    )
    return {
        "group": filters.group.value,
        "from": filters.start,
        "to": filters.end,
        "unit": filters.unit,
        "service": filters.service,
        "items": items,
    }
