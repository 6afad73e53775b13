"""403, 404 and 500 answer in the product's look: the card, the code, one way back; 500 needs no database."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation


def test_not_found_is_a_bina_page_with_its_code_and_the_way_home(world, client_as):
    response = client_as(world.users["participant"]).get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'class="card narrow error-page"' in body and '<p class="error-code" aria-hidden="true">404</p>' in body
    assert "<nav" in body  # the navigation stays: the person is not lost
    assert 'class="button primary" href="/"' in body


def test_not_allowed_says_so_in_the_same_card(world, client_as):
    response = client_as(world.users["participant"]).get("/people/import/")
    body = response.content.decode()
    assert response.status_code == 403
    assert '<p class="error-code" aria-hidden="true">403</p>' in body


def test_server_error_page_renders_without_a_request_or_database():
    # No `db` fixture: pytest-django refuses any query here, so the page cannot depend on one.
    with translation.override("id"):
        body = render_to_string("500.html")
    assert '<p class="error-code" aria-hidden="true">500</p>' in body
    assert "bina/bina.css" in body and 'href="/"' in body
