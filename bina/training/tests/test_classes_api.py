"""Class, session and enrolment API: real HTTP through ninja with bearer tokens; scoping and error shapes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bina.accounts.services import token_create
from bina.partners.factories import InstructorFactory
from bina.training.classes.models import Enrolment
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory
from conftest import token_issuer


@pytest.fixture
def api(client):
    def call(user, method, path, body=None):
        _, token = token_create(actor=token_issuer(user), user=user)
        return getattr(client, method)(
            f"/api/v1{path}",
            body or {},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_ACCEPT_LANGUAGE="en",  # messages are asserted in English
        )

    return call


@pytest.fixture
def klass(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), code="API-1", capacity=1)
    SessionFactory(klass=k)
    return k


def test_admin_creates_plans_and_opens_a_class(world, api):
    course = CourseFactory(pemda=world.pemda)
    start = timezone.localdate() + timedelta(days=14)
    admin = world.users["admin"]
    created = api(admin, "post", "/classes", {
        "course_id": course.pk, "code": "API-NEW", "name": "Angkatan I", "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=1)).isoformat(), "capacity": 20, "eligible_units": [world.units["dinas"].code],
        "quotas": {world.units["bidang"].code: 5},
    })  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["eligible_units"] == [world.units["dinas"].code]
    assert body["quotas"] == [{"unit": world.units["bidang"].code, "seats": 5}]
    cid = body["id"]
    refused = api(admin, "post", f"/classes/{cid}/open")
    assert refused.status_code == 409 and "session" in refused.json()["error"]["message"]
    teacher = InstructorFactory(pemda=world.pemda)
    s = api(admin, "post", f"/classes/{cid}/sessions", {
        "starts_at": f"{start.isoformat()}T08:00:00+07:00", "ends_at": f"{start.isoformat()}T12:00:00+07:00",
        "topic": "Pembukaan", "instructor_id": teacher.pk,
    })  # fmt: skip
    assert s.status_code == 201, s.content
    assert s.json()["instructor"] == teacher.name
    assert api(admin, "post", f"/classes/{cid}/open").json()["status"] == "open"
    patched = api(admin, "patch", f"/classes/{cid}", {"capacity": 25})
    assert patched.status_code == 200 and patched.json()["capacity"] == 25
    sid = s.json()["id"]
    assert (
        api(admin, "patch", f"/sessions/{sid}", {"topic": "Pembukaan dan orientasi"})
        .json()["topic"]
        .startswith("Pembukaan dan")
    )
    assert api(admin, "get", f"/classes/{cid}/sessions").json()[0]["id"] == sid


def test_participant_self_registers_then_next_person_is_waitlisted(world, klass, api):
    first = api(world.users["participant"], "post", f"/classes/{klass.pk}/enrolments")
    assert first.status_code == 201 and first.json()["status"] == "enrolled"
    second = api(world.users["supervisor"], "post", f"/classes/{klass.pk}/enrolments")
    assert second.status_code == 201 and second.json()["status"] == "waitlisted"
    dup = api(world.users["participant"], "post", f"/classes/{klass.pk}/enrolments")
    assert dup.status_code == 409 and dup.json()["error"]["code"] == "already_enrolled"
    # withdrawal promotes the waitlisted supervisor
    eid = first.json()["id"]
    assert (
        api(world.users["participant"], "post", f"/enrolments/{eid}/withdraw", {"reason": "Sakit"}).status_code == 200
    )
    assert api(world.users["supervisor"], "get", f"/enrolments/{second.json()['id']}").json()["status"] == "enrolled"


def test_a_post_without_any_body_registers_the_caller(world, klass, client):
    """Issue 8.11: the docs say "omit the body to register yourself"; no body at all, no content type."""
    user = world.users["participant"]
    _, token = token_create(actor=token_issuer(user), user=user)
    r = client.generic("POST", f"/api/v1/classes/{klass.pk}/enrolments", b"", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "enrolled" and r.json()["employee"]["nip"] == world.employees["kel_a1_staff"].nip


def test_with_nip_supervisor_nominates_and_admin_assigns(world, klass, api):
    klass.capacity = 5
    klass.save()
    nominated = api(world.users["supervisor"], "post", f"/classes/{klass.pk}/enrolments",
                    {"nip": world.employees["staff_bidang"].nip})  # fmt: skip
    assert nominated.status_code == 201 and nominated.json()["status"] == "nominated"
    assigned = api(world.users["admin"], "post", f"/classes/{klass.pk}/enrolments",
                   {"nip": world.employees["kel_b1_staff"].nip})  # fmt: skip
    assert assigned.json()["status"] == "enrolled"
    assert Enrolment.objects.get(pk=assigned.json()["id"]).source == "assignment"
    outside = api(world.users["supervisor"], "post", f"/classes/{klass.pk}/enrolments",
                  {"nip": world.employees["kel_b1_staff"].nip})  # fmt: skip
    assert outside.status_code == 422 and outside.json()["error"]["details"][0]["field"] == "nip"


def test_approval_flow_and_no_show_through_the_api(world, klass, api):
    klass.requires_approval = True
    klass.save()
    pending = api(world.users["participant"], "post", f"/classes/{klass.pk}/enrolments").json()
    assert pending["status"] == "pending"
    assert api(world.users["participant"], "post", f"/enrolments/{pending['id']}/approve").status_code == 403
    approved = api(world.users["admin"], "post", f"/enrolments/{pending['id']}/approve")
    assert approved.json()["status"] == "enrolled"
    early = api(world.users["admin"], "post", f"/enrolments/{pending['id']}/no-show", {"reason": "Absen"})
    assert early.status_code == 409
    api(world.users["admin"], "post", f"/classes/{klass.pk}/start")
    odd = {"reason": "Absen", "category": "weather"}
    assert api(world.users["admin"], "post", f"/enrolments/{pending['id']}/no-show", odd).status_code == 422
    late = api(
        world.users["admin"], "post", f"/enrolments/{pending['id']}/no-show", {"reason": "Absen", "category": "health"}
    )
    assert late.json()["status"] == "no_show" and late.json()["reason_category"] == "health"


def test_cancel_needs_a_reason(world, klass, api):
    assert api(world.users["admin"], "post", f"/classes/{klass.pk}/cancel", {"reason": ""}).status_code == 422
    ok = api(world.users["admin"], "post", f"/classes/{klass.pk}/cancel", {"reason": "Banjir"})
    assert ok.json()["status"] == "cancelled"


def test_list_filters_and_paginates(world, klass, api):
    TrainingClassFactory(course=klass.course, code="API-2", status="draft")
    listed = api(world.users["participant"], "get", "/classes").json()
    assert [c["code"] for c in listed["items"]] == ["API-1"] and listed["count"] == 1
    admin_list = api(world.users["admin"], "get", "/classes?status=draft").json()
    assert [c["code"] for c in admin_list["items"]] == ["API-2"]


def test_other_pemda_sees_nothing(world, other_world, klass, api):
    e = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    other = other_world.users["admin"]
    assert api(other, "get", f"/classes/{klass.pk}").status_code == 404
    assert (
        api(other, "post", f"/classes/{klass.pk}/enrolments", {"nip": world.employees["camat_a"].nip}).status_code
        == 404
    )
    assert api(other, "get", f"/enrolments/{e.pk}").status_code == 404
    assert api(other, "get", "/classes").json()["count"] == 0


def test_participants_list_is_scoped_for_non_admins(world, klass, api):
    EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    EnrolmentFactory(klass=klass, employee=world.employees["kel_b1_staff"], status="waitlisted")
    # A participant reads their own place in the class detail (`my_enrolment`), not the participant list:
    # 403, as on the page and the downloads (issue 7, point 1).
    mine = api(world.users["participant"], "get", f"/classes/{klass.pk}/enrolments")
    assert mine.status_code == 403 and mine.json()["error"]["code"] == "permission_denied"
    everyone = api(world.users["admin"], "get", f"/classes/{klass.pk}/enrolments").json()
    assert everyone["count"] == 2


def test_non_admin_cannot_change_a_class(world, klass, api):
    assert api(world.users["operator"], "patch", f"/classes/{klass.pk}", {"name": "X"}).status_code == 403
    assert api(world.users["participant"], "post", f"/classes/{klass.pk}/start").status_code == 403


def test_self_registration_reads_only_what_it_needs(world, klass, client):
    """Issue 8.1 (enrolment rush): registering oneself builds no employee reach (no "whom do I supervise?"
    query) and a class without a clash reads no session details: 19 statements and the transaction's own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = world.users["supervisor"]
    _, token = token_create(actor=token_issuer(user), user=user)
    with CaptureQueriesContext(connection) as queries:
        r = client.post(f"/api/v1/classes/{klass.pk}/enrolments", {}, content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    assert r.status_code == 201 and r.json()["status"] == "enrolled"
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if '"people_employee"."supervisor_id" =' in s]
    assert not [s for s in sql if s.startswith('SELECT "training_session"."id", ')]
    assert len(sql) <= 20, "\n".join(sql)
