"""Reads for "my learning", the supervisor's team view and unit JP compliance.

Rule: every PNS has the right to at least 20 JP of competency development a year (PP 11/2017 art. 203(4)
as amended by PP 17/2020; 1 JP = 45 minutes, Peraturan LAN 10/2018). The regulation states the right for
PNS; Bina applies the same yearly target to PPPK (their development is governed by PP 49/2018 without a
number of hours) so a Pemda sees one figure, and shows the PNS/PPPK split so the difference stays visible.

Every function here runs a fixed number of queries whatever the number of employees or enrolments:
totals are aggregated in SQL (the maintained `EmployeeYearJp` totals, indexes `Enrolment(employee, status)`,
`Session(pemda, starts_at)`), never by looping over employees in Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, FilteredRelation, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.charts.specs import Bar, BarChart
from bina.core.actor import Actor
from bina.core.confirm import Confirmation
from bina.core.errors import NotFound
from bina.core.numbers import format_number, format_percent
from bina.people.access import employees_for, org_units_in_reach
from bina.people.models import Employee, EmployeeStatus, OrgUnit
from bina.people.selectors import reports_subquery
from bina.training.access import enrolments_for, external_for, training_history_for
from bina.training.classes.models import ACTIVE_ENROLMENT_STATUSES, ClassStatus, Enrolment, EnrolmentStatus, Session
from bina.training.external.models import ExternalLearning, ExternalStatus, TrainingHistory
from bina.training.hooks import hooks
from bina.training.learning.models import YEARLY_JP_TARGET, JpCredit, JpSource

UPCOMING_DAYS = 60
# Employees counted in compliance: those still serving (a retired or dismissed ASN has no JP right).
SERVING_STATUSES = (EmployeeStatus.AKTIF, EmployeeStatus.CUTI)
ZERO = Decimal("0")


@dataclass
class JpSummary:
    year: int
    total: Decimal
    target: int = YEARLY_JP_TARGET
    class_credits: list[JpCredit] = field(default_factory=list)
    external_credits: list[JpCredit] = field(default_factory=list)
    # Training from before Bina, imported from the Pemda's records (`external.history`): shown as "Imported".
    imported_credits: list[JpCredit] = field(default_factory=list)
    practice_credits: list[JpCredit] = field(default_factory=list)  # simulation practice (non-classical)

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(self.target) - self.total, ZERO)

    @property
    def percent(self) -> int:
        """Progress towards the target, capped at 100 for the progress bar."""
        if self.target <= 0:
            return 100
        return min(int(self.total * 100 / self.target), 100)

    @property
    def met(self) -> bool:
        return self.total >= self.target

    @property
    def chart(self) -> BarChart:
        """Progress towards the target as one bar on a scale that ends at the target (my-learning page)."""
        total = format_number(self.total, 1, trim=True)
        return BarChart(
            title=_("JP in %(year)s") % {"year": self.year},
            description=_("%(total)s of %(target)s JP") % {"total": total, "target": self.target},
            bars=[
                Bar(
                    label=_("JP in %(year)s") % {"year": self.year},
                    value=float(self.total),
                    value_label=f"{total} / {self.target} JP ({format_percent(self.percent, 0)})",
                    tone="good" if self.met else "",
                )
            ],
            max_value=self.target,
            show_labels=False,
            category_name=_("Year"),
            value_name="JP",
            chart_id="chart-jp-year",
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "total": float(self.total),
            "target": self.target,
            "remaining": float(self.remaining),
            "percent": self.percent,
            "met": self.met,
        }


def jp_year_summary(employee_id: int, year: int) -> JpSummary:
    """JP credited to one employee in one year against the 20 JP target (PP 11/2017 art. 203(4)); one query."""
    # The enrolment (and an imported record, for its source) ride along: joins, still one query.
    credits = list(
        JpCredit.objects.filter(employee_id=employee_id, year=year)
        .select_related("enrolment", "history")
        .order_by("-credited_on", "-id")
    )
    total = sum((c.jp for c in credits), ZERO)
    return JpSummary(
        year=year,
        total=total,
        class_credits=[c for c in credits if c.source == JpSource.CLASS],
        external_credits=[c for c in credits if c.source == JpSource.EXTERNAL],
        imported_credits=[c for c in credits if c.source == JpSource.IMPORT],
        practice_credits=[c for c in credits if c.source == JpSource.SIMULATION],
    )


@dataclass
class MyLearning:
    today: date
    summary: JpSummary
    upcoming: list[Session]
    active: list[Enrolment]
    completed: list[Enrolment]
    certificates: list[Any]
    external: list[ExternalLearning]
    history: list[TrainingHistory] = field(default_factory=list)

    @property
    def nominations(self) -> list[Enrolment]:
        """Nominations waiting for the nominee's answer: the actions needed on this page."""
        return [e for e in self.active if e.status == EnrolmentStatus.NOMINATED]


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def upcoming_sessions(employee_id: int, today: date, days: int = UPCOMING_DAYS) -> QuerySet[Session]:
    """Sessions of the next `days` days in classes where the employee holds a seat (one per class: unique)."""
    return (
        Session.objects.filter(
            klass__enrolments__employee_id=employee_id,
            klass__enrolments__status=EnrolmentStatus.ENROLLED,
            starts_at__gte=_day_start(today),
            starts_at__lt=_day_start(today + timedelta(days=days)),
        )
        .exclude(klass__status=ClassStatus.CANCELLED)
        .select_related("klass", "klass__course", "instructor")
        .order_by("starts_at", "pk")
    )


