"""Log-in with username or NIP, log-out, lock-out: through the real stack (axes included)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from bina.core.models import AuditEvent

LOGIN = reverse("accounts:login")


@pytest.fixture
def en_client():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_login_page_is_indonesian_by_default_and_accessible(db):
    body = Client().get(LOGIN).content.decode()
    assert '<html lang="id">' in body
    assert '<label for="id_username">' in body and '<label for="id_password">' in body
    assert 'autocomplete="current-password"' in body


def test_login_with_username(world, en_client, password):
    response = en_client.post(LOGIN, {"username": "admin.alfa", "password": password})
    assert response.status_code == 302 and response["Location"] == reverse("shell:home")
    assert AuditEvent.objects.filter(action="auth.login", actor_id=world.users["admin"].pk).exists()


def test_login_with_nip_even_with_spaces(world, en_client, password):
    nip = world.employees["kel_a1_staff"].nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    response = en_client.post(LOGIN, {"username": spaced, "password": password})
    assert response.status_code == 302
    assert en_client.get(reverse("shell:home")).context["user"] == world.users["participant"]


def test_wrong_password_is_explained_and_keeps_username(world, en_client):
    response = en_client.post(LOGIN, {"username": "admin.alfa", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wrong username/NIP or password" in body
    assert 'value="admin.alfa"' in body
    assert AuditEvent.objects.filter(action="auth.login_failed").exists()


def test_inactive_account_cannot_log_in(world, en_client, password):
    user = world.users["operator"]
    user.is_active = False
    user.save()
    response = en_client.post(LOGIN, {"username": user.username, "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in en_client.session


def test_repeated_failures_lock_the_account(world, en_client, password):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        en_client.post(LOGIN, {"username": "admin.alfa", "password": "wrong"})
    response = en_client.post(LOGIN, {"username": "admin.alfa", "password": password})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()


def test_logout_is_post_only(world, client_as):
    client = client_as(world.users["admin"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("shell:home")).status_code == 302


def test_logged_in_user_is_sent_home_from_login(world, client_as):
    response = client_as(world.users["admin"]).get(LOGIN)
    assert response.status_code == 302


def test_other_pemda_user_logs_into_own_pemda_only(world, other_world, en_client, password):
    en_client.post(LOGIN, {"username": "admin.beta", "password": password})
    body = en_client.get(reverse("people:employees")).content.decode()
    assert other_world.employees["camat_a"].nip in body
    assert world.employees["camat_a"].nip not in body
