from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django.urls import reverse

from bina.core.models import AuditEvent

LOGIN = reverse("accounts:login")


def test_login_with_username(world, password):
    client = Client()
    response = client.post(LOGIN, {"username": "admin.alfa", "password": password})
    assert response.status_code == 302
    assert response.url == reverse("shell:home")
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor_label == "admin.alfa"
    assert event.pemda_id == world.pemda.pk
    assert event.ip_address == "127.0.0.1"


def test_login_with_nip_of_linked_employee(world, password):
    nip = world.employees["kel_a1_staff"].nip
    client = Client()
    response = client.post(LOGIN, {"username": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}", "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["participant"].pk)


def test_wrong_password_is_refused_and_audited(world):
    client = Client()
    response = client.post(LOGIN, {"username": "admin.alfa", "password": "wrong-password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_label="admin.alfa").count() == 1


def test_account_locks_after_repeated_failures_even_with_right_password(world, password):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "operator.alfa", "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "operator.alfa", "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_of_one_user_does_not_lock_another(world, password):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "operator.alfa", "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "admin.alfa", "password": password})
    assert response.status_code == 302


def test_inactive_user_cannot_log_in(world, password):
    user = world.users["leader"]
    user.is_active = False
    user.save()
    client = Client()
    client.post(LOGIN, {"username": "leader.alfa", "password": password})
    assert "_auth_user_id" not in client.session


def test_logout_requires_post_and_ends_session(world, client_as):
    client = client_as(world.users["admin"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_pages_need_login(db):
    response = Client().get(reverse("shell:home"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_production_hashing_and_session_expiry_are_configured():
    from bina.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert Argon2PasswordHasher().algorithm == "argon2"
    assert base.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert base.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_failures_by_nip_and_by_username_share_one_lockout_budget(world, password):
    nip = world.employees["kel_a1_staff"].nip
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        login = nip if i % 2 else "participant.alfa"
        client.post(LOGIN, {"username": login, "password": "wrong-password"})
    response = client.post(LOGIN, {"username": nip, "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
