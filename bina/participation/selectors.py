"""Participation in training and resistance to it, per group of people (issue 11, §3; docs/participation.md).

One table per dimension (unit, position kind, ASN type, age band, gender) for a year: share who trained, median
JP, share at the 20 JP target, never trained in two years, declines and no-shows by reason category, refusals
of technology-based (daring, blended) vs classical (tatap muka) courses, and how long nominees take to answer.

Everything is read through `bina.training.facade.participation_facts` (the actor's `employees_for` reach, the
JP rows compliance reads, `enrolments_for`); the grouping and counting here are plain Python over those facts.
A cell of fewer than `MIN_CELL_PEOPLE` people is withheld for leaders and operators (`sees_small_cells`); the
admin and supervisors may list the people behind a cell (`participation_people`), a supervisor only their
reports.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import NotFound, PermissionDenied, ValidationFailed
from bina.core.public import MIN_CELL_PEOPLE
from bina.participation.permissions import can_see_participation_people, can_view_participation, sees_small_cells
from bina.people.access import org_units_in_reach
from bina.people.models import AsnType, Employee, Gender, OrgUnit, PositionKind
from bina.people.selectors import reports_subquery
from bina.training.facade import YEARLY_JP_TARGET, AbsenceReason, EmployeeFacts, participation_facts

MIN_YEAR, MAX_YEAR = 2000, 2100


class Dimension(models.TextChoices):
    UNIT = "unit", gettext_lazy("Unit")
    POSITION_KIND = "position_kind", gettext_lazy("Position kind")
    ASN_TYPE = "asn_type", gettext_lazy("ASN type")
    AGE_BAND = "age_band", gettext_lazy("Age band")
    GENDER = "gender", gettext_lazy("Gender")


# Age on 31 December of the year shown, in bands: (key, label, lowest age, highest age).
AGE_BANDS: tuple[tuple[str, Any, int, int], ...] = (
    ("lt30", gettext_lazy("Under 30"), 0, 29),
    ("30_39", gettext_lazy("30–39"), 30, 39),
    ("40_49", gettext_lazy("40–49"), 40, 49),
    ("ge50", gettext_lazy("50 and over"), 50, 200),
)
NOT_RECORDED = ""


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(birth: date, year: int) -> str:
    age = age_on(birth, date(year, 12, 31))
    for key, _label, low, high in AGE_BANDS:
        if low <= age <= high:
            return key
    return AGE_BANDS[-1][0]


def _median(values: list[Any]) -> Any:
    return statistics.median(values) if values else None


def _pct(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@dataclass
class ParticipationRow:
    """One cell: a group of people and their figures. A `suppressed` cell carries no figure at all."""

    key: str
    label: str
    people: int = 0
    trained: int = 0
    at_target: int = 0
    untrained_two_years: int = 0
    jp_median: Decimal | None = None
    declines: int = 0
    no_shows: int = 0
    declines_by_reason: dict[str, int] = field(default_factory=dict)
    no_shows_by_reason: dict[str, int] = field(default_factory=dict)
    technology_enrolments: int = 0
    technology_refused: int = 0
    classical_enrolments: int = 0
    classical_refused: int = 0
    nominations_answered: int = 0
    nominations_open: int = 0
    answer_days_median: float | None = None
    suppressed: bool = False

    @property
    def trained_pct(self) -> float | None:
        return _pct(self.trained, self.people)

    @property
    def at_target_pct(self) -> float | None:
        return _pct(self.at_target, self.people)

    @property
    def untrained_two_years_pct(self) -> float | None:
        return _pct(self.untrained_two_years, self.people)

    @property
    def technology_refused_pct(self) -> float | None:
        """Of the enrolments in daring or blended classes, the share declined or not attended."""
        return _pct(self.technology_refused, self.technology_enrolments)

    @property
    def classical_refused_pct(self) -> float | None:
        return _pct(self.classical_refused, self.classical_enrolments)

    @property
    def reasons(self) -> list[tuple[str, str, int, int]]:
        """(category, label, declines, no-shows) in the order of `AbsenceReason`."""
        return [
            (value, str(label), self.declines_by_reason.get(value, 0), self.no_shows_by_reason.get(value, 0))
            for value, label in AbsenceReason.choices
        ]

    def as_dict(self) -> dict[str, Any]:
        if self.suppressed:
            return {"key": self.key, "label": self.label, "suppressed": True}
        return {
            "key": self.key,
            "label": self.label,
            "suppressed": False,
            "people": self.people,
            "trained": self.trained,
            "trained_pct": self.trained_pct,
            "jp_median": float(self.jp_median) if self.jp_median is not None else None,
            "at_target": self.at_target,
            "at_target_pct": self.at_target_pct,
            "untrained_two_years": self.untrained_two_years,
            "untrained_two_years_pct": self.untrained_two_years_pct,
            "declines": self.declines,
            "no_shows": self.no_shows,
            "declines_by_reason": {v: self.declines_by_reason.get(v, 0) for v in AbsenceReason.values},
            "no_shows_by_reason": {v: self.no_shows_by_reason.get(v, 0) for v in AbsenceReason.values},
            "technology_enrolments": self.technology_enrolments,
            "technology_refused": self.technology_refused,
            "technology_refused_pct": self.technology_refused_pct,
            "classical_enrolments": self.classical_enrolments,
            "classical_refused": self.classical_refused,
            "classical_refused_pct": self.classical_refused_pct,
            "nominations_answered": self.nominations_answered,
            "nominations_open": self.nominations_open,
            "answer_days_median": self.answer_days_median,
        }


def row_of(key: str, label: str, people: Iterable[EmployeeFacts]) -> ParticipationRow:
    """The figures of one group of people (pure: no query)."""
    row = ParticipationRow(key=key, label=label)
    jps: list[Decimal] = []
    answer_days: list[float] = []
    declines: dict[str, int] = defaultdict(int)
    no_shows: dict[str, int] = defaultdict(int)
    for person in people:
        row.people += 1
        jps.append(person.jp)
        row.trained += person.trained
        row.at_target += person.at_target
        row.untrained_two_years += person.untrained_two_years
        for e in person.enrolments:
            if e.status == "declined":
                declines[e.category or AbsenceReason.OTHER] += 1
            elif e.status == "no_show":
                no_shows[e.category or AbsenceReason.OTHER] += 1
            if e.technology:
                row.technology_enrolments += 1
                row.technology_refused += e.refused
            else:
                row.classical_enrolments += 1
                row.classical_refused += e.refused
            if e.nominated and e.status == "nominated":
                row.nominations_open += 1
            days = e.answer_days
            if days is not None:
                row.nominations_answered += 1
                answer_days.append(days)
    row.jp_median = _median(jps)
    median_days = _median(answer_days)
    row.answer_days_median = round(median_days, 1) if median_days is not None else None
    row.declines_by_reason, row.no_shows_by_reason = dict(declines), dict(no_shows)
    row.declines, row.no_shows = sum(declines.values()), sum(no_shows.values())
    return row


def _suppress(row: ParticipationRow) -> ParticipationRow:
    return ParticipationRow(key=row.key, label=row.label, suppressed=True)


def _withhold_small(rows: list[ParticipationRow]) -> list[ParticipationRow]:
    """Cells under `MIN_CELL_PEOPLE` withheld; when only one is, the next smallest goes too, or the total
    minus the other cells would give the withheld one back (secondary suppression)."""
    small = {r.key for r in rows if r.people < MIN_CELL_PEOPLE}
    if len(small) == 1 and len(rows) > 1:
        shown = sorted((r for r in rows if r.key not in small), key=lambda r: (r.people, r.key))
        small.add(shown[0].key)
    return [_suppress(r) if r.key in small else r for r in rows]


@dataclass
class ParticipationTable:
    year: int
    dimension: str
    rows: list[ParticipationRow]
    total: ParticipationRow
    people_visible: bool  # the actor may open the people behind a cell
    min_cell: int = MIN_CELL_PEOPLE
    target: int = YEARLY_JP_TARGET

    @property
    def dimension_label(self) -> str:
        return str(Dimension(self.dimension).label)

    @property
    def has_suppressed(self) -> bool:
        return any(r.suppressed for r in self.rows)


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        message = _("The year must be between %(low)s and %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR}
        raise ValidationFailed(message, details=[{"field": "year", "message": message}])
    return year


def check_dimension(dimension: str) -> str:
    if dimension not in Dimension.values:
        message = _("Choose one of: %(choices)s.") % {"choices": ", ".join(Dimension.values)}
        raise ValidationFailed(message, details=[{"field": "dimension", "message": message}])
    return dimension


def _unit_groups(actor: Actor) -> list[OrgUnit]:
    """The units shown as rows: the top of the actor's read reach (the Pemda's root units for the admin)."""
    reach = actor.read_reach()
    units = list(org_units_in_reach(actor).only("pk", "code", "name", "path", "parent_id"))
    if reach.whole_pemda:
        return [u for u in units if u.parent_id is None]
    return [u for u in units if u.path in reach.paths]


def _grouper(actor: Actor, dimension: str, year: int) -> tuple[Callable[[Employee], str], dict[str, str]]:
    """A function giving an employee's cell key, and the labels of the cells in display order."""
    if dimension == Dimension.UNIT:
        groups = sorted(_unit_groups(actor), key=lambda u: u.name)
        labels = {u.code: u.name for u in groups}

        def unit_key(e: Employee) -> str:
            for g in groups:
                if e.unit.path.startswith(g.path):
                    return g.code
            # Outside the reach's units (a supervisor's reports elsewhere): their own unit.
            labels.setdefault(e.unit.code, e.unit.name)
            return e.unit.code

        return unit_key, labels
    if dimension == Dimension.AGE_BAND:
        return (lambda e: age_band(e.birth_date, year)), {k: str(label) for k, label, _lo, _hi in AGE_BANDS}
    choices = {
        Dimension.POSITION_KIND: PositionKind.choices,
        Dimension.ASN_TYPE: AsnType.choices,
        Dimension.GENDER: Gender.choices,
    }[Dimension(dimension)]
    labels = {value: str(label) for value, label in choices}
    labels[NOT_RECORDED] = _("Not recorded")
    attribute = str(dimension)
    return (lambda e: getattr(e, attribute) or NOT_RECORDED), labels


