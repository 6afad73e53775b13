"""External learning: submission (file checks, JP limits), admin review, JP credit once, notifications, scope."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bina.accounts.services import token_create
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import AuditEvent
from bina.notifications.models import Notification
from bina.training.external.models import ExternalLearning, ExternalStatus
from bina.training.external.services import external_approve, external_reject, external_submit, max_jp_for
from bina.training.learning.models import JpCredit, JpSource
from conftest import token_issuer

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="sertifikat.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def submit(world, persona="participant", **overrides):
    today = timezone.localdate()
    data = {
        "title": "Webinar Pelayanan Publik",
        "organiser": "LAN RI",
        "method": "seminar",
        "training_type": "teknis",
        "starts_on": today - timedelta(days=3),
        "ends_on": today - timedelta(days=2),
        "jp_claimed": Decimal("12"),
        "certificate_file": pdf(),
        "certificate_number": "LAN/2026/001",
    }
    data.update(overrides)
    return external_submit(actor=world.actor(persona), **data)


def bearer(user):
    _, secret = token_create(actor=token_issuer(user), user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# --- services -----------------------------------------------------------------------------------------


def test_max_jp_is_eight_hours_a_day_in_45_minute_units():
    today = timezone.localdate()
    assert max_jp_for(today, today) == Decimal("10.6")
    assert max_jp_for(today, today + timedelta(days=1)) == Decimal("21.3")


def test_submit_stores_the_claim_under_a_random_name_and_audits(world):
    item = submit(world)
    assert item.status == ExternalStatus.SUBMITTED
    assert item.employee == world.employees["kel_a1_staff"]
    assert item.certificate_file.name.endswith(".pdf") and "sertifikat" not in item.certificate_file.name
    assert AuditEvent.objects.filter(action="external.submit", target_id=str(item.pk)).exists()


def test_png_is_accepted_by_its_content(world):
    item = submit(world, certificate_file=pdf("scan.png", PNG, "image/png"))
    assert item.certificate_file.name.endswith(".png")


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"certificate_file": SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")}, "certificate_file"),
        ({"certificate_file": SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf")}, "certificate_file"),
        ({"jp_claimed": Decimal("22")}, "jp_claimed"),
        ({"jp_claimed": Decimal("0")}, "jp_claimed"),
        ({"ends_on": timezone.localdate() + timedelta(days=1)}, "ends_on"),
    ],
    ids=["wrong-signature", "over-5mb", "too-many-jp", "zero-jp", "future"],
)  # fmt: skip
def test_submit_refuses_what_the_user_must_fix(world, overrides, field):
    with pytest.raises(ValidationFailed) as excinfo:
        submit(world, **overrides)
    assert excinfo.value.details == [{"field": field}]
    assert not ExternalLearning.objects.exists()


def test_submit_needs_an_employee_record(world):
    with pytest.raises(PermissionDenied):
        submit(world, persona="admin")


def test_approve_credits_jp_once_in_the_year_of_the_end_date_and_notifies(world, django_capture_on_commit_callbacks):
    item = submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        external_approve(actor=world.actor("admin"), item=item, jp_approved=Decimal("10"), note="OK")
    credit = JpCredit.objects.get(external=item)
    assert (credit.jp, credit.year, credit.source) == (Decimal("10"), item.ends_on.year, JpSource.EXTERNAL)
    with pytest.raises(Conflict):
        external_approve(actor=world.actor("admin"), item=item)
    assert JpCredit.objects.filter(external=item).count() == 1
    note = Notification.objects.get(kind="external_reviewed")
    assert note.event_key == f"external:{item.pk}:approved"
    assert note.user == world.users["participant"]
    assert len(mail.outbox) == 1


def test_approve_refuses_more_than_claimed(world):
    item = submit(world)
    with pytest.raises(ValidationFailed):
        external_approve(actor=world.actor("admin"), item=item, jp_approved=Decimal("13"))
    assert not JpCredit.objects.exists()


def test_reject_needs_a_note_and_credits_nothing(world):
    item = submit(world)
    with pytest.raises(ValidationFailed):
        external_reject(actor=world.actor("admin"), item=item, note=" ")
    external_reject(actor=world.actor("admin"), item=item, note="Sertifikat tidak terbaca")
    item.refresh_from_db()
    assert item.status == ExternalStatus.REJECTED and not JpCredit.objects.exists()
    assert Notification.objects.filter(event_key=f"external:{item.pk}:rejected").exists()


def test_only_admins_review(world, other_world):
    item = submit(world)
    with pytest.raises(PermissionDenied):
        external_approve(actor=world.actor("operator"), item=item)
    with pytest.raises(PermissionDenied):
        external_approve(actor=other_world.actor("admin"), item=item)


# --- pages --------------------------------------------------------------------------------------------


def test_participant_submits_through_the_page(world, client_as):
    today = timezone.localdate()
    client = client_as(world.users["participant"])
    response = client.post(
        reverse("training:external_create"),
        {
            "title": "Kursus daring",
            "organiser": "Kemendagri",
            "method": "elearning",
            "training_type": "teknis",
            "starts_on": (today - timedelta(days=1)).isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
            "jp_claimed": "4",
            "certificate_file": pdf(),
        },
    )
    assert response.status_code == 302
    assert ExternalLearning.objects.get().title == "Kursus daring"
    listing = client.get(reverse("training:external_list"))
    assert "Kursus daring" in listing.content.decode()


def test_page_shows_the_service_refusal_on_the_field(world, client_as_en):
    today = timezone.localdate()
    response = client_as_en(world.users["participant"]).post(
        reverse("training:external_create"),
        {
            "title": "Kursus", "organiser": "X", "method": "elearning", "training_type": "teknis",
            "starts_on": today.isoformat(), "ends_on": today.isoformat(), "jp_claimed": "4",
            "certificate_file": SimpleUploadedFile("x.pdf", b"GIF89a....", "application/pdf"),
        },
    )  # fmt: skip
    assert response.status_code == 422
    assert "PDF, JPG or PNG" in response.content.decode()


def test_page_refuses_a_future_end_date_on_the_field(world, client_as_en):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_as_en(world.users["participant"]).post(
        reverse("training:external_create"),
        {
            "title": "Kursus", "organiser": "X", "method": "elearning", "training_type": "teknis",
            "starts_on": tomorrow.isoformat(), "ends_on": tomorrow.isoformat(), "jp_claimed": "4",
            "certificate_file": pdf(),
        },
    )  # fmt: skip
    assert response.status_code == 422
    assert "the end date cannot be in the future" in response.content.decode()
    assert not ExternalLearning.objects.exists()


def test_admin_reviews_from_the_queue_and_opens_the_file(world, client_as, django_assert_max_num_queries):
    item = submit(world)
    submit(world, title="Kedua")
    client = client_as(world.users["admin"])
    with django_assert_max_num_queries(12):
        queue = client.get(reverse("training:external_review"))
    assert queue.status_code == 200 and "Kedua" in queue.content.decode()
    file_response = client.get(reverse("training:external_file", args=[item.pk]))
    assert file_response.status_code == 200
    assert b"".join(file_response.streaming_content).startswith(b"%PDF")
    response = client.post(
        reverse("training:external_detail", args=[item.pk]), {"decision": "approve", "jp_approved": "8", "note": ""}
    )
    assert response.status_code == 302
    assert JpCredit.objects.get(external=item).jp == Decimal("8")


def test_others_cannot_see_a_claim_or_its_file(world, other_world, client_as):
    item = submit(world)
    for user in (world.users["supervisor"], world.users["operator"], other_world.users["admin"]):
        client = client_as(user)
        assert client.get(reverse("training:external_detail", args=[item.pk])).status_code == 404
        assert client.get(reverse("training:external_file", args=[item.pk])).status_code == 404


def test_review_queue_is_for_admins_only(world, client_as):
    assert client_as(world.users["participant"]).get(reverse("training:external_review")).status_code == 403


def test_claimant_cannot_approve_own_claim(world, client_as):
    item = submit(world)
    response = client_as(world.users["participant"]).post(
        reverse("training:external_detail", args=[item.pk]), {"decision": "approve", "jp_approved": "8"}
    )
    assert response.status_code == 403
    assert not JpCredit.objects.exists()


# --- API ----------------------------------------------------------------------------------------------


def test_api_submit_multipart_then_admin_approves(world, client_as):
    today = timezone.localdate()
    response = client_as(world.users["participant"]).post(
        "/api/v1/external-learning",
        {
            "title": "Bimtek SIASN", "organiser": "BKN", "method": "bimtek", "training_type": "teknis",
            "starts_on": (today - timedelta(days=2)).isoformat(), "ends_on": (today - timedelta(days=2)).isoformat(),
            "jp_claimed": "6", "certificate_file": pdf(),
        },
        **bearer(world.users["participant"]),
    )  # fmt: skip
    assert response.status_code == 201, response.content
    item_id = response.json()["id"]
    admin = bearer(world.users["admin"])
    approve = client_as(world.users["admin"]).post(
        f"/api/v1/external-learning/{item_id}/approve", {"jp_approved": 5}, content_type="application/json", **admin
    )
    assert approve.status_code == 200 and approve.json()["status"] == "approved"
    again = client_as(world.users["admin"]).post(
        f"/api/v1/external-learning/{item_id}/reject", {"note": "x"}, content_type="application/json", **admin
    )
    assert again.status_code == 409


def test_api_submit_refuses_bad_file_with_422(world, client_as):
    today = timezone.localdate()
    response = client_as(world.users["participant"]).post(
        "/api/v1/external-learning",
        {
            "title": "X", "organiser": "Y", "method": "bimtek", "starts_on": today.isoformat(),
            "ends_on": today.isoformat(), "jp_claimed": "2",
            "certificate_file": SimpleUploadedFile("a.pdf", b"hello", "application/pdf"),
        },
        **bearer(world.users["participant"]),
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [{"field": "certificate_file"}]


def test_api_lists_are_scoped(world, other_world, client_as):
    item = submit(world)
    submit(other_world)
    mine = client_as(world.users["participant"]).get("/api/v1/external-learning").json()
    assert [x["id"] for x in mine["items"]] == [item.pk]
    assert client_as(world.users["supervisor"]).get("/api/v1/external-learning").json()["count"] == 0
    assert client_as(world.users["admin"]).get("/api/v1/external-learning").json()["count"] == 1
    assert client_as(other_world.users["admin"]).get(f"/api/v1/external-learning/{item.pk}").status_code == 404
