"""Reads of SKM: a unit's results over a period, its trend, campaign progress, the public form's choices.

Results follow `bina.skm.index` (the rule) on tallies the survey engine aggregates in the database
(`bina.surveys.selectors`), over the responses of the unit's subtree fetched through `bina.skm.access`.
Nothing is shown from fewer than `MIN_RESPONDENTS` respondents (no cell of fewer than 5 people): the
NRR, the IKM and profile counts below 5 are withheld.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, QuerySet
from django.utils.translation import gettext

from bina.charts.specs import Bar, BarChart, LineChart, Point, ValueFormat
from bina.core.actor import Actor
from bina.core.confirm import Confirmation
from bina.core.errors import NotFound, PermissionDenied, ValidationFailed
from bina.core.public import MIN_CELL_PEOPLE
from bina.core.workflow import Action
from bina.people.models import OrgUnit
from bina.quality.access import service_records_for
from bina.quality.models import RecordStatus
from bina.skm import access, permissions
from bina.skm.elements import ELEMENTS, PROFILE, SUGGESTION
from bina.skm.index import ElementInput, ElementNrr, IkmResult, Weight, ikm_compute, round_half_up, sample_minimum
from bina.skm.models import WeightMode
from bina.skm.workflows import CAMPAIGN_WORKFLOW
from bina.surveys import selectors as engine
from bina.surveys.models import Campaign, Response

MIN_RESPONDENTS = MIN_CELL_PEOPLE
MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class ProfileRow:
    code: str
    label: str
    count: int | None  # None: fewer than MIN_RESPONDENTS, withheld


@dataclass(frozen=True)
class ProfileTable:
    code: str
    name: str
    rows: tuple[ProfileRow, ...]


@dataclass
class SkmResults:
    unit: OrgUnit
    start: dt.date
    end: dt.date
    service_code: str
    respondents: int
    set_aside: int
    result: IkmResult
    population: int | None
    population_source: str  # "records", "manual" or ""
    sample_min: int | None
    profile: list[ProfileTable] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    distribution: dict[str, dict[int, int]] = field(default_factory=dict)  # element → value → respondents

    @property
    def shown(self) -> bool:
        return self.respondents >= MIN_RESPONDENTS

    @property
    def sample_met(self) -> bool | None:
        if self.sample_min is None:
            return None
        return self.respondents >= self.sample_min

    @property
    def weight(self) -> Weight:
        return self.result.weight

    @property
    def ikm_display(self) -> str | None:
        return None if not self.shown or self.result.ikm is None else str(round_half_up(self.result.ikm, 4))

    @property
    def lowest(self) -> list[ElementNrr]:
        return self.result.lowest(3) if self.shown else []

    def cell(self, element: str, value: int) -> int | None:
        """Respondents who gave `value` to `element`; None (withheld) for 1 to 4 people."""
        n = self.distribution.get(element, {}).get(value, 0)
        return None if 0 < n < MIN_RESPONDENTS else n

    @property
    def nrr_chart(self) -> BarChart:
        """NRR per element on the 1–4 scale, the lowest marked (pages and the PDF draw the same spec)."""
        low = {e.code for e in self.lowest}
        return BarChart(
            title=gettext("NRR per element"),
            description=gettext("Average answer per element, 1 (worst) to 4 (best)."),
            bars=[
                Bar(
                    label=f"U{i} {e.name}",
                    value=float(e.nrr) if e.nrr is not None and self.shown else 0.0,
                    tone="alert" if e.code in low else "",
                )
                for i, e in enumerate(self.result.elements, start=1)
            ],
            category_name=gettext("Element"),
            value_name=gettext("NRR"),
            max_value=4.0,
            value_format=ValueFormat(decimals=2),
        )

    def as_json(self) -> dict[str, object]:
        """The API's and the command's JSON (keys fixed by issue 10)."""
        shown = self.shown
        ikm = self.result.ikm if shown else None
        return {
            "unit": self.unit.code,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "service": self.service_code or None,
            "respondents": self.respondents,
            "elements": [
                {
                    "code": e.code,
                    "u": f"U{i}",
                    "name": e.name,
                    "answered": e.answered if shown else None,
                    "nrr": float(round_half_up(e.nrr, 4)) if shown and e.nrr is not None else None,
                }
                for i, e in enumerate(self.result.elements, start=1)
            ],
            "ikm": float(round_half_up(ikm, 4)) if ikm is not None else None,
            "ikm_converted": float(self.result.converted) if shown and self.result.converted is not None else None,
            "mutu": self.result.mutu if shown else None,
            "kinerja": self.result.kinerja if shown else None,
            "weight": self.result.weight.value,
            "population": self.population,
            "population_source": self.population_source or None,
            "sample_min": self.sample_min,
            "sample_met": self.sample_met,
        }


def weight_for(pemda_id: int) -> Weight:
    return Weight.PRINTED if access.skm_weight_of(pemda_id) == WeightMode.PRINTED else Weight.EXACT


def completed_transactions(actor: Actor, unit: OrgUnit, service_code: str, start: dt.date, end: dt.date) -> int:
    """The SKM population from the service records: completed transactions of the unit's subtree.

    Uses `bina.quality.stats.completed_count` (the rollups) where it exists, else counts the records.
    """
    try:
        stats = importlib.import_module("bina.quality.stats")
    except ImportError:
        stats = None
    if stats is not None and hasattr(stats, "completed_count"):
        return int(
            stats.completed_count(
                actor=actor, unit_code=unit.code, service_code=service_code or None, start=start, end=end
            )
        )
    qs = service_records_for(actor).filter(
        status=RecordStatus.SELESAI, unit__path__startswith=unit.path, arrival_date__gte=start, arrival_date__lte=end
    )
    if service_code:
        qs = qs.filter(service__code=service_code)
    return qs.count()


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationFailed(gettext("The period ends before it starts."))
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationFailed(gettext("Ask for at most three years at once."))


def _inputs(tallies: dict[str, engine.Tally]) -> list[ElementInput]:
    """The nine elements in U order, by code (an element nobody answered has 0 answers)."""
    empty = engine.Tally("", 0, 0)
    return [
        ElementInput(e.code, e.name, tallies.get(e.code, empty).total, tallies.get(e.code, empty).answered)
        for e in ELEMENTS
    ]


def responses_in(unit: OrgUnit, start: dt.date, end: dt.date, service_code: str = "") -> QuerySet[Response]:
    qs = access.skm_responses_of_unit(unit).filter(answered_on__gte=start, answered_on__lte=end)
    if service_code:
        qs = qs.filter(subject=service_code)
    return qs


def results_compute(
    actor: Actor,
    unit: OrgUnit,
    start: dt.date,
    end: dt.date,
    *,
    service_code: str = "",
    campaign: Campaign | None = None,
    detail: bool = True,
) -> SkmResults:
    """Results of a unit already fetched through `access` (the trend and the campaign page reuse it)."""
    responses = responses_in(unit, start, end, service_code)
    tallies = engine.element_tallies(responses)
    respondents = engine.respondent_count(responses)
    set_aside = responses.exclude(excluded="").count() if detail else 0
    result = ikm_compute(_inputs(tallies), weight_for(unit.pemda_id))
    population: int | None = completed_transactions(actor, unit, service_code, start, end)
    source = "records" if population else ""
    if not population:
        manual = campaign if campaign is not None and campaign.expected else None
        manual = manual or access.campaign_for_population(unit, service_code, start, end)
        if manual is not None and manual.expected:
            population, source = manual.expected, "manual"
        else:
            population = None
    results = SkmResults(
        unit=unit,
        start=start,
        end=end,
        service_code=service_code,
        respondents=respondents,
        set_aside=set_aside,
        result=result,
        population=population,
        population_source=source,
        sample_min=sample_minimum(population) if population else None,
    )
    if detail and results.shown:
        for code, name, _text, options in PROFILE:
            counts = engine.choice_counts(responses, code)
            rows = tuple(
                ProfileRow(
                    c, label, counts.get(c, 0) if counts.get(c, 0) >= MIN_RESPONDENTS or not counts.get(c) else None
                )
                for c, label in options
            )
            results.profile.append(ProfileTable(code, name, rows))
        results.suggestions = engine.texts(responses, SUGGESTION, limit=50)
        results.distribution = engine.value_counts(responses)
    return results


def skm_results(actor: Actor, *, unit_code: str, start: dt.date, end: dt.date, service_code: str = "") -> SkmResults:
    """The SKM results of a unit (with its subtree) over a period, as the regulation computes them."""
    if not permissions.can_read_skm(actor):
        raise PermissionDenied(gettext("You may not see SKM results."))
    _check_period(start, end)
    unit = access.get_skm_unit_for_user(actor, unit_code)
    if service_code and not access.skm_services_for(actor).filter(code=service_code).exists():
        raise NotFound(gettext("No service %(code)s was found.") % {"code": service_code})
    return results_compute(actor, unit, start, end, service_code=service_code)


@dataclass(frozen=True)
class TrendPoint:
    label: str
    start: dt.date
    end: dt.date
    respondents: int
    converted: float | None
    mutu: str | None


def _periods(start: dt.date, end: dt.date, per: str) -> list[tuple[str, dt.date, dt.date]]:
    out = []
    year = start.year
    while dt.date(year, 1, 1) <= end:
        spans = (
            [(f"{year}", dt.date(year, 1, 1), dt.date(year, 12, 31))]
            if per == "year"
            else [
                (f"{year}-S1", dt.date(year, 1, 1), dt.date(year, 6, 30)),
                (f"{year}-S2", dt.date(year, 7, 1), dt.date(year, 12, 31)),
            ]
            if per == "semester"
            else [
                (
                    f"{year}-Q{q}",
                    dt.date(year, 3 * q - 2, 1),
                    (dt.date(year, 3 * q, 1) + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1),
                )
                for q in (1, 2, 3, 4)
            ]
        )
        for label, a, b in spans:
            if b >= start and a <= end:
                out.append((label, max(a, start), min(b, end)))
        year += 1
    return out


def skm_trend(actor: Actor, *, unit_code: str, start: dt.date, end: dt.date, per: str = "semester") -> list[TrendPoint]:
    """The converted IKM per year, semester or quarter (each withheld below MIN_RESPONDENTS)."""
    if not permissions.can_read_skm(actor):
        raise PermissionDenied(gettext("You may not see SKM results."))
    if per not in ("year", "semester", "quarter"):
        raise ValidationFailed(gettext("Choose year, semester or quarter."))
    _check_period(start, end)
    unit = access.get_skm_unit_for_user(actor, unit_code)
    weight = weight_for(unit.pemda_id)
    points = []
    for label, a, b in _periods(start, end, per):
        responses = responses_in(unit, a, b)
        tallies = engine.element_tallies(responses)
        n = engine.respondent_count(responses)
        result = ikm_compute(_inputs(tallies), weight)
        shown = n >= MIN_RESPONDENTS and result.converted is not None
        points.append(
            TrendPoint(
                label,
                a,
                b,
                n,
                float(result.converted) if shown and result.converted is not None else None,
                result.mutu if shown else None,
            )
        )
    return points


@dataclass(frozen=True)
class CampaignProgress:
    campaign: Campaign
    results: SkmResults
    actions: list[Action] = field(default_factory=list)  # what the actor may do now (`CAMPAIGN_WORKFLOW`)

    @property
    def share(self) -> float | None:
        """Respondents so far as a share of the minimum sample (at most 1), for the progress bar."""
        need = self.results.sample_min
        if not need:
            return None
        return float(min(Fraction(self.results.respondents, need), Fraction(1)))


def campaign_progress(actor: Actor, campaign: Campaign) -> CampaignProgress:
    """Respondents so far against the minimum sample, and the lifecycle actions the actor may take now,
    for a campaign fetched through `access`."""
    assert campaign.unit is not None
    results = results_compute(
        actor, campaign.unit, campaign.start, campaign.end, service_code=campaign.subject, campaign=campaign
    )
    return CampaignProgress(campaign, results, CAMPAIGN_WORKFLOW.actions_for(campaign, actor))


def skm_default_unit_code(actor: Actor) -> str | None:
    """The unit the results page opens on: the one in the actor's reach with the most counted answers
    (where the SKM is really run), not merely the first unit of the tree; None when nobody answered yet."""
    if not permissions.can_read_skm(actor):
        raise PermissionDenied(gettext("Your role does not show SKM results."))
    most = (
        engine.counted(Response.objects.filter(unit__in=access.skm_units_for(actor)))
        .values("unit__code")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__code")
        .first()
    )
    return str(most["unit__code"]) if most else None


def campaign_list(actor: Actor) -> QuerySet[Campaign]:
    if not permissions.can_read_skm(actor):
        raise PermissionDenied(gettext("You may not see SKM campaigns."))
    return access.campaigns_for(actor).select_related("unit").order_by("-start", "name")


_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def period_label(key: str) -> str:
    """A trend period's key (`2026-S1`, `2026-Q3`, `2026`) as the reader writes it: `Semester I 2026`,
    `Triwulan III 2026`; the keys stay as they are in the API."""
    year, _sep, part = key.partition("-")
    if part[:1] == "S" and part[1:] in _ROMAN:
        return gettext("Semester %(n)s %(year)s") % {"n": _ROMAN[part[1:]], "year": year}
    if part[:1] == "Q" and part[1:] in _ROMAN:
        return gettext("Quarter %(n)s %(year)s") % {"n": _ROMAN[part[1:]], "year": year}
    return key


def trend_chart(points: list[TrendPoint], unit_name: str) -> LineChart | None:
    """The converted IKM per period (periods with fewer than 5 respondents are left out)."""
    shown = [p for p in points if p.converted is not None]
    if not shown:
        return None
    return LineChart(
        title=gettext("Converted IKM of %(unit)s") % {"unit": unit_name},
        description=gettext("IKM × 25 per period; A from 88,31, B from 76,61, C from 65,00."),
        points=[Point(x=float(i), y=p.converted or 0.0, label=period_label(p.label)) for i, p in enumerate(shown)],
        x_name=gettext("Period"),
        y_name=gettext("Converted IKM"),
        series_name=gettext("Converted IKM"),
        value_format=ValueFormat(decimals=2),
    )


def campaign_cancel_confirmation(campaign: Campaign) -> Confirmation:
    """Cancelling ends the campaign for good; the answers stay (they belong to the unit, not the campaign)."""
    return Confirmation(
        title=gettext("Cancel %(name)s?") % {"name": campaign.name},
        consequence=gettext(
            "The campaign is cancelled for good: it is no longer followed, and a population entered for it is "
            "no longer used in the unit's results."
        ),
        people=gettext("No respondent is touched: the answers already given stay in the unit's results."),
        button=gettext("Yes, cancel the campaign"),
    )


def skm_data_version(actor: Actor) -> str:
    """What SKM figures depend on, in one indexed aggregate: the answers in reach (count, last id; an answer
    set aside or restored changes its `excluded`, hence the count of kept ones too)."""
    from django.db.models import Max, Q

    if actor.pemda_id is None:
        return "s-"
    row = access.skm_responses_in_reach(actor).aggregate(
        n=Count("pk"), kept=Count("pk", filter=Q(excluded="")), last=Max("pk")
    )
    return f"s{row['n']}.{row['kept']}.{row['last'] or 0}"


@dataclass(frozen=True)
class UnitIkm:
    """One unit's own answers over a period: respondents and the index (`ikm_compute`, the regulation's)."""

    unit_id: int
    respondents: int
    result: IkmResult

    @property
    def shown(self) -> bool:
        return self.respondents >= MIN_RESPONDENTS and self.result.converted is not None


def skm_ikm_by_unit(actor: Actor, *, start: dt.date, end: dt.date) -> dict[int, UnitIkm]:
    """Per unit in the actor's read reach that received answers itself in [start, end]: its respondents and
    IKM, in two grouped queries for every unit at once (the transparency portal's list and trend). The same
    tallies and index as `results_compute` for a unit without answering units below it."""
    from django.db.models import Sum

    from bina.surveys.models import Answer

    if actor.pemda_id is None:
        return {}
    responses = engine.counted(
        access.skm_responses_in_reach(actor).filter(answered_on__gte=start, answered_on__lte=end)
    )
    counts = dict(responses.values("unit_id").annotate(n=Count("pk")).order_by().values_list("unit_id", "n"))
    tallies: dict[int, dict[str, engine.Tally]] = {}
    for row in (
        Answer.objects.filter(response__in=responses, value__isnull=False)
        .values("response__unit_id", "element")
        .annotate(total=Sum("value"), answered=Count("id"))
        .order_by()
    ):
        unit_tallies = tallies.setdefault(row["response__unit_id"], {})
        unit_tallies[row["element"]] = engine.Tally(row["element"], int(row["total"]), int(row["answered"]))
    weight = weight_for(actor.pemda_id)
    return {
        unit_id: UnitIkm(unit_id, int(n), ikm_compute(_inputs(tallies.get(unit_id, {})), weight))
        for unit_id, n in counts.items()
        if unit_id is not None
    }


def skm_semesters(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The semesters of [start, end] as `skm_trend` labels them (`2026-S1`), clipped to the period."""
    return _periods(start, end, "semester")
