"""The learning section (L2) of the class evaluation report: registered at order 30, carried by the PDF and the
XLSX, with ⟨g⟩ and the mean of individual gains named apart, an undefined gain shown as such, and counts without
names for a reader who may not see the participants."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from bina.assessments.factories import build_setup, extra_employees
from bina.assessments.models import ClassScore
from bina.assessments.report import learning_report_section
from bina.evaluation.hooks import section_providers
from bina.evaluation.reports import class_report_sections

pytestmark = pytest.mark.django_db

TITLE = "Pembelajaran (level 2): pre-test dan post-test"


@pytest.fixture
def setup(world):
    people = extra_employees(world, 3)
    s = build_setup(world, participants=people)
    for e, (pre, post) in zip(s.enrolments, ((40, 70), (100, 100), (20, None)), strict=True):
        ClassScore.objects.create(pemda=world.pemda, klass=s.klass, enrolment=e, pre=pre, post=post)
    return s


def test_the_section_is_registered_at_order_thirty():
    orders = {p.key: p.order for p in section_providers()}
    assert orders["assessments.learning"] == 30
    assert orders["evaluation.reaction"] < 30 < orders["evaluation.behaviour"]


def test_the_section_lists_participants_and_names_the_two_gains_apart(world, setup):
    sections = {s.title: s for s in class_report_sections(world.actor("admin"), setup.klass)}
    section = sections[TITLE]
    by_nip = {row[0]: row for row in section.rows}
    first, full, missing = (e.employee for e in setup.enrolments)
    assert by_nip[f"{first.name} ({first.nip})"][1:] == ["40,0", "70,0", "0,50", "sedang"]
    assert by_nip[f"{full.name} ({full.nip})"][3] == "tidak terdefinisi"  # pre at the maximum, not 0
    assert by_nip[f"{missing.name} ({missing.nip})"][2:] == ["–", "–", "–"]
    notes = " ".join(section.notes)
    assert "⟨g⟩" in notes and "0,50" in notes  # (85 − 70) ÷ (100 − 70) from the class means
    assert "Rata-rata gain individu" in notes
    assert "2 dari 3 peserta" in notes


def test_a_leader_gets_counts_without_names(world, setup):
    section = learning_report_section(world.actor("leader"), setup.klass)
    assert section is not None and section.rows == []
    assert "2 dari 3 peserta" in " ".join(section.notes)
    assert learning_report_section(world.actor("participant"), setup.klass) is None


def test_the_pdf_and_xlsx_of_the_class_report_carry_it(world, client_as, setup):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client = client_as(world.users["admin"])
    name = setup.enrolments[0].employee.name
    pdf = client.get(reverse("evaluation:class_report_pdf", args=[setup.klass.pk]))
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Pembelajaran (level 2)" in text and name in text and "tidak terdefinisi" in text
    xlsx = client.get(reverse("evaluation:class_report_xlsx", args=[setup.klass.pk]))
    assert xlsx.status_code == 200
    cells = [str(c) for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row]
    assert TITLE in cells and f"{name} ({setup.enrolments[0].employee.nip})" in cells and "0,50" in cells
