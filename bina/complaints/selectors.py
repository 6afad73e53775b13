"""Reads of complaints: the staff list with filters, a complaint's detail, the public tracking view, figures.

Everything starts from `bina.complaints.access`; the public view (`PublicComplaint`) is both what the
tracking page renders and the public API's schema, and carries no personal data and no staff words:
the stage, its due date and the dates of the history's steps only (the response to the filer once the
complaint was followed up: it is written for the filer).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from ninja import Schema

from bina.complaints import access
from bina.complaints.models import CLOSED_STAGES, STAFF_STAGES, Complaint, ComplaintAttachment, Stage
from bina.complaints.services import pemda_zone
from bina.complaints.workflows import COMPLAINT_WORKFLOW
from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.people.access import org_units_for, reach_q


def overdue_q(now: datetime) -> Q:
    """Late: a staff stage past its due date, or an open complaint past the Perpres's 60 days."""
    return Q(stage__in=STAFF_STAGES, due_at__lt=now) | (Q(settle_due_at__lt=now) & ~Q(stage__in=CLOSED_STAGES))


@dataclass(frozen=True)
class ListFilters:
    stage: str = ""
    overdue: bool = False
    unit_code: str = ""
    q: str = ""


def complaint_list(actor: Actor, filters: ListFilters, now: datetime | None = None) -> QuerySet[Complaint]:
    now = now or timezone.now()
    qs = access.complaints_for(actor).select_related("disposed_unit", "unit", "service")
    if filters.stage in Stage.values:
        qs = qs.filter(stage=filters.stage)
    if filters.overdue:
        qs = qs.filter(overdue_q(now))
    if filters.unit_code:
        unit = org_units_for(actor).filter(code=filters.unit_code).first()
        qs = qs.filter(disposed_unit__path__startswith=unit.path) if unit else qs.none()
    if filters.q:
        qs = qs.filter(Q(code=access.normalise_code(filters.q)) | Q(description__icontains=filters.q))
    return qs.order_by("-received_at", "-pk")


