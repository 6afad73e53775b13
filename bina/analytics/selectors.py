"""Reads of the impact of training on public service (issue 11, §2): one question, one answer.

`impact_query_parse` turns what a command, the API or a page was given into an `ImpactQuery` (or a
`ValidationFailed` naming each bad field); `impact_estimate` builds the panel the actor may read and
runs the estimator (`bina.analytics.estimators`). Every face prints the same `ImpactResult.as_dict()`.
Event-study months observed for fewer than `MIN_CELL_PEOPLE` officers or units are withheld (no cell
of fewer than 5 people), whoever asks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.analytics import panels, xapi
from bina.analytics.permissions import can_estimate_impact
from bina.core.actor import Actor
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.core.public import MIN_CELL_PEOPLE
from bina.quality.access import get_service_type_for_user
from bina.training.facade import training_end_dates

MAX_TRAININGS = 20
MAX_MONTHS = 72
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class ImpactQuery:
    service: str
    metric: str
    level: str
    trainings: tuple[str, ...]
    start: int  # month index (year × 12 + month − 1)
    end: int
    threshold: float = 0.5


def _month(value: str | None, name: str, problems: list[dict[str, str]]) -> int | None:
    match = _MONTH.match(value or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        problems.append({"field": name, "message": _("Expected a month as YYYY-MM, got %(value)r.") % {"value": value}})
        return None
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def period_parse(*, start: str | None, end: str | None) -> tuple[int, int]:
    """Two months (YYYY-MM) as month indexes, forward and at most MAX_MONTHS apart; the one check of a period
    (impact questions, the chain of a kelurahan, the monthly report)."""
    problems: list[dict[str, str]] = []
    first, last = _month(start, "from", problems), _month(end, "to", problems)
    if first is not None and last is not None and not 0 <= last - first < MAX_MONTHS:
        problems.append(
            {"field": "to", "message": _("The period runs forward, at most %(n)s months.") % {"n": MAX_MONTHS}}
        )
    if problems:
        raise ValidationFailed(_("The period is not valid."), code="invalid_period", details=problems)
    assert first is not None and last is not None
    return first, last


def impact_query_parse(
    *,
    service: str | None,
    metric: str | None,
    level: str | None,
    trainings: Sequence[str],
    start: str | None,
    end: str | None,
    threshold: float | str | None = None,
) -> ImpactQuery:
    """The one check of an impact question, whichever face asked it."""
    problems: list[dict[str, str]] = []
    if not (service or "").strip():
        problems.append({"field": "service", "message": _("Name the service (its code, e.g. KTP-EL).")})
    if metric not in panels.METRICS:
        problems.append(
            {"field": "metric", "message": _("The metric is one of: %(names)s.") % {"names": ", ".join(panels.METRICS)}}
        )
    if level not in panels.LEVELS:
        problems.append(
            {"field": "level", "message": _("The level is one of: %(names)s.") % {"names": ", ".join(panels.LEVELS)}}
        )
    names = tuple(dict.fromkeys(t.strip() for t in trainings if t and t.strip()))
    if not names:
        problems.append({"field": "training", "message": _("Name at least one training (course code or name).")})
    elif len(names) > MAX_TRAININGS or any(len(t) > 200 for t in names):
        problems.append(
            {
                "field": "training",
                "message": _("At most %(n)s trainings of 200 characters each.") % {"n": MAX_TRAININGS},
            }
        )
    first: int | None
    last: int | None
    try:
        first, last = period_parse(start=start, end=end)
    except ValidationFailed as exc:
        problems.extend(exc.details)
        first = last = None
    share = 0.5
    if threshold not in (None, ""):
        try:
            share = float(threshold)
        except ValueError:
            share = -1.0
        if not 0 < share <= 1:
            problems.append({"field": "threshold", "message": _("The threshold is a share above 0 and at most 1.")})
    if problems:
        raise ValidationFailed(_("The impact question is incomplete."), code="invalid_query", details=problems)
    assert first is not None and last is not None and metric and level and service
    return ImpactQuery(service.strip(), metric, level, names, first, last, share)


@dataclass(frozen=True)
class ImpactResult:
    query: ImpactQuery
    outcome_unit: str
    estimate: dict[str, Any]
    withheld: list[int] = field(default_factory=list)  # event months withheld (fewer than 5 units)

    def as_dict(self) -> dict[str, Any]:
        q = self.query
        out = {
            "service": q.service,
            "metric": q.metric,
            "level": q.level,
            "trainings": list(q.trainings),
            "from": panels.month_start(q.start).strftime("%Y-%m"),
            "to": panels.month_start(q.end).strftime("%Y-%m"),
            "threshold": q.threshold if q.level == "unit" else None,
            "outcome_unit": self.outcome_unit,
        }
        out.update(self.estimate)
        return out


def impact_estimate(*, actor: Actor, query: ImpactQuery) -> ImpactResult:
    """The estimate over what the actor may read (their units' officers or units)."""
    from bina.analytics import estimators  # pandas/pyfixest: loaded by whoever estimates, not at start-up

    if not can_estimate_impact(actor):
        raise PermissionDenied(_("Only the Pemda's admin and leaders estimate the impact of training."))
    service = get_service_type_for_user(actor, query.service)
    trained: dict[int, date] = training_end_dates(actor, trainings=query.trainings)
    if query.level == "officer":
        panel = panels.officer_panel(
            actor, service=service, metric=query.metric, start=query.start, end=query.end, trained=trained
        )
    else:
        panel = panels.unit_panel(
            actor,
            service=service,
            metric=query.metric,
            start=query.start,
            end=query.end,
            trained=trained,
            threshold=query.threshold,
        )
    result = estimators.estimate(
        panel.frame,
        min_treated=settings.IMPACT_MIN_TREATED,
        min_control=settings.IMPACT_MIN_CONTROL,
        pretrend_alpha=settings.IMPACT_PRETREND_ALPHA_PERMILLE / 1000,
    ).as_dict()
    withheld = []
    for point in result["event_study"]:
        if point["n"] < MIN_CELL_PEOPLE:
            withheld.append(point["e"])
            point.update(coef=None, ci_low=None, ci_high=None)
    return ImpactResult(query, panel.unit_label, result, withheld)


def query_as_dict(query: ImpactQuery) -> dict[str, Any]:
    return {
        "service": query.service,
        "metric": query.metric,
        "level": query.level,
        "trainings": list(query.trainings),
        "from": panels.month_start(query.start).strftime("%Y-%m"),
        "to": panels.month_start(query.end).strftime("%Y-%m"),
        "threshold": query.threshold,
    }


def query_from_dict(data: dict[str, Any]) -> ImpactQuery:
    return impact_query_parse(
        service=data["service"],
        metric=data["metric"],
        level=data["level"],
        trainings=data["trainings"],
        start=data["from"],
        end=data["to"],
        threshold=data["threshold"],
    )


def impact_data_version(actor: Actor) -> str:
    """What an estimate depends on, in two indexed aggregates over the actor's reach: the day rollups
    (recomputed rows get new ids) and the completed enrolments. A new record or completion changes it."""
    from django.db.models import Count, Max

    from bina.quality.access import day_rollups_for
    from bina.training.facade import Enrolment, EnrolmentStatus, enrolment_scope

    rollups = day_rollups_for(actor).aggregate(n=Count("id"), last=Max("id"))
    completions = Enrolment.objects.filter(enrolment_scope(actor), status=EnrolmentStatus.COMPLETED).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    last = completions["last"].isoformat() if completions["last"] else "-"
    return f"r{rollups['n']}.{rollups['last'] or 0}:c{completions['n']}.{last}"


def impact_run_key(query: ImpactQuery, reach: dict[str, Any], version: str) -> str:
    import hashlib
    import json

    payload = json.dumps([query_as_dict(query), reach, version], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def impact_run_current(actor: Actor, query: ImpactQuery, *, version: str | None = None) -> Any:
    """The latest run of this question over the actor's reach at the current data version, or None."""
    from bina.analytics.access import impact_runs_for, reach_of

    if not can_estimate_impact(actor):
        raise PermissionDenied(_("Only the Pemda's admin and leaders estimate the impact of training."))
    key = impact_run_key(query, reach_of(actor), version or impact_data_version(actor))
    return impact_runs_for(actor).filter(key=key).order_by("-created_at").first()


METRIC_NAMES = {
    "process": gettext_lazy("processing time"),
    "wait": gettext_lazy("waiting time"),
    "total": gettext_lazy("total time"),
    "within_sla": gettext_lazy("share of tickets within the service standard"),
}
LEVEL_SUBJECTS = {"officer": gettext_lazy("by trained officers"), "unit": gettext_lazy("in trained kelurahan")}
REASONS = {
    "not_enough_treated": gettext_lazy("too few trained %(level)s (at least %(min)s are needed)"),
    "not_enough_controls": gettext_lazy("too few %(level)s not yet trained to compare with (at least %(min)s)"),
    "pre_trends": gettext_lazy(
        "before the training the trained and untrained already moved apart (pre-trend test p = %(p)s)"
    ),
    "pre_trends_untestable": gettext_lazy("there are not enough months before the training to test for pre-trends"),
    "no_data": gettext_lazy("there are no service records in this period"),
    "not_estimable": gettext_lazy("the data do not allow an estimate (too few units or months)"),
}


def impact_sentence(result: dict[str, Any], *, service_name: str) -> str:
    """The estimate in one plain sentence, in the reader's language; only for a credible estimate."""
    from bina.core.numbers import format_number, format_percent

    if not result.get("credible") or result.get("att") is None:
        return ""
    minutes = result["outcome_unit"] == "minutes"
    att = result["att"]
    values = {
        "metric": METRIC_NAMES[result["metric"]],
        "service": service_name,
        "subject": LEVEL_SUBJECTS[result["level"]],
        "amount": format_number(abs(att), 1),
        "pct": format_percent(result["pct_change"], 0) if result["pct_change"] is not None else "–",
        "low": format_number(result["ci_low"], 1),
        "high": format_number(result["ci_high"], 1),
    }
    if minutes:
        template = (
            _("After the training, the %(metric)s of %(service)s %(subject)s fell by %(amount)s minutes on average "
              "(%(pct)s; 95%% interval: %(low)s to %(high)s minutes).")
            if att < 0
            else _("After the training, the %(metric)s of %(service)s %(subject)s rose by %(amount)s minutes on "
                   "average (%(pct)s; 95%% interval: %(low)s to %(high)s minutes).")
        )  # fmt: skip
    else:
        template = (
            _("After the training, the %(metric)s of %(service)s %(subject)s rose by %(amount)s percentage points "
              "(95%% interval: %(low)s to %(high)s points).")
            if att >= 0
            else _("After the training, the %(metric)s of %(service)s %(subject)s fell by %(amount)s percentage "
                   "points (95%% interval: %(low)s to %(high)s points).")
        )  # fmt: skip
    return template % values


def impact_reasons(result: dict[str, Any]) -> list[str]:
    """Why an estimate is not credible, in words."""
    from bina.core.numbers import format_number

    level = _("officers") if result["level"] == "officer" else _("units")
    p = result.get("pre_trend_p")
    out = []
    for code in result.get("reasons", []):
        template = REASONS.get(code)
        if template is None:
            continue
        out.append(
            str(template)
            % {
                "level": level,
                "min": format_number(
                    settings.IMPACT_MIN_TREATED if code == "not_enough_treated" else settings.IMPACT_MIN_CONTROL
                ),
                "p": format_number(p, 3) if p is not None else "–",
            }
        )
    return out


def event_study_chart(result: dict[str, Any], *, title: str) -> Any:
    """The event study as a chart spec (the same drawing in pages and PDFs)."""
    from bina.charts.specs import Estimate, EventStudyChart, ValueFormat

    points = [
        Estimate(p["e"], p["coef"], p["ci_low"], p["ci_high"], p["n"])
        for p in result.get("event_study", [])
        if p["coef"] is not None
    ]
    minutes = result["outcome_unit"] == "minutes"
    return EventStudyChart(
        title=title,
        estimates=points,
        reference_period=None,
        event_period=0,
        x_name=_("Months since the training (0 = first full month after it)"),
        y_name=_("Change in minutes") if minutes else _("Change in percentage points"),
        interval_name=_("Interval (95%)"),
        event_name=_("Training"),
        value_format=ValueFormat(decimals=1),
        chart_id="impact-event-study",
    )


def impact_published_runs(actor: Actor) -> list[Any]:
    """The estimates a Pemda may publish: for each question asked over the whole Pemda, its latest finished run,
    kept only when that run is credible (an older credible answer to a question whose latest answer is not
    credible is not shown). Newest first."""
    from bina.analytics.access import impact_runs_for
    from bina.jobs.models import JobStatus

    latest: dict[str, Any] = {}
    runs = impact_runs_for(actor).filter(status=JobStatus.DONE).order_by("-finished_at", "-pk")
    for run in runs.only("pk", "query", "reach", "result", "finished_at", "pemda_id"):
        if not (run.reach or {}).get("whole_pemda"):
            continue
        question = repr(sorted((run.query or {}).items()))
        latest.setdefault(question, run)
    return [run for run in latest.values() if (run.result or {}).get("credible") and run.result.get("att") is not None]


def impact_runs_version(actor: Actor) -> str:
    """What `impact_published_runs` depends on: the runs in reach (count, last finished)."""
    from django.db.models import Count, Max

    from bina.analytics.access import impact_runs_for

    row = impact_runs_for(actor).aggregate(n=Count("pk"), last=Max("finished_at"))
    return f"i{row['n']}.{row['last'].isoformat() if row['last'] else 0}"


# --- learner records as xAPI statements (bina.analytics.xapi) -------------------------------------------------
#
# Analytics sits above training, assessments, simulations and evaluation, so it reads each one's records of a
# learner here, under one scope (`access.xapi_enrolments_for`): no registry is needed for a read that only this
# export makes.

MAX_STATEMENTS = 5000


@dataclass(frozen=True)
class StatementPage:
    statements: list[dict[str, Any]]
    more: bool  # cut at `limit`: ask again with `since` = the last statement's timestamp


def _class_activity(klass: Any) -> xapi.Activity:
    return xapi.Activity(f"/training/classes/{klass.pk}/", "class", f"{klass.code} {klass.name}")


def _course_activity(course: Any) -> xapi.Activity:
    return xapi.Activity(f"/training/courses/{course.pk}/", "course", course.title)


def learner_events(actor: Actor, *, class_id: int | None = None, mine: bool = False) -> list[xapi.LearningEvent]:
    """What the learners in the actor's reach did: attended sessions, completed or failed classes, graded
    tests, scored role-plays, answered reaction and follow-up surveys (never what they answered)."""
    from bina.analytics.access import xapi_enrolments_for
    from bina.assessments.models import Sitting, SittingStatus
    from bina.evaluation.models import BehaviourSurvey, Rater, ReactionInvite
    from bina.simulations.models import Performance
    from bina.simulations.selectors import performance_scores
    from bina.training.facade import Attendance, AttendanceStatus, EnrolmentStatus, get_class_for_user

    enrolments = xapi_enrolments_for(actor, mine=mine)
    if class_id is not None:
        enrolments = enrolments.filter(klass=get_class_for_user(actor, class_id))
    rows = list(enrolments.select_related("employee", "klass", "klass__course"))
    by_pk = {e.pk: e for e in rows}
    by_pair = {(e.klass_id, e.employee_id): e for e in rows}
    events: list[xapi.LearningEvent] = []

    def event(e: Any, source: str, verb: str, activity: xapi.Activity, at: Any, **kw: Any) -> None:
        if at is None:
            return
        parent = None if activity.kind == "class" else _class_activity(e.klass)
        events.append(
            xapi.LearningEvent(
                source,
                verb,
                e.employee.nip,
                activity,
                at,
                parent=parent,
                grouping=_course_activity(e.klass.course),
                **kw,
            )
        )

    for a in Attendance.objects.filter(
        enrolment_id__in=by_pk, status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    ).select_related("session"):
        e, s = by_pk[a.enrolment_id], a.session
        name = f"{e.klass.code} {s.topic}"
        path = f"/training/classes/{e.klass_id}/sessions/{s.pk}/"
        event(e, f"attendance:{a.pk}", "attended", xapi.Activity(path, "session", name), a.checked_in_at or s.starts_at)
    for e in rows:
        # The class's outcome as training decided it (attendance and post-test criteria): completed and passed
        # as two statements, as cmi5 does; a participant who did not complete failed it.
        if e.status == EnrolmentStatus.COMPLETED:
            event(e, f"enrolment:{e.pk}", "completed", _class_activity(e.klass), e.completed_at, completion=True)
            event(e, f"enrolment:{e.pk}", "passed", _class_activity(e.klass), e.completed_at, success=True)
        elif e.status == EnrolmentStatus.FAILED:
            event(
                e,
                f"enrolment:{e.pk}",
                "failed",
                _class_activity(e.klass),
                e.completed_at or e.decided_at,
                success=False,
            )
    for t in Sitting.objects.filter(
        enrolment_id__in=by_pk, is_current=True, status=SittingStatus.GRADED, score__isnull=False, max_score__gt=0
    ).select_related("test"):
        e = by_pk[t.enrolment_id]
        test = xapi.Activity(f"/assessments/tests/{t.test_id}/", "test", f"{t.test.get_phase_display()} {e.klass.code}")
        score = xapi.Score(float(t.score or 0), float(t.max_score))
        event(e, f"sitting:{t.pk}", "scored", test, t.graded_at or t.submitted_at, score=score)
    performances = [
        p
        for p in Performance.objects.filter(
            klass_id__in={e.klass_id for e in rows},
            officer_id__in={e.employee_id for e in rows},
            scored_at__isnull=False,
        ).select_related("scenario")
        if (p.klass_id, p.officer_id) in by_pair
    ]
    scores = performance_scores(performances)
    for p in performances:
        score_value = scores.get(p.pk)
        if score_value is None:
            continue
        e = by_pair[(p.klass_id, p.officer_id)]
        scenario = xapi.Activity(f"/simulations/skenario/{p.scenario_id}/", "simulation", p.scenario.title)
        event(e, f"performance:{p.pk}", "scored", scenario, p.scored_at, score=xapi.Score(score_value, 100.0))
    for i in ReactionInvite.objects.filter(
        survey__klass_id__in={e.klass_id for e in rows}, employee_id__in={e.employee_id for e in rows},
        answered_at__isnull=False,
    ).select_related("survey"):  # fmt: skip
        invited = by_pair.get((i.survey.klass_id, i.employee_id))
        if invited is not None:
            survey = xapi.Activity(
                f"/evaluation/classes/{invited.klass_id}/#reaction", "survey", f"{invited.klass.code} L1"
            )
            event(invited, f"reaction:{i.pk}", "responded", survey, i.answered_at)
    for b in BehaviourSurvey.objects.filter(enrolment_id__in=by_pk, rater=Rater.SELF, answered_at__isnull=False):
        e = by_pk[b.enrolment_id]
        survey = xapi.Activity(f"/evaluation/followup/{b.pk}/", "survey", f"{e.klass.code} L3 {b.get_stage_display()}")
        event(e, f"followup:{b.pk}", "responded", survey, b.answered_at)
    return events


def learner_statements(
    actor: Actor,
    *,
    since: datetime | None = None,
    class_id: int | None = None,
    mine: bool = False,
    limit: int = MAX_STATEMENTS,
) -> StatementPage:
    """The learner records in the actor's reach as xAPI statements, oldest first, from `since` (inclusive)."""
    events = learner_events(actor, class_id=class_id, mine=mine)
    if since is not None:
        events = [e for e in events if e.timestamp >= since]
    built = xapi.statements(settings.SITE_URL, events)
    return StatementPage(built[:limit], more=len(built) > limit)