def calendar_sessions(employee_id: int) -> QuerySet[Session]:
    """Every session (past and future) of classes where the employee is enrolled or completed: the .ics feed."""
    return (
        Session.objects.filter(
            klass__enrolments__employee_id=employee_id,
            klass__enrolments__status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED),
        )
        .exclude(klass__status=ClassStatus.CANCELLED)
        .select_related("klass", "klass__course")
        .order_by("starts_at", "pk")
    )


def my_learning(actor: Actor, today: date | None = None) -> MyLearning:
    """The actor's own learning page: seven queries whatever the history length."""

    today = today or timezone.localdate()
    employee_id = actor.employee_id
    if employee_id is None or actor.pemda_id is None:
        return MyLearning(today, JpSummary(year=today.year, total=ZERO), [], [], [], [], [])
    active = list(
        Enrolment.objects.filter(employee_id=employee_id, status__in=ACTIVE_ENROLMENT_STATUSES)
        .select_related("klass", "klass__course")
        .order_by("klass__starts_on", "pk")
    )
    completed = list(
        Enrolment.objects.filter(employee_id=employee_id, status=EnrolmentStatus.COMPLETED)
        .select_related("klass", "klass__course")
        .order_by("-klass__ends_on", "-pk")[:50]
    )
    certificates = [c for hook in hooks.employee_certificates for c in hook(actor.pemda_id, employee_id)]
    external = list(ExternalLearning.objects.filter(employee_id=employee_id).order_by("-created_at")[:20])
    history = list(TrainingHistory.objects.filter(employee_id=employee_id).order_by("-ends_on", "-pk")[:100])
    return MyLearning(
        today=today,
        summary=jp_year_summary(employee_id, today.year),
        upcoming=list(upcoming_sessions(employee_id, today)[:100]),
        active=active,
        completed=completed,
        certificates=certificates,
        external=external,
        history=history,
    )


def _jp_join(year: int) -> dict[str, FilteredRelation]:
    """The employee's `EmployeeYearJp` row of the year as a LEFT JOIN on its unique (employee, year) index:
    `.alias(**_jp_join(year)).annotate(jp=JP_OF_YEAR)`. The row is kept equal to the sum of the year's
    `JpCredit` rows by `learning.services`; one row per employee, joined once however often `jp` is used
    (a per-employee subquery would be evaluated for every aggregate that reads it)."""
    return {"jp_of_year": FilteredRelation("jp_years", condition=Q(jp_years__year=year))}


# An employee's JP of the year (0 without a row); needs `_jp_join(year)` aliased first.
JP_OF_YEAR = Coalesce(F("jp_of_year__jp"), Value(ZERO), output_field=DecimalField(max_digits=8, decimal_places=1))


@dataclass
class TeamLearning:
    year: int
    members: QuerySet[Employee]
    nominations: list[Enrolment]
    target: int = YEARLY_JP_TARGET


def team_learning(actor: Actor, year: int) -> TeamLearning:
    """The supervisor's direct and indirect reports with their JP this year, and their open nominations.

    `members` is a queryset (paginate it); each member carries `jp` and `jp_met`.
    """
    if actor.employee_id is None or actor.pemda_id is None:
        return TeamLearning(year, Employee.objects.none(), [])
    reports = reports_subquery(actor.employee_id)
    members = (
        employees_for(actor)
        .filter(pk__in=reports)
        .select_related("unit")
        .alias(**_jp_join(year))
        .annotate(jp=JP_OF_YEAR)
        .annotate(jp_met=Q(jp__gte=YEARLY_JP_TARGET))
        .order_by("unit__path", "name", "pk")
    )
    nominations = list(
        enrolments_for(actor)
        .filter(employee_id__in=reports, status__in=(EnrolmentStatus.NOMINATED, EnrolmentStatus.PENDING))
        .select_related("employee", "klass", "klass__course")
        .order_by("klass__starts_on", "pk")[:200]
    )
    return TeamLearning(year, members, nominations)


