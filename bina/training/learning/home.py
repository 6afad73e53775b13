"""Reads behind the home page's training cards: the admin's to-do lines, the leader's dashboard, the
participant's next step, the instructor's sessions and the supervisor's team.

Everything is scoped through `bina.training.access` / `bina.people.access` and reuses the JP rule of
`bina.training.learning.selectors` (20 JP a year, `unit_jp_compliance`); nothing here recomputes it.
Each function runs a fixed number of queries whatever the number of employees or enrolments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from bina.charts.specs import Bar, BarChart, LineChart, Point, ValueFormat
from bina.core.actor import Actor
from bina.core.numbers import format_number, format_percent
from bina.core.registry import TodoItem
from bina.people.access import employees_for
from bina.training.access import classes_for, classes_taught_by, enrolments_for, jp_credits_for, sessions_for
from bina.training.attendance.models import Attendance
from bina.training.classes.models import COST_FIELDS, ClassStatus, Enrolment, EnrolmentStatus, Session, TrainingClass
from bina.training.hooks import hooks
from bina.training.learning.models import YEARLY_JP_TARGET, JpSource
from bina.training.learning.selectors import (
    JP_OF_YEAR,
    SERVING_STATUSES,
    Compliance,
    ComplianceRow,
    JpSummary,
    _day_start,
    _jp_join,
    external_review_queue,
    jp_year_summary,
    unit_jp_compliance,
    upcoming_sessions,
)

# Classes that should have been completed once their last day is over.
UNFINISHED_STATUSES = (ClassStatus.OPEN, ClassStatus.CLOSED, ClassStatus.RUNNING)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _today() -> date:
    return timezone.localdate()


# --- admin: to-do lines ---------------------------------------------------------------------------


def _one_or_list(pks: list[int], one: str, many: str) -> str:
    """Link to the one object when there is exactly one, else to the list where they are found."""
    return reverse(one, args=[pks[0]]) if len(pks) == 1 else many


def admin_todo_items(actor: Actor, today: date | None = None) -> list[TodoItem]:
    """Approvals waiting, external claims to review, classes past their end still running, past sessions
    without attendance: a count and the page where each is dealt with (admin only; six queries)."""
    if actor.pemda_id is None or not actor.is_admin:
        return []
    today = today or _today()
    pending = enrolments_for(actor).filter(status=EnrolmentStatus.PENDING)
    pending_count = pending.count()
    pending_classes = list(pending.order_by("klass__starts_on", "klass_id").values_list("klass_id", flat=True)[:1])
    approvals_url = (
        reverse("training:class_participants", args=[pending_classes[0]]) + "?" + urlencode({"status": "pending"})
        if pending_classes
        else reverse("training:classes")
    )
    claims = external_review_queue(actor).count()
    overdue = list(
        classes_for(actor)
        .filter(status__in=UNFINISHED_STATUSES, ends_on__lt=today)
        .order_by("ends_on", "pk")
        .values_list("pk", flat=True)[:101]
    )
    no_attendance = list(
        sessions_for(actor)
        .filter(ends_at__lt=_day_start(today), klass__status__in=(ClassStatus.CLOSED, ClassStatus.RUNNING))
        .exclude(Exists(Attendance.objects.filter(session_id=OuterRef("pk"))))
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)[:101]
    )
    classes_url = reverse("training:classes")
    return [
        TodoItem(_("enrolments waiting for your approval"), pending_count, approvals_url),
        TodoItem(_("external learning claims to review"), claims, reverse("training:external_review")),
        TodoItem(
            _("classes past their end date still running"),
            len(overdue),
            _one_or_list(overdue, "training:class_detail", classes_url + "?" + urlencode({"status": "running"})),
            tone="alert",
        ),
        TodoItem(
            _("past sessions without attendance"),
            len(no_attendance),
            reverse("training:session_attendance", args=[no_attendance[0]]) if no_attendance else classes_url,
            tone="alert",
        ),
    ]


# --- leader: dashboard -----------------------------------------------------------------------------


@dataclass
class LeaderDashboard:
    year: int
    this_year: Compliance
    last_year: ComplianceRow
    units: list[ComplianceRow]  # the OPD/kecamatan compared, with at least one serving employee
    monthly_jp: list[Decimal]  # JP credited in each month of the year so far
    classes_run: int
    participants: int
    certificates: int | None  # None when no app counts certificates
    budget_planned: Decimal
    budget_used: Decimal
    target: int = YEARLY_JP_TARGET
    # What the classes' participants received in class JP this year, and the year's spending by kind.
    class_jp: Decimal = Decimal(0)
    costs: dict[str, Decimal] = field(default_factory=dict)

    @property
    def cost_per_participant(self) -> Decimal | None:
        """Rupiah spent per participant who completed a class this year (None before anyone completed)."""
        return (self.budget_used / self.participants).quantize(Decimal(1)) if self.participants else None

    @property
    def cost_per_jp(self) -> Decimal | None:
        """Rupiah spent per JP that participants earned in classes this year."""
        return (self.budget_used / self.class_jp).quantize(Decimal(1)) if self.class_jp else None

    @property
    def cost_rows(self) -> list[tuple[str, Decimal]]:
        labels = {
            "cost_honoraria": _("Honoraria"),
            "cost_venue": _("Venue"),
            "cost_consumption": _("Consumption"),
            "cost_other": _("Other"),
        }
        return [(str(labels[name]), value) for name, value in self.costs.items() if value]

    @property
    def change(self) -> float:
        return round(self.this_year.total.percent - self.last_year.percent, 1)

    @property
    def change_label(self) -> str:
        """The change against last year in percentage points, signed: `+11,4 poin`."""
        sign = "+" if self.change > 0 else "−" if self.change < 0 else "±"
        return _("%(sign)s%(points)s points") % {"sign": sign, "points": format_number(abs(self.change), 1, trim=True)}

    @property
    def best(self) -> list[ComplianceRow]:
        """The five best units; with fewer than ten, the better half (so best and worst never overlap)."""
        ranked = sorted(self.units, key=lambda r: (-r.percent, r.label))
        return ranked[: min(5, len(ranked) - len(ranked) // 2)]

    @property
    def worst(self) -> list[ComplianceRow]:
        """The five lowest units, lowest first; with fewer than ten, the lower half."""
        ranked = sorted(self.units, key=lambda r: (r.percent, r.label))
        return ranked[: min(5, len(ranked) // 2)]

    @property
    def budget_percent(self) -> float:
        return round(float(self.budget_used) * 100 / float(self.budget_planned), 1) if self.budget_planned else 0.0

    def _unit_bars(self, rows: list[ComplianceRow]) -> list[Bar]:
        base = reverse("training:compliance")
        return [
            Bar(
                label=r.label,
                value=r.percent,
                href=base + "?" + urlencode({"year": str(self.year), "unit": r.unit.code})
                if r.unit is not None
                else "",
                value_label=format_percent(r.percent),
                tone="good" if r.percent >= 50 else "alert" if r.percent < 25 else "",
            )
            for r in rows
        ]

    @property
    def year_chart(self) -> BarChart:
        this, last = self.this_year.total, self.last_year
        return _share_chart(
            _("ASN with at least %(target)s JP") % {"target": self.target},
            [
                Bar(label=str(self.year - 1), value=last.percent, value_label=format_percent(last.percent)),
                Bar(label=str(self.year), value=this.percent, value_label=format_percent(this.percent), tone="good"),
            ],
            category_name=_("Year"),
            chart_id="chart-home-years",
            description=_("%(this)s in %(year)s against %(last)s in %(last_year)s")
            % {
                "this": format_percent(this.percent),
                "year": self.year,
                "last": format_percent(last.percent),
                "last_year": self.year - 1,
            },
        )

    @property
    def asn_type_chart(self) -> BarChart:
        t = self.this_year.total
        pns = round(t.pns_compliant * 100 / t.pns, 1) if t.pns else 0.0
        pppk = round(t.pppk_compliant * 100 / t.pppk, 1) if t.pppk else 0.0
        return _share_chart(
            _("PNS and PPPK with at least %(target)s JP in %(year)s") % {"target": self.target, "year": self.year},
            [
                Bar(label="PNS", value=pns, value_label=f"{format_percent(pns)} ({format_number(t.pns)})"),
                Bar(label="PPPK", value=pppk, value_label=f"{format_percent(pppk)} ({format_number(t.pppk)})"),
            ],
            category_name=_("ASN type"),
            chart_id="chart-home-asn-type",
        )

    @property
    def best_chart(self) -> BarChart:
        return _share_chart(
            _("Best five units"), self._unit_bars(self.best), category_name=_("Unit"), chart_id="chart-home-best"
        )

    @property
    def worst_chart(self) -> BarChart:
        return _share_chart(
            _("Five units needing attention"),
            self._unit_bars(self.worst),
            category_name=_("Unit"),
            chart_id="chart-home-worst",
        )

    @property
    def trend_chart(self) -> LineChart:
        """Average JP per serving ASN, cumulative by month: how far the year has come towards 20 JP."""
        employees = self.this_year.total.employees or 1
        running = Decimal(0)
        points = []
        for month, jp in enumerate(self.monthly_jp, start=1):
            running += jp
            points.append(Point(x=month, y=round(float(running) / employees, 1), label=MONTHS[month - 1]))
        return LineChart(
            title=_("Average JP per ASN in %(year)s, month by month") % {"year": self.year},
            description=_("Cumulative JP credited divided by the serving ASN; the target is %(target)s JP.")
            % {"target": self.target},
            points=points,
            x_name=_("Month"),
            y_name=_("Average JP"),
            series_name=str(self.year),
            chart_id="chart-home-trend",
        )

    @property
    def budget_chart(self) -> BarChart:
        return BarChart(
            title=_("Training budget %(year)s") % {"year": self.year},
            bars=[
                Bar(label=_("Planned"), value=float(self.budget_planned), value_label=rupiah(self.budget_planned)),
                Bar(
                    label=_("Used"),
                    value=float(self.budget_used),
                    value_label=f"{rupiah(self.budget_used)} ({format_percent(self.budget_percent)})",
                    tone="alert" if self.budget_used > self.budget_planned else "good",
                ),
            ],
            max_value=float(max(self.budget_planned, self.budget_used)) or 1,
            category_name=_("Budget"),
            value_name="Rp",
            chart_id="chart-home-budget",
        )


def _share_chart(title: str, bars: list[Bar], *, category_name: str, chart_id: str, description: str = "") -> BarChart:
    """A bar chart of shares of ASN in percent (0-100, one decimal): the leader's compliance charts."""
    return BarChart(
        title=title,
        description=description,
        bars=bars,
        max_value=100,
        category_name=category_name,
        value_name=_("Share of ASN"),
        value_format=ValueFormat(decimals=1, percent=True),
        chart_id=chart_id,
    )


