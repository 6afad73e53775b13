"""Issue 9, points 3 and 4: htmx outcomes stay where the action happened; the registration window and the
check-in code are refused where they must be, on the page and in the API alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.core.dates import format_date
from bina.core.errors import Conflict, ValidationFailed
from bina.training.attendance.models import Attendance
from bina.training.attendance.services import attendance_check_in, session_qr_code
from bina.training.classes.enrolment import enrolment_request
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory


@pytest.fixture
def klass(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda, title="Pelayanan Prima"), code="PP-9", capacity=5)
    SessionFactory(klass=k, topic="Standar Pelayanan")
    return k


# --- point 3: no queued message from an htmx action ------------------------------------------


def _queued(client) -> list[str]:
    """What a later full page would show: the messages still queued in the session."""
    page = client.get(reverse("training:classes")).content.decode()
    return [line for line in page.splitlines() if 'class="msg ' in line]


def test_htmx_enrol_and_withdraw_show_the_outcome_in_the_fragment_and_queue_nothing(world, klass, client_as_en):
    client = client_as_en(world.users["participant"])
    enrolled = client.post(reverse("training:class_enrol", args=[klass.pk]), HTTP_HX_REQUEST="true")
    assert enrolled.status_code == 200
    assert 'class="msg msg-success"' in enrolled.content.decode()
    assert "Your request was recorded: Enrolled." in enrolled.content.decode()
    assert _queued(client) == []
    e = Enrolment.objects.get(klass=klass, employee=world.employees["kel_a1_staff"])
    # withdrawing asks first (a page, not an htmx swap), then lands back on the class page with the outcome
    out = client.post(reverse("training:enrolment_withdraw", args=[e.pk]), {"reason": "Sakit", "confirmed": "yes"})
    assert out.status_code == 302 and out["Location"] == reverse("training:class_detail", args=[klass.pk])
    body = client.get(out["Location"]).content.decode()
    # losing one's seat is not a success: the warning colour, on the page where it happened
    assert 'class="msg msg-warning"' in body and "Withdrawn" in body and "msg-success" not in body
    assert _queued(client) == []


def test_htmx_accept_and_decline_queue_nothing(world, klass, client_as_en):
    me = world.employees["kel_a1_staff"]
    e = EnrolmentFactory(klass=klass, employee=me, status=EnrolmentStatus.NOMINATED, source="nomination")
    client = client_as_en(world.users["participant"])
    accepted = client.post(reverse("training:enrolment_accept", args=[e.pk]), HTTP_HX_REQUEST="true")
    assert accepted.status_code == 200 and "msg-success" in accepted.content.decode()
    assert _queued(client) == []
    other = TrainingClassFactory(course=klass.course, code="PP-10")
    SessionFactory(klass=other, starts_at=timezone.now() + timedelta(days=90))
    n = EnrolmentFactory(klass=other, employee=me, status=EnrolmentStatus.NOMINATED, source="nomination")
    declined = client.post(
        reverse("training:enrolment_decline", args=[n.pk]), {"reason": "Cuti"}, HTTP_HX_REQUEST="true"
    )
    assert declined.status_code == 200 and "msg-warning" in declined.content.decode()
    assert _queued(client) == []


def test_without_htmx_the_message_waits_for_the_page_the_redirect_leads_to(world, klass, client_as_en):
    client = client_as_en(world.users["participant"])
    response = client.post(reverse("training:class_enrol", args=[klass.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Your request was recorded: Enrolled." in page
    assert _queued(client) == []  # shown once, then gone


def test_htmx_refusal_is_an_error_in_the_fragment_and_queues_nothing(world, klass, client_as_en):
    client = client_as_en(world.users["participant"])
    client.post(reverse("training:class_enrol", args=[klass.pk]), HTTP_HX_REQUEST="true")
    again = client.post(reverse("training:class_enrol", args=[klass.pk]), HTTP_HX_REQUEST="true")
    assert again.status_code == 409 and "already has a place" in again.content.decode()
    assert _queued(client) == []


# --- point 4: the registration window ---------------------------------------------------------


def _not_yet_open(klass):
    klass.registration_opens_at = timezone.now() + timedelta(days=13)
    klass.save()
    return timezone.localtime(klass.registration_opens_at)


def test_class_before_its_window_says_when_it_opens_and_offers_no_daftar(world, klass, client_as):
    opens = _not_yet_open(klass)
    page = client_as(world.users["participant"]).get(reverse("training:class_detail", args=[klass.pk]))
    body = page.content.decode()
    day = format_date(opens.date(), "MONTH_DAY_FORMAT" if opens.year == timezone.localdate().year else "DATE_FORMAT")
    assert f"Pendaftaran dibuka {day}." in body
    assert reverse("training:class_enrol", args=[klass.pk]) not in body  # no Daftar button
    # the service refuses with the same rule, and nothing is written
    with pytest.raises(Conflict) as refused:
        enrolment_request(
            actor=world.actor("participant"), klass=klass, employee=world.employees["kel_a1_staff"], source="self"
        )
    assert refused.value.code == "registration_not_open"
    assert not Enrolment.objects.filter(klass=klass).exists()


def test_api_agrees_with_the_page_on_the_window(world, klass, client_as):
    _not_yet_open(klass)
    client = client_as(world.users["participant"])
    detail = client.get(f"/api/v1/classes/{klass.pk}").json()
    assert "enrol" not in detail["allowed_actions"]
    klass.registration_opens_at = timezone.now() - timedelta(days=1)
    klass.save()
    assert "enrol" in client.get(f"/api/v1/classes/{klass.pk}").json()["allowed_actions"]


def test_nomination_respects_the_window_but_assignment_does_not(world, klass):
    _not_yet_open(klass)
    with pytest.raises(Conflict) as refused:
        enrolment_request(
            actor=world.actor("supervisor"), klass=klass, employee=world.employees["staff_bidang"], source="nomination"
        )
    assert refused.value.code in {"registration_not_open"}
    e = enrolment_request(
        actor=world.actor("admin"), klass=klass, employee=world.employees["kel_a1_staff"], source="assignment"
    )
    assert e.status == "enrolled"


# --- point 4: a wrong check-in code ------------------------------------------------------------


@pytest.fixture
def live(world):
    klass = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.RUNNING)
    now = timezone.now()
    session = SessionFactory(klass=klass, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2))
    EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    return session


def test_wrong_code_is_refused_even_when_already_checked_in(world, live):
    actor = world.actor("participant")
    first = attendance_check_in(actor=actor, session=live, code=session_qr_code(live))
    with pytest.raises(ValidationFailed) as refused:
        attendance_check_in(actor=actor, session=live, code="WRONG1")
    assert refused.value.code == "code_expired"
    assert Attendance.objects.get(pk=first.pk).checked_in_at == first.checked_in_at
    # the right code again keeps the first check-in
    assert attendance_check_in(actor=actor, session=live, code=session_qr_code(live)).pk == first.pk


def test_wrong_code_page_after_check_in_says_refused(world, live, client_as_en):
    client = client_as_en(world.users["participant"])
    ok = client.get(reverse("training:checkin", args=[live.pk, session_qr_code(live)]))
    assert ok.status_code == 200 and 'data-result="present"' in ok.content.decode()
    wrong = client.get(reverse("training:checkin", args=[live.pk, "WRONG1"]))
    assert wrong.status_code == 422 and 'data-result="refused"' in wrong.content.decode()


# --- point 10: projector view and manual code entry -------------------------------------------


def test_projector_has_no_navigation_and_polls_the_live_count(world, live, client_as):
    from bina.partners.factories import InstructorFactory

    live.instructor = InstructorFactory(pemda=world.pemda, user=world.users["instructor"])
    live.save()
    client = client_as(world.users["instructor"])
    page = client.get(reverse("training:session_projector", args=[live.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<nav" not in body and 'class="topbar"' not in body
    assert session_qr_code(live) in body and "<svg" in body
    assert 'hx-trigger="every 5s"' in body and "<script>" not in body  # CSP: no inline script
    assert reverse("training:checkin_manual", args=[live.pk]) in body
    poll = client.get(reverse("training:session_projector", args=[live.pk]), headers={"HX-Request": "true"})
    assert b"<html" not in poll.content and b'data-testid="projector-count"' in poll.content
    assert "0</strong> / 1" in poll.content.decode()


@pytest.mark.parametrize("persona", ["participant", "leader", "operator"])
def test_projector_is_for_the_instructor_and_admin_only(world, live, client_as, persona):
    assert client_as(world.users[persona]).get(reverse("training:session_projector", args=[live.pk])).status_code == 403


def test_other_pemda_gets_404_for_projector_and_manual_entry(other_world, live, client_as):
    client = client_as(other_world.users["admin"])
    assert client.get(reverse("training:session_projector", args=[live.pk])).status_code == 404
    assert client.post(reverse("training:checkin_manual", args=[live.pk]), {"code": "ABCDEF"}).status_code == 404


def test_manual_entry_checks_in_with_the_typed_code_and_refuses_a_wrong_one(world, live, client_as_en):
    client = client_as_en(world.users["participant"])
    url = reverse("training:checkin_manual", args=[live.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'name="code"' in form.content.decode()
    wrong = client.post(url, {"code": "ZZZZZZ"})
    assert wrong.status_code == 422 and 'data-result="refused"' in wrong.content.decode()
    assert not Attendance.objects.exists()
    assert client.post(url, {"code": ""}).status_code == 422
    code = session_qr_code(live)
    ok = client.post(url, {"code": f" {code[:3].lower()} {code[3:]} "})
    assert ok.status_code == 200 and 'data-result="present"' in ok.content.decode()
    first = Attendance.objects.get()
    again_wrong = client.post(url, {"code": "ZZZZZZ"})
    assert again_wrong.status_code == 422 and 'data-result="refused"' in again_wrong.content.decode()
    assert Attendance.objects.get().checked_in_at == first.checked_in_at


def test_no_view_that_answers_htmx_queues_a_django_message():
    """Structural guard for point 3: a view function that looks at `request.htmx` (or calls a helper that does)
    tells outcomes through `bina.core.notices.action_notice`, never `django.contrib.messages`."""
    import ast
    from pathlib import Path

    offenders = []
    for path in Path("bina").rglob("views.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}

        def uses_htmx(fn: ast.FunctionDef, seen: frozenset[str] = frozenset(), functions: dict = functions) -> bool:
            for node in ast.walk(fn):
                if isinstance(node, ast.Attribute) and node.attr == "htmx":
                    return True
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    callee = functions.get(node.func.id)
                    if callee is not None and callee.name not in seen and uses_htmx(callee, seen | {fn.name}):
                        return True
            return False

        for fn in functions.values():
            calls_messages = any(
                isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "messages"
                for n in ast.walk(fn)
            )
            if calls_messages and uses_htmx(fn):
                offenders.append(f"{path}:{fn.name}")
    assert offenders == []