@dataclass
class ComplianceRow:
    unit: OrgUnit | None
    label: str = ""
    employees: int = 0
    compliant: int = 0
    jp_total: Decimal = ZERO
    pns: int = 0
    pns_compliant: int = 0
    pppk: int = 0
    pppk_compliant: int = 0
    has_children: bool = False

    @property
    def percent(self) -> float:
        return round(self.compliant * 100 / self.employees, 1) if self.employees else 0.0

    @property
    def below(self) -> int:
        """Employees still under the target: the drill-down (`employees_below_target`) lists them."""
        return self.employees - self.compliant

    @property
    def average_jp(self) -> float:
        return round(float(self.jp_total) / self.employees, 1) if self.employees else 0.0

    def add(self, row: Mapping[str, Any]) -> None:
        self.employees += row["n"]
        self.compliant += row["met"]
        self.jp_total += Decimal(row["jp_total"] or 0)
        if row["asn_type"] == "PPPK":
            self.pppk += row["n"]
            self.pppk_compliant += row["met"]
        else:
            self.pns += row["n"]
            self.pns_compliant += row["met"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit.code if self.unit is not None else None,
            "name": self.label,
            "employees": self.employees,
            "compliant": self.compliant,
            "percent": self.percent,
            "average_jp": self.average_jp,
            "pns": self.pns,
            "pns_compliant": self.pns_compliant,
            "pppk": self.pppk,
            "pppk_compliant": self.pppk_compliant,
        }


@dataclass
class Compliance:
    year: int
    unit: OrgUnit | None
    rows: list[ComplianceRow]
    total: ComplianceRow
    target: int = YEARLY_JP_TARGET


def unit_jp_compliance(actor: Actor, year: int, unit: OrgUnit | None = None) -> Compliance:
    """Per unit: employees, employees with at least 20 JP, % compliant and average JP (PP 11/2017 art. 203(4)).

    Rows are the children of `unit` (or the top of the actor's reach), each rolled up over its subtree by
    the materialised `path` prefix. Two queries: the units in reach, and one aggregate over employees
    grouped by unit and ASN type (the per-employee JP is one joined `EmployeeYearJp` row, `_jp_join`).
    Scope: the admin (and a Pemda-wide leader) the whole Pemda; leaders and operators their subtrees.
    """
    if actor.pemda_id is None:
        raise NotFound("")
    reach = actor.read_reach()
    if unit is not None and (unit.pemda_id != actor.pemda_id or not reach.covers(unit.path)):
        raise NotFound(_("No organisation unit %(key)s was found.") % {"key": unit.code})
    units_qs = org_units_in_reach(actor)
    if unit is not None:
        units_qs = units_qs.filter(path__startswith=unit.path)
    units = {u.pk: u for u in units_qs.only("pk", "code", "name", "path", "parent_id", "pemda_id")}

    # The groups shown as rows.
    if unit is not None:
        groups = [u for u in units.values() if u.parent_id == unit.pk]
    elif reach.whole_pemda:
        groups = [u for u in units.values() if u.parent_id is None]
    else:
        groups = [u for u in units.values() if u.path in reach.paths]
    groups.sort(key=lambda u: u.name)
    rows = {g.pk: ComplianceRow(unit=g, label=g.name) for g in groups}
    parents_with_children = {u.parent_id for u in units.values() if u.parent_id is not None}
    for g in groups:
        rows[g.pk].has_children = g.pk in parents_with_children
    direct = ComplianceRow(unit=unit, label=unit.name if unit is not None else "")
    total = ComplianceRow(unit=unit, label=unit.name if unit is not None else "")

    aggregates = (
        employees_for(actor)
        .filter(unit_id__in=units_qs.values("pk"), status__in=SERVING_STATUSES)
        .alias(**_jp_join(year))
        .annotate(jp=JP_OF_YEAR)
        .values("unit_id", "asn_type")
        .annotate(
            n=Count("pk"),
            met=Count("pk", filter=Q(jp__gte=YEARLY_JP_TARGET)),
            jp_total=Sum("jp"),
        )
        .order_by()
    )
    for agg in aggregates:
        total.add(agg)
        member = units.get(agg["unit_id"])
        if member is None:
            continue
        if unit is not None and member.pk == unit.pk:
            direct.add(agg)
            continue
        ids = {int(part) for part in member.path.strip("/").split("/") if part}
        for gid in ids & rows.keys():
            rows[gid].add(agg)
            break
    result = list(rows.values())
    if unit is not None and direct.employees:
        direct.label = _("%(unit)s (staff of the unit itself)") % {"unit": unit.name}
        direct.unit = None
        result.insert(0, direct)
    return Compliance(year=year, unit=unit, rows=result, total=total)


