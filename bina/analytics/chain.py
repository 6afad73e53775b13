"""The chain per kelurahan (issue 11, §2): training → service times and queues → satisfaction and complaints.

One read for one unit over a period: the share of its front-line staff trained month by month, its service
times and waits, its IKM and its complaints, each as a trend with the end of every training of the set
marked, and the stored impact estimates of the service. Every figure comes from the owning app's own
selector (service figures, SKM trend, complaint figures), read as the actor: nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from bina.analytics import panels
from bina.analytics.permissions import can_estimate_impact
from bina.charts.specs import LineChart, Mark, Point, ValueFormat
from bina.core.actor import Actor
from bina.core.errors import PermissionDenied
from bina.people.access import get_org_unit_for_user
from bina.people.models import OrgUnit
from bina.quality.figures import month_label
from bina.quality.stats import service_stats
from bina.training.facade import training_end_dates


@dataclass(frozen=True)
class UnitChain:
    unit: OrgUnit
    service: str
    start: int
    end: int
    trainings: tuple[str, ...]
    trained_share: LineChart | None
    process: LineChart | None
    wait: LineChart | None
    ikm: LineChart | None
    complaints: LineChart | None
    training_months: list[str] = field(default_factory=list)
    estimates: list[dict[str, Any]] = field(default_factory=list)
    classes: list[ClassStep] = field(default_factory=list)


@dataclass(frozen=True)
class ClassStep:
    """The step between training and service: what a class of the set thought of it (level 1, None below the
    minimum of answers) and learnt (level 2), from the evaluation apps' own figures."""

    code: str
    course: str
    ends_on: dt.date
    reaction_responses: int
    reaction_overall: float | None
    paired: int
    gain: float | None
    band: str | None


def _x(index: int) -> float:
    return float(index)


def _label(index: int) -> str:
    return month_label(panels.month_start(index).strftime("%Y-%m"), with_year=True)


def _line(title: str, points: list[Point], marks: list[Mark], *, y_name: str, decimals: int = 1) -> LineChart | None:
    if not points:
        return None
    return LineChart(
        title=title,
        points=points,
        y_name=y_name,
        value_format=ValueFormat(decimals=decimals),
        marks=marks,
        mark_name=_("End of a training"),
    )


def unit_chain(
    actor: Actor, *, unit_code: str, service_code: str, trainings: tuple[str, ...], start: int, end: int
) -> UnitChain:
    """The chain of one unit in the actor's reach (404 outside it) for `service_code` over months start..end."""
    if not can_estimate_impact(actor):
        raise PermissionDenied(_("Only the Pemda's admin and leaders estimate the impact of training."))
    unit = get_org_unit_for_user(actor, unit_code)
    first_day, last_day = panels.month_start(start), panels.month_end(end)
    trained = training_end_dates(actor, trainings=trainings)

    shares = panels.unit_trained_shares(actor, start=start, end=end, trained=trained).get(unit.pk, {})
    share_points = [Point(_x(m), 100.0 * done / staff, label=_label(m)) for m, (done, staff) in sorted(shares.items())]
    # Marks: the months in which a training of the set ended for someone who served at this unit.
    from bina.quality.access import day_rollups_for

    staff_ids = set(
        day_rollups_for(actor)
        .filter(unit_id=unit.pk, officer__isnull=False, day__gte=first_day, day__lte=last_day)
        .values_list("officer_id", flat=True)
        .distinct()
    )
    ended = sorted({panels.month_index(day) for officer, day in trained.items() if officer in staff_ids})
    marks = [Mark(_x(m) + 0.5, _label(m)) for m in ended if start <= m <= end]

    stats = service_stats(
        actor=actor, service_code=service_code, unit_code=unit.code, start=first_day, end=last_day, group="month"
    )

    def series(attr: str) -> list[Point]:
        out = []
        for item in stats:
            value = getattr(item, attr)
            if value is not None and item.transactions:
                m = int(item.key[:4]) * 12 + int(item.key[5:7]) - 1
                out.append(Point(_x(m), float(value), label=_label(m)))
        return out

    ikm_points: list[Point] = []
    try:
        from bina.skm.selectors import period_label, skm_trend

        for p in skm_trend(actor, unit_code=unit.code, start=first_day, end=last_day, per="quarter"):
            if p.converted is not None:
                mid = panels.month_index(p.start) + 1
                ikm_points.append(Point(_x(mid), p.converted, label=period_label(p.label)))
    except PermissionDenied:
        ikm_points = []

    complaint_points: list[Point] = []
    from bina.complaints.selectors import complaint_figures

    for q_start in range(start, end + 1, 3):
        q_end = min(q_start + 2, end)
        rows = complaint_figures(
            actor, start=panels.month_start(q_start), end=panels.month_end(q_end), unit_code=unit.code
        )
        received = sum(r.received for r in rows if r.unit_code == unit.code)
        complaint_points.append(Point(_x(q_start) + 1, float(received), label=_label(q_start)))

    return UnitChain(
        unit=unit,
        service=service_code,
        start=start,
        end=end,
        trainings=trainings,
        trained_share=_line(
            _("Front-line staff trained"),
            share_points,
            marks,
            y_name=_("Share of the officers who served (%)"),
            decimals=0,
        ),
        process=_line(_("Median processing time"), series("process_median_min"), marks, y_name=_("minutes")),
        wait=_line(_("Median waiting time (queue)"), series("wait_median_min"), marks, y_name=_("minutes")),
        ikm=_line(_("IKM (converted, per quarter)"), ikm_points, marks, y_name=_("IKM"), decimals=2),
        complaints=_line(
            _("Complaints received (per quarter)"), complaint_points, marks, y_name=_("complaints"), decimals=0
        ),
        training_months=[_label(m) for m in ended],
        estimates=stored_estimates(actor, service_code=service_code),
        classes=class_steps(actor, trainings=trainings, first_day=first_day, last_day=last_day),
    )


