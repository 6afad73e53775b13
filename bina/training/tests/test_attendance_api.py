"""Attendance and completion API: bulk marks, check-in, current QR code, completing a class."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bina.accounts.services import token_create
from bina.certificates.models import Certificate
from bina.partners.factories import InstructorFactory
from bina.training.attendance.models import Attendance
from bina.training.attendance.services import session_qr_code
from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.models import JpCredit
from conftest import token_issuer


def bearer(user):
    return {"Authorization": f"Bearer {token_create(actor=token_issuer(user), user=user)[1]}"}


@pytest.fixture
def live(world):
    klass = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.RUNNING)
    instructor = InstructorFactory(pemda=world.pemda, user=world.users["instructor"])
    now = timezone.now()
    session = SessionFactory(
        klass=klass, instructor=instructor, starts_at=now - timedelta(minutes=20), ends_at=now + timedelta(hours=1)
    )
    mine = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    other = EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"])
    return klass, session, mine, other


def test_instructor_puts_bulk_marks_and_reads_them(world, live, client):
    _, session, mine, other = live
    h = bearer(world.users["instructor"])
    url = f"/api/v1/sessions/{session.pk}/attendance"
    body = {
        "marks": [
            {"enrolment_id": mine.pk, "status": "present"},
            {"enrolment_id": other.pk, "status": "excused", "note": "dinas luar"},
        ]
    }
    r = client.put(url, body, content_type="application/json", headers=h)
    assert r.status_code == 200
    rows = {row["enrolment_id"]: row for row in r.json()}
    assert rows[mine.pk]["status"] == "present" and rows[mine.pk]["attendance_pct"] == 100.0
    assert rows[other.pk]["note"] == "dinas luar" and rows[other.pk]["attendance_pct"] == 0.0
    assert client.get(url, headers=h).json() == r.json()


def test_bulk_marks_validation(world, live, client):
    _, session, mine, _ = live
    h = bearer(world.users["admin"])
    url = f"/api/v1/sessions/{session.pk}/attendance"
    r = client.put(
        url, {"marks": [{"enrolment_id": mine.pk, "status": "gone"}]}, content_type="application/json", headers=h
    )
    assert r.status_code == 422
    r = client.put(
        url, {"marks": [{"enrolment_id": 999999, "status": "present"}]}, content_type="application/json", headers=h
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "not_in_class"
    assert not Attendance.objects.exists()


def test_participant_cannot_mark_or_see_qr(world, live, client):
    _, session, mine, _ = live
    h = bearer(world.users["participant"])
    r = client.put(
        f"/api/v1/sessions/{session.pk}/attendance",
        {"marks": [{"enrolment_id": mine.pk, "status": "present"}]},
        content_type="application/json",
        headers=h,
    )
    assert r.status_code == 403
    assert client.get(f"/api/v1/sessions/{session.pk}/qr", headers=h).status_code == 403


def test_other_pemda_gets_404(other_world, live, client):
    klass, session, _mine, _ = live
    h = bearer(other_world.users["admin"])
    assert client.get(f"/api/v1/sessions/{session.pk}/attendance", headers=h).status_code == 404
    assert client.get(f"/api/v1/sessions/{session.pk}/qr", headers=h).status_code == 404
    assert (
        client.post(f"/api/v1/classes/{klass.pk}/complete", content_type="application/json", headers=h).status_code
        == 404
    )
    r = client.post(
        f"/api/v1/sessions/{session.pk}/check-in",
        {"code": "ABCDEF"},
        content_type="application/json",
        headers=bearer(other_world.users["participant"]),
    )
    assert r.status_code == 404


def test_qr_endpoint_gives_code_and_absolute_url(world, live, client):
    _, session, _, _ = live
    r = client.get(f"/api/v1/sessions/{session.pk}/qr", headers=bearer(world.users["instructor"]))
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == session_qr_code(session)
    assert body["url"] == f"http://testserver/training/checkin/{session.pk}/{body['code']}/"
    assert 0 < body["seconds_left"] <= 60


def test_participant_checks_in_late_via_api(world, live, client):
    _, session, mine, _ = live
    h = bearer(world.users["participant"])
    r = client.post(
        f"/api/v1/sessions/{session.pk}/check-in",
        {"code": session_qr_code(session)},
        content_type="application/json",
        headers=h,
    )
    assert r.status_code == 200 and r.json()["status"] == "late"
    r = client.post(
        f"/api/v1/sessions/{session.pk}/check-in", {"code": "ZZZZZZ"}, content_type="application/json", headers=h
    )
    # already checked in, but a wrong code is still refused (issue 9.4); the first check-in stays
    assert r.status_code == 422 and r.json()["error"]["code"] == "code_expired"
    assert Attendance.objects.get(enrolment=mine).status == "late"
    r = client.post(
        f"/api/v1/sessions/{session.pk}/check-in",
        {"code": session_qr_code(session)},
        content_type="application/json",
        headers=h,
    )
    assert r.status_code == 200 and r.json()["status"] == "late"  # the right code again: idempotent


def test_check_in_with_wrong_code_is_422(world, live, client):
    _, session, _, _ = live
    r = client.post(
        f"/api/v1/sessions/{session.pk}/check-in",
        {"code": "ZZZZZZ"},
        content_type="application/json",
        headers=bearer(world.users["participant"]),
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "code_expired"


def test_admin_completes_class_via_api(world, live, client, django_capture_on_commit_callbacks):
    klass, session, mine, _other = live
    h = bearer(world.users["admin"])
    client.put(
        f"/api/v1/sessions/{session.pk}/attendance",
        {"marks": [{"enrolment_id": mine.pk, "status": "present"}]},
        content_type="application/json",
        headers=h,
    )
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/api/v1/classes/{klass.pk}/complete", content_type="application/json", headers=h)
    assert r.status_code == 200
    body = r.json()
    assert (body["completed"], body["failed"], body["credited"]) == (1, 1, 1) and body["certificate_batch_id"]
    mine.refresh_from_db()
    assert mine.status == EnrolmentStatus.COMPLETED
    assert JpCredit.objects.get().enrolment_id == mine.pk
    assert Certificate.objects.get().enrolment_id == mine.pk
    assert client.post(
        f"/api/v1/classes/{klass.pk}/complete",
        content_type="application/json",
        headers=bearer(world.users["instructor"]),
    ).status_code in (403, 404)


def test_completing_an_open_class_is_409(world, client):
    klass = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.OPEN)
    r = client.post(
        f"/api/v1/classes/{klass.pk}/complete", content_type="application/json", headers=bearer(world.users["admin"])
    )
    assert r.status_code == 409


def test_openapi_documents_attendance_endpoints(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "put"} <= set(paths["/api/v1/sessions/{session_id}/attendance"])
    assert "post" in paths["/api/v1/sessions/{session_id}/check-in"]
    assert "get" in paths["/api/v1/sessions/{session_id}/qr"]
    assert "post" in paths["/api/v1/classes/{class_id}/complete"]