def my_external(actor: Actor) -> QuerySet[ExternalLearning]:
    """The actor's own claims, newest first (an admin's review queue is `external_review_queue`)."""
    if actor.employee_id is None:
        return ExternalLearning.objects.none()
    return external_for(actor).filter(employee_id=actor.employee_id).order_by("-created_at", "-pk")


def external_review_queue(actor: Actor) -> QuerySet[ExternalLearning]:
    return (
        external_for(actor)
        .filter(status=ExternalStatus.SUBMITTED)
        .select_related("employee", "employee__unit")
        .order_by("created_at", "pk")
    )


def external_reject_confirmation(item: ExternalLearning) -> Confirmation:
    """The confirmation step of rejecting a claim (bina.core.confirm): its JP are not credited; the claimant is told."""
    params = {"name": item.employee.name, "title": item.title, "jp": format_number(item.jp_claimed, 1, trim=True)}
    return Confirmation(
        title=_("Reject the claim %(title)s?") % params,
        consequence=_("The %(jp)s JP claimed by %(name)s for %(title)s are not credited.") % params,
        people=_("1 person is told, with your note: %(name)s.") % params,
        button=_("Yes, reject the claim"),
    )


def certificate_url(certificate_id: int) -> str:
    """Link to a certificate's PDF download (`certificates:pdf`)."""
    from django.urls import reverse

    return reverse("certificates:pdf", args=[certificate_id])


# --- who is below the target (compliance drill-down, issue 9.11) ------------------------------------------


@dataclass
class BelowTarget:
    year: int
    unit: OrgUnit | None
    people: QuerySet[Employee]  # each with `jp` (this year's JP) and `jp_missing`; paginate it
    target: int = YEARLY_JP_TARGET


def employees_below_target(actor: Actor, year: int, unit: OrgUnit | None = None) -> BelowTarget:
    """The serving employees of `unit`'s subtree (or the actor's whole reach) with fewer than 20 JP in `year`.

    The same rule and the same people as `unit_jp_compliance` counts (PP 11/2017 art. 203(4): 20 JP a year;
    retired and dismissed ASN have no JP right), lowest JP first so the furthest behind lead the list.
    Scope: `employees_for` (admin: the Pemda; leader and operator: their subtrees); a unit out of reach is 404.
    """
    if actor.pemda_id is None:
        raise NotFound("")
    units = org_units_in_reach(actor)
    if unit is not None:
        if unit.pemda_id != actor.pemda_id or not actor.read_reach().covers(unit.path):
            raise NotFound(_("No organisation unit %(key)s was found.") % {"key": unit.code})
        units = units.filter(path__startswith=unit.path)
    people = (
        employees_for(actor)
        .filter(unit_id__in=units.values("pk"), status__in=SERVING_STATUSES)
        .alias(**_jp_join(year))
        .annotate(jp=JP_OF_YEAR)
        .filter(jp__lt=YEARLY_JP_TARGET)
        .annotate(jp_missing=Value(Decimal(YEARLY_JP_TARGET)) - F("jp"))
        .select_related("unit")
        .order_by("jp", "name", "pk")
    )
    return BelowTarget(year=year, unit=unit, people=people)


# --- an employee's learning record, for the profile page (issue 9.11) -------------------------------------


@dataclass(frozen=True)
class YearJp:
    year: int
    jp: Decimal
    target: int = YEARLY_JP_TARGET

    @property
    def met(self) -> bool:
        return self.jp >= self.target


