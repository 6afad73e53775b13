"""The public SKM form: no log-in, one response per ticket, abuse limits that never block a citizen."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from bina.core.models import AuditEvent
from bina.skm.elements import ELEMENT_CODES
from bina.skm.factories import skm_ready
from bina.skm.tickets import Ticket, ticket_read, ticket_token, ticket_url
from bina.surveys.models import Answer, Response

pytestmark = pytest.mark.django_db


def form_url(world, unit="kel_a1", **query):
    url = reverse("public:skm:form", kwargs={"pemda_slug": world.pemda.slug, "unit_code": world.units[unit].code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def answers(value=4, **extra):
    return {**{code: str(value) for code in ELEMENT_CODES}, "jenis_kelamin": "P", "saran": "Sudah baik", **extra}


def test_the_form_needs_no_login_and_shows_the_regulations_questions(world):
    skm_ready(world.pemda)
    response = Client().get(form_url(world, layanan="KK"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "kesesuaian persyaratan pelayanan" in page and "Sangat mahal" in page and "Gratis" in page
    assert world.units["kel_a1"].name in page
    assert response["X-Robots-Tag"] == "noindex" and "no-store" in response["Cache-Control"]
    assert 'name="layanan"' not in page  # fixed by the poster's link


def test_a_citizen_answers_and_is_thanked(world):
    skm_ready(world.pemda)
    client = Client(REMOTE_ADDR="10.1.1.1")
    response = client.post(form_url(world, layanan="KK"), {**answers(), "waktu": "2"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    stored = Response.objects.get(pemda=world.pemda)
    assert (stored.subject, stored.channel, stored.excluded, stored.unit_id) == (
        "KK",
        "web",
        "",
        world.units["kel_a1"].pk,
    )
    assert stored.version.number == 1
    assert Answer.objects.get(response=stored, element="waktu").value == 2
    assert "10.1.1.1" not in stored.client_hash and len(stored.client_hash) == 32
    event = AuditEvent.objects.get(action="skm.response_submit")
    assert event.pemda_id == world.pemda.pk


def test_bad_values_are_refused_and_nothing_is_stored(world):
    skm_ready(world.pemda)
    response = Client().post(form_url(world), {"waktu": "7", "layanan": "KK"})
    assert response.status_code == 422
    response = Client().post(form_url(world), {"layanan": "KK", "saran": "hanya saran"})
    assert response.status_code == 422
    with translation.override("id"):
        assert gettext("Please answer at least one question about the service.") in response.content.decode()
    assert not Response.objects.exists()


def test_another_pemdas_unit_is_not_found_under_this_slug(world, other_world):
    skm_ready(world.pemda)
    skm_ready(other_world.pemda)
    url = reverse(
        "public:skm:form", kwargs={"pemda_slug": world.pemda.slug, "unit_code": other_world.units["kel_a1"].code}
    )
    assert Client().get(url).status_code == 404
    assert Client().post(url, answers()).status_code == 404
    assert not Response.objects.exists()


def test_one_response_per_ticket(world):
    skm_ready(world.pemda)
    ticket = Ticket(world.units["kel_a1"].code, "KK", "A017", dt.date.today())
    # The link the counter prints; its token is signed with the time, so it is read from the link itself.
    link = ticket_url(world.pemda.slug, ticket)
    token = link.split("?t=", 1)[1]
    url = form_url(world, t=token)
    assert link.endswith(url) and ticket_read(token) == ticket
    page = Client().get(url).content.decode()
    assert 'name="layanan"' not in page and token in page
    assert Client().post(url, {**answers(), "t": token}).status_code == 302
    again = Client().post(url, {**answers(1), "t": token})
    assert again.status_code == 200  # the form is not offered again: the page says it was answered
    with translation.override("id"):
        answered = gettext("Already answered")
    assert answered in again.content.decode()
    assert answered in Client().get(url).content.decode()
    assert Response.objects.filter(once_key=ticket.once_key).count() == 1
    assert Response.objects.get().channel == "ticket"


def test_an_edited_or_foreign_ticket_is_refused(world):
    skm_ready(world.pemda)
    token = ticket_token(Ticket(world.units["kel_a1"].code, "KK", "A017", dt.date.today()))
    assert Client().get(form_url(world, t=token[:-2] + "xx")).status_code == 422
    assert Client().get(form_url(world, unit="kel_b1", t=token)).status_code == 404
    assert not Response.objects.exists()


def test_an_expired_ticket_is_refused(world, settings):
    skm_ready(world.pemda)
    settings.SKM_TICKET_MAX_AGE_DAYS = -1
    token = ticket_token(Ticket(world.units["kel_a1"].code, "KK", "A017", dt.date.today()))
    assert Client().post(form_url(world, t=token), {**answers(), "t": token}).status_code == 422
    assert not Response.objects.exists()


def test_duplicates_and_floods_are_kept_but_not_counted_and_the_hard_limit_refuses(world, settings):
    skm_ready(world.pemda)
    settings.SKM_SOFT_PER_HOUR = 3
    settings.SKM_HARD_PER_HOUR = 5
    client = Client(REMOTE_ADDR="10.2.2.2")
    url = form_url(world, layanan="KK")
    assert client.post(url, answers(4)).status_code == 302
    assert client.post(url, answers(4)).status_code == 302  # a double tap: thanked, set aside
    assert client.post(url, answers(3)).status_code == 302
    assert client.post(url, answers(2)).status_code == 302  # fourth in the hour: flood, set aside
    assert client.post(url, answers(1)).status_code == 302
    assert client.post(url, answers(2, waktu="1")).status_code == 429
    assert list(Response.objects.order_by("id").values_list("excluded", flat=True)) == [
        "",
        "duplicate",
        "",
        "flood",
        "flood",
    ]
    # Another citizen behind another address is not affected.
    assert Client(REMOTE_ADDR="10.3.3.3").post(url, answers(4)).status_code == 302
    assert Response.objects.filter(excluded="").count() == 3


def test_the_public_pages_show_no_personal_data(world):
    skm_ready(world.pemda)
    staff = world.employees["kel_a1_staff"]
    for url in (reverse("public:skm:start", kwargs={"pemda_slug": world.pemda.slug}), form_url(world)):
        page = Client().get(url).content.decode()
        assert staff.nip not in page and staff.name not in page
