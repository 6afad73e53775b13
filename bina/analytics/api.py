"""`GET /api/v1/impact`: the estimated effect of a training on a public service (issue 11, §2); and
`GET /api/v1/xapi/statements`: learner records as xAPI statements for a Learning Record Store.

A thin face over `bina.analytics.selectors`: the same question and answer as `manage.py impact_estimate`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from bina.analytics import selectors, xapi
from bina.core.api import ERRORS, ErrorOut, InputSchema, IsoDateTime, actor_of, refuse_unknown_parameters

router = Router(tags=["impact"])


class Metric(StrEnum):
    PROCESS = "process"
    WAIT = "wait"
    TOTAL = "total"
    WITHIN_SLA = "within_sla"


class Level(StrEnum):
    OFFICER = "officer"
    UNIT = "unit"


Month = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", max_length=7, description="YYYY-MM")]


class ImpactQueryIn(InputSchema):
    service: str = Field(..., max_length=32, description="Service code (KTP-EL, AKTA-LAHIR, ...).")
    metric: Metric = Field(..., description="process, wait or total minutes, or within_sla (% of tickets).")
    level: Level = Field(..., description="officer: officer-months; unit: unit-months.")
    training: list[Annotated[str, Field(max_length=200)]] = Field(
        ..., max_length=selectors.MAX_TRAININGS, description="Course code or training name; repeat for a set."
    )
    start: Month = Field(..., alias="from")
    end: Month = Field(..., alias="to")
    threshold: float = Field(0.5, gt=0, le=1, strict=True, description="Unit level: share of officers trained.")


class EventPointOut(Schema):
    e: int
    coef: float | None
    ci_low: float | None
    ci_high: float | None
    n: int


class ImpactOut(Schema):
    service: str
    metric: str
    level: str
    trainings: list[str]
    start: str = Field(..., alias="from")
    end: str = Field(..., alias="to")
    threshold: float | None
    outcome_unit: str
    estimator: str
    att: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    baseline_mean: float | None
    pct_change: float | None
    n_treated: int
    n_control: int
    n_obs: int
    pre_trend_p: float | None
    credible: bool
    reasons: list[str]
    event_study: list[EventPointOut]


_PARAMETERS = frozenset({"service", "metric", "level", "training", "from", "to", "threshold"})


@router.get(
    "/impact",
    response={200: ImpactOut, **ERRORS, 422: ErrorOut},
    by_alias=True,
    summary="Effect of a training on a service's times (staggered difference-in-differences)",
    description=(
        "The imputation estimator of Borusyak, Jaravel & Spiess (2024) over officer-months or unit-months, "
        "with its 95% interval, the event study from -6 to +12 months, the joint pre-trend test and whether "
        "the estimate is credible (enough treated and never-treated units, no significant pre-trend)."
    ),
)
def impact_get(request: HttpRequest, filters: Query[ImpactQueryIn]) -> dict[str, object]:
    refuse_unknown_parameters(request, _PARAMETERS, repeatable=frozenset({"training"}))
    query = selectors.impact_query_parse(
        service=filters.service,
        metric=filters.metric.value,
        level=filters.level.value,
        trainings=filters.training,
        start=filters.start,
        end=filters.end,
        threshold=filters.threshold,
    )
    return selectors.impact_estimate(actor=actor_of(request), query=query).as_dict()


# --- learner records as xAPI statements ----------------------------------------------------------------------

xapi_router = Router(tags=["xapi"])


class XapiQueryIn(Schema):
    since: IsoDateTime | None = Field(None, description="Only statements from this instant (inclusive), ISO 8601.")
    klass: int | None = Field(None, alias="class", gt=0, le=2**63 - 1, description="One class (id).")


class XapiStatementResultOut(Schema):
    statements: list[dict[str, Any]]
    more: str = Field(..., description="The next page's address, or empty when this is the last.")


_XAPI_PARAMETERS = frozenset({"since", "class"})


@xapi_router.get(
    "/xapi/statements",
    response={200: XapiStatementResultOut, **ERRORS, 422: ErrorOut},
    summary="Learner records as xAPI 1.0.3 statements (a StatementResult) for a Learning Record Store",
    description=(
        "Attended sessions, completed/passed/failed classes, scored tests and role-plays, answered surveys of the "
        "learners in the reader's reach (an admin: the Pemda's; anyone else: their own), oldest first. The actor "
        "is an account {homePage: the site, name: NIP}, never a name or an email. Ids are UUID 5 of the event, "
        "the same on every export. `more` continues from the last statement's timestamp (ids repeat there)."
    ),
)
def xapi_statements(request: HttpRequest, response: HttpResponse, filters: Query[XapiQueryIn]) -> dict[str, object]:
    refuse_unknown_parameters(request, _XAPI_PARAMETERS)
    since = filters.since
    if since is not None and timezone.is_naive(since):
        since = timezone.make_aware(since)
    page = selectors.learner_statements(actor_of(request), since=since, class_id=filters.klass)
    more = ""
    if page.more:
        query = {"since": page.statements[-1]["timestamp"], **({"class": filters.klass} if filters.klass else {})}
        more = f"{request.path}?{urlencode(query)}"
    response["X-Experience-API-Version"] = xapi.XAPI_VERSION
    return {"statements": page.statements, "more": more}
