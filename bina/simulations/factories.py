"""Test data for simulations: a Pemda's library and a class whose role-play is taught by the world's instructor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bina.competencies.services import competency_dictionary_load
from bina.core.actor import Actor
from bina.partners.factories import InstructorFactory
from bina.people.factories import EmployeeFactory
from bina.simulations.models import Scenario
from bina.simulations.services import scenario_library_load
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory


def library(pemda: Any, **kwargs: Any) -> dict[str, Scenario]:
    competency_dictionary_load(pemda=pemda)
    scenario_library_load(actor=Actor.system(pemda.pk, label="test"), pemda=pemda, **kwargs)
    return {s.code: s for s in Scenario.objects.filter(pemda=pemda)}


@dataclass
class RoleplayClass:
    klass: Any
    session: Any
    scenarios: dict[str, Scenario]
    peer: Any  # a second participant (an employee with an account: world.users["peer"])


def roleplay_class(world: Any, *, name: str = "Angkatan Simulasi") -> RoleplayClass:
    """A class with one session taught by `world.users["instructor"]`, the participant and a peer enrolled."""
    from bina.accounts.factories import UserFactory

    pemda = world.pemda
    scenarios = library(pemda)
    course = CourseFactory(pemda=pemda, method="simulasi", title="Simulasi Pelayanan Publik")
    klass = TrainingClassFactory(course=course, name=name)
    instructor = InstructorFactory(pemda=pemda, user=world.users["instructor"])
    session = SessionFactory(klass=klass, instructor=instructor, topic="Bermain peran")
    peer = EmployeeFactory(pemda=pemda, unit=world.units["kel_b1"], name="Rekan Peserta")
    if "peer" not in world.users:
        world.users["peer"] = UserFactory(username=f"peer.{pemda.slug}", pemda=pemda, employee=peer)
        from bina.accounts.factories import RoleAssignmentFactory
        from bina.core.roles import Role

        RoleAssignmentFactory(user=world.users["peer"], pemda=pemda, role=Role.PARTICIPANT)
    for employee in (world.employees["kel_a1_staff"], peer):
        EnrolmentFactory(klass=klass, employee=employee)
    return RoleplayClass(klass=klass, session=session, scenarios=scenarios, peer=peer)