def rupiah(value: Decimal | int | float) -> str:
    """`Rp485.000.000`: Indonesian money, no decimals."""
    return "Rp" + format_number(value, 0)


def _compared_units(actor: Actor, year: int) -> tuple[Compliance, list[ComplianceRow]]:
    """This year's compliance and the rows a leader compares: below a single top unit (the Pemda's root),
    its children (the OPD/kecamatan); never more than two levels of drilling."""
    this_year = unit_jp_compliance(actor, year)
    rows = this_year.rows
    for _depth in range(2):
        if len(rows) == 1 and rows[0].has_children and rows[0].unit is not None:
            rows = [r for r in unit_jp_compliance(actor, year, rows[0].unit).rows if r.unit is not None]
        else:
            break
    return this_year, [r for r in rows if r.employees]


def leader_dashboard(actor: Actor, today: date | None = None) -> LeaderDashboard | None:
    """How the leader's reach is doing this year against last year (compliance, trend, units, ASN types,
    classes run, participants, certificates, budget). A fixed number of queries."""
    if actor.pemda_id is None or not actor.is_leader:
        return None
    today = today or _today()
    year = today.year
    this_year, units = _compared_units(actor, year)
    last_year = _compliance_total(actor, year - 1)
    # The year's credits by day (at most 366 groups; a month extracted in SQL is a Python function per row on
    # SQLite), summed into months here. The same scan counts the year's graduates: one class credit per
    # completed enrolment, dated by the class end (as `class_complete` writes it), on the `(pemda, year)`
    # index rather than joining a million enrolments to their classes.
    by_month: dict[int, Decimal] = {}
    participants = 0
    class_jp = Decimal(0)
    for day, jp, graduates, jp_of_classes in (
        jp_credits_for(actor)
        .filter(year=year)
        .values("credited_on")
        .annotate(
            class_jp=Sum("jp", filter=Q(source=JpSource.CLASS)),
            total_jp=Sum("jp"),
            graduates=Count("pk", filter=Q(source=JpSource.CLASS)),
        )
        .order_by()
        .values_list("credited_on", "total_jp", "graduates", "class_jp")
    ):
        by_month[day.month] = by_month.get(day.month, Decimal(0)) + Decimal(jp or 0)
        participants += graduates
        class_jp += Decimal(jp_of_classes or 0)
    monthly = [by_month.get(m, Decimal(0)) for m in range(1, today.month + 1)]
    classes = classes_for(actor).filter(starts_on__year=year).exclude(status=ClassStatus.CANCELLED)
    totals = classes.aggregate(
        run=Count("pk", filter=Q(status=ClassStatus.COMPLETED)),
        planned=Sum("budget_planned"),
        used=Sum("budget_used"),
        **{name: Sum(name) for name in COST_FIELDS},
    )
    counters = hooks.certificates_issued
    certificates = sum(hook(actor, year) for hook in counters) if counters else None
    return LeaderDashboard(
        year=year,
        this_year=this_year,
        last_year=last_year,
        units=units,
        monthly_jp=monthly,
        classes_run=totals["run"] or 0,
        participants=participants,
        certificates=certificates,
        budget_planned=totals["planned"] or Decimal(0),
        budget_used=totals["used"] or Decimal(0),
        class_jp=class_jp,
        costs={name: totals[name] or Decimal(0) for name in COST_FIELDS},
    )


