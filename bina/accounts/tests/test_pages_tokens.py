"""My account: API tokens (secret shown once) and the language preference."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bina.accounts.models import ApiToken
from bina.accounts.scope import actor_for_user
from bina.accounts.services import token_authenticate, token_create

TOKENS = reverse("accounts:tokens")


@pytest.fixture
def client_as(client_as_en):
    return client_as_en


@pytest.mark.parametrize("persona", ["admin", "operator", "leader", "instructor", "supervisor", "participant"])
def test_every_user_has_an_account_page(world, client_as, persona):
    assert client_as(world.users[persona]).get(TOKENS).status_code == 200


def test_superadmin_has_an_account_page(superadmin, client_as):
    assert client_as(superadmin).get(TOKENS).status_code == 200


def test_create_token_shows_secret_once_and_it_works(world, client_as):
    client = client_as(world.users["operator"])
    response = client.post(TOKENS, {"name": "SIMPEG sync"})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    token = ApiToken.objects.get(user=world.users["operator"])
    start = body.index('value="bina_') + len('value="')
    secret = body[start : body.index('"', start)]
    assert token_authenticate(secret) == world.users["operator"]
    assert secret not in client.get(TOKENS).content.decode()
    assert token.prefix in client.get(TOKENS).content.decode()


def test_revoke_own_token(world, client_as):
    user = world.users["operator"]
    token, _secret = token_create(actor=actor_for_user(user), user=user, name="old")
    response = client_as(user).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_of_another_user_is_404(world, client_as):
    token, _secret = token_create(actor=actor_for_user(world.users["admin"]), user=world.users["admin"], name="theirs")
    response = client_as(world.users["operator"]).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_of_other_pemda_user_is_404_and_not_listed(world, other_world, client_as):
    token, _secret = token_create(
        actor=actor_for_user(other_world.users["admin"]), user=other_world.users["admin"], name="beta-token"
    )
    client = client_as(world.users["admin"])
    assert "beta-token" not in client.get(TOKENS).content.decode()
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_too_long_token_name_is_explained(world, client_as):
    response = client_as(world.users["admin"]).post(TOKENS, {"name": "x" * 101})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_language_preference_is_saved_and_used(world, client_as):
    user = world.users["participant"]
    client = client_as(user)
    response = client.post(reverse("accounts:language"), {"language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert '<html lang="en">' in client.get(TOKENS).content.decode()
    client.post(reverse("accounts:language"), {"language": "id"})
    user.refresh_from_db()
    assert user.language == "id"
    assert '<html lang="id">' in client.get(TOKENS).content.decode()


def test_unknown_language_is_refused(world, client_as):
    user = world.users["participant"]
    response = client_as(user).post(reverse("accounts:language"), {"language": "fr"})
    assert response.status_code == 422
    user.refresh_from_db()
    assert user.language == "id"


@pytest.mark.parametrize("persona", ["participant", "instructor", "leader"])
def test_roles_that_do_not_integrate_see_no_token_form_and_cannot_post_one(world, client_as, persona):
    client = client_as(world.users[persona])
    body = client.get(TOKENS).content.decode()
    assert "Create token" not in body and "Change password" in body
    assert client.post(TOKENS, {"name": "mine"}).status_code == 403
    assert not ApiToken.objects.filter(user=world.users[persona]).exists()


def test_a_token_held_from_before_is_listed_and_can_be_revoked(world, client_as):
    user = world.users["participant"]
    token, _ = token_create(actor=actor_for_user(world.users["admin"]), user=user, name="old kiosk")
    client = client_as(user)
    assert "old kiosk" in client.get(TOKENS).content.decode()
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_home_account_card_offers_tokens_only_to_roles_that_integrate(world, client_as):
    participant = client_as(world.users["participant"]).get(reverse("shell:home")).content.decode()
    assert "Active API tokens" not in participant and "Manage my account<" in participant
    admin = client_as(world.users["admin"]).get(reverse("shell:home")).content.decode()
    assert "Active API tokens" in admin and "Manage my account and API tokens" in admin
