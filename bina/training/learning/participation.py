"""What the participation figures (bina.participation, issue 11 §3) read from training: per serving employee in
the actor's reach, their JP of the year and of the year before, and their enrolments in classes of the year.

The JP come from the same yearly rows as JP compliance (`EmployeeYearJp`, the sum of the `JpCredit` rows, so
class completions, approved external learning and imported history alike) and are judged against the same
`YEARLY_JP_TARGET`; nothing here recomputes the 20 JP rule. Two queries, whatever the number of employees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import DecimalField, F, FilteredRelation, Q, Value
from django.db.models.functions import Coalesce

from bina.core.actor import Actor
from bina.people.access import employees_for
from bina.people.models import Employee
from bina.training.access import enrolments_for
from bina.training.catalogue.models import DeliveryMode
from bina.training.classes.models import EnrolmentSource, EnrolmentStatus
from bina.training.learning.models import YEARLY_JP_TARGET
from bina.training.learning.selectors import SERVING_STATUSES

ZERO = Decimal("0.0")
_JP = DecimalField(max_digits=8, decimal_places=1)

# Courses that need a device and a connection: the "technology-based" side of the avoidance figure.
TECHNOLOGY_MODES = frozenset({DeliveryMode.DARING, DeliveryMode.BLENDED})


@dataclass(frozen=True)
class EnrolmentFact:
    status: str
    nominated: bool  # the enrolment came from a supervisor's nomination
    category: str  # AbsenceReason of a decline or no-show, else ""
    technology: bool  # the course is daring or blended
    requested_at: datetime | None
    answered_at: datetime | None

    @property
    def refused(self) -> bool:
        """Declined a nomination or did not come: the two refusals the figures count."""
        return self.status in (EnrolmentStatus.DECLINED, EnrolmentStatus.NO_SHOW)

    @property
    def answer_days(self) -> float | None:
        """Days the nominee took to accept or decline; None for other enrolments or an open nomination."""
        if not self.nominated or self.answered_at is None or self.requested_at is None:
            return None
        return max((self.answered_at - self.requested_at).total_seconds(), 0.0) / 86400


@dataclass
class EmployeeFacts:
    employee: Employee  # with `unit` loaded
    jp: Decimal
    jp_previous: Decimal
    enrolments: list[EnrolmentFact] = field(default_factory=list)

    @property
    def trained(self) -> bool:
        return self.jp > 0

    @property
    def at_target(self) -> bool:
        return self.jp >= YEARLY_JP_TARGET

    @property
    def untrained_two_years(self) -> bool:
        return self.jp <= 0 and self.jp_previous <= 0


def participation_facts(actor: Actor, year: int) -> list[EmployeeFacts]:
    """Every serving employee the actor may read (`employees_for`), with their JP and enrolments of `year`.

    Enrolments are those of classes starting in `year`, read through `enrolments_for`; a cancelled class's
    enrolments are left out (nobody refused anything).
    """
    serving = employees_for(actor).filter(status__in=SERVING_STATUSES)
    people = (
        serving.select_related("unit")
        .alias(
            jp_now=FilteredRelation("jp_years", condition=Q(jp_years__year=year)),
            jp_before=FilteredRelation("jp_years", condition=Q(jp_years__year=year - 1)),
        )
        .annotate(
            jp=Coalesce(F("jp_now__jp"), Value(ZERO), output_field=_JP),
            jp_previous=Coalesce(F("jp_before__jp"), Value(ZERO), output_field=_JP),
        )
        .order_by("unit__path", "name", "pk")
    )
    facts = {e.pk: EmployeeFacts(employee=e, jp=e.jp, jp_previous=e.jp_previous) for e in people}
    rows = (
        enrolments_for(actor)
        .filter(employee_id__in=serving.values("pk"), klass__starts_on__year=year)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .values_list(
            "employee_id",
            "status",
            "source",
            "reason_category",
            "klass__course__delivery_mode",
            "requested_at",
            "created_at",
            "answered_at",
        )
        .order_by("pk")
    )
    for employee_id, status, source, category, mode, requested_at, created_at, answered_at in rows:
        facts[employee_id].enrolments.append(
            EnrolmentFact(
                status=status,
                nominated=source == EnrolmentSource.NOMINATION,
                category=category,
                technology=mode in TECHNOLOGY_MODES,
                requested_at=requested_at or created_at,
                answered_at=answered_at,
            )
        )
    return list(facts.values())


# An enrolment the person asked for or accepted, whatever happened next: what a campaign hopes to cause.
SOUGHT_STATUSES = (
    EnrolmentStatus.PENDING,
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.WAITLISTED,
    EnrolmentStatus.WITHDRAWN,
    EnrolmentStatus.NO_SHOW,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.FAILED,
)


def enrolments_sought_since(
    actor: Actor, *, employee_ids: list[int], since: datetime, until: datetime | None = None
) -> dict[int, datetime]:
    """Each of these employees (in the actor's scope) who asked for or accepted a place in a class from `since`
    (to `until`), with the first such time: a campaign's outcome (bina.participation). The time is when the
    request or nomination was made (`requested_at`; the row's creation for older rows)."""
    asked = Coalesce(F("requested_at"), F("created_at"))
    rows = (
        enrolments_for(actor)
        .filter(employee_id__in=employee_ids, status__in=SOUGHT_STATUSES)
        .annotate(asked=asked)
        .filter(asked__gte=since, **({"asked__lt": until} if until is not None else {}))
        .values_list("employee_id", "asked")
    )
    firsts: dict[int, datetime] = {}
    for employee_id, when in rows:
        if employee_id not in firsts or when < firsts[employee_id]:
            firsts[employee_id] = when
    return firsts