def _compliance_total(actor: Actor, year: int) -> ComplianceRow:
    """The reach's compliance total for one year, one aggregate (the same rule as `unit_jp_compliance`)."""
    total = ComplianceRow(unit=None)
    rows = (
        employees_for(actor)
        .filter(status__in=SERVING_STATUSES)
        .alias(**_jp_join(year))
        .annotate(jp=JP_OF_YEAR)
        .values("asn_type")
        .annotate(n=Count("pk"), met=Count("pk", filter=Q(jp__gte=YEARLY_JP_TARGET)), jp_total=Sum("jp"))
        .order_by()
    )
    for row in rows:
        total.add(row)
    return total


# --- participant -----------------------------------------------------------------------------------


@dataclass
class ParticipantHome:
    today: date
    summary: JpSummary
    next_session: Session | None
    nominations: list[Enrolment]
    certificates: int

    @property
    def session_is_today(self) -> bool:
        return self.next_session is not None and timezone.localtime(self.next_session.starts_at).date() == self.today


def participant_home(actor: Actor, today: date | None = None) -> ParticipantHome | None:
    """My JP this year, my next session (with *Presensi* on its day), nominations waiting for my answer,
    my certificates (four queries)."""
    if actor.pemda_id is None or actor.employee_id is None:
        return None
    today = today or _today()
    employee_id = actor.employee_id
    nominations = list(
        Enrolment.objects.filter(employee_id=employee_id, status=EnrolmentStatus.NOMINATED)
        .select_related("klass", "klass__course")
        .order_by("klass__starts_on", "pk")[:5]
    )
    certificates = sum(len(hook(actor.pemda_id, employee_id)) for hook in hooks.employee_certificates)
    return ParticipantHome(
        today=today,
        summary=jp_year_summary(employee_id, today.year),
        next_session=upcoming_sessions(employee_id, today).first(),
        nominations=nominations,
        certificates=certificates,
    )


