"""Class costs by kind (issue 11, §4): the budget used is their sum, and the leader reads what a participant
and a JP cost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bina.core.errors import ValidationFailed
from bina.training.classes.models import ClassStatus, EnrolmentStatus, TrainingClass
from bina.training.classes.services import class_update
from bina.training.factories import EnrolmentFactory, TrainingClassFactory
from bina.training.learning import home
from bina.training.learning.models import JpSource
from bina.training.tests.test_home_cards import YEAR, credit

pytestmark = pytest.mark.django_db


def test_costs_by_kind_make_the_budget_used_and_a_negative_cost_changes_nothing(world):
    klass = TrainingClassFactory(course__pemda=world.pemda, budget_used=Decimal(5_000_000))
    admin = world.actor("admin")
    costs = {"cost_honoraria": 4_500_000, "cost_venue": 2_000_000, "cost_consumption": 2_800_000, "cost_other": 700_000}
    class_update(actor=admin, klass=klass, data=costs)
    klass.refresh_from_db()
    assert klass.budget_used == Decimal(10_000_000)
    with pytest.raises(ValidationFailed) as refused:
        class_update(actor=admin, klass=klass, data={"cost_venue": -1, "name": "Angkatan II"})
    assert refused.value.details[0]["field"] == "cost_venue"
    klass.refresh_from_db()
    assert (klass.cost_venue, klass.name, klass.budget_used) == (Decimal(2_000_000), "Angkatan I", Decimal(10_000_000))
    # Without costs by kind, the budget used stays what was entered.
    plain = TrainingClassFactory(course__pemda=world.pemda)
    class_update(actor=admin, klass=plain, data={"budget_used": 1_234_000})
    assert TrainingClass.objects.get(pk=plain.pk).budget_used == Decimal(1_234_000)


def test_the_leader_reads_the_cost_per_participant_and_per_jp(world):
    ran = TrainingClassFactory(
        course__pemda=world.pemda, starts_on=date(YEAR, 1, 5), ends_on=date(YEAR, 1, 6), status=ClassStatus.COMPLETED,
        budget_planned=Decimal(12_000_000), budget_used=Decimal(9_000_000), cost_honoraria=Decimal(5_000_000),
        cost_venue=Decimal(0), cost_consumption=Decimal(3_000_000), cost_other=Decimal(1_000_000),
    )  # fmt: skip
    for key in ("kel_a1_staff", "camat_a"):
        enrolment = EnrolmentFactory(klass=ran, employee=world.employees[key], status=EnrolmentStatus.COMPLETED)
        credit(world.employees[key], 16, source=JpSource.CLASS, enrolment=enrolment)
    dash = home.leader_dashboard(world.actor("leader"), today=date(YEAR, 3, 10))
    assert dash is not None and dash.participants == 2 and dash.class_jp == Decimal(32)
    assert dash.cost_per_participant == Decimal(4_500_000)
    assert dash.cost_per_jp == Decimal(281_250)
    assert [label for label, _value in dash.cost_rows] == ["Honorarium", "Konsumsi", "Lainnya"]
