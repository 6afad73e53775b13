"""Test data for assessments: a course with two competencies, a bank, a class taught by the world's
instructor, enrolled participants."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bina.assessments.interchange import BankItem
from bina.assessments.models import Choice, Question
from bina.competencies.factories import CompetencyFactory
from bina.competencies.models import Competency
from bina.partners.factories import InstructorFactory
from bina.people.factories import EmployeeFactory
from bina.people.models import Employee
from bina.training.catalogue.models import Course, CourseCompetency
from bina.training.classes.models import Enrolment, TrainingClass
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory


@dataclass
class AssessmentSetup:
    course: Course
    klass: TrainingClass
    competencies: list[Competency]
    questions: list[Question] = field(default_factory=list)
    enrolments: list[Enrolment] = field(default_factory=list)


def choice_question(course: Course, competency: Competency | None, difficulty: str, n: int) -> Question:
    q = Question.objects.create(
        pemda=course.pemda, course=course, kind="single", text=f"Soal {n}?", competency=competency,
        difficulty=difficulty, points=Decimal(1),
    )  # fmt: skip
    Choice.objects.create(question=q, text="Benar", fraction=1, position=0)
    Choice.objects.create(question=q, text="Salah", fraction=0, position=1)
    return q


def build_setup(world, *, per_cell: int = 4, participants: list[Employee] | None = None) -> AssessmentSetup:
    pemda = world.pemda
    course = CourseFactory(pemda=pemda, has_post_test=True, min_post_test_score=60)
    comps = [CompetencyFactory(pemda=pemda, code=f"K{i}{pemda.slug[:2]}") for i in (1, 2)]
    for c in comps:
        CourseCompetency.objects.create(course=course, competency=c, target_level=2)
    klass = TrainingClassFactory(course=course, name="Angkatan Rahasia")
    instructor = InstructorFactory(pemda=pemda, user=world.users["instructor"])
    SessionFactory(klass=klass, instructor=instructor)
    setup = AssessmentSetup(course, klass, comps)
    n = 0
    for c in comps:
        for diff in ("easy", "hard"):
            for _ in range(per_cell):
                n += 1
                setup.questions.append(choice_question(course, c, diff, n))
    people = participants if participants is not None else [world.employees["kel_a1_staff"]]
    for e in people:
        setup.enrolments.append(EnrolmentFactory(klass=klass, employee=e))
    return setup


def extra_employees(world, n: int) -> list[Employee]:
    return [EmployeeFactory(pemda=world.pemda, unit=world.units["kel_a1"]) for _ in range(n)]


def essay_item(text: str = "Jelaskan.") -> BankItem:
    return BankItem(kind="essay", text=text, points=Decimal(4))