# --- instructor and partner coordinator ------------------------------------------------------------


@dataclass
class TeachingHome:
    today: list[Session]
    week: list[Session]
    classes: list[TrainingClass] = field(default_factory=list)
    later: Session | None = None  # the next session after this week, when the week has none


def teaching_home(actor: Actor, today: date | None = None) -> TeachingHome | None:
    """Today's and the coming week's sessions the actor teaches (its QR a tap away), and for a partner
    coordinator the classes its institution organises or teaches that are not over."""
    if actor.pemda_id is None or not (actor.is_instructor or actor.partner_ids):
        return None
    today = today or _today()
    taught = classes_taught_by(actor).values("pk")
    sessions = list(
        Session.objects.filter(
            klass_id__in=taught,
            starts_at__gte=_day_start(today),
            starts_at__lt=_day_start(today + timedelta(days=7)),
        )
        .exclude(klass__status=ClassStatus.CANCELLED)
        .select_related("klass", "klass__course")
        .order_by("starts_at", "pk")[:50]
    )
    tomorrow = _day_start(today + timedelta(days=1))
    classes: list[TrainingClass] = []
    if actor.partner_ids:
        classes = list(
            TrainingClass.objects.filter(pk__in=taught, ends_on__gte=today - timedelta(days=30))
            .exclude(status__in=(ClassStatus.CANCELLED, ClassStatus.DRAFT))
            .select_related("course")
            .order_by("starts_on", "pk")[:20]
        )
    later = None
    if not sessions:
        later = (
            Session.objects.filter(klass_id__in=taught, starts_at__gte=_day_start(today + timedelta(days=7)))
            .exclude(klass__status=ClassStatus.CANCELLED)
            .select_related("klass", "klass__course")
            .order_by("starts_at", "pk")
            .first()
        )
    return TeachingHome(
        today=[s for s in sessions if s.starts_at < tomorrow],
        week=[s for s in sessions if s.starts_at >= tomorrow],
        classes=classes,
        later=later,
    )


