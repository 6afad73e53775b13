"""One eligibility rule: "open for me" lists exactly the classes whose enrolment does not refuse the employee.

Runs on SQLite and on PostgreSQL alike (the suite runs on both engines): the rule is
`bina.training.classes.eligibility`, never an engine-dependent filter.
"""

from __future__ import annotations

import itertools

import pytest
from django.db import transaction
from django.utils import translation

from bina.accounts.scope import actor_for_user
from bina.core.errors import ValidationFailed
from bina.people.factories import EmployeeFactory
from bina.people.models import EmployeeStatus, PositionKind
from bina.training.classes.enrolment import enrolment_request
from bina.training.classes.models import EnrolmentSource
from bina.training.classes.selectors import ClassFilters, class_list
from bina.training.factories import CourseFactory, SessionFactory, TrainingClassFactory


class _RollBack(Exception):
    pass


def _enrolment_accepts(actor, klass, employee) -> bool:
    """Ask the real service inside a savepoint, then undo: False only when it refuses for eligibility."""
    try:
        with transaction.atomic():
            enrolment_request(actor=actor, klass=klass, employee=employee, source=EnrolmentSource.SELF)
            raise _RollBack
    except _RollBack:
        return True
    except ValidationFailed as exc:
        if exc.code == "not_eligible":
            return False
        raise


@pytest.fixture
def classes(world):
    course = CourseFactory(pemda=world.pemda)
    units = {
        "any": [],
        "kec_a": [world.units["kec_a"]],
        "kec_b": [world.units["kec_b"]],
        "dinas": [world.units["dinas"]],
    }
    kinds = {"any": [], "struktural": ["struktural"], "pelaksana": ["pelaksana"], "two": ["fungsional", "pelaksana"]}
    made = []
    for (u, unit_list), (k, kind_list) in itertools.product(units.items(), kinds.items()):
        klass = TrainingClassFactory(course=course, code=f"EL-{u}-{k}", eligible_position_kinds=kind_list)
        klass.eligible_units.set(unit_list)
        SessionFactory(klass=klass)
        made.append(klass)
    return made


@pytest.mark.parametrize(
    "who",
    ["pelaksana in kelurahan", "struktural head of dinas", "fungsional in bidang", "pelaksana on leave"],
)
def test_open_for_me_equals_the_classes_enrolment_accepts(world, classes, who):
    if who == "pelaksana in kelurahan":
        user = world.users["participant"]
    elif who == "struktural head of dinas":
        user = world.users["supervisor"]
    else:
        from bina.accounts.factories import RoleAssignmentFactory, UserFactory
        from bina.accounts.models import Role

        employee = EmployeeFactory(
            pemda=world.pemda,
            unit=world.units["bidang"],
            position_kind=PositionKind.FUNGSIONAL if who.startswith("fungsional") else PositionKind.PELAKSANA,
            status=EmployeeStatus.AKTIF if who.startswith("fungsional") else EmployeeStatus.CUTI,
        )
        user = UserFactory(username=f"el.{employee.pk}", pemda=world.pemda, employee=employee)
        RoleAssignmentFactory(user=user, pemda=world.pemda, role=Role.PARTICIPANT)
    actor = actor_for_user(user)
    employee = user.employee
    listed = {k.code for k in class_list(actor, ClassFilters(open_for_me=True))}
    accepted = {k.code for k in classes if _enrolment_accepts(actor, k, employee)}
    assert listed == accepted
    # The lists are not trivially equal: each employee is refused somewhere, and (unless on leave) let in somewhere.
    assert len(accepted) < len(classes)
    assert bool(accepted) == (employee.status == EmployeeStatus.AKTIF)


def test_refusals_name_position_kinds_and_statuses_by_their_labels(world, classes):
    struktural_only = next(k for k in classes if k.code == "EL-kec_a-struktural")
    employee = world.employees["kel_a1_staff"]
    with translation.override("en"), pytest.raises(ValidationFailed) as kinds:
        enrolment_request(
            actor=world.actor("participant"), klass=struktural_only, employee=employee, source=EnrolmentSource.SELF
        )
    assert str(kinds.value.message).endswith("is for these positions only: Struktural.")
    employee.status = EmployeeStatus.PENSIUN
    employee.save()
    with translation.override("en"), pytest.raises(ValidationFailed) as status:
        enrolment_request(
            actor=world.actor("participant"),
            klass=next(k for k in classes if k.code == "EL-any-any"),
            employee=employee,
            source=EnrolmentSource.SELF,
        )
    assert "Pensiun" in str(status.value.message) and "(pensiun)" not in str(status.value.message)
