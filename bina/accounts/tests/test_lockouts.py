"""Log-in lockouts (django-axes): admins see and lift their Pemda's, responses say when to retry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bina.accounts.factories import PASSWORD, UserFactory
from bina.core.models import AuditEvent

LOGIN = reverse("accounts:login")
LOCKOUTS = reverse("accounts:lockouts")
TOKEN_URL = "/api/v1/auth/token"
COOL_OFF = round(float(settings.AXES_COOLOFF_TIME) * 3600)


@pytest.fixture
def client_as(client_as_en):
    return client_as_en


def lock(username: str) -> None:
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": username, "password": f"wrong-{i}"})


def log_in(username: str) -> int:
    return Client().post(LOGIN, {"username": username, "password": PASSWORD}).status_code


def lift(client: Client, user) -> int:
    return client.post(reverse("accounts:lockout_lift", args=[user.pk])).status_code


def test_admin_sees_only_own_pemda_lockouts(world, other_world, client_as):
    lock("operator.alfa")
    lock("operator.beta")
    lock("nobody.at.all")
    body = client_as(world.users["admin"]).get(LOCKOUTS).content.decode()
    assert "operator.alfa" in body
    assert "operator.beta" not in body
    assert "nobody.at.all" not in body
    assert "127.0.0.1" in body  # where the failures came from


def test_admin_lifts_lockout_audited_and_the_user_logs_in(world, client_as):
    lock("operator.alfa")
    assert log_in("operator.alfa") == 429
    client = client_as(world.users["admin"])
    assert lift(client, world.users["operator"]) == 302
    assert not AccessAttempt.objects.filter(username="operator.alfa").exists()
    event = AuditEvent.objects.get(action="auth.lockout_lift")
    assert (event.actor_label, event.pemda_id, event.target_id) == (
        "admin.alfa",
        world.pemda.pk,
        str(world.users["operator"].pk),
    )
    assert event.detail["failures"] == settings.AXES_FAILURE_LIMIT
    assert log_in("operator.alfa") == 302
    assert (
        reverse("accounts:lockout_lift", args=[world.users["operator"].pk]) not in client.get(LOCKOUTS).content.decode()
    )


def test_lifting_a_lockout_by_nip_frees_the_account(world, client_as):
    nip = world.employees["kel_a1_staff"].nip
    lock(nip)
    assert log_in("participant.alfa") == 429
    assert lift(client_as(world.users["admin"]), world.users["participant"]) == 302
    assert log_in(nip) == 302


def test_admin_cannot_lift_other_pemda_lockout(world, other_world, client_as):
    lock("operator.beta")
    assert lift(client_as(world.users["admin"]), other_world.users["operator"]) == 404
    assert log_in("operator.beta") == 429
    assert not AuditEvent.objects.filter(action="auth.lockout_lift").exists()


def test_lifting_an_account_that_is_not_locked_is_404(world, client_as):
    assert lift(client_as(world.users["admin"]), world.users["operator"]) == 404


@pytest.mark.parametrize("persona", ["operator", "leader", "participant"])
def test_non_admins_cannot_see_or_lift_lockouts(world, client_as, persona):
    lock("admin.alfa")
    client = client_as(world.users[persona])
    assert client.get(LOCKOUTS).status_code == 403
    assert lift(client, world.users["admin"]) == 403
    assert log_in("admin.alfa") == 429


def test_superadmin_lifts_a_platform_account_lockout(world, superadmin, client_as):
    other = UserFactory(username="platform.two", pemda=None, is_superadmin=True)
    lock("platform.two")
    assert "platform.two" not in client_as(world.users["admin"]).get(LOCKOUTS).content.decode()
    assert lift(client_as(world.users["admin"]), other) == 404
    client = client_as(superadmin)
    assert "platform.two" in client.get(LOCKOUTS).content.decode()
    assert lift(client, other) == 302
    assert AuditEvent.objects.filter(action="auth.lockout_lift", actor_label="superadmin", pemda=None).exists()
    assert log_in("platform.two") == 302


def test_locked_login_page_carries_retry_after(world):
    lock("operator.alfa")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(LOGIN, {"username": "operator.alfa", "password": PASSWORD})
    assert response.status_code == 429
    assert COOL_OFF - 60 < int(response["Retry-After"]) <= COOL_OFF
    body = response.content.decode()
    assert "Try again in 30 minutes" in body
    assert "Users → Locked log-ins" in body


def test_locked_token_request_carries_retry_after(world):
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(TOKEN_URL, {"username": "leader.alfa", "password": f"wrong-{i}"}, content_type="application/json")
    response = client.post(
        TOKEN_URL, {"username": "leader.alfa", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    assert COOL_OFF - 60 < int(response["Retry-After"]) <= COOL_OFF


def test_attempts_during_a_lockout_do_not_extend_it(world):
    lock("operator.alfa")
    # Twenty minutes later the lock has ten minutes to go, however often someone tried meanwhile.
    AccessAttempt.objects.filter(username="operator.alfa").update(attempt_time=timezone.now() - timedelta(minutes=20))
    for _ in range(3):
        response = Client().post(LOGIN, {"username": "operator.alfa", "password": "wrong"})
        assert response.status_code == 429
    assert COOL_OFF - 20 * 60 - 60 < int(response["Retry-After"]) <= COOL_OFF - 20 * 60


def test_lockout_ends_by_itself_after_the_cool_off(world):
    lock("operator.alfa")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=COOL_OFF + 1))
    assert log_in("operator.alfa") == 302
