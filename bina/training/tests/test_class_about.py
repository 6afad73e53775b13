"""Issue 9.9: the class page says what the training is before the logistics; "my learning" links everything."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from bina.competencies.factories import CompetencyFactory
from bina.partners.factories import InstructorFactory
from bina.training.catalogue.models import CourseCompetency
from bina.training.classes.models import EnrolmentStatus
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.models import JpCredit, JpSource


@pytest.fixture
def klass(world):
    basics = CourseFactory(pemda=world.pemda, title="Dasar Pelayanan")
    hidden = CourseFactory(pemda=world.pemda, title="Kursus Lama", is_active=False)
    course = CourseFactory(
        pemda=world.pemda,
        title="Penanganan Pengaduan",
        description="Bimbingan teknis pengelolaan pengaduan.",
        objectives="Mencatat pengaduan sesuai Perpres 76/2013\n\n- Menindaklanjuti di SP4N-LAPOR!",
        jp=24,
    )
    course.prerequisites.set([basics, hidden])
    CourseCompetency.objects.create(
        course=course, competency=CompetencyFactory(pemda=world.pemda, name="Pelayanan Publik"), target_level=3
    )
    k = TrainingClassFactory(course=course, code="ADU-1", venue="Gedung Diklat BKPSDM")
    k.eligible_units.set([world.units["kec_a"], world.units["kec_b"]])
    teacher = InstructorFactory(pemda=world.pemda, name="Dr. Endang Susilowati")
    SessionFactory(klass=k, topic="Regulasi", instructor=teacher)
    SessionFactory(klass=k, topic="Studi kasus", instructor=teacher)
    return k


def test_class_page_describes_the_training_before_the_eligible_units(world, klass, client_as_en):
    body = client_as_en(world.users["participant"]).get(reverse("training:class_detail", args=[klass.pk])).content
    html = body.decode()
    about = html.index('id="h-about"')
    for fact in (
        "Bimbingan teknis pengelolaan pengaduan.",
        "<li>Mencatat pengaduan sesuai Perpres 76/2013</li>",
        "<li>Menindaklanjuti di SP4N-LAPOR!</li>",
        "24 JP",
        "Workshop",
        "Pelayanan Publik",
        "Gedung Diklat BKPSDM",
    ):
        assert about < html.index(fact) < html.index('id="eligible-units"'), fact
    # the instructor is named once however many sessions they teach
    instructors = re.search(r'id="about-instructors">(.*?)</dd>', html, re.S)
    assert instructors is not None and instructors.group(1).strip() == "Dr. Endang Susilowati"
    # the prerequisite the participant may open is linked; a retired course is not shown at all
    prereqs = re.search(r'id="about-prerequisites">(.*?)</dd>', html, re.S)
    assert prereqs is not None
    basics = klass.course.prerequisites.get(title="Dasar Pelayanan")
    assert reverse("training:course_detail", args=[basics.pk]) in prereqs.group(1)
    assert "Kursus Lama" not in prereqs.group(1)
    # the eligible units collapse behind a summary that counts them
    assert re.search(r'<details class="eligible-units" id="eligible-units"><summary>Open to 2 units</summary>', html)
    # the course title links to the course
    link = reverse("training:course_detail", args=[klass.course_id])
    assert f'<a href="{link}" id="course-link">Penanganan Pengaduan</a>' in html
    course_page = client_as_en(world.users["participant"]).get(link)
    assert course_page.status_code == 200
    assert "<li>Menindaklanjuti di SP4N-LAPOR!</li>" in course_page.content.decode()


def test_course_objectives_are_kept_by_the_form_and_the_api(world, client_as, api_as):
    course = CourseFactory(pemda=world.pemda, title="Integritas", code="INT-1")
    admin = client_as(world.users["admin"])
    form = admin.get(reverse("training:course_edit", args=[course.pk]))
    assert 'name="objectives"' in form.content.decode()
    api = api_as(world.users["admin"])
    response = api.patch(
        f"/api/v1/courses/{course.pk}", {"objectives": "Menolak gratifikasi"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["objectives"] == "Menolak gratifikasi"
    course.refresh_from_db()
    assert course.objective_list == ["Menolak gratifikasi"]


def test_my_learning_links_every_class_session_nomination_credit_and_certificate(world, klass, client_as):
    me = world.employees["kel_a1_staff"]
    enrolled = EnrolmentFactory(klass=klass, employee=me)
    nominated_class = TrainingClassFactory(course=klass.course, code="ADU-2")
    EnrolmentFactory(klass=nominated_class, employee=me, status=EnrolmentStatus.NOMINATED)
    done_class = TrainingClassFactory(course=klass.course, code="ADU-0", status="completed")
    done = EnrolmentFactory(klass=done_class, employee=me, status=EnrolmentStatus.COMPLETED)
    JpCredit.objects.create(
        pemda=world.pemda, employee=me, year=klass.starts_on.year, jp=24, source=JpSource.CLASS,
        enrolment=done, title="Penanganan Pengaduan", credited_on=klass.starts_on,
    )  # fmt: skip
    html = client_as(world.users["participant"]).get(reverse("training:my_learning")).content.decode()
    for k in (klass, nominated_class, done_class):
        assert f'href="{reverse("training:class_detail", args=[k.pk])}"' in html, k.code
    session = klass.sessions.order_by("starts_at").first()
    assert f'href="{reverse("training:class_detail", args=[klass.pk])}#session-{session.pk}"' in html
    assert enrolled.pk  # enrolled in the class whose sessions are listed
    page = client_as(world.users["participant"]).get(reverse("training:class_detail", args=[klass.pk]))
    assert f'id="session-{session.pk}"' in page.content.decode()