# --- supervisor ------------------------------------------------------------------------------------


@dataclass
class TeamHome:
    year: int
    members: int
    met: int
    below: list[Any]  # members under the target, lowest JP first (with `jp`)
    target: int = YEARLY_JP_TARGET

    @property
    def percent(self) -> float:
        return round(self.met * 100 / self.members, 1) if self.members else 0.0

    @property
    def chart(self) -> BarChart:
        return BarChart(
            title=_("Team members with at least %(target)s JP in %(year)s")
            % {"target": self.target, "year": self.year},
            bars=[
                Bar(
                    label=_("Team"),
                    value=self.percent,
                    value_label=f"{format_number(self.met)} / {format_number(self.members)} ({format_percent(self.percent)})",
                    tone="good" if self.percent >= 50 else "alert",
                )
            ],
            max_value=100,
            show_labels=False,
            category_name=_("Team"),
            value_name=_("Share of the team"),
            chart_id="chart-home-team",
        )


def team_home(actor: Actor, today: date | None = None) -> TeamHome | None:
    """The supervisor's reports (direct and indirect): how many reached 20 JP, and who is below (two queries)."""
    from bina.training.learning.selectors import team_learning

    if actor.pemda_id is None or actor.employee_id is None or not actor.is_supervisor:
        return None
    year = (today or _today()).year
    members = team_learning(actor, year).members.filter(status__in=SERVING_STATUSES)
    # `jp` is the annotation of `team_learning` (the same rule as the team page).
    counts = members.aggregate(n=Count("pk"), met=Count("pk", filter=Q(jp__gte=YEARLY_JP_TARGET)))
    below = list(
        members.filter(jp__lt=YEARLY_JP_TARGET).order_by("jp", "name", "pk")[  # type: ignore[misc]
            :8
        ]
    )
    return TeamHome(year=year, members=counts["n"] or 0, met=counts["met"] or 0, below=below)


# --- the public portal: the programme's year ---------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeYear:
    """The programme of one year over the actor's reach (the public portal reads it with the Pemda's system
    actor): classes completed, participants who completed them, the JP those classes delivered, and the
    20 JP rule per unit (`unit_jp_compliance`, the one computation of the rule)."""

    year: int
    classes_run: int
    participants: int
    jp_delivered: Decimal
    compliance: Compliance
    units: list[ComplianceRow]  # the OPD/kecamatan compared (as on the leader's dashboard)


def programme_year(actor: Actor, year: int) -> ProgrammeYear:
    """Counted as the leader's dashboard counts them: one class credit per completed enrolment (dated by the
    class end), classes completed that started in the year, cancelled ones left out."""
    credits = jp_credits_for(actor).filter(year=year, source=JpSource.CLASS).aggregate(n=Count("pk"), jp=Sum("jp"))
    classes = classes_for(actor).filter(starts_on__year=year, status=ClassStatus.COMPLETED).count()
    compliance, units = _compared_units(actor, year)
    return ProgrammeYear(
        year=year,
        classes_run=classes,
        participants=credits["n"] or 0,
        jp_delivered=Decimal(credits["jp"] or 0),
        compliance=compliance,
        units=units,
    )


def programme_data_version(actor: Actor) -> str:
    """What `programme_year` depends on, in three indexed aggregates: JP credits (count, last id), classes and
    serving employees (count, last change). A new credit, a class completed or an employee moved changes it."""
    from django.db.models import Max

    credits = jp_credits_for(actor).aggregate(n=Count("pk"), last=Max("pk"))
    classes = classes_for(actor).aggregate(n=Count("pk"), last=Max("updated_at"))
    people = employees_for(actor).aggregate(n=Count("pk"), last=Max("updated_at"))
    stamp = [
        f"{row['n']}.{row['last'].isoformat() if hasattr(row['last'], 'isoformat') else row['last'] or 0}"
        for row in (credits, classes, people)
    ]
    return "p" + ":".join(stamp)
