"""The leaders' monthly one-page report (issue 11, §4): training, service, satisfaction and the estimates.

`monthly_summary` gathers, for one month and the reader's reach, what the leader's home shows (JP
compliance, classes, participants, budget: `bina.training.facade.leader_dashboard` as of the month's last
day), the month's service figures against the year before (`bina.quality.stats.service_stats`) and the
latest stored impact estimates; `monthly_report_pdf` draws it on one A4 page with the same charts as the
pages. `monthly_reports_send` is the periodic task: on or after the 1st, every subscribed leader gets one
notice (in-app and email, once per month by its event key) linking to last month's report.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.analytics import panels
from bina.analytics.models import MonthlyReportSubscription
from bina.analytics.permissions import can_estimate_impact
from bina.charts.specs import LineChart, Point, ValueFormat
from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.errors import PermissionDenied
from bina.core.numbers import format_number, format_percent
from bina.quality.figures import month_label
from bina.quality.stats import service_stats
from bina.training.facade import LeaderDashboard, leader_dashboard

NOTICE_TITLE = gettext_lazy("Monthly report for %(month)s")
NOTICE_BODY = gettext_lazy("The one-page report on training and public service for %(month)s is ready.")


@dataclass(frozen=True)
class MonthlySummary:
    month: int  # month index
    dashboard: LeaderDashboard | None
    transactions: int
    transactions_year_before: int
    process_median: float | None
    process_median_year_before: float | None
    within_sla_pct: float | None
    process_chart: LineChart | None
    estimates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return month_label(panels.month_start(self.month).strftime("%Y-%m"), with_year=True)


def monthly_summary(actor: Actor, *, month: int) -> MonthlySummary:
    if not can_estimate_impact(actor):
        raise PermissionDenied(_("Only the Pemda's admin and leaders read the monthly report."))
    from bina.analytics.chain import stored_estimates

    last_day = panels.month_end(month)
    dashboard = leader_dashboard(actor, today=last_day) if actor.is_leader else None
    items = service_stats(
        actor=actor, service_code=None, unit_code=None, start=panels.month_start(month - 12), end=last_day,
        group="month",
    )  # fmt: skip
    by_key = {i.key: i for i in items}
    now, before = (
        by_key.get(panels.month_start(month).strftime("%Y-%m")),
        by_key.get(panels.month_start(month - 12).strftime("%Y-%m")),
    )
    points = []
    for item in items:
        if item.process_median_min is not None and item.transactions:
            m = int(item.key[:4]) * 12 + int(item.key[5:7]) - 1
            points.append(Point(float(m), item.process_median_min, label=month_label(item.key, with_year=True)))
    chart = (
        LineChart(
            title=_("Median processing time, all services"),
            points=points,
            y_name=_("minutes"),
            value_format=ValueFormat(decimals=1),
            chart_id="monthly-process",
        )
        if points
        else None
    )
    estimates = [e for code in _services_estimated(actor) for e in stored_estimates(actor, service_code=code, limit=1)]
    return MonthlySummary(
        month=month,
        dashboard=dashboard,
        transactions=now.transactions if now else 0,
        transactions_year_before=before.transactions if before else 0,
        process_median=now.process_median_min if now else None,
        process_median_year_before=before.process_median_min if before else None,
        within_sla_pct=now.within_sla_pct if now else None,
        process_chart=chart,
        estimates=estimates[:3],
    )


def _services_estimated(actor: Actor) -> list[str]:
    from bina.analytics.access import impact_runs_for
    from bina.jobs.models import JobStatus

    codes: list[str] = []
    for result in (
        impact_runs_for(actor)
        .filter(status=JobStatus.DONE)
        .order_by("-finished_at")
        .values_list("result", flat=True)[:50]
    ):
        code = (result or {}).get("service")
        if code and code not in codes:
            codes.append(code)
    return codes


def monthly_report_pdf(summary: MonthlySummary, *, pemda_id: int) -> bytes:
    """One A4 page: the kop surat, four figures, two charts, the estimates in words."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    from bina.charts.pdf import chart_drawing
    from bina.core.emblem import letterhead_flowables, letterhead_for
    from bina.core.numbers import format_money

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=10 * mm, bottomMargin=10 * mm,
        title=str(NOTICE_TITLE % {"month": summary.label}),
    )  # fmt: skip
    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("m-body", fontSize=9, leading=12)
    story: list[Any] = []
    letterhead = letterhead_for(pemda_id)
    if letterhead is not None:
        story += letterhead_flowables(letterhead, doc.width)
    story.append(Paragraph(escape(str(NOTICE_TITLE % {"month": summary.label})), styles["Heading2"]))
    d = summary.dashboard
    rows = []
    if d is not None:
        rows += [
            [_("ASN at %(target)s JP this year") % {"target": d.target}, format_percent(d.this_year.total.percent)],
            [_("Classes completed this year"), format_number(d.classes_run)],
            [_("Participants completed this year"), format_number(d.participants)],
            [_("Budget used / planned"), f"{format_money(d.budget_used)} / {format_money(d.budget_planned)}"],
        ]
    rows += [
        [_("Tickets served this month (a year before)"),
         f"{format_number(summary.transactions)} ({format_number(summary.transactions_year_before)})"],
        [_("Median processing time (a year before)"),
         f"{format_number(summary.process_median, 1)} ({format_number(summary.process_median_year_before, 1)}) "
         + _("minutes")],
        [_("Within the service standard"), format_percent(summary.within_sla_pct)],
    ]  # fmt: skip
    story.append(Table([[Paragraph(escape(str(a)), body), Paragraph(escape(str(b)), body)] for a, b in rows],
                       colWidths=[doc.width * 0.6, doc.width * 0.4]))  # fmt: skip
    story.append(Spacer(1, 4 * mm))
    charts = [c for c in ((d.trend_chart if d is not None else None), summary.process_chart) if c is not None]
    if charts:
        half = doc.width / len(charts)
        story.append(Table([[chart_drawing(c, width=half - 4 * mm) for c in charts]], colWidths=[half] * len(charts)))
    story.append(Paragraph(escape(_("What the impact estimates say")), styles["Heading3"]))
    if summary.estimates:
        for e in summary.estimates:
            text = e["sentence"] or _("%(service)s: no credible estimate yet") % {"service": e["result"]["service"]}
            story.append(Paragraph(escape(text), body))
    else:
        story.append(Paragraph(escape(_("No impact estimate has been made yet.")), body))
    doc.build(story)
    return buffer.getvalue()


