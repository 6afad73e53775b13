"""Every update records what it changed in one shape, `{"changes": {field: [old, new]}}`, through one writer.

Each service below used to write its own detail (`{field: [old, new]}`, `{field: True}`, a snapshot of
all fields, or `{"changes": ...}`); a service that drifts from the one shape fails here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bina.accounts.services import user_update_profile
from bina.certificates.services import certificate_settings_update
from bina.competencies.factories import CompetencyFactory
from bina.competencies.services import competency_update
from bina.core.actor import Actor
from bina.core.audit import audit_record, audit_record_many, audit_value, track_changes, track_m2m
from bina.core.models import AuditEvent
from bina.core.services import pemda_update
from bina.partners.services import agreement_update, instructor_update, partner_update
from bina.people.models import Employee, OrgUnit
from bina.people.services import employee_update, org_unit_move, org_unit_update
from bina.training.catalogue.services import course_update, programme_update
from bina.training.classes.models import ClassStatus
from bina.training.classes.services import class_update, session_update
from bina.training.factories import CourseFactory, ProgrammeFactory, SessionFactory, TrainingClassFactory


def _last(action: str) -> dict[str, Any]:
    event = AuditEvent.objects.filter(action=action).order_by("-id").first()
    assert event is not None, action
    return event.detail


def _assert_one_shape(detail: dict[str, Any], expected: dict[str, list[Any]]) -> None:
    assert set(detail) == {"changes"}, detail
    for field, pair in detail["changes"].items():
        assert isinstance(pair, list) and len(pair) == 2, (field, pair)
    for field, pair in expected.items():
        assert detail["changes"][field] == pair


def test_every_update_service_records_the_one_shape(world, partners):
    admin: Actor = world.actor("admin")
    staff = world.employees["staff_bidang"]
    dinas, kec_a, kec_b = world.units["dinas"], world.units["kec_a"], world.units["kec_b"]
    old_name = world.pemda.name

    old_unit = staff.unit_id
    employee_update(actor=admin, employee=staff, data={"golongan": "III/c", "unit": dinas})
    _assert_one_shape(_last("employee.update"), {"golongan": ["III/a", "III/c"], "unit": [old_unit, dinas.pk]})

    org_unit_update(actor=admin, unit=kec_b, name="Kecamatan Baru")
    _assert_one_shape(_last("org_unit.update"), {"name": ["Kecamatan Beta", "Kecamatan Baru"]})

    bagian = world.units["bagian"]
    org_unit_move(actor=admin, unit=bagian, new_parent=dinas)
    _assert_one_shape(_last("org_unit.move"), {"parent": [world.units["setda"].pk, dinas.pk]})

    pemda_update(actor=admin, pemda=world.pemda, name="Pemerintah Baru", timezone_name=world.pemda.timezone)
    _assert_one_shape(_last("pemda.update"), {"name": [old_name, "Pemerintah Baru"]})

    competency = CompetencyFactory(pemda=world.pemda, name="Analisis Data", definition="Lama.")
    competency_update(actor=admin, competency=competency, name=" Analisis Data Lanjut ", definition="Baru.")
    _assert_one_shape(
        _last("competency.update"),
        {"name": ["Analisis Data", "Analisis Data Lanjut"], "definition": ["Lama.", "Baru."]},
    )

    programme = ProgrammeFactory(pemda=world.pemda, budget=Decimal("100"))
    programme.target_units.set([kec_a])
    programme_update(actor=admin, programme=programme, data={"budget": Decimal("250")}, target_units=[kec_b, kec_a])
    _assert_one_shape(
        _last("programme.update"),
        {"budget": ["100", "250"], "target_units": [[kec_a.code], sorted([kec_a.code, kec_b.code])]},
    )

    course = CourseFactory(pemda=world.pemda)
    prerequisite = CourseFactory(pemda=world.pemda)
    old_title = course.title
    course_update(actor=admin, course=course, data={"title": "Judul Baru"}, prerequisites=[prerequisite])
    _assert_one_shape(
        _last("course.update"), {"title": [old_title, "Judul Baru"], "prerequisites": [[], [prerequisite.code]]}
    )

    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), status=ClassStatus.DRAFT, capacity=30)
    class_update(actor=admin, klass=klass, data={"capacity": 40}, eligible_units=[kec_a])
    _assert_one_shape(_last("class.update"), {"capacity": [30, 40], "eligible_units": [[], [kec_a.code]]})

    session = SessionFactory(klass=klass, room="Ruang A")
    session_update(actor=admin, session=session, data={"room": "Ruang B"})
    _assert_one_shape(_last("session.update"), {"room": ["Ruang A", "Ruang B"]})

    partner_update(actor=admin, partner=partners.uni, data={"short_name": " UA "})
    _assert_one_shape(_last("partner.update"), {"short_name": ["UNAIR", "UA"]})

    agreement = partners.uni_agreement
    old_end = agreement.ends_on
    new_end = old_end + dt.timedelta(days=30)
    agreement_update(actor=admin, agreement=agreement, data={"ends_on": new_end})
    _assert_one_shape(_last("agreement.update"), {"ends_on": [old_end.isoformat(), new_end.isoformat()]})

    instructor = partners.uni_instructor
    instructor_update(
        actor=admin, instructor=instructor, phone=" 0812 ", partner=partners.lan, competencies=[competency]
    )
    _assert_one_shape(
        _last("instructor.update"),
        {"phone": ["", "0812"], "partner": [partners.uni.pk, partners.lan.pk], "competencies": [[], [competency.pk]]},
    )

    certificate_settings_update(actor=admin, pemda=world.pemda, data={"city": " Alfa "})
    _assert_one_shape(_last("certificate.settings_update"), {"city": ["", "Alfa"]})

    user = world.users["participant"]
    user_update_profile(actor=world.actor("participant"), user=user, data={"language": "en"})
    _assert_one_shape(_last("user.update"), {"language": ["id", "en"]})


def test_an_update_that_changes_nothing_records_nothing(world):
    admin = world.actor("admin")
    unit = world.units["kec_b"]
    before = AuditEvent.objects.count()
    org_unit_update(actor=admin, unit=unit, name=unit.name, kind=unit.kind)
    employee_update(actor=admin, employee=world.employees["staff_bidang"], data={"golongan": "III/a"})
    assert AuditEvent.objects.count() == before


def test_track_changes_compares_foreign_keys_by_id_and_sets_only_what_differs(world, django_assert_num_queries):
    staff = Employee.objects.get(pk=world.employees["staff_bidang"].pk)  # nothing cached
    same_unit = OrgUnit(pk=staff.unit_id)
    with django_assert_num_queries(0):
        assert track_changes(staff, {"unit": same_unit, "golongan": "III/a"}) == {}
        changes = track_changes(staff, {"golongan": "IV/a", "birth_date": dt.date(1990, 1, 2)}, ["golongan"])
    assert changes == {"golongan": ["III/a", "IV/a"]} and staff.golongan == "IV/a"
    assert staff.birth_date != dt.date(1990, 1, 2)  # not in `fields`: left alone


def test_track_m2m_records_old_and_new_keys_only_when_the_set_changes(world):
    programme = ProgrammeFactory(pemda=world.pemda)
    a, b = world.units["kec_a"], world.units["kec_b"]
    changes: dict[str, list[Any]] = {}
    assert track_m2m(changes, "units", programme.target_units, [a, b], key=lambda u: u.code) is True
    assert changes == {"units": [[], sorted([a.code, b.code])]}
    assert track_m2m(changes := {}, "units", programme.target_units, [b, a]) is False and changes == {}


def test_audit_value_stores_json():
    assert audit_value(dt.date(2026, 1, 2)) == "2026-01-02"
    assert audit_value(Decimal("1.50")) == "1.50"
    assert audit_value([dt.date(2026, 1, 2)]) == ["2026-01-02"]
    assert audit_value(ClassStatus.OPEN) == "open"


@pytest.mark.parametrize("with_actor", [True, False])
def test_the_bulk_writer_writes_the_rows_the_single_writer_writes(world, with_actor):
    actor = world.actor("admin") if with_actor else None
    staff = world.employees["staff_bidang"]
    detail = {"changes": {"golongan": ["III/a", "III/b"]}}
    single = audit_record(action="probe.single", actor=actor, pemda_id=world.pemda.pk, target=staff, detail=detail)
    audit_record_many(
        action="probe.single",
        actor=actor,
        pemda_id=world.pemda.pk,
        model=Employee,
        items=[(staff.pk, str(staff), detail)],
    )
    bulk = AuditEvent.objects.filter(action="probe.single").exclude(pk=single.pk).get()
    fields = ["pemda_id", "actor_id", "actor_label", "action", "target_type", "target_id", "target_label", "detail",
              "ip_address"]  # fmt: skip
    assert [getattr(bulk, f) for f in fields] == [getattr(single, f) for f in fields]
    assert single.actor_label == ("admin.alfa" if with_actor else "system")
