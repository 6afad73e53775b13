"""Attendance pages through the real stack: QR, check-in, marking, matrix, scores, completion, panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.partners.factories import InstructorFactory
from bina.training.attendance.models import Attendance
from bina.training.attendance.services import session_qr_code
from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory


@pytest.fixture
def live(world):
    """A running class with a session happening now, taught by the instructor persona."""
    klass = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.RUNNING)
    instructor = InstructorFactory(pemda=world.pemda, user=world.users["instructor"])
    now = timezone.now()
    session = SessionFactory(
        klass=klass, instructor=instructor, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2)
    )
    mine = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    other = EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"])
    return klass, session, mine, other


def test_instructor_sees_qr_page_with_svg_and_code(world, live, client_as):
    _, session, _, _ = live
    r = client_as(world.users["instructor"]).get(reverse("training:session_qr", args=[session.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "<svg" in html and session_qr_code(session) in html
    assert 'hx-trigger="every 10s"' in html
    assert r["Cache-Control"].startswith("max-age=0") or "no-cache" in r["Cache-Control"]


def test_qr_htmx_poll_returns_only_the_box(world, live, client_as):
    _, session, _, _ = live
    r = client_as(world.users["admin"]).get(
        reverse("training:session_qr", args=[session.pk]), headers={"HX-Request": "true"}
    )
    assert r.status_code == 200
    assert b"<html" not in r.content and b"<svg" in r.content


@pytest.mark.parametrize("persona", ["participant", "operator", "leader"])
def test_qr_page_refused_to_non_instructors(world, live, client_as, persona):
    r = client_as(world.users[persona]).get(reverse("training:session_qr", args=[live[1].pk]))
    assert r.status_code == 403


def test_other_pemda_gets_404_everywhere(other_world, live, client_as):
    klass, session, _, _ = live
    c = client_as(other_world.users["admin"])
    for url in (
        reverse("training:session_qr", args=[session.pk]),
        reverse("training:session_attendance", args=[session.pk]),
        reverse("training:checkin", args=[session.pk, "ABCDEF"]),
        reverse("training:class_attendance", args=[klass.pk]),
        reverse("training:class_scores", args=[klass.pk]),
        reverse("training:class_panel_page", args=[klass.pk]),
    ):
        assert c.get(url).status_code == 404, url


def test_participant_checks_in_by_opening_the_qr_url(world, live, client_as_en):
    _, session, mine, _ = live
    url = reverse("training:checkin", args=[session.pk, session_qr_code(session)])
    r = client_as_en(world.users["participant"]).get(url)
    assert r.status_code == 200
    assert b'data-result="present"' in r.content
    att = Attendance.objects.get(enrolment=mine)
    assert att.status == "present" and att.method == "qr"
    mine.refresh_from_db()
    assert mine.attendance_pct == 100


def test_checkin_with_expired_code_shows_refusal(world, live, client_as_en):
    _, session, _, _ = live
    old = session_qr_code(session, timezone.now() - timedelta(minutes=3))
    r = client_as_en(world.users["participant"]).get(reverse("training:checkin", args=[session.pk, old]))
    assert r.status_code == 422
    assert b'data-result="refused"' in r.content and b"current code" in r.content
    assert not Attendance.objects.exists()


def test_checkin_requires_login_and_comes_back(live, client):
    session = live[1]
    url = reverse("training:checkin", args=[session.pk, "ABCDEF"])
    r = client.get(url)
    assert r.status_code == 302 and "next=" in r["Location"] and str(session.pk) in r["Location"]


def test_not_enrolled_user_is_refused_at_checkin(world, live, client_as):
    _, session, _, _ = live
    r = client_as(world.users["supervisor"]).get(
        reverse("training:checkin", args=[session.pk, session_qr_code(session)])
    )
    assert r.status_code == 422 and not Attendance.objects.exists()


def test_instructor_marks_the_whole_list_in_one_post(world, live, client_as):
    _, session, mine, other = live
    c = client_as(world.users["instructor"])
    url = reverse("training:session_attendance", args=[session.pk])
    r = c.get(url)
    assert r.status_code == 200 and mine.employee.name.encode() in r.content
    r = c.post(url, {f"status_{mine.pk}": "late", f"status_{other.pk}": "excused", f"note_{other.pk}": "Sakit"})
    assert r.status_code == 302
    marks = dict(Attendance.objects.values_list("enrolment_id", "status"))
    assert marks == {mine.pk: "late", other.pk: "excused"}


def test_mark_all_present_prefills_without_saving(world, live, client_as):
    _, session, mine, other = live
    r = client_as(world.users["admin"]).get(reverse("training:session_attendance", args=[session.pk]) + "?fill=present")
    assert r.status_code == 200
    form = r.context["form"]
    assert form.initial[f"status_{mine.pk}"] == "present" and form.initial[f"status_{other.pk}"] == "present"
    assert not Attendance.objects.exists()


def test_bad_status_in_post_answers_422(world, live, client_as):
    _, session, mine, _ = live
    r = client_as(world.users["admin"]).post(
        reverse("training:session_attendance", args=[session.pk]), {f"status_{mine.pk}": "gone"}
    )
    assert r.status_code == 422 and not Attendance.objects.exists()


def test_instructor_of_another_class_cannot_mark(world, live, client_as):
    other_class = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.RUNNING)
    s = SessionFactory(klass=other_class)
    r = client_as(world.users["instructor"]).get(reverse("training:session_attendance", args=[s.pk]))
    assert r.status_code in (403, 404)


def test_class_matrix_shows_marks_and_pct(world, live, client_as, django_assert_max_num_queries):
    klass, session, mine, _other = live
    SessionFactory(
        klass=klass, starts_at=session.starts_at + timedelta(days=1), ends_at=session.ends_at + timedelta(days=1)
    )
    c = client_as(world.users["admin"])
    c.post(reverse("training:session_attendance", args=[session.pk]), {f"status_{mine.pk}": "present"})
    for _i in range(10):
        from bina.people.factories import EmployeeFactory

        EnrolmentFactory(klass=klass, employee=EmployeeFactory(unit=world.units["kel_b1"]))
    with django_assert_max_num_queries(14):
        r = c.get(reverse("training:class_attendance", args=[klass.pk]))
    assert r.status_code == 200
    assert b"50" in r.content and mine.employee.name.encode() in r.content


def test_participant_cannot_see_class_matrix(world, live, client_as):
    r = client_as(world.users["participant"]).get(reverse("training:class_attendance", args=[live[0].pk]))
    assert r.status_code == 403


def test_admin_enters_scores_in_one_page(world, live, client_as):
    klass, _, mine, other = live
    c = client_as(world.users["admin"])
    url = reverse("training:class_scores", args=[klass.pk])
    assert c.get(url).status_code == 200
    r = c.post(url, {f"score_{mine.pk}": "88.5", f"score_{other.pk}": ""})
    assert r.status_code == 302
    mine.refresh_from_db()
    assert str(mine.post_test_score) == "88.50"
    assert c.post(url, {f"score_{mine.pk}": "120"}).status_code == 422
    assert client_as(world.users["instructor"]).get(url).status_code == 403


def test_complete_button_completes_and_issues(world, live, client_as, django_capture_on_commit_callbacks):
    klass, session, mine, other = live
    c = client_as(world.users["admin"])
    c.post(
        reverse("training:session_attendance", args=[session.pk]),
        {f"status_{mine.pk}": "present", f"status_{other.pk}": "absent"},
    )
    url = reverse("training:class_complete", args=[klass.pk])
    preview = c.post(url)  # without `confirm` a POST only shows the preview: no one-click completion
    assert preview.status_code == 200 and b"completion-confirm" in preview.content
    mine.refresh_from_db()
    assert mine.status == EnrolmentStatus.ENROLLED
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(url, {"confirm": "1"})
    assert r.status_code == 302
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == EnrolmentStatus.COMPLETED and other.status == EnrolmentStatus.FAILED
    assert hasattr(mine, "certificate")
    panel = c.get(reverse("training:class_panel_page", args=[klass.pk]))
    assert panel.status_code == 200 and b"batch-" in panel.content


def test_complete_refused_for_instructor(world, live, client_as):
    r = client_as(world.users["instructor"]).post(reverse("training:class_complete", args=[live[0].pk]))
    assert r.status_code == 403
    live[2].refresh_from_db()
    assert live[2].status == EnrolmentStatus.ENROLLED


def test_panel_partial_for_instructor_lists_own_sessions_only(world, live, client_as):
    klass, session, _, _ = live
    r = client_as(world.users["instructor"]).get(
        reverse("training:class_panel_page", args=[klass.pk]), headers={"HX-Request": "true"}
    )
    assert r.status_code == 200 and b"<html" not in r.content
    assert reverse("training:session_qr", args=[session.pk]).encode() in r.content
    assert reverse("training:class_complete", args=[klass.pk]).encode() not in r.content


def test_class_panel_include_renders(world, live, rf):
    from django.template.loader import render_to_string

    html = render_to_string("training/attendance/_class_panel.html", {"klass": live[0], "actor": world.actor("admin")})
    assert reverse("training:class_panel_page", args=[live[0].pk]) in html