def is_overdue(complaint: Complaint, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    if complaint.stage in STAFF_STAGES and complaint.due_at is not None and complaint.due_at < now:
        return True
    return (
        complaint.stage not in CLOSED_STAGES and complaint.settle_due_at is not None and complaint.settle_due_at < now
    )


@dataclass
class ComplaintDetail:
    complaint: Complaint
    events: list[Any]
    notes: list[Any]
    attachments: list[ComplaintAttachment]
    actions: list[Any]
    overdue: bool
    zone: Any


def complaint_detail(actor: Actor, key: int | str) -> ComplaintDetail:
    complaint = access.get_complaint_for_user(actor, key)
    return ComplaintDetail(
        complaint=complaint,
        events=list(complaint.events.all()),
        notes=list(complaint.notes.all()),
        attachments=list(complaint.attachments.all()),
        actions=COMPLAINT_WORKFLOW.actions_for(complaint, actor),
        overdue=is_overdue(complaint),
        zone=pemda_zone(complaint.pemda_id),
    )


def attachment_for_user(actor: Actor, complaint_pk: int, attachment_pk: int) -> ComplaintAttachment:
    """An attachment, only through a complaint the actor may read (staff of the Pemda, in reach)."""
    complaint = access.get_complaint_for_user(actor, complaint_pk)
    found = complaint.attachments.filter(pk=attachment_pk).first()
    if found is None:
        raise NotFound(str(attachment_pk))
    return found


# --- public ------------------------------------------------------------------------------


class PublicComplaintStep(Schema):
    stage: str
    status: str
    at: datetime


class PublicComplaint(Schema):
    """What anyone holding the code sees: no name, contact, unit officer, staff notes or staff reasons."""

    code: str
    status: str
    stage: str
    category: str
    received_at: datetime
    due_at: datetime | None
    settle_due_at: datetime | None
    response: str
    history: list[PublicComplaintStep]


def _local(value: datetime | None, zone: Any) -> datetime | None:
    return value.astimezone(zone) if value is not None else None


def _at(value: datetime, zone: Any) -> datetime:
    return value.astimezone(zone)


def public_view(complaint: Complaint) -> PublicComplaint:
    zone = pemda_zone(complaint.pemda_id)
    events = list(complaint.events.all())
    return PublicComplaint(
        code=complaint.code,
        status=str(Stage(complaint.stage).label),
        stage=complaint.stage,
        category=complaint.category,
        received_at=_at(complaint.received_at, zone),
        due_at=_local(complaint.due_at, zone),
        settle_due_at=_local(complaint.settle_due_at, zone),
        # The response is written for the filer; it is shown once the unit answered.
        response=complaint.response if complaint.stage in (Stage.DITINDAKLANJUTI, Stage.SELESAI) else "",
        history=[
            PublicComplaintStep(stage=e.to_stage, status=str(Stage(e.to_stage).label), at=_at(e.at, zone))
            for e in events
        ],
    )


def complaint_public(actor: Actor, code: str) -> PublicComplaint:
    return public_view(access.complaint_public_for(actor, code))


# --- figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    unit_code: str
    unit_name: str
    received: int
    resolved: int
    resolved_in_time: int
    median_days_to_resolve: float | None
    open_overdue: int


def complaint_figures(
    actor: Actor, *, start: date, end: date, unit_code: str = "", now: datetime | None = None
) -> list[FigureRow]:
    """Per handling unit, complaints received in [start, end] (the Pemda's local dates): how many were received,
    resolved, resolved within the Perpres's limit (`resolved_at` ≤ `settle_due_at`), the median days from
    receipt to the follow-up that resolved them, and how many are open and overdue now. The first row
    ("") is the total; complaints not yet forwarded count in the total only."""
    now = now or timezone.now()
    zone = pemda_zone(actor.pemda_id) if actor.pemda_id else timezone.get_current_timezone()
    lo = datetime.combine(start, time.min, tzinfo=zone)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    qs = access.complaints_for(actor).filter(received_at__gte=lo, received_at__lt=hi)
    if unit_code:
        unit = org_units_for(actor).filter(code=unit_code).first()
        if unit is None:
            raise NotFound(unit_code)
        qs = qs.filter(disposed_unit__path__startswith=unit.path)
    rows = list(
        qs.values_list(
            "disposed_unit__code",
            "disposed_unit__name",
            "received_at",
            "resolved_at",
            "settle_due_at",
            "stage",
            "due_at",
        )
    )
    groups: dict[tuple[str, str], list[tuple[Any, ...]]] = {("", ""): rows}
    for row in rows:
        if row[0]:
            groups.setdefault((row[0], row[1]), []).append(row)
    result = []
    for (code, name), items in sorted(groups.items(), key=lambda kv: (kv[0][0] != "", kv[0][0])):
        resolved = [r for r in items if r[5] == Stage.SELESAI and r[3] is not None]
        days = [(r[3] - r[2]).total_seconds() / 86400 for r in resolved]
        overdue = 0
        for r in items:
            staff_late = r[5] in STAFF_STAGES and r[6] is not None and r[6] < now
            settle_late = r[5] not in CLOSED_STAGES and r[4] is not None and r[4] < now
            overdue += staff_late or settle_late
        result.append(
            FigureRow(
                unit_code=code,
                unit_name=name,
                received=len(items),
                resolved=len(resolved),
                resolved_in_time=sum(1 for r in resolved if r[4] is not None and r[3] <= r[4]),
                median_days_to_resolve=round(statistics.median(days), 1) if days else None,
                open_overdue=overdue,
            )
        )
    return result


def units_for_filter(actor: Actor) -> QuerySet[Any]:
    return org_units_for(actor).filter(reach_q("path", actor.read_reach())).order_by("path")


def complaint_data_version(actor: Actor) -> str:
    """What `complaint_figures` depends on, in one aggregate: the complaints in reach (count, last change)."""
    from django.db.models import Count, Max

    row = access.complaints_for(actor).aggregate(n=Count("pk"), last=Max("updated_at"))
    return f"c{row['n']}.{row['last'].isoformat() if row['last'] else 0}"
