"""Issue 9, point 2: every irreversible or mass action asks once more, saying what will happen and to how many
people; the first submit changes nothing; the outcome that hurts someone is shown as a warning, never in the
success colour. One test per action: cancel class, withdraw, reject a request, no-show, revoke a certificate,
reject an external claim, close a unit."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.certificates.services import certificate_issue
from bina.certificates.tests.test_services import completed_class
from bina.core.actor import Actor
from bina.people.factories import OrgUnitFactory
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus
from bina.training.external.models import ExternalStatus
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.tests.test_external import submit

pytestmark = pytest.mark.django_db


def _confirm_page(response) -> str:
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert 'data-testid="confirm"' in body and 'name="confirmed" value="yes"' in body
    return body


def _after(client, response) -> str:
    """The page the confirmed action redirects to, where its outcome is shown."""
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"]).content.decode()


@pytest.fixture
def klass(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda, title="Pelayanan Prima"), code="PP-C", capacity=2)
    SessionFactory(klass=k, starts_at=timezone.now() + timedelta(days=20))
    return k


def test_cancel_class_says_how_many_are_told_and_asks_first(world, klass, client_as):
    for key in ("kel_a1_staff", "staff_bidang"):
        EnrolmentFactory(klass=klass, employee=world.employees[key])
    EnrolmentFactory(klass=klass, employee=world.employees["head_bidang"], status=EnrolmentStatus.WAITLISTED)
    client = client_as(world.users["admin"])
    url = reverse("training:class_cancel", args=[klass.pk])
    body = _confirm_page(client.post(url, {"cancel-reason": "Anggaran dialihkan"}))
    assert "3 peserta akan diberi tahu beserta alasan Anda." in body
    assert "tidak memberi JP maupun sertifikat" in body and "Anggaran dialihkan" in body
    klass.refresh_from_db()
    assert klass.status == ClassStatus.OPEN
    assert Enrolment.objects.filter(klass=klass, status=EnrolmentStatus.ENROLLED).count() == 2
    page = _after(client, client.post(url, {"cancel-reason": "Anggaran dialihkan", "confirmed": "yes"}))
    klass.refresh_from_db()
    assert klass.status == ClassStatus.CANCELLED
    assert "msg msg-warning" in page and "msg-success" not in page


def test_cancel_asks_for_the_reason_when_the_first_form_had_none(world, klass, client_as):
    body = _confirm_page(client_as(world.users["admin"]).post(reverse("training:class_cancel", args=[klass.pk])))
    assert 'name="cancel-reason" required' in body
    assert "Belum ada yang memiliki tempat di kelas ini" in body


def test_refused_action_says_so_before_any_confirmation(world, klass, client_as):
    klass.status = ClassStatus.COMPLETED
    klass.save()
    r = client_as(world.users["admin"]).post(reverse("training:class_cancel", args=[klass.pk]), {"cancel-reason": "x"})
    assert r.status_code == 409 and 'data-testid="confirm"' not in r.content.decode()


def test_participant_withdraws_after_a_confirmation_naming_the_waitlist(world, klass, client_as):
    mine = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"])
    EnrolmentFactory(klass=klass, employee=world.employees["head_bidang"], status=EnrolmentStatus.WAITLISTED)
    klass.refresh_from_db()
    client = client_as(world.users["participant"])
    # the button on the class page posts to the confirmation, not through an htmx swap
    detail = client.get(reverse("training:class_detail", args=[klass.pk])).content.decode()
    withdraw_url = reverse("training:enrolment_withdraw", args=[mine.pk])
    assert f'action="{withdraw_url}"' in detail and f'hx-post="{withdraw_url}"' not in detail
    body = _confirm_page(client.post(withdraw_url, {"reason": "Tugas luar"}))
    assert "Hanya tempat Anda sendiri yang berubah." in body and "orang pertama di daftar tunggu" in body
    mine.refresh_from_db()
    assert mine.status == EnrolmentStatus.ENROLLED
    page = _after(client, client.post(withdraw_url, {"reason": "Tugas luar", "confirmed": "yes"}))
    mine.refresh_from_db()
    assert mine.status == EnrolmentStatus.WITHDRAWN
    assert "msg msg-warning" in page and "msg-success" not in page


def test_admin_rejects_a_request_from_the_participants_list_after_confirming(world, klass, client_as):
    pending = EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.PENDING)
    client = client_as(world.users["admin"])
    url = reverse("training:enrolment_reject", args=[pending.pk])
    body = _confirm_page(client.post(url, {"reason": "Kuota unit penuh", "next": "participants"}))
    name = world.employees["staff_bidang"].name
    assert f"1 orang akan diberi tahu beserta alasan Anda: {name}." in body
    assert 'name="next" value="participants"' in body
    pending.refresh_from_db()
    assert pending.status == EnrolmentStatus.PENDING
    r = client.post(url, {"reason": "Kuota unit penuh", "next": "participants", "confirmed": "yes"})
    assert r["Location"] == reverse("training:class_participants", args=[klass.pk])
    pending.refresh_from_db()
    assert pending.status == EnrolmentStatus.REJECTED
    assert "msg msg-warning" in client.get(r["Location"]).content.decode()


def test_no_show_asks_first(world, klass, client_as):
    klass.status = ClassStatus.RUNNING
    klass.save()
    e = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    client = client_as(world.users["admin"])
    url = reverse("training:enrolment_no_show", args=[e.pk])
    assert "tanpa JP dan tanpa sertifikat" in _confirm_page(client.post(url, {"reason": "Absen"}))
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.ENROLLED


def test_revoke_certificate_names_the_holder_and_is_a_warning(world, client_as):
    klass, _ = completed_class(world)
    done = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.COMPLETED)
    cert = certificate_issue(enrolment=done, actor=Actor.system(done.pemda_id, label="test"), render_pdf=False)
    client = client_as(world.users["admin"])
    url = reverse("certificates:revoke", args=[cert.pk])
    body = _confirm_page(client.post(url, {"reason": "Data kehadiran keliru"}))
    assert f"1 orang akan diberi tahu beserta alasan Anda: {cert.holder_name}." in body
    assert "tidak berlaku lagi" in body
    cert.refresh_from_db()
    assert cert.revoked_at is None
    page = _after(client, client.post(url, {"reason": "Data kehadiran keliru", "confirmed": "yes"}))
    cert.refresh_from_db()
    assert cert.revoked_at is not None
    assert "msg msg-warning" in page and "msg-success" not in page


def test_reject_external_claim_asks_first_and_approve_does_not(world, client_as):
    claim = submit(world, jp_claimed=Decimal("12"))
    client = client_as(world.users["admin"])
    url = reverse("training:external_detail", args=[claim.pk])
    body = _confirm_page(client.post(url, {"decision": "reject", "note": "Sertifikat tidak terbaca"}))
    assert "12 JP yang diklaim" in body and "tidak dihitung" in body
    claim.refresh_from_db()
    assert claim.status == ExternalStatus.SUBMITTED
    page = _after(
        client, client.post(url, {"decision": "reject", "note": "Sertifikat tidak terbaca", "confirmed": "yes"})
    )
    claim.refresh_from_db()
    assert claim.status == ExternalStatus.REJECTED
    assert "msg msg-warning" in page and "msg-success" not in page
    # approving what the person asked for needs no second step, and is a success
    other = submit(world, title="Webinar Lain", certificate_number="LAN/2026/002")
    r = client.post(reverse("training:external_detail", args=[other.pk]), {"decision": "approve", "jp_approved": "12"})
    assert "msg msg-success" in _after(client, r)


def test_close_unit_asks_first_and_a_unit_with_people_is_refused_without_asking(world, client_as):
    empty = OrgUnitFactory(pemda=world.pemda, code="ALF-KOSONG", parent=world.units["dinas"])
    client = client_as(world.users["admin"])
    url = reverse("people:unit_close", kwargs={"code": empty.code})
    body = _confirm_page(client.post(url, {"close-closed_on": "2026-01-31"}))
    assert "ditutup mulai 31 Jan 2026" in body and "Riwayat 0 orang" in body
    empty.refresh_from_db()
    assert empty.closed_on is None
    _after(client, client.post(url, {"close-closed_on": "2026-01-31", "confirmed": "yes"}))
    empty.refresh_from_db()
    assert str(empty.closed_on) == "2026-01-31"
    busy = world.units["kel_a1"]
    refused = client.post(reverse("people:unit_close", kwargs={"code": busy.code}), {"close-closed_on": ""})
    assert refused.status_code == 409 and 'data-testid="confirm"' not in refused.content.decode()


def test_no_view_tells_a_hurtful_outcome_in_the_success_colour():
    """A scan of every view: a queued success message never reports a revoke, cancel, reject, close,
    withdraw, termination or deactivation (those go through `action_notice(..., level="warning")`)."""
    import re
    from pathlib import Path

    hurt = re.compile(
        r"messages\.success\((?:(?!\n\n).)*?(revoked|cancel|reject|closed|withdr|terminat|deactivat)", re.I | re.S
    )
    offenders = [
        str(p) for p in Path("bina").rglob("views.py") if hurt.search(p.read_text(encoding="utf-8")) is not None
    ]
    assert offenders == []
