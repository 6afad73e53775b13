"""Catalogue pages: published programmes for everyone in the Pemda, drafts and edits for the admin."""

from __future__ import annotations

from bina.competencies.factories import CompetencyFactory
from bina.training.catalogue.models import Course, CourseCompetency, Programme, ProgrammeStatus
from bina.training.classes.models import ClassStatus
from bina.training.factories import CourseFactory, ProgrammeFactory, TrainingClassFactory


def test_catalogue_lists_programmes_with_counts(world, client_as, django_assert_max_num_queries):
    programme = ProgrammeFactory(pemda=world.pemda, name="Pelayanan Prima 2026")
    for _ in range(3):
        TrainingClassFactory(course=CourseFactory(pemda=world.pemda, programme=programme))
    ProgrammeFactory(pemda=world.pemda, name="Budaya Kerja 2026", goals=["work_culture"])
    client = client_as(world.users["participant"])
    # The layout (session, roles, nav, notification badge) takes about 8; the list itself 3, whatever its size.
    with django_assert_max_num_queries(14):
        response = client.get("/training/?year=2026")
    assert response.status_code == 200
    rows = {p.name: (p.course_count, p.class_count) for p in response.context["page_obj"]}
    assert rows == {"Pelayanan Prima 2026": (3, 3), "Budaya Kerja 2026": (0, 0)}
    filtered = client.get("/training/?year=2026&goal=work_culture")
    assert [p.name for p in filtered.context["page_obj"]] == ["Budaya Kerja 2026"]


def test_drafts_are_admin_only(world, client_as):
    draft = ProgrammeFactory(pemda=world.pemda, name="Draf", status=ProgrammeStatus.DRAFT)
    participant = client_as(world.users["participant"])
    assert "Draf" not in participant.get("/training/?year=2026").content.decode()
    assert participant.get(f"/training/programmes/{draft.pk}/").status_code == 404
    assert client_as(world.users["admin"]).get(f"/training/programmes/{draft.pk}/").status_code == 200


def test_other_pemda_programme_and_course_404(world, other_world, client_as):
    programme = ProgrammeFactory(pemda=other_world.pemda)
    course = CourseFactory(pemda=other_world.pemda)
    client = client_as(world.users["admin"])
    assert client.get(f"/training/programmes/{programme.pk}/").status_code == 404
    assert client.get(f"/training/programmes/{programme.pk}/edit/").status_code == 404
    assert client.get(f"/training/courses/{course.pk}/").status_code == 404
    assert client.get(f"/training/courses/{course.pk}/edit/").status_code == 404


def test_non_admin_cannot_open_forms(world, client_as):
    client = client_as(world.users["operator"])
    assert client.get("/training/programmes/new/").status_code == 403
    assert client.get("/training/courses/new/").status_code == 403


def test_admin_creates_programme_through_form(world, client_as):
    client = client_as(world.users["admin"])
    response = client.post(
        "/training/programmes/new/",
        {
            "name": "Pembinaan ASN 2027 — Pelayanan Prima",
            "year": "2027",
            "goals": ["service_quality", "professionalism"],
            "starts_on": "2027-02-01",
            "ends_on": "2027-11-30",
            "budget": "100000000",
            "target_units": [world.units["dinas"].pk],
            "target_position_kinds": ["pelaksana"],
        },
    )
    programme = Programme.objects.get(pemda=world.pemda, year=2027)
    assert response.status_code == 302 and response["Location"] == f"/training/programmes/{programme.pk}/"
    assert programme.goals == ["service_quality", "professionalism"]
    bad = client.post(
        "/training/programmes/new/",
        {"name": "X", "year": "2027", "starts_on": "2026-12-01", "ends_on": "2027-01-31", "budget": "0"},
    )
    assert bad.status_code == 422
    client.post(f"/training/programmes/{programme.pk}/status/", {"status": "active"})
    programme.refresh_from_db()
    assert programme.status == "active"