@dataclass
class LearningProfile:
    employee: Employee
    years: list[YearJp]
    enrolments: list[Enrolment]
    certificates: list[Any]
    claims: list[ExternalLearning]
    open_claim_ids: set[int]  # the claims this actor may open (the reviewing admin, the claimant)
    history: list[TrainingHistory] = field(default_factory=list)  # imported training from before Bina
    target: int = YEARLY_JP_TARGET

    @property
    def chart(self) -> BarChart:
        """JP per year against the target, one bar per year (oldest first)."""
        return BarChart(
            title=_("JP per year"),
            description=_("JP credited each year; the target is %(target)s JP.") % {"target": self.target},
            bars=[
                Bar(
                    label=str(y.year),
                    value=float(y.jp),
                    value_label=f"{format_number(y.jp, 1, trim=True)} JP",
                    tone="good" if y.met else "",
                )
                for y in sorted(self.years, key=lambda y: y.year)
            ],
            max_value=max([self.target, *(float(y.jp) for y in self.years)]),
            category_name=_("Year"),
            value_name="JP",
            chart_id="chart-jp-years",
        )


def employee_learning_profile(actor: Actor, employee: Employee, *, limit: int = 100) -> LearningProfile:
    """An employee's classes (with outcomes), JP per year, certificates, external claims and the training
    imported from before Bina. Seven queries.

    The caller has the employee through `bina.people.access` (the profile page); the rows are scoped again
    here: enrolments through `enrolments_for`, and nothing at all for an actor who may not read the employee.
    Claims are listed for everyone who may read the profile (title, JP, status: the same facts the JP per
    year already shows); the claim itself, with its evidence, opens only for whom `external_for` allows.
    """
    if not employees_for(actor).filter(pk=employee.pk).exists():
        raise NotFound(_("No employee %(key)s was found.") % {"key": employee.nip})
    per_year = (
        JpCredit.objects.filter(employee_id=employee.pk).values("year").annotate(total=Sum("jp")).order_by("-year")
    )
    years = {row["year"]: YearJp(row["year"], row["total"]) for row in per_year}
    this_year = timezone.localdate().year
    years.setdefault(this_year, YearJp(this_year, ZERO))
    enrolments = list(
        enrolments_for(actor)
        .filter(employee_id=employee.pk)
        .exclude(klass__status=ClassStatus.DRAFT)
        .select_related("klass", "klass__course")
        .order_by("-klass__starts_on", "-pk")[:limit]
    )
    claims = list(ExternalLearning.objects.filter(employee_id=employee.pk).order_by("-created_at", "-pk")[:limit])
    open_ids = set(external_for(actor).filter(pk__in=[c.pk for c in claims]).values_list("pk", flat=True))
    certificates = [c for hook in hooks.employee_certificates for c in hook(employee.pemda_id, employee.pk)]
    history = list(TrainingHistory.objects.filter(employee_id=employee.pk).order_by("-ends_on", "-pk")[:limit])
    return LearningProfile(
        employee=employee,
        years=sorted(years.values(), key=lambda y: -y.year),
        enrolments=enrolments,
        certificates=certificates,
        claims=claims,
        open_claim_ids=open_ids,
        history=history,
    )


def training_end_dates(actor: Actor, *, trainings: Sequence[str]) -> dict[int, date]:
    """Each employee in the actor's scope who completed any training of the set, with the day the first of
    them ended: the treatment date of the impact estimates (issue 11, §2). A Bina class matches by its
    course's code or exact title, the day being the class's last day (when the training was over, whatever
    day its completion was recorded); a record imported from before Bina by its `kode_kursus` (course) or its
    exact `nama_pelatihan`, the day being its `tanggal_selesai`."""
    names = [t for t in trainings if t]
    if not names:
        return {}
    firsts: dict[int, date] = {}
    classes = (
        enrolments_for(actor)
        .filter(Q(klass__course__code__in=names) | Q(klass__course__title__in=names), status=EnrolmentStatus.COMPLETED)
        .values("employee_id")
        .annotate(first=Min("klass__ends_on"))
        .values_list("employee_id", "first")
    )
    imported = (
        training_history_for(actor)
        .filter(Q(course__code__in=names) | Q(title__in=names))
        .values("employee_id")
        .annotate(first=Min("ends_on"))
        .values_list("employee_id", "first")
    )
    for employee_id, first in [*classes, *imported]:
        known = firsts.get(int(employee_id))
        firsts[int(employee_id)] = first if known is None or first < known else known
    return firsts


def completed_course_choices(actor: Actor) -> list[tuple[str, str]]:
    """(code, "code – title") of the courses someone in the actor's scope has completed: what an impact
    estimate can take as its treatment."""
    rows = (
        enrolments_for(actor)
        .filter(status=EnrolmentStatus.COMPLETED)
        .values_list("klass__course__code", "klass__course__title")
        .distinct()
        .order_by("klass__course__code")
    )
    return [(code, f"{code} – {title}") for code, title in rows]