def _cells(actor: Actor, year: int, dimension: str) -> tuple[dict[str, list[EmployeeFacts]], dict[str, str]]:
    if not can_view_participation(actor):
        raise PermissionDenied(_("Your role does not read the participation figures."))
    check_year(year)
    check_dimension(dimension)
    facts = participation_facts(actor, year)
    key_of, labels = _grouper(actor, dimension, year)
    cells: dict[str, list[EmployeeFacts]] = defaultdict(list)
    for person in facts:
        cells[key_of(person.employee)].append(person)
    return cells, labels


def participation_table(actor: Actor, *, year: int, dimension: str) -> ParticipationTable:
    """The participation figures of the actor's reach for `year`, one row per cell of `dimension`.

    Rows with nobody are left out (an empty age band is not a finding). Queries: the units (for `unit`) and
    the two of `participation_facts`.
    """
    cells, labels = _cells(actor, year, dimension)
    every = [p for people in cells.values() for p in people]
    show_small = sees_small_cells(actor)
    rows = [row_of(key, label, cells[key]) for key, label in labels.items() if key in cells]
    total = row_of("", _("All"), every)
    if not show_small:
        rows = _withhold_small(rows)
        if total.people < MIN_CELL_PEOPLE:
            total = _suppress(total)
    return ParticipationTable(
        year=year,
        dimension=dimension,
        rows=rows,
        total=total,
        people_visible=can_see_participation_people(actor),
    )


