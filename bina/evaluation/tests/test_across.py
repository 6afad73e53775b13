"""The evaluation report across classes (`evaluation.classes_report`): one row per class of a course or of a
programme's courses, L1 withheld under the Pemda's minimum, the columns the apps above register (⟨g⟩ and band,
the role-play mean), as PDF and XLSX; the course and programme pages show it and link the downloads."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from bina.assessments.models import ClassScore
from bina.evaluation import hooks, services
from bina.evaluation.factories import ended_class
from bina.evaluation.models import Testimony as TestimonyRow
from bina.evaluation.reports import classes_headers, classes_table
from bina.evaluation.selectors import result_classes
from bina.evaluation.tests.test_reaction import GOOD, _actor_for, _answer
from bina.training.facade import classes_for
from bina.training.factories import CourseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(world):
    programme = ProgrammeFactory(pemda=world.pemda, status="active")
    course = CourseFactory(pemda=world.pemda, programme=programme)
    shown = ended_class(world.pemda, world.units["kel_a1"], attendees=5, absent=1, course=course)
    few = ended_class(world.pemda, world.units["kel_a1"], attendees=2, course=course)
    for e in shown.enrolments[:5]:
        services.reaction_answer(
            actor=_actor_for(e.employee), invite=shown.invites[e.employee_id], values=GOOD,
            session_ratings={s.pk: 4 for s in shown.sessions}, testimony="Lebih sigap melayani", consent="initials",
        )  # fmt: skip
    _answer(few, few.enrolments[0].employee)
    TestimonyRow.objects.filter(klass=shown.klass).update(status="approved")
    for e, (pre, post) in zip(shown.enrolments, ((40, 70), (20, 60)), strict=False):
        ClassScore.objects.create(pemda=world.pemda, klass=shown.klass, enrolment=e, pre=pre, post=post)
    return programme, course, shown, few


def test_rows_per_class_with_registered_columns_and_withheld_reaction(world, two):
    _programme, course, shown, few = two
    actor = world.actor("admin")
    headers = classes_headers()
    keys = [p.key for p in hooks.column_providers()]
    assert keys == ["assessments.learning", "simulations.roleplay"]
    assert headers[-1] == "Testimoni" and "Gain rata-rata kelas ⟨g⟩" in headers
    rows = {
        row[0]: dict(zip(headers, row, strict=True))
        for row in classes_table(actor, result_classes(actor, classes_for(actor).filter(course=course)))
    }
    a = rows[f"{shown.klass.code} {shown.klass.name}"]
    b = rows[f"{few.klass.code} {few.klass.name}"]
    assert a["Peserta"] == "6" and a["Kehadiran (%)"] == "83,3"  # 5 of 6 came to both sessions
    assert a["Jawaban"] == "5" and a["Keseluruhan (1-5)"] == "5,00" and a["Testimoni"] == "5"
    # ⟨g⟩ from the class means: pre 30, post 65 → (65 − 30) ÷ (100 − 30) = 0.5
    assert a["Gain rata-rata kelas ⟨g⟩"] == "0,50" and a["Pita"] == "sedang"
    assert b["Jawaban"] == "1" and b["Keseluruhan (1-5)"] == "ditahan"  # 1 response < 5: withheld
    assert b["Gain rata-rata kelas ⟨g⟩"] == "–" and b["Testimoni"] == "0"


def test_course_and_programme_pages_and_downloads(world, client_as, two):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    programme, course, shown, few = two
    admin = client_as(world.users["admin"])
    page = admin.get(reverse("evaluation:course_results", args=[course.pk])).content.decode()
    assert reverse("evaluation:course_report_pdf", args=[course.pk]) in page and shown.klass.code in page
    programme_page = admin.get(reverse("training:programme_detail", args=[programme.pk])).content.decode()
    assert reverse("evaluation:programme_results", args=[programme.pk]) in programme_page
    page = admin.get(reverse("evaluation:programme_results", args=[programme.pk])).content.decode()
    assert reverse("evaluation:programme_report_xlsx", args=[programme.pk]) in page and few.klass.code in page
    for name, pk in (("course", course.pk), ("programme", programme.pk)):
        pdf = admin.get(reverse(f"evaluation:{name}_report_pdf", args=[pk]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Angkatan" in text and "ditahan" in text and world.pemda.name.upper() in text.upper()
        xlsx = admin.get(reverse(f"evaluation:{name}_report_xlsx", args=[pk]))
        cells = [str(c) for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in r]
        assert f"{few.klass.code} {few.klass.name}" in cells and "0,50" in cells
    # A participant reads none of it.
    participant = client_as(world.users["participant"])
    assert participant.get(reverse("evaluation:programme_results", args=[programme.pk])).status_code in (403, 404)
    assert participant.get(reverse("evaluation:course_report_xlsx", args=[course.pk])).status_code in (403, 404)
    assert (
        reverse("evaluation:programme_results", args=[programme.pk])
        not in participant.get(reverse("training:programme_detail", args=[programme.pk])).content.decode()
    )
