"""Public pages (`/p/<slug>/`): the Pemda from the URL, no login, the public actor, never cached, the registry."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from bina.core import public
from bina.core.actor import Actor
from bina.core.public import PublicPage, public_links_for, register_public_page


def home_url(pemda) -> str:
    return reverse("public:home", kwargs={"pemda_slug": pemda.slug})


def test_landing_page_needs_no_login_and_links_the_public_services(world, client):
    r = client.get(home_url(world.pemda))
    assert r.status_code == 200
    html = r.content.decode()
    assert world.pemda.name in html
    # Bahasa Indonesia first: the default language, without any cookie or account.
    assert "Verifikasi sertifikat" in html
    assert f'href="/p/{world.pemda.slug}/verify/"' in html


def test_landing_page_is_never_cached(world, client):
    r = client.get(home_url(world.pemda))
    assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"]


def test_unknown_and_inactive_pemda_answer_404(world, other_world, client):
    assert client.get("/p/tidak-ada/").status_code == 404
    other_world.pemda.is_active = False
    other_world.pemda.save(update_fields=["is_active"])
    for url in (home_url(other_world.pemda), f"/p/{other_world.pemda.slug}/verify/"):
        r = client.get(url)
        assert r.status_code == 404 and "no-store" in r["Cache-Control"]
        assert other_world.pemda.name.encode() not in r.content
    assert client.get(home_url(world.pemda)).status_code == 200


def test_a_logged_in_staff_member_sees_the_public_page_as_the_public(world, client_as):
    """The page reads with the public actor, not the admin's scope: no staff navigation either."""
    r = client_as(world.users["admin"]).get(home_url(world.pemda))
    assert r.status_code == 200
    actor = r.wsgi_request.actor  # type: ignore[attr-defined]
    assert actor.is_public and actor.pemda_id is None and actor.public_pemda_id == world.pemda.pk
    assert reverse("people:employees").encode() not in r.content


def test_public_actor_is_no_member_of_its_pemda(world):
    actor = Actor.public(world.pemda.pk, ip="203.0.113.7", language="en")
    assert actor.pemda_id is None and actor.public_pemda_id == world.pemda.pk
    assert not actor.is_authenticated and not actor.roles and actor.read_reach().is_empty
    assert (actor.ip, actor.language, actor.username) == ("203.0.113.7", "en", "public")


@pytest.fixture
def registry():
    """The registry as the apps left it, restored after a test adds pages."""
    saved = dict(public._pages)
    yield
    public._pages.clear()
    public._pages.update(saved)


def test_a_page_registered_twice_under_one_key_is_refused(registry):
    page = PublicPage(
        key="survey", urls="bina.certificates.urls_public", entry="search", title="Survey", description=""
    )
    register_public_page(page)
    register_public_page(page)  # the same page again (an app loaded twice) is harmless
    with pytest.raises(ImproperlyConfigured):
        register_public_page(PublicPage(key="survey", urls="x.urls", entry="form", title="Other", description=""))


def test_pages_a_pemda_does_not_offer_are_not_linked(world, other_world, registry):
    public._pages.clear()
    register_public_page(
        PublicPage(
            key="verify",
            urls="bina.certificates.urls_public",
            entry="search",
            title="Only Alfa",
            description="",
            available=lambda pemda: pemda.slug == "alfa",
        )
    )
    assert [link.title for link in public_links_for(world.pemda)] == ["Only Alfa"]
    assert public_links_for(other_world.pemda) == []
