from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from bina.partners.factories import AgreementFactory
from bina.partners.models import Agreement, Instructor, Partner


def test_admin_partner_list_shows_expiry_banner(world, partners, client_as_en, django_assert_max_num_queries):
    AgreementFactory(partner=partners.uni, number="PKS/SOON", ends_on=date.today() + timedelta(days=20))
    client = client_as_en(world.users["admin"])
    with django_assert_max_num_queries(14):
        response = client.get("/partners/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Universitas Airlangga" in html and "BPSDM Provinsi" in html
    assert "Agreements ending within 90 days" in html and "PKS/SOON" in html


def test_participant_sees_partners_but_not_agreements(world, partners, client_as):
    client = client_as(world.users["participant"])
    assert client.get("/partners/").status_code == 200
    html = client.get(f"/partners/{partners.uni.pk}/").content.decode()
    assert partners.uni_agreement.number not in html
    assert "Dr. Dosen Unair" in html
    assert "d@unair.ac.id" not in client.get(f"/partners/instructors/{partners.uni_instructor.pk}/").content.decode()
    assert client.get("/partners/new/").status_code == 403


def test_coordinator_sees_only_its_partner(world, partners, client_as):
    client = client_as(partners.coordinator)
    html = client.get("/partners/").content.decode()
    assert "Universitas Airlangga" in html and "BPSDM Provinsi" not in html
    detail = client.get(f"/partners/{partners.uni.pk}/").content.decode()
    assert partners.uni_agreement.number in detail
    assert client.get(f"/partners/{partners.lan.pk}/").status_code == 404
    instructors = client.get("/partners/instructors/").content.decode()
    assert "Dr. Dosen Unair" in instructors and "Widyaiswara BPSDM" not in instructors
    assert client.get(f"/partners/instructors/{partners.lan_instructor.pk}/").status_code == 404
    assert client.get(f"/partners/agreements/{partners.uni_agreement.pk}/edit/").status_code == 403


def test_other_pemda_partner_is_404(world, partners, other_partners, client_as):
    client = client_as(world.users["admin"])
    assert client.get(f"/partners/{other_partners.uni.pk}/").status_code == 404
    assert client.get(f"/partners/{other_partners.uni.pk}/edit/").status_code == 404
    assert client.get(f"/partners/instructors/{other_partners.uni_instructor.pk}/").status_code == 404
    assert client.get(f"/partners/agreements/{other_partners.uni_agreement.pk}/edit/").status_code == 404


def test_admin_creates_partner_agreement_with_pdf_and_terminates(world, client_as):
    client = client_as(world.users["admin"])
    response = client.post("/partners/new/", {"name": "Universitas Negeri", "kind": "university", "is_active": "on"})
    partner = Partner.objects.get(name="Universitas Negeri")
    assert response.status_code == 302 and response["Location"] == f"/partners/{partner.pk}/"
    pdf = SimpleUploadedFile("pks.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        f"/partners/{partner.pk}/agreements/new/",
        {
            "number": "PKS/77/2026",
            "title": "Kerja sama",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "status": "active",
            "document": pdf,
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(number="PKS/77/2026")
    assert agreement.document.read().startswith(b"%PDF")
    download = client.get(f"/partners/agreements/{agreement.pk}/document/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    participant = client_as(world.users["participant"])
    assert participant.get(f"/partners/agreements/{agreement.pk}/document/").status_code == 404
    agreement.document.delete(save=False)
    bad = client.post(
        f"/partners/{partner.pk}/agreements/new/",
        {"number": "PKS/78", "title": "X", "starts_on": "2027-01-01", "ends_on": "2026-01-01", "status": "active"},
    )
    assert bad.status_code == 422
    client.post(f"/partners/agreements/{agreement.pk}/terminate/")
    agreement.refresh_from_db()
    assert agreement.status == "terminated"


def test_admin_creates_internal_instructor_by_nip(world, client_as):
    client = client_as(world.users["admin"])
    response = client.post(
        "/partners/instructors/new/",
        {"kind": "asn", "employee_nip": world.employees["head_bidang"].nip, "expertise": "Adminduk", "is_active": "on"},
    )
    assert response.status_code == 302
    instructor = Instructor.objects.get(employee=world.employees["head_bidang"])
    assert instructor.name == "Kepala Bidang, S.H."
    missing = client.post("/partners/instructors/new/", {"kind": "asn", "employee_nip": "199001012020121001"})
    assert missing.status_code == 422


def test_admin_edits_instructor(world, partners, client_as):
    client = client_as(world.users["admin"])
    response = client.post(
        f"/partners/instructors/{partners.uni_instructor.pk}/edit/",
        {"kind": "partner", "name": "Prof. Dosen", "partner": partners.uni.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    partners.uni_instructor.refresh_from_db()
    assert partners.uni_instructor.name == "Prof. Dosen"


def test_instructor_list_query_count(world, partners, client_as, django_assert_max_num_queries):
    client = client_as(world.users["admin"])
    with django_assert_max_num_queries(14):
        response = client.get("/partners/instructors/")
    assert response.status_code == 200


def test_admin_forms_render(world, partners, client_as):
    client = client_as(world.users["admin"])
    for url in (
        "/partners/new/",
        f"/partners/{partners.uni.pk}/edit/",
        f"/partners/{partners.uni.pk}/agreements/new/",
        f"/partners/agreements/{partners.uni_agreement.pk}/edit/",
        "/partners/instructors/new/",
        f"/partners/instructors/{partners.widyaiswara.pk}/edit/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
