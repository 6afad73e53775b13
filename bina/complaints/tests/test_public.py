"""The public form, tracking page and API: no login, no personal data or staff notes, another Pemda's code
"not found", the per-address limit, attachments refused by size and type with nothing saved."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from bina.complaints import services
from bina.complaints.models import Complaint, ComplaintAttachment, ComplaintSettings, Stage
from bina.complaints.tests.helpers import act, complaint_in
from bina.core.audit import AuditEvent
from bina.quality.models import ServiceType

NAME, CONTACT, NOTE, REASON = "Budi Pelapor Rahasia", "0812-5555-0001", "Catatan staf rahasia", "Alasan staf internal"


def form_url(world) -> str:
    return f"/p/{world.pemda.slug}/pengaduan/"


def png(size: int = 20) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (200, 10, 10)).save(buffer, "PNG")
    return buffer.getvalue()


def _post(client: Client, world, **extra):
    data = {"kategori": "pengaduan", "uraian": "Petugas meminta biaya tambahan untuk KTP-el.", **extra}
    return client.post(form_url(world), data, REMOTE_ADDR=extra.pop("ip", "10.1.1.1"))


@pytest.mark.django_db
def test_the_form_files_a_complaint_and_shows_its_code(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    page = client.get(form_url(world))
    assert page.status_code == 200 and "noindex" in page["X-Robots-Tag"]
    assert world.units["kel_a1"].code in page.content.decode()  # units are offered
    response = _post(
        client,
        world,
        nama=NAME,
        kontak=CONTACT,
        kode_unit=world.units["kel_a1"].code,
        nomor_tiket="A-017",
        lampiran=SimpleUploadedFile("foto ktp.png", png(), content_type="image/png"),
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/p/{world.pemda.slug}/pengaduan/{complaint.code}/?baru=1"
    assert complaint.stage == Stage.DITERIMA and complaint.source == "web" and complaint.name == NAME
    assert complaint.unit == world.units["kel_a1"] and complaint.due_at is not None
    assert len(complaint.code) == 10 and complaint.code.isalnum()
    attachment = ComplaintAttachment.objects.get()
    assert attachment.display_name == "foto ktp.png"
    assert "foto" not in attachment.file.name and attachment.file.name.startswith("complaints/")
    # Audited as the public in this Pemda.
    assert AuditEvent.objects.filter(action="complaint.submit", pemda_id=world.pemda.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert complaint.code in page


@pytest.mark.django_db
def test_anonymous_complaints_are_accepted_and_nonsense_refused(world):
    client = Client()
    assert _post(client, world).status_code == 302
    assert Complaint.objects.get().name == ""
    assert _post(client, world, uraian="pendek").status_code == 422
    assert _post(client, world, kode_unit="NO-SUCH").status_code == 422
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_tracking_shows_no_personal_data_nor_staff_words(world, api_as):
    complaint = complaint_in(world, Stage.DIDISPOSISIKAN, name=NAME, contact=CONTACT, ticket_number="A-017")
    services.complaint_note_add(actor=world.actor("admin"), complaint=complaint, text=NOTE)
    complaint = act(world, complaint, "follow-up")
    page = Client().get(f"/p/{world.pemda.slug}/pengaduan/{complaint.code}/")
    api = Client().get(f"/api/v1/public/{world.pemda.slug}/complaints/{complaint.code}")
    assert page.status_code == 200 and api.status_code == 200
    for body in (page.content.decode(), api.content.decode()):
        for secret in (NAME, CONTACT, NOTE, REASON, "A-017", world.units["kel_a1"].name, "system:test"):
            assert secret not in body, secret
        assert "Tanggapan untuk pelapor" in body  # the response is written for the filer
    data = api.json()
    assert data["stage"] == Stage.DITINDAKLANJUTI
    assert [step["stage"] for step in data["history"]] == [
        "diterima",
        "diverifikasi",
        "didisposisikan",
        "ditindaklanjuti",
    ]
    assert data["due_at"].endswith("23:59:59+07:00")
    # The staff see all of it.
    staff = api_as(world.users["admin"]).get(f"/api/v1/complaints/{complaint.code}").json()
    assert staff["name"] == NAME and staff["notes"][0]["text"] == NOTE


@pytest.mark.django_db
def test_another_pemdas_code_is_not_found_under_this_slug(world, other_world):
    theirs = complaint_in(other_world, Stage.DITERIMA)
    assert Client().get(f"/p/{world.pemda.slug}/pengaduan/{theirs.code}/").status_code == 404
    assert Client().get(f"/api/v1/public/{world.pemda.slug}/complaints/{theirs.code}").status_code == 404
    assert Client().get(f"/p/{other_world.pemda.slug}/pengaduan/{theirs.code}/").status_code == 200
    assert Client().get(f"/api/v1/public/no-such/complaints/{theirs.code}").status_code == 404


@pytest.mark.django_db
def test_the_lookup_box_accepts_a_code_as_typed(world):
    complaint = complaint_in(world, Stage.DITERIMA)
    typed = f" {complaint.code[:5].lower()}-{complaint.code[5:]} "
    response = Client().get(f"/p/{world.pemda.slug}/pengaduan/lacak/", {"code": typed})
    assert response.status_code == 302 and response["Location"].endswith(f"/{complaint.code}/")


@pytest.mark.django_db
def test_the_api_files_a_complaint(world):
    ServiceType.objects.get_or_create(
        pemda=world.pemda, code="KTP-EL", defaults={"name": "KTP-el", "sla_working_days": 1}
    )
    response = Client().post(
        f"/api/v1/public/{world.pemda.slug}/complaints",
        {"uraian": "Antrean akta kelahiran sangat lama.", "kode_layanan": "KTP-EL", "nomor_tiket": "B-2", "nama": NAME},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"code", "status", "stage", "due_at"}
    assert body["stage"] == "diterima" and body["due_at"].endswith("23:59:59+07:00")
    complaint = Complaint.objects.get(code=body["code"])
    assert complaint.service.code == "KTP-EL" and complaint.source == "api"
    refused = Client().post(
        f"/api/v1/public/{world.pemda.slug}/complaints", {"uraian": "x"}, content_type="application/json"
    )
    assert refused.status_code == 422


@pytest.mark.django_db
def test_submissions_are_limited_per_address(world):
    ComplaintSettings.objects.create(pemda=world.pemda, public_limit_per_hour=2)
    url = f"/api/v1/public/{world.pemda.slug}/complaints"
    body = {"uraian": "Antrean akta kelahiran sangat lama."}
    client = Client()
    for _ in range(2):
        assert client.post(url, body, content_type="application/json", REMOTE_ADDR="10.9.9.9").status_code == 201
    limited = client.post(url, body, content_type="application/json", REMOTE_ADDR="10.9.9.9")
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"
    assert _post(client, world, ip="10.9.9.9").status_code == 429  # the form shares the limit
    assert Complaint.objects.count() == 2
    # Another address is not blocked.
    assert client.post(url, body, content_type="application/json", REMOTE_ADDR="10.9.9.8").status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,content",
    [
        ("besar.png", None),  # too large
        ("virus.png", b"MZ\x90\x00 not an image"),  # a name that lies
        ("halaman.html", b"<html><script>alert(1)</script></html>"),
        ("rusak.pdf", b"%PDF-1.4 no end marker"),
    ],
)
def test_attachments_refused_by_size_or_type_and_nothing_saved(world, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    settings.BINA_COMPLAINT_ATTACHMENT_MAX_BYTES = 50_000
    data = content if content is not None else png(400) + b"\0" * 60_000
    response = _post(Client(), world, lampiran=SimpleUploadedFile(name, data, content_type="image/png"))
    assert response.status_code == 422
    assert "lampiran" in response.content.decode() or "MB" in response.content.decode()
    assert not Complaint.objects.exists() and not ComplaintAttachment.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


@pytest.mark.django_db
def test_attachments_are_served_only_to_staff_of_the_pemda(world, other_world, settings, tmp_path, client_as):
    settings.MEDIA_ROOT = tmp_path
    _post(Client(), world, lampiran=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF\n"))
    complaint = Complaint.objects.get()
    attachment = complaint.attachments.get()
    url = f"/complaints/{complaint.pk}/files/{attachment.pk}/"
    response = client_as(world.users["admin"]).get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_as(other_world.users["admin"]).get(url).status_code == 404
    assert client_as(world.users["participant"]).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the login page