def class_steps(actor: Actor, *, trainings: tuple[str, ...], first_day: dt.date, last_day: dt.date) -> list[ClassStep]:
    """The Bina classes of the training set (by course code or exact title, as `training_end_dates` matches)
    that ended in the period, with their level-1 and level-2 figures."""
    from django.db.models import Q

    from bina.assessments.selectors import classes_learning_figures
    from bina.evaluation.selectors import classes_reaction_figures
    from bina.training.facade import ClassStatus, classes_for

    names = [t for t in trainings if t]
    if not names:
        return []
    classes = list(
        classes_for(actor)
        .filter(Q(course__code__in=names) | Q(course__title__in=names), ends_on__gte=first_day, ends_on__lte=last_day)
        .exclude(status__in=(ClassStatus.DRAFT, ClassStatus.CANCELLED))
        .select_related("course")
        .order_by("ends_on", "code")[:50]
    )
    if not classes:
        return []
    reaction = classes_reaction_figures(actor, classes)
    learning = classes_learning_figures(actor=actor, classes=classes)
    steps = []
    for k in classes:
        row = reaction.classes.get(k.pk)
        summary = learning.get(k.pk)
        steps.append(
            ClassStep(
                code=k.code,
                course=k.course.title,
                ends_on=k.ends_on,
                reaction_responses=row.respondents if row else 0,
                reaction_overall=row.overall if row else None,
                paired=summary.paired if summary else 0,
                gain=summary.class_gain if summary and summary.paired else None,
                band=summary.class_band if summary and summary.paired else None,
            )
        )
    return steps


def stored_estimates(actor: Actor, *, service_code: str, limit: int = 4) -> list[dict[str, Any]]:
    """The latest finished impact estimates of the service over the actor's reach (credible or not)."""
    from bina.analytics.access import impact_runs_for, reach_of
    from bina.analytics.selectors import impact_reasons, impact_sentence
    from bina.jobs.models import JobStatus

    out = []
    reach = reach_of(actor)
    for run in impact_runs_for(actor).filter(status=JobStatus.DONE).order_by("-finished_at")[:50]:
        result = run.result or {}
        if result.get("service") != service_code or run.reach != reach:
            continue
        out.append(
            {
                "result": result,
                "sentence": impact_sentence(result, service_name=service_code),
                "reasons": impact_reasons(result),
                "finished_at": run.finished_at,
            }
        )
        if len(out) >= limit:
            break
    return out


def default_months(today: dt.date) -> tuple[int, int]:
    """The last 24 whole months."""
    end = panels.month_index(today) - 1
    return end - 23, end


def busiest_unit_code(actor: Actor, codes: list[str]) -> str:
    """Of these units, the one with the most tickets in the actor's reach (the page's first choice)."""
    from django.db.models import Sum

    from bina.quality.access import day_rollups_for

    row = (
        day_rollups_for(actor)
        .filter(unit__code__in=codes)
        .values("unit__code")
        .annotate(n=Sum("transactions"))
        .order_by("-n")
        .first()
    )
    return str(row["unit__code"]) if row else (codes[0] if codes else "")


def default_unit_code(actor: Actor, *, codes: list[str], trainings: tuple[str, ...], start: int, end: int) -> str:
    """The kelurahan the page opens on: the one where the largest share of front-line staff has been trained
    by the end of the period (the most to see), else the busiest."""
    from bina.people.access import org_units_in_reach

    by_code = dict(org_units_in_reach(actor).filter(code__in=codes).values_list("code", "pk"))
    trained = training_end_dates(actor, trainings=trainings)
    shares = panels.unit_trained_shares(actor, start=start, end=end, trained=trained)
    best, best_share = "", 0.0
    for code, pk in by_code.items():
        months = shares.get(pk, {})
        if months:
            done, staff = months[max(months)]
            if done / staff > best_share:
                best, best_share = code, done / staff
    return best or busiest_unit_code(actor, codes)