@transaction.atomic
def monthly_report_subscribe(*, actor: Actor, on: bool) -> bool:
    """Subscribe (or not) the actor's own account to the monthly report; returns whether subscribed."""
    if not can_estimate_impact(actor) or actor.user_id is None or actor.pemda_id is None:
        raise PermissionDenied(_("Only the Pemda's admin and leaders read the monthly report."))
    if on:
        MonthlyReportSubscription.objects.get_or_create(user_id=actor.user_id, defaults={"pemda_id": actor.pemda_id})
    else:
        MonthlyReportSubscription.objects.filter(user_id=actor.user_id).delete()
    audit_record(action="monthly_report.subscribe", actor=actor, detail={"on": on})
    return on


def monthly_report_subscribed(actor: Actor) -> bool:
    return actor.user_id is not None and MonthlyReportSubscription.objects.filter(user_id=actor.user_id).exists()


def monthly_report_attachment(notification: Any) -> tuple[str, bytes, str] | None:
    """The month's PDF for a monthly-report notice's email, read with the recipient's scope as it is now (a
    leader who lost the role gets the link only)."""
    from bina.accounts.scope import actor_for_user

    key = notification.event_key.rsplit(":", 1)[-1]
    try:
        month = panels.month_index(dt.date.fromisoformat(f"{key}-01"))
    except ValueError:
        return None
    actor = actor_for_user(notification.user)
    if not notification.user.is_active or not can_estimate_impact(actor) or actor.pemda_id is None:
        return None
    pdf = monthly_report_pdf(monthly_summary(actor, month=month), pemda_id=actor.pemda_id)
    return f"laporan-bulanan-{key}.pdf", pdf, "application/pdf"


def monthly_reports_send(*, today: dt.date | None = None) -> str:
    """The periodic round: each subscriber gets one notice for last month (the event key makes it once)."""
    from bina.accounts.scope import actor_for_user
    from bina.notifications.services import notify

    today = today or timezone.localdate()
    month = panels.month_index(today) - 1
    key = panels.month_start(month).strftime("%Y-%m")
    sent = 0
    for subscription in MonthlyReportSubscription.objects.select_related("user"):
        user = subscription.user
        if not user.is_active or not can_estimate_impact(actor_for_user(user)):
            continue
        label = month_label(key, with_year=True)
        notice = notify(
            user=user,
            kind="monthly_report",
            event_key=f"monthly-report:{user.pk}:{key}",
            title=NOTICE_TITLE,
            body=NOTICE_BODY,
            params={"month": label},
            url=f"{reverse('analytics:monthly_report')}?month={key}",
        )
        sent += notice is not None
    return f"monthly reports for {key}: {sent} sent"
