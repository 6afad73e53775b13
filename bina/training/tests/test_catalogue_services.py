"""Programme and course services: admin only, the Pemda's own references, rules of PP 11/2017 and LAN 10/2018."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bina.competencies.factories import CompetencyFactory
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import AuditEvent
from bina.training.catalogue.models import LearningPath, ProgrammeStatus
from bina.training.catalogue.services import (
    course_create,
    course_update,
    programme_create,
    programme_set_status,
    programme_update,
)
from bina.training.classes.models import ClassStatus
from bina.training.factories import CourseFactory, ProgrammeFactory, TrainingClassFactory


def make_programme(world, **kw):
    values = {
        "name": "Pembinaan ASN 2027 — Pelayanan Prima",
        "year": 2027,
        "starts_on": date(2027, 2, 1),
        "ends_on": date(2027, 11, 30),
        "goals": ["service_quality", "integrity"],
        "budget": Decimal("150000000"),
        "target_units": [world.units["dinas"]],
        "target_position_kinds": ["pelaksana"],
    }
    values.update(kw)
    return programme_create(actor=world.actor("admin"), pemda=world.pemda, **values)


def make_course(world, **kw):
    values = {
        "code": "PP-01",
        "title": "Pelayanan Prima",
        "method": "workshop",
        "delivery_mode": "tatap_muka",
        "jp": 16,
    }
    values.update(kw)
    return course_create(actor=world.actor("admin"), pemda=world.pemda, **values)


def test_programme_created_as_draft_and_audited(world):
    programme = make_programme(world)
    assert programme.status == ProgrammeStatus.DRAFT
    assert list(programme.target_units.all()) == [world.units["dinas"]]
    assert programme.created_by == world.users["admin"]
    assert AuditEvent.objects.filter(action="programme.create", target_id=str(programme.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"goals": ["fun"]}, "goals"),
        ({"target_position_kinds": ["astronaut"]}, "target_position_kinds"),
        ({"budget": Decimal(-1)}, "budget"),
        ({"ends_on": date(2027, 1, 1)}, "ends_on"),
        ({"starts_on": date(2026, 12, 1)}, "starts_on"),
    ],
)
def test_programme_rules(world, changes, field):
    with pytest.raises(ValidationFailed) as exc:
        make_programme(world, **changes)
    assert exc.value.details == [{"field": field}]


def test_programme_target_unit_of_other_pemda_refused(world, other_world):
    with pytest.raises(ValidationFailed):
        make_programme(world, target_units=[other_world.units["dinas"]])


def test_programme_name_unique_per_year(world):
    make_programme(world)
    with pytest.raises(Conflict):
        make_programme(world)


@pytest.mark.parametrize("persona", ["operator", "leader", "participant", "instructor"])
def test_only_admin_manages_programmes(world, persona):
    with pytest.raises(PermissionDenied):
        programme_create(
            actor=world.actor(persona), pemda=world.pemda, name="X", year=2027,
            starts_on=date(2027, 1, 1), ends_on=date(2027, 2, 1),
        )  # fmt: skip


def test_programme_update_and_status(world):
    programme = make_programme(world)
    programme_update(actor=world.actor("admin"), programme=programme, data={"budget": Decimal(5)}, target_units=[])
    programme.refresh_from_db()
    assert programme.budget == 5 and not programme.target_units.exists()
    programme_set_status(actor=world.actor("admin"), programme=programme, status="active")
    assert programme.status == "active"


def test_programme_with_published_classes_cannot_return_to_draft(world):
    programme = ProgrammeFactory(pemda=world.pemda)
    TrainingClassFactory(course=CourseFactory(pemda=world.pemda, programme=programme), status=ClassStatus.OPEN)
    with pytest.raises(Conflict):
        programme_set_status(actor=world.actor("admin"), programme=programme, status="draft")


def test_other_pemda_admin_cannot_touch_programme(world, other_world):
    programme = ProgrammeFactory(pemda=world.pemda)
    with pytest.raises(PermissionDenied):
        programme_update(actor=other_world.actor("admin"), programme=programme, data={"name": "X"})


def test_course_learning_path_derived_from_method(world):
    course = make_course(world, method="coaching", delivery_mode="daring")
    assert course.learning_path == LearningPath.NONKLASIKAL
    course_update(actor=world.actor("admin"), course=course, data={"method": "bimtek"})
    course.refresh_from_db()
    assert course.learning_path == LearningPath.KLASIKAL


def test_course_competencies_with_target_levels(world, other_world):
    comp = CompetencyFactory(pemda=world.pemda)
    course = make_course(world, competencies={comp: 3})
    assert [(t.competency, t.target_level) for t in course.competency_targets.all()] == [(comp, 3)]
    with pytest.raises(ValidationFailed):
        make_course(world, code="PP-02", competencies={comp: 6})
    with pytest.raises(ValidationFailed):
        make_course(world, code="PP-03", competencies={CompetencyFactory(pemda=other_world.pemda): 2})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"has_post_test": True}, "min_post_test_score"),
        ({"min_post_test_score": Decimal(70)}, "min_post_test_score"),
        ({"jp": 0}, "jp"),
        ({"min_attendance_pct": 101}, "min_attendance_pct"),
        ({"method": "dance"}, "method"),
    ],
)
def test_course_rules(world, changes, field):
    with pytest.raises(ValidationFailed) as exc:
        make_course(world, **changes)
    assert exc.value.details == [{"field": field}]


def test_course_with_post_test(world):
    course = make_course(world, has_post_test=True, min_post_test_score=Decimal(70))
    assert course.min_post_test_score == 70
    course_update(actor=world.actor("admin"), course=course, data={"has_post_test": False})
    course.refresh_from_db()
    assert course.min_post_test_score is None


def test_prerequisites_refuse_self_cycle_and_other_pemda(world, other_world):
    a = make_course(world, code="A")
    b = make_course(world, code="B", prerequisites=[a])
    with pytest.raises(ValidationFailed):
        course_update(actor=world.actor("admin"), course=a, data={}, prerequisites=[a])
    with pytest.raises(ValidationFailed):
        course_update(actor=world.actor("admin"), course=a, data={}, prerequisites=[b])  # a→b→a
    with pytest.raises(ValidationFailed):
        make_course(world, code="C", prerequisites=[CourseFactory(pemda=other_world.pemda)])
    assert list(b.prerequisites.all()) == [a]


def test_course_code_unique(world):
    make_course(world)
    with pytest.raises(Conflict):
        make_course(world, title="Other")


def test_course_of_other_pemda_programme_refused(world, other_world):
    with pytest.raises(ValidationFailed):
        make_course(world, programme=ProgrammeFactory(pemda=other_world.pemda))