@dataclass(frozen=True)
class PersonRow:
    facts: EmployeeFacts

    @property
    def employee(self) -> Employee:
        return self.facts.employee

    @property
    def declines(self) -> int:
        return sum(e.status == "declined" for e in self.facts.enrolments)

    @property
    def no_shows(self) -> int:
        return sum(e.status == "no_show" for e in self.facts.enrolments)

    @property
    def technology_refused(self) -> int:
        return sum(e.technology and e.refused for e in self.facts.enrolments)

    @property
    def reasons(self) -> list[str]:
        """The categories of this person's declines and no-shows, in words, each once."""
        labels = dict(AbsenceReason.choices)
        seen = sorted({e.category or AbsenceReason.OTHER for e in self.facts.enrolments if e.refused})
        return [str(labels[c]) for c in seen]


@dataclass
class CellPeople:
    year: int
    dimension: str
    key: str
    label: str
    people: list[PersonRow]
    target: int = YEARLY_JP_TARGET

    @property
    def dimension_label(self) -> str:
        return str(Dimension(self.dimension).label)


def participation_people(actor: Actor, *, year: int, dimension: str, cell: str) -> CellPeople:
    """The people behind one cell whom the actor may see by name: every one for the admin, a supervisor's
    reports (and themself) for a supervisor. Leaders and operators are refused (403). Audited: it lists
    personal data (UU 27/2022)."""
    if not can_see_participation_people(actor):
        raise PermissionDenied(_("Only the admin and supervisors see the people behind the figures."))
    cells, labels = _cells(actor, year, dimension)
    if cell not in labels:
        raise NotFound(_("No group %(key)s was found.") % {"key": cell})
    people = cells.get(cell, [])
    if not (actor.is_admin or actor.is_system):
        # A supervisor who is also a leader or operator: names of their reports only, never of the reach.
        named = set(
            Employee.objects.filter(pk__in=reports_subquery(actor.employee_id or 0)).values_list("pk", flat=True)
        )
        if actor.employee_id is not None:
            named.add(actor.employee_id)
        people = [p for p in people if p.employee.pk in named]
    audit_record(
        action="participation.people",
        actor=actor,
        detail={"year": year, "dimension": dimension, "key": cell, "people": len(people)},
    )
    return CellPeople(
        year=year, dimension=dimension, key=cell, label=labels[cell], people=[PersonRow(p) for p in people]
    )
