"""Migration training.0012: enrolments from before the reason category and the answer time get them."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from bina.core.audit import audit_record
from bina.training.classes.models import Enrolment, EnrolmentSource, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("bina.training.migrations.0012_enrolment_reason_category_answered_at").backfill


def test_old_refusals_become_other_and_answers_take_their_audit_time(world):
    klass = TrainingClassFactory(course__pemda=world.pemda)
    e = world.employees
    declined = EnrolmentFactory(klass=klass, employee=e["kel_a1_staff"], status=EnrolmentStatus.DECLINED,
                                source=EnrolmentSource.NOMINATION)  # fmt: skip
    no_show = EnrolmentFactory(klass=klass, employee=e["kel_b1_staff"], status=EnrolmentStatus.NO_SHOW)
    accepted = EnrolmentFactory(klass=klass, employee=e["camat_a"], status=EnrolmentStatus.ENROLLED,
                                source=EnrolmentSource.NOMINATION)  # fmt: skip
    kept = EnrolmentFactory(klass=klass, employee=e["staff_bidang"], status=EnrolmentStatus.DECLINED,
                            reason_category="health")  # fmt: skip
    when = audit_record(action="enrolment.accept", actor=world.actor("admin"), target=accepted).created_at
    audit_record(action="enrolment.decline", actor=world.actor("admin"), target=declined)
    audit_record(action="enrolment.accept", actor=world.actor("admin"), target=accepted)  # a later one: not it
    Enrolment.objects.update(requested_at=None)
    backfill(apps, None)
    got = {x.pk: x for x in Enrolment.objects.all()}
    assert got[declined.pk].reason_category == "other" and got[no_show.pk].reason_category == "other"
    assert got[kept.pk].reason_category == "health" and got[accepted.pk].reason_category == ""
    assert got[accepted.pk].answered_at == when and got[declined.pk].answered_at is not None
    assert got[no_show.pk].answered_at is None  # not a nomination
    assert all(x.requested_at == x.created_at for x in got.values())
