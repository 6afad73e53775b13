"""Test helpers: a class whose sessions have ended, with attendees, and its reaction survey opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from bina.core.actor import Actor
from bina.evaluation.models import ReactionInvite
from bina.evaluation.services import reaction_surveys_open
from bina.partners.models import Instructor
from bina.people.factories import EmployeeFactory
from bina.people.models import Employee
from bina.training.attendance.models import Attendance
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus, Session, TrainingClass
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory


@dataclass
class EndedClass:
    klass: TrainingClass
    sessions: list[Session]
    enrolments: list[Enrolment]
    invites: dict[int, ReactionInvite]  # by employee id


def ended_class(
    pemda, unit, *, attendees: int, absent: int = 0, employees: list[Employee] | None = None, course=None
) -> EndedClass:
    """A running class whose two sessions ended yesterday; `attendees` came, `absent` did not; survey opened."""
    kwargs = {"course__pemda": pemda} if course is None else {"course": course}
    today = timezone.localdate()
    klass: Any = TrainingClassFactory(
        status=ClassStatus.RUNNING, starts_on=today - timedelta(days=2), ends_on=today - timedelta(days=1), **kwargs
    )
    instructor = Instructor.objects.create(pemda=pemda, name="Drs. Pengajar Satu", kind="widyaiswara")
    yesterday = timezone.now() - timedelta(days=1)
    sessions: list[Any] = [
        SessionFactory(
            klass=klass,
            starts_at=yesterday - timedelta(hours=8 - 4 * i),
            ends_at=yesterday - timedelta(hours=5 - 4 * i),
            instructor=instructor,
        )
        for i in range(2)
    ]
    people: list[Any] = list(employees or []) + [
        EmployeeFactory(pemda=pemda, unit=unit) for _ in range(attendees + absent - len(employees or []))
    ]
    enrolments: list[Any] = [EnrolmentFactory(klass=klass, employee=e, status=EnrolmentStatus.ENROLLED) for e in people]
    for enrolment in enrolments[:attendees]:
        for s in sessions:
            Attendance.objects.create(pemda=pemda, session=s, enrolment=enrolment, status="present", method="manual")
    reaction_surveys_open(actor=Actor.system(pemda.pk))
    invites = {
        i.employee_id: i
        for i in ReactionInvite.objects.filter(survey__klass=klass).select_related("survey__campaign__version")
    }
    return EndedClass(klass, sessions, enrolments, invites)
