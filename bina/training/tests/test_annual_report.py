"""The yearly report on competency development per OPD: compliance, participants, class JP and budget."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, TrainingClassFactory
from bina.training.learning.exports import annual_rows
from bina.training.learning.models import JpSource
from bina.training.tests.test_home_cards import YEAR, credit

pytestmark = pytest.mark.django_db


def test_each_opd_gets_its_participants_class_jp_and_share_of_the_budget(world, client_as):
    ran = TrainingClassFactory(
        course__pemda=world.pemda, starts_on=date(YEAR, 2, 2), ends_on=date(YEAR, 2, 3), status=ClassStatus.COMPLETED,
        budget_used=Decimal(9_000_000),
    )  # fmt: skip
    people = [world.employees[k] for k in ("kel_a1_staff", "camat_a", "staff_bidang")]
    for person in people:
        enrolment = EnrolmentFactory(klass=ran, employee=person, status=EnrolmentStatus.COMPLETED)
        credit(person, 8, source=JpSource.CLASS, enrolment=enrolment)
    rows = {r[0]: r for r in annual_rows(world.actor("admin"), YEAR)}
    kec_a = rows["Kecamatan Alfa"]
    assert kec_a[5:] == [2, 16.0, 6_000_000]  # two of the three graduates: two thirds of the class budget
    dinas = rows["Dinas Kependudukan dan Pencatatan Sipil"]
    assert dinas[5:] == [1, 8.0, 3_000_000]
    total = rows["Total"] if "Total" in rows else list(rows.values())[-1]
    assert total[5:] == [3, 24.0, 9_000_000]
    admin = client_as(world.users["admin"])
    response = admin.get("/training/compliance/", {"year": YEAR, "report": "annual", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row >= 3
    pdf = admin.get("/training/compliance/", {"year": YEAR, "report": "annual", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        client_as(world.users["participant"])
        .get("/training/compliance/", {"year": YEAR, "report": "annual", "format": "pdf"})
        .status_code
        == 403
    )
