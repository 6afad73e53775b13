"""Completing a class safely (issue 9.1): preview, confirmation, refusal on unmarked sessions, reopening.

The preview and the service read the same `class_completion_preview`, so what the admin confirms is what
happens; a session nobody's attendance was recorded for refuses completion (nothing changed) unless the
admin says explicitly that it is meant; a completion can be reopened within `BINA_COMPLETION_REOPEN_DAYS`,
withdrawing JP credits and voiding certificates, and completing again re-issues them exactly once.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bina.accounts.services import token_create
from bina.certificates.models import BatchStatus, Certificate, CertificateBatch
from bina.core.audit import AuditEvent
from bina.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from bina.training.access import get_class_for_user
from bina.training.attendance.completion import class_complete, class_reopen
from bina.training.attendance.selectors import class_completion_preview, class_reopen_preview
from bina.training.attendance.services import attendance_mark_bulk
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus
from bina.training.classes.workflows import CLASS_WORKFLOW
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.models import JpCredit


@pytest.fixture
def klass(world):
    """A running class that ended yesterday: four sessions, three participants."""
    ends = timezone.localdate() - timedelta(days=1)
    k = TrainingClassFactory(
        course__pemda=world.pemda,
        course__jp=16,
        course__title="Pelayanan Prima",
        code="SAFE-1",
        status=ClassStatus.RUNNING,
        starts_on=ends - timedelta(days=1),
        ends_on=ends,
    )
    for i in range(4):
        s = SessionFactory(klass=k, topic=f"Sesi {i + 1}")
        s.starts_at += timedelta(hours=5 * i)
        s.ends_at += timedelta(hours=5 * i)
        s.save()
    return k


@pytest.fixture
def people(world, klass):
    names = ("kel_a1_staff", "staff_bidang", "camat_a")
    return [EnrolmentFactory(klass=klass, employee=world.employees[n]) for n in names]


def _sessions(klass):
    return list(klass.sessions.order_by("starts_at"))


def _mark(world, klass, attended: dict, sessions=None):
    """`attended`: enrolment -> how many of the (first) sessions they attended; the rest absent."""
    admin = world.actor("admin")
    for i, s in enumerate(sessions or _sessions(klass)):
        attendance_mark_bulk(
            actor=admin, session=s, marks={e.pk: "present" if i < n else "absent" for e, n in attended.items()}
        )


def _state(klass):
    """Everything a completion or a reopening may change, to compare before and after a refusal."""
    klass.refresh_from_db()
    return (
        klass.status,
        klass.completed_at,
        sorted(Enrolment.objects.filter(klass=klass).values_list("pk", "status", "reason_code", "completed_at")),
        sorted(JpCredit.objects.filter(enrolment__klass=klass).values_list("pk", "jp")),
        sorted(Certificate.objects.filter(enrolment__klass=klass).values_list("pk", "revoked_at")),
        AuditEvent.objects.filter(action__in=("class.complete", "class.reopen")).count(),
    )


def _complete(klass, actor, capture, **kwargs):
    with capture(execute=True):  # the certificate batch runs on commit (immediate task backend in tests)
        return class_complete(actor=actor, klass=klass, **kwargs)


# --- preview = outcome -------------------------------------------------------------------------


def test_preview_says_exactly_what_completion_decides(world, klass, people, django_capture_on_commit_callbacks):
    good, poor, absent = people
    _mark(world, klass, {good: 4, poor: 2, absent: 0})
    admin = world.actor("admin")
    preview = class_completion_preview(actor=admin, klass=klass)
    assert preview.refusal is None and preview.sessions_without_attendance == []
    assert [r.enrolment.pk for r in preview.passing] == [good.pk]
    assert {r.enrolment.pk for r in preview.failing} == {poor.pk, absent.pk}
    with translation.override("en"):
        reasons = {r.enrolment.pk: r.reason for r in preview.failing}
    assert reasons == {poor.pk: "attendance 50% < 80%", absent.pk: "attendance 0% < 80%"}
    # The preview wrote nothing.
    assert Enrolment.objects.filter(klass=klass, status=EnrolmentStatus.ENROLLED).count() == 3

    result = _complete(klass, admin, django_capture_on_commit_callbacks)
    assert (result.completed, result.failed) == (len(preview.passing), len(preview.failing))
    decided = {e.pk: (e.status, e.reason_code, e.reason_params) for e in Enrolment.objects.filter(klass=klass)}
    expected = {
        r.enrolment.pk: (
            EnrolmentStatus.COMPLETED if r.passes else EnrolmentStatus.FAILED,
            r.reason_code,
            r.reason_params,
        )
        for r in preview.rows
    }
    assert decided == expected


# --- sessions without attendance ---------------------------------------------------------------


def test_a_session_without_attendance_refuses_completion_and_changes_nothing(
    world, klass, people, django_capture_on_commit_callbacks
):
    first, *rest = _sessions(klass)
    _mark(world, klass, {e: 4 for e in people}, sessions=rest)  # "Sesi 1" never marked
    before = _state(klass)
    admin = world.actor("admin")
    with translation.override("en"), pytest.raises(Conflict) as refused:
        class_complete(actor=admin, klass=klass)
    assert refused.value.code == "sessions_without_attendance"
    assert "Sesi 1" in str(refused.value.message) and "1 session" in str(refused.value.message)
    assert _state(klass) == before
    # The preview names the same session, and says everyone would fail (3 of 4 sessions = 75% < 80%).
    preview = class_completion_preview(actor=admin, klass=klass)
    assert [s.pk for s in preview.sessions_without_attendance] == [first.pk]
    assert len(preview.failing) == 3

    result = _complete(klass, admin, django_capture_on_commit_callbacks, allow_missing_attendance=True)
    assert (result.completed, result.failed) == (0, 3)
    event = AuditEvent.objects.get(action="class.complete")
    assert event.detail["allow_missing_attendance"] is True
    assert event.detail["missing_attendance_sessions"] == [first.pk]


# --- reopening ---------------------------------------------------------------------------------


def test_reopen_withdraws_credits_voids_certificates_and_recompleting_reissues_once(
    world, klass, people, django_capture_on_commit_callbacks
):
    good, poor, absent = people
    _mark(world, klass, {good: 4, poor: 4, absent: 0})
    admin = world.actor("admin")
    _complete(klass, admin, django_capture_on_commit_callbacks)
    klass.refresh_from_db()
    assert klass.status == ClassStatus.COMPLETED and klass.completed_at is not None
    issued = dict(Certificate.objects.filter(enrolment__klass=klass).values_list("enrolment_id", "number"))
    assert set(issued) == {good.pk, poor.pk}
    assert JpCredit.objects.filter(enrolment__klass=klass).count() == 2
    assert "reopen" in CLASS_WORKFLOW.allowed_actions(klass, admin)

    preview = class_reopen_preview(actor=admin, klass=klass)
    assert (preview.completed, preview.failed, preview.jp_credits, preview.certificates) == (2, 1, 2, 2)
    result = class_reopen(actor=admin, klass=klass, reason="Nilai post-test salah input")
    assert (result.reopened, result.jp_withdrawn, result.certificates_voided) == (3, 2, 2)
    klass.refresh_from_db()
    assert klass.status == ClassStatus.RUNNING and klass.completed_at is None
    assert set(Enrolment.objects.filter(klass=klass).values_list("status", flat=True)) == {EnrolmentStatus.ENROLLED}
    assert not JpCredit.objects.filter(enrolment__klass=klass).exists()
    assert not Certificate.objects.filter(enrolment__klass=klass, revoked_at__isnull=True).exists()
    event = AuditEvent.objects.get(action="class.reopen")
    assert event.detail["reason"] == "Nilai post-test salah input" and event.detail["jp_total"] == "32.0"
    assert AuditEvent.objects.filter(action="certificate.void_reopened").count() == 1

    # The corrected attendance: `poor` missed two sessions after all.
    _mark(world, klass, {poor: 2})
    again = _complete(klass, admin, django_capture_on_commit_callbacks)
    assert (again.completed, again.failed) == (1, 2)
    certificates = Certificate.objects.filter(enrolment__klass=klass)
    assert certificates.count() == 2  # no second certificate for anyone
    valid = dict(certificates.filter(revoked_at__isnull=True).values_list("enrolment_id", "number"))
    assert valid == {good.pk: issued[good.pk]}  # the same certificate, valid again
    assert certificates.get(enrolment=poor).revoked_code == "class_reopened"  # failed now: stays void
    credits = list(JpCredit.objects.filter(enrolment__klass=klass).values_list("enrolment_id", "jp"))
    assert [pk for pk, _jp in credits] == [good.pk]  # JP counted once, for the one who completed
    # Completing once more changes nothing: no duplicate credit or certificate.
    _complete(klass, admin, django_capture_on_commit_callbacks)
    assert JpCredit.objects.filter(enrolment__klass=klass).count() == 1 and certificates.count() == 2


def test_reopen_is_refused_after_the_window(world, klass, people, settings, django_capture_on_commit_callbacks):
    _mark(world, klass, {e: 4 for e in people})
    admin = world.actor("admin")
    _complete(klass, admin, django_capture_on_commit_callbacks)
    klass.refresh_from_db()
    klass.completed_at = timezone.now() - timedelta(days=15)
    klass.save(update_fields=["completed_at"])
    before = _state(klass)
    assert "reopen" not in CLASS_WORKFLOW.allowed_actions(klass, admin)  # no button either
    with pytest.raises(Conflict) as refused:
        class_reopen(actor=admin, klass=klass, reason="Terlambat")
    assert refused.value.code == "reopen_window_passed"
    assert _state(klass) == before
    settings.BINA_COMPLETION_REOPEN_DAYS = 30  # the window is a setting
    assert "reopen" in CLASS_WORKFLOW.allowed_actions(klass, admin)
    assert class_reopen(actor=admin, klass=klass, reason="Masih dalam 30 hari").reopened == 3


def test_reopen_needs_a_reason_and_waits_for_a_running_certificate_batch(
    world, klass, people, django_capture_on_commit_callbacks
):
    _mark(world, klass, {e: 4 for e in people})
    admin = world.actor("admin")
    _complete(klass, admin, django_capture_on_commit_callbacks)
    before = _state(klass)
    with pytest.raises(ValidationFailed):
        class_reopen(actor=admin, klass=klass, reason="  ")
    CertificateBatch.objects.create(pemda=world.pemda, klass=klass, status=BatchStatus.RUNNING)
    with pytest.raises(Conflict) as refused:
        class_reopen(actor=admin, klass=klass, reason="Koreksi")
    assert refused.value.code == "certificate_batch_running"
    assert _state(klass) == before


def test_other_roles_and_pemda_cannot_preview_complete_or_reopen(
    world, other_world, klass, people, django_capture_on_commit_callbacks
):
    _mark(world, klass, {e: 4 for e in people})
    for actor in (
        world.actor("operator"),
        world.actor("instructor"),
        world.actor("leader"),
        other_world.actor("admin"),
    ):
        with pytest.raises(PermissionDenied):
            class_completion_preview(actor=actor, klass=klass)
        with pytest.raises(PermissionDenied):
            class_complete(actor=actor, klass=klass)
    with pytest.raises(NotFound):
        get_class_for_user(other_world.actor("admin"), klass.pk)
    _complete(klass, world.actor("admin"), django_capture_on_commit_callbacks)
    before = _state(klass)
    for actor in (world.actor("operator"), world.actor("leader"), other_world.actor("admin")):
        with pytest.raises(PermissionDenied):
            class_reopen(actor=actor, klass=klass, reason="Koreksi")
        assert "reopen" not in CLASS_WORKFLOW.allowed_actions(klass, actor)
    assert _state(klass) == before


# --- pages -------------------------------------------------------------------------------------


def test_pages_preview_confirm_and_reopen(world, klass, people, client_as, django_capture_on_commit_callbacks):
    good, poor, absent = people
    first, *rest = _sessions(klass)
    _mark(world, klass, {good: 3, poor: 1, absent: 0}, sessions=rest)
    c = client_as(world.users["admin"])
    url = reverse("training:class_complete", args=[klass.pk])
    with translation.override("en"):
        page = c.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert 'id="sessions-without-attendance"' in page and "Sesi 1" in page
    assert reverse("training:session_attendance", args=[first.pk]) in page
    assert 'name="allow_missing_attendance"' in page
    failing = page[page.index('id="completion-failing"') : page.index('id="completion-passing"')]
    # The unmarked session counts as missed by all: even `good` (3 of 4 = 75%) would fail.
    assert all(e.employee.name in failing for e in people)
    assert "75% &lt; 80%" in failing
    assert "attendance 25% &lt; 80%" in failing or "kehadiran 25% &lt; 80%" in failing

    before = _state(klass)
    refused = c.post(url, {"confirm": "1"})  # the checkbox not ticked
    assert refused.status_code == 409 and b'id="completion-error"' in refused.content
    assert _state(klass) == before

    with django_capture_on_commit_callbacks(execute=True):
        done = c.post(url, {"confirm": "1", "allow_missing_attendance": "1"}, follow=True)
    assert done.status_code == 200
    html = done.content.decode()
    assert "msg-warning" in html and "msg-success" not in html  # people failed: not a success colour
    assert f'data-action="reopen" href="{reverse("training:class_reopen", args=[klass.pk])}"' in html

    reopen_url = reverse("training:class_reopen", args=[klass.pk])
    assert b'id="reopen-effects"' in c.get(reopen_url).content
    assert c.post(reopen_url, {"reason": ""}).status_code == 422
    assert c.post(reopen_url, {"reason": "Sesi 1 belum diisi"}).status_code == 302
    klass.refresh_from_db()
    assert klass.status == ClassStatus.RUNNING
    assert client_as(world.users["operator"]).get(url).status_code == 403
    assert client_as(world.users["operator"]).post(reopen_url, {"reason": "x"}).status_code == 403


# --- API ---------------------------------------------------------------------------------------


def _bearer(world, persona):
    _, token = token_create(actor=world.actor(persona), user=world.users[persona])
    return {"Authorization": f"Bearer {token}"}


def test_api_takes_the_same_parameter_and_gives_the_same_refusals(
    world, other_world, klass, people, client, django_capture_on_commit_callbacks
):
    first, *rest = _sessions(klass)
    _mark(world, klass, {e: 4 for e in people}, sessions=rest)
    h = _bearer(world, "admin")
    preview = client.get(f"/api/v1/classes/{klass.pk}/completion-preview", headers=h).json()
    assert preview["can_complete"] is True and [s["id"] for s in preview["sessions_without_attendance"]] == [first.pk]
    assert (preview["completing"], preview["failing"]) == (0, 3)
    assert {p["reason_code"] for p in preview["participants"]} == {"attendance_below_minimum"}

    post = {"content_type": "application/json", "headers": h}
    before = _state(klass)
    refused = client.post(f"/api/v1/classes/{klass.pk}/complete", **post)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "sessions_without_attendance"
    assert _state(klass) == before
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/api/v1/classes/{klass.pk}/complete", {"allow_missing_attendance": True}, **post)
    assert done.status_code == 200 and done.json()["failed"] == 3

    assert client.post(f"/api/v1/classes/{klass.pk}/reopen", {"reason": ""}, **post).status_code == 422
    leader = client.post(
        f"/api/v1/classes/{klass.pk}/reopen",
        {"reason": "x"},
        content_type="application/json",
        headers=_bearer(world, "leader"),
    )
    assert leader.status_code == 403
    other = client.post(
        f"/api/v1/classes/{klass.pk}/reopen",
        {"reason": "x"},
        content_type="application/json",
        headers=_bearer(other_world, "admin"),
    )
    assert other.status_code == 404
    reopened = client.post(f"/api/v1/classes/{klass.pk}/reopen", {"reason": "Sesi 1 terlewat"}, **post)
    assert reopened.status_code == 200 and reopened.json()["reopened"] == 3
    again = client.post(f"/api/v1/classes/{klass.pk}/reopen", {"reason": "lagi"}, **post)
    assert again.status_code == 409  # running, not completed


def test_a_class_decided_earlier_offers_no_empty_confirmation(
    world, klass, people, client_as, django_capture_on_commit_callbacks
):
    _mark(world, klass, {e: 4 for e in people})
    _complete(klass, world.actor("admin"), django_capture_on_commit_callbacks)
    page = client_as(world.users["admin"]).get(reverse("training:class_complete", args=[klass.pk]))
    assert page.status_code == 200 and b'id="completion-confirm"' not in page.content
