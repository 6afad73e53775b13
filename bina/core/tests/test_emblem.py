"""The Pemda's emblem: only a real, small PNG or JPEG; stored under a safe name; served to its own Pemda only."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bina.core.emblem import emblem_check
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.core.models import AuditEvent
from bina.core.services import pemda_emblem_set

UPLOAD = reverse("core:pemda_emblem_upload")
SERVE = reverse("core:pemda_emblem")


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 83, 148)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(("fmt", "ext"), [("PNG", "png"), ("JPEG", "jpg")])
def test_png_and_jpeg_are_accepted(fmt, ext):
    assert emblem_check(image_bytes(fmt)) == ext


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"MZ\x90\x00 an executable renamed to .png",
        image_bytes("PNG")[:40],  # truncated
        image_bytes("GIF"),
        image_bytes("PNG", (2400, 10)),  # too large in pixels
        b"\x89PNG\r\n\x1a\n" + b"\x00" * (600 * 1024),  # too many bytes
    ],
    ids=["empty", "svg", "exe", "truncated", "gif", "too-wide", "too-big"],
)
def test_anything_else_is_refused(data):
    with pytest.raises(ValidationFailed):
        emblem_check(data)


def test_upload_stores_a_safe_name_and_is_served_to_the_pemda(world, other_world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = client_as(world.users["admin"])
    upload = SimpleUploadedFile("../../etc/evil name.png", image_bytes(), content_type="image/png")
    response = admin.post(UPLOAD, {"emblem": upload})
    assert response.status_code == 302
    world.pemda.refresh_from_db()
    name = world.pemda.emblem.name
    assert name.startswith(f"emblems/{world.pemda.slug}-") and name.endswith(".png") and ".." not in name
    assert AuditEvent.objects.filter(action="pemda.emblem_set", pemda=world.pemda).exists()
    # In the header of every page of the Pemda's users, served to them.
    participant = client_as(world.users["participant"])
    assert SERVE in participant.get(reverse("shell:home")).content.decode()
    served = participant.get(SERVE)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == world.pemda.emblem.open("rb").read()
    # Another Pemda's user asks the same URL: its own Pemda, which has none.
    assert client_as(other_world.users["admin"]).get(SERVE).status_code == 404


def test_a_bad_upload_is_a_form_error_and_changes_nothing(world, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("lambang.png", b"<svg/>", content_type="image/png")
    response = client_as(world.users["admin"]).post(UPLOAD, {"emblem": upload})
    assert response.status_code == 422
    assert "PNG" in response.content.decode()
    world.pemda.refresh_from_db()
    assert not world.pemda.emblem
    assert not list(tmp_path.rglob("*.png"))


def test_replacing_and_removing_delete_the_old_file(world, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    actor = world.actor("admin")
    with django_capture_on_commit_callbacks(execute=True):
        pemda_emblem_set(actor=actor, pemda=world.pemda, data=image_bytes())
    first = tmp_path / world.pemda.emblem.name
    with django_capture_on_commit_callbacks(execute=True):
        pemda_emblem_set(actor=actor, pemda=world.pemda, data=image_bytes("JPEG"))
    second = tmp_path / world.pemda.emblem.name
    assert not first.exists() and second.exists()
    with django_capture_on_commit_callbacks(execute=True):
        pemda_emblem_set(actor=actor, pemda=world.pemda, data=None)
    assert not second.exists() and not world.pemda.emblem


@pytest.mark.parametrize("persona", ["operator", "leader", "participant"])
def test_only_the_admin_sets_the_emblem(world, client_as, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(PermissionDenied):
        pemda_emblem_set(actor=world.actor(persona), pemda=world.pemda, data=image_bytes())
    upload = SimpleUploadedFile("lambang.png", image_bytes(), content_type="image/png")
    assert client_as(world.users[persona]).post(UPLOAD, {"emblem": upload}).status_code == 403
    world.pemda.refresh_from_db()
    assert not world.pemda.emblem


def test_the_emblem_is_on_report_pdfs_under_the_pemda_name(world, settings, tmp_path):
    from bina.core.emblem import letterhead_for
    from bina.reports.formats import pdf_table_bytes

    settings.MEDIA_ROOT = tmp_path
    plain = pdf_table_bytes(title="Kepatuhan JP", columns=["Unit"], rows=[["Setda"]], letterhead=letterhead_for(None))
    assert b"/Subtype /Image" not in plain
    pemda_emblem_set(actor=world.actor("admin"), pemda=world.pemda, data=image_bytes())
    letterhead = letterhead_for(world.pemda.pk)
    assert letterhead.name == world.pemda.name and letterhead.emblem_path
    raw = pdf_table_bytes(title="Kepatuhan JP", columns=["Unit"], rows=[["Setda"]], letterhead=letterhead)
    assert b"/Subtype /Image" in raw


def test_the_emblem_is_on_certificates(world, settings, tmp_path):
    from bina.certificates.pdf import render_certificate_pdf
    from bina.certificates.services import certificate_issue, certificate_settings_for
    from bina.certificates.tests.test_services import completed_class
    from bina.core.actor import Actor

    settings.MEDIA_ROOT = tmp_path
    _, (enrolment,) = completed_class(world, 1)
    cert = certificate_issue(enrolment=enrolment, actor=Actor.system(world.pemda.pk, label="test"), render_pdf=False)
    before = render_certificate_pdf(cert, certificate_settings_for(world.pemda), page_compression=0)
    assert b"/Subtype /Image" not in before
    pemda_emblem_set(actor=world.actor("admin"), pemda=world.pemda, data=image_bytes())
    cert.pemda.refresh_from_db()
    after = render_certificate_pdf(cert, certificate_settings_for(world.pemda), page_compression=0)
    assert b"/Subtype /Image" in after


def test_one_letterhead_heads_report_pdfs_the_attendance_sheet_and_certificates(
    world, client_as_en, settings, tmp_path
):
    """The emblem and the Pemda's name come from one place (`letterhead_for`/`letterhead_of`) and are drawn by
    one function (`letterhead_flowables`), whichever PDF it is."""
    import io as _io

    from pypdf import PdfReader

    from bina.certificates.pdf import render_certificate_pdf
    from bina.certificates.services import certificate_issue, certificate_settings_for
    from bina.certificates.tests.test_services import completed_class
    from bina.core.actor import Actor
    from bina.training.classes.models import EnrolmentStatus
    from bina.training.factories import EnrolmentFactory, TrainingClassFactory

    def text_and_image(content: bytes) -> tuple[str, bool]:
        page = PdfReader(_io.BytesIO(content)).pages[0]
        return page.extract_text(), bool(page.images)

    settings.MEDIA_ROOT = tmp_path
    pemda_emblem_set(actor=world.actor("admin"), pemda=world.pemda, data=image_bytes())
    client = client_as_en(world.users["admin"])
    klass = TrainingClassFactory(course__pemda=world.pemda)
    EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.ENROLLED)
    sheet = client.get(reverse("training:class_attendance_sheet", args=[klass.pk]))
    compliance = client.get(reverse("training:compliance"), {"format": "pdf"})
    _, (enrolment,) = completed_class(world, 1)
    cert = certificate_issue(enrolment=enrolment, actor=Actor.system(world.pemda.pk, label="test"), render_pdf=False)
    certificate = render_certificate_pdf(cert, certificate_settings_for(world.pemda))
    for content in (sheet.content, compliance.content, certificate):
        text, has_image = text_and_image(content)
        assert world.pemda.name.upper() in text and has_image
    cert_text, _ = text_and_image(certificate)
    assert cert.issuer_name.upper() in " ".join(cert_text.split())  # the office line under the name


def test_public_pages_show_the_emblem_of_the_pemda_in_the_url(world, other_world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pemda_emblem_set(actor=world.actor("admin"), pemda=world.pemda, data=image_bytes())
    world.pemda.refresh_from_db()
    public = reverse("public:emblem", kwargs={"pemda_slug": world.pemda.slug})
    home = client.get(reverse("public:home", kwargs={"pemda_slug": world.pemda.slug})).content.decode()
    assert public in home
    served = client.get(public)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == world.pemda.emblem.open("rb").read()
    # A Pemda without an emblem: no image on its pages, and its address answers 404.
    other_home = client.get(reverse("public:home", kwargs={"pemda_slug": other_world.pemda.slug})).content.decode()
    assert "lambang/" not in other_home
    assert client.get(reverse("public:emblem", kwargs={"pemda_slug": other_world.pemda.slug})).status_code == 404
