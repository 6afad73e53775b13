"""The notification list (page and API), marking read, and the unread-count context processor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bina.accounts.services import token_create
from bina.notifications.models import Notification
from bina.notifications.selectors import unread_count
from bina.notifications.services import notify
from conftest import token_issuer

pytestmark = pytest.mark.django_db


def note(user, key, title="Judul"):
    return notify(user=user, kind="other", event_key=key, title=title, email=False)


def bearer(user):
    _, secret = token_create(actor=token_issuer(user), user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_list_shows_mine_unread_first(world, other_world, client_as, django_assert_max_num_queries):
    me = world.users["participant"]
    read = note(me, "a", "Sudah dibaca")
    Notification.objects.filter(pk=read.pk).update(read_at="2026-01-01T00:00:00Z")
    note(me, "b", "Belum dibaca")
    note(world.users["admin"], "c", "Punya admin")
    note(other_world.users["participant"], "d", "Pemda lain")
    client = client_as(me)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:list"))
    titles = [n.title for n in response.context["items"]]
    assert titles == ["Belum dibaca", "Sudah dibaca"]


def test_mark_one_and_all_read(world, client_as):
    me = world.users["participant"]
    first, second = note(me, "a"), note(me, "b")
    theirs = note(world.users["admin"], "a")
    client = client_as(me)
    assert client.post(reverse("notifications:read", args=[first.pk])).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    client.post(reverse("notifications:read", args=[theirs.pk]))  # someone else's: nothing happens
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_navigation_badge_counts_my_unread_notifications(world, other_world, client_as_en):
    me = world.users["participant"]
    note(me, "a")
    note(me, "b")
    note(other_world.users["participant"], "c")
    page = client_as_en(me).get(reverse("shell:home")).content.decode()
    assert 'aria-label="2 unread">2</span>' in page
    assert unread_count(me.pk) == 2


def test_api_lists_and_marks_only_my_notifications(world, other_world, client_as):
    me = world.users["participant"]
    mine = note(me, "a")
    theirs = note(other_world.users["participant"], "a")
    client = client_as(me)
    body = client.get("/api/v1/notifications").json()
    assert [n["id"] for n in body["items"]] == [mine.pk]
    headers = bearer(me)
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read", **headers).status_code == 404
    assert client.post(f"/api/v1/notifications/{mine.pk}/read", **headers).json() == {"marked": 1}
    note(me, "b")
    assert client.post("/api/v1/notifications/read-all", **headers).json() == {"marked": 1}


def test_htmx_mark_read_returns_just_the_row(world, client_as):
    me = world.users["participant"]
    item = note(me, "a", "Pengingat sesi")
    response = client_as(me).post(reverse("notifications:read", args=[item.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<li") and "Pengingat sesi" in body and "<strong>" not in body
    theirs = note(world.users["admin"], "b")
    other = client_as(me).post(reverse("notifications:read", args=[theirs.pk]), HTTP_HX_REQUEST="true")
    assert other.status_code == 404
