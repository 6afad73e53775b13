"""Staff SKM pages: results with trend and downloads, campaigns with progress, the poster, the weight setting."""

import datetime as dt

import pytest
from django.urls import reverse

from bina.skm.elements import ELEMENT_CODES
from bina.skm.factories import responses_add, skm_ready
from bina.skm.models import SkmSetting
from bina.surveys.models import Campaign, CampaignStatus

pytestmark = pytest.mark.django_db


def filled(world, n=12):
    skm_ready(world.pemda)
    responses_add(
        world.units["kel_a1"],
        [{**{c: 3 for c in ELEMENT_CODES}, "jenis_kelamin": "P", "saran": "Tambah kursi"}] * n,
        day=dt.date(2026, 2, 2),
    )


def results_url(world, unit="kel_a1", **extra):
    query = {"unit": world.units[unit].code, "start": "2026-01-01", "end": "2026-06-30", **extra}
    return reverse("skm:results") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_the_results_page_shows_the_index_chart_and_trend(world, client_as):
    filled(world)
    response = client_as(world.users["admin"]).get(results_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "75,00" in page  # all threes: 3 × 25
    assert "Tambah kursi" in page and "<svg" in page
    assert "Semester I 2026" in page  # the trend's period, as a reader writes it


def test_below_five_respondents_nothing_is_shown(world, client_as):
    filled(world, n=4)
    page = client_as(world.users["admin"]).get(results_url(world)).content.decode()
    assert "75,00" not in page and "Tambah kursi" not in page


def test_downloads(world, client_as):
    filled(world)
    client = client_as(world.users["admin"])
    pdf = client.get(results_url(world, format="pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(results_url(world, format="xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_an_empty_report_sends_back_to_the_page(world, client_as):
    filled(world, n=2)
    response = client_as(world.users["admin"]).get(results_url(world, format="pdf"))
    assert response.status_code == 302


def test_a_leader_sees_only_the_subtree(world, client_as):
    filled(world)
    client = client_as(world.users["leader"])
    assert client.get(results_url(world)).status_code == 200
    response = client.get(results_url(world, unit="kel_b1"))
    assert response.status_code == 422  # not a choice of the leader's form


def test_a_participant_has_no_results_page(world, client_as):
    filled(world)
    assert client_as(world.users["participant"]).get(results_url(world)).status_code == 403


def test_an_operator_starts_a_campaign_and_sees_progress(world, client_as):
    filled(world)
    # The operator's reach is the Dinas; a campaign for the kelurahan is the admin's.
    admin = client_as(world.users["admin"])
    response = admin.post(
        reverse("skm:campaigns"),
        {"unit": world.units["kel_a1"].code, "start": "2026-01-01", "end": "2026-06-30", "expected": "100"},
    )
    assert response.status_code == 302, response.content.decode()
    campaign = Campaign.objects.get(pemda=world.pemda)
    page = admin.get(reverse("skm:campaign", args=[campaign.pk])).content.decode()
    assert "12" in page and "80" in page  # 12 of the 80 the table asks for a population of 100
    operator = client_as(world.users["operator"])
    assert operator.get(reverse("skm:campaign", args=[campaign.pk])).status_code == 404
    assert operator.post(reverse("skm:campaign_close", args=[campaign.pk])).status_code == 404
    assert admin.post(reverse("skm:campaign_close", args=[campaign.pk])).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED


def test_a_campaign_with_an_unreachable_unit_is_refused(world, client_as):
    skm_ready(world.pemda)
    response = client_as(world.users["operator"]).post(
        reverse("skm:campaigns"), {"unit": world.units["kel_a1"].code, "start": "2026-01-01", "end": "2026-06-30"}
    )
    assert response.status_code == 422
    assert not Campaign.objects.exists()


def test_the_poster_is_a_pdf_with_the_form_address(world, client_as):
    skm_ready(world.pemda)
    response = client_as(world.users["admin"]).get(reverse("skm:poster", args=[world.units["kel_a1"].code]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert f"/p/{world.pemda.slug}/skm/{world.units['kel_a1'].code}/" in text
    assert (
        client_as(world.users["participant"]).get(reverse("skm:poster", args=[world.units["kel_a1"].code])).status_code
        == 403
    )


def test_the_admin_sets_the_weight(world, client_as):
    skm_ready(world.pemda)
    admin = client_as(world.users["admin"])
    assert admin.get(reverse("skm:settings")).status_code == 200
    assert admin.post(reverse("skm:settings"), {"weight": "printed"}).status_code == 302
    assert SkmSetting.objects.get(pemda=world.pemda).weight == "printed"
    assert client_as(world.users["operator"]).post(reverse("skm:settings"), {"weight": "exact"}).status_code == 403
    assert SkmSetting.objects.get(pemda=world.pemda).weight == "printed"


def test_the_page_opens_on_the_unit_where_citizens_answered(world, client_as):
    """Without `?unit=`, the unit with the most counted answers in reach, not the first unit of the tree."""
    filled(world, n=6)
    page = client_as(world.users["admin"]).get(reverse("skm:results")).content.decode()
    assert f'<option value="{world.units["kel_a1"].code}" selected>' in page
    # Once no answer counts, the page opens on the first unit of the tree, as before.
    from bina.surveys.models import Response

    Response.objects.all().delete()
    page = client_as(world.users["admin"]).get(reverse("skm:results")).content.decode()
    assert f'<option value="{world.units["setda"].code}" selected>' in page