def test_admin_creates_course_with_competency_targets(world, client_as):
    comp = CompetencyFactory(pemda=world.pemda)
    prereq = CourseFactory(pemda=world.pemda)
    client = client_as(world.users["admin"])
    assert client.get("/training/courses/new/").status_code == 200
    response = client.post(
        "/training/courses/new/",
        {
            "code": "PP-01",
            "title": "Pelayanan Prima",
            "method": "mentoring",
            "delivery_mode": "blended",
            "training_type": "teknis",
            "jp": "8",
            "min_attendance_pct": "80",
            "has_post_test": "on",
            "min_post_test_score": "70",
            "prerequisites": [prereq.pk],
            f"competency_{comp.pk}": "3",
            "is_active": "on",
        },
    )
    course = Course.objects.get(code="PP-01")
    assert response.status_code == 302
    assert course.learning_path == "nonklasikal"
    assert CourseCompetency.objects.get(course=course).target_level == 3
    missing_score = client.post(
        f"/training/courses/{course.pk}/edit/",
        {"code": "PP-01", "title": "T", "method": "workshop", "delivery_mode": "daring", "training_type": "teknis",
         "jp": "8", "min_attendance_pct": "80", "has_post_test": "on"},
    )  # fmt: skip
    assert missing_score.status_code == 422


def test_course_detail_lists_visible_classes(world, client_as):
    comp = CompetencyFactory(pemda=world.pemda, name="Pelayanan Adminduk")
    course = CourseFactory(pemda=world.pemda)
    CourseCompetency.objects.create(course=course, competency=comp, target_level=2)
    open_class = TrainingClassFactory(course=course, code="K-OPEN")
    TrainingClassFactory(course=course, code="K-DRAFT", status=ClassStatus.DRAFT)
    html = client_as(world.users["participant"]).get(f"/training/courses/{course.pk}/").content.decode()
    assert "Pelayanan Adminduk" in html
    assert f"/training/classes/{open_class.pk}/" in html
    assert "K-DRAFT" not in html


def test_course_list_filters_and_htmx_partial(world, client_as, django_assert_max_num_queries):
    comp = CompetencyFactory(pemda=world.pemda)
    workshop = CourseFactory(pemda=world.pemda, title="Lokakarya")
    coaching = CourseFactory(pemda=world.pemda, title="Coaching", method="coaching", learning_path="nonklasikal")
    CourseCompetency.objects.create(course=coaching, competency=comp, target_level=2)
    client = client_as(world.users["participant"])
    with django_assert_max_num_queries(14):
        response = client.get("/training/courses/")
    assert {c.pk for c in response.context["page_obj"]} == {workshop.pk, coaching.pk}
    assert [c.pk for c in client.get("/training/courses/?learning_path=nonklasikal").context["page_obj"]] == [
        coaching.pk
    ]
    assert [c.pk for c in client.get(f"/training/courses/?competency={comp.pk}").context["page_obj"]] == [coaching.pk]
    partial = client.get("/training/courses/?method=workshop", headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and "Lokakarya" in partial.content.decode()


def test_admin_edit_forms_prefilled(world, client_as):
    programme = ProgrammeFactory(pemda=world.pemda, name="Integritas 2026")
    course = CourseFactory(pemda=world.pemda, programme=programme, title="Etika ASN")
    client = client_as(world.users["admin"])
    assert 'value="Integritas 2026"' in client.get(f"/training/programmes/{programme.pk}/edit/").content.decode()
    assert 'value="Etika ASN"' in client.get(f"/training/courses/{course.pk}/edit/").content.decode()
    assert client.get(f"/training/courses/new/?programme={programme.pk}").status_code == 200


def test_list_queries_do_not_grow_with_data(world, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(world.users["participant"])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    programme = ProgrammeFactory(pemda=world.pemda)
    TrainingClassFactory(course=CourseFactory(pemda=world.pemda, programme=programme))
    small = (count("/training/?year=2026"), count("/training/courses/"))
    for _ in range(5):
        other = ProgrammeFactory(pemda=world.pemda)
        TrainingClassFactory(course=CourseFactory(pemda=world.pemda, programme=other))
    assert (count("/training/?year=2026"), count("/training/courses/")) == small
