"""API tokens over real HTTP: exchange, use, list, revoke, lockout, and the audit trail."""

from __future__ import annotations

import pytest
from django.test import Client

from bina.accounts.factories import PASSWORD, RoleAssignmentFactory, UserFactory
from bina.accounts.models import ApiToken
from bina.accounts.scope import actor_for_user
from bina.accounts.services import token_create
from bina.core.models import AuditEvent

TOKEN_URL = "/api/v1/auth/token"


def obtain(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(
        TOKEN_URL, {"username": username, "password": password, **extra}, content_type="application/json"
    )


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_token_exchange_returns_secret_once_and_stores_only_its_hash(world):
    user = world.users["admin"]
    response = obtain(Client(), user.username, name="SIASN sync")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token"].startswith("bina_")
    token = ApiToken.objects.get(pk=body["id"])
    assert token.user == user and token.name == "SIASN sync"
    assert body["token"] not in token.token_hash and len(token.token_hash) == 64
    assert body["created_at"]
    assert AuditEvent.objects.filter(action="token.create", actor=user, target_id=str(token.pk)).exists()


def test_token_works_as_bearer_for_the_api(world):
    user = world.users["admin"]
    secret = obtain(Client(), user.username).json()["token"]
    response = bearer(secret).get("/api/v1/auth/tokens")
    assert response.status_code == 200
    assert [t["prefix"] for t in response.json()] == [secret[:11]]


def test_login_with_nip_of_linked_employee(world):
    # The participant also operates its kelurahan: a role that may hold an API token.
    RoleAssignmentFactory(
        user=world.users["participant"], pemda=world.pemda, role="operator", org_unit=world.units["kel_a1"]
    )
    employee = world.employees["kel_a1_staff"]
    spaced = f"{employee.nip[:8]} {employee.nip[8:14]} {employee.nip[14]} {employee.nip[15:]}"
    response = obtain(Client(), spaced)
    assert response.status_code == 200, response.content
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.user == world.users["participant"]


def test_wrong_password_is_401_and_audited(world):
    user = world.users["operator"]
    response = obtain(Client(), user.username, "wrong-password-1")
    assert_error(response, 401, "authentication_failed")
    assert not ApiToken.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_label=user.username).count() == 1


def test_unknown_user_is_401_like_a_wrong_password(db):
    assert_error(obtain(Client(), "nobody-here", "whatever-123"), 401, "authentication_failed")


def test_inactive_user_cannot_get_a_token(world):
    user = world.users["operator"]
    user.is_active = False
    user.save()
    assert_error(obtain(Client(), user.username), 401, "authentication_failed")


def test_missing_password_is_422_naming_the_field(db):
    response = Client().post(TOKEN_URL, {"username": "admin.alfa"}, content_type="application/json")
    error = assert_error(response, 422, "validation_failed")
    assert [d["field"] for d in error["details"]] == ["password"]


def test_malformed_json_is_400_in_the_error_shape(db):
    response = Client().post(TOKEN_URL, "{not json", content_type="application/json")
    assert_error(response, 400, "bad_request")


def test_lockout_after_five_failures_refuses_even_the_right_password(world, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    user = world.users["leader"]
    client = Client()
    statuses = [obtain(client, user.username, f"wrong-{i}-password").status_code for i in range(5)]
    assert statuses[:4] == [401] * 4
    assert statuses[4] == 429  # the fifth failure locks the account
    error = assert_error(obtain(client, user.username), 429, "locked_out")
    assert "30" in error["message"]  # AXES_COOLOFF_MINUTES default
    assert not ApiToken.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_label=user.username).count() == 6


def test_successful_login_resets_the_failure_count(world):
    user = world.users["operator"]
    client = Client()
    for i in range(4):
        assert obtain(client, user.username, f"wrong-{i}-password").status_code == 401
    assert obtain(client, user.username).status_code == 200
    for i in range(4):
        assert obtain(client, user.username, f"again-{i}-password").status_code == 401
    assert obtain(client, user.username).status_code == 200


def test_missing_token_is_401_with_bearer_challenge(db):
    response = Client().get("/api/v1/auth/tokens")
    assert_error(response, 401, "authentication_required")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_garbage_token_is_401(db):
    assert_error(bearer("bina_not-a-real-token").get("/api/v1/auth/tokens"), 401, "authentication_failed")
    assert_error(bearer("something-else").get("/api/v1/auth/tokens"), 401, "authentication_failed")


def test_revoked_token_is_401(world):
    user = world.users["admin"]
    token, secret = token_create(actor=actor_for_user(user), user=user)
    client = bearer(secret)
    assert client.get("/api/v1/auth/tokens").status_code == 200
    assert client.delete(f"/api/v1/auth/tokens/{token.pk}").status_code == 204
    assert_error(client.get("/api/v1/auth/tokens"), 401, "authentication_failed")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoke", target_id=str(token.pk)).exists()


def test_token_of_deactivated_user_stops_working(world):
    user = world.users["operator"]
    _, secret = token_create(actor=actor_for_user(user), user=user)
    user.is_active = False
    user.save()
    assert_error(bearer(secret).get("/api/v1/auth/tokens"), 401, "authentication_failed")


def test_token_list_shows_only_own_tokens_with_revoked_flag(world, other_world):
    me = world.users["operator"]
    _, secret = token_create(actor=actor_for_user(me), user=me, name="mine")
    old, _ = token_create(actor=actor_for_user(me), user=me, name="old")
    token_create(actor=actor_for_user(world.users["admin"]), user=world.users["admin"], name="colleague")
    token_create(
        actor=actor_for_user(other_world.users["operator"]), user=other_world.users["operator"], name="other pemda"
    )
    client = bearer(secret)
    client.delete(f"/api/v1/auth/tokens/{old.pk}")
    body = client.get("/api/v1/auth/tokens").json()
    assert {t["name"]: t["revoked"] for t in body} == {"mine": False, "old": True}
    assert set(body[0]) == {"id", "name", "prefix", "created_at", "last_used_at", "revoked"}
    assert next(t for t in body if t["name"] == "mine")["last_used_at"] is not None
    assert all("token_hash" not in t for t in body)


def test_cannot_revoke_a_colleagues_token(world):
    _, secret = token_create(actor=actor_for_user(world.users["operator"]), user=world.users["operator"])
    theirs, _ = token_create(actor=actor_for_user(world.users["admin"]), user=world.users["admin"])
    assert_error(bearer(secret).delete(f"/api/v1/auth/tokens/{theirs.pk}"), 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_cannot_revoke_another_pemdas_token(world, other_world):
    _, secret = token_create(actor=actor_for_user(world.users["admin"]), user=world.users["admin"])
    theirs, _ = token_create(actor=actor_for_user(other_world.users["admin"]), user=other_world.users["admin"])
    assert_error(bearer(secret).delete(f"/api/v1/auth/tokens/{theirs.pk}"), 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_revoking_a_missing_token_is_404(world):
    _, secret = token_create(actor=actor_for_user(world.users["admin"]), user=world.users["admin"])
    assert_error(bearer(secret).delete("/api/v1/auth/tokens/999999"), 404, "not_found")


def test_browser_session_may_read_but_not_write(world, client_as):
    user = world.users["admin"]
    token, _ = token_create(actor=actor_for_user(user), user=user)
    browser = client_as(user)
    assert browser.get("/api/v1/auth/tokens").status_code == 200
    # Writes need a bearer token, so a forged cross-site request cannot change anything.
    assert_error(browser.delete(f"/api/v1/auth/tokens/{token.pk}"), 401, "authentication_required")
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("persona", ["admin", "operator"])
def test_integrating_roles_can_get_a_token(world, persona):
    assert obtain(Client(), world.users[persona].username).status_code == 200


@pytest.mark.parametrize("persona", ["participant", "instructor", "leader", "supervisor"])
def test_other_roles_get_no_token_and_it_is_no_login(world, persona):
    user = world.users[persona]
    assert_error(obtain(Client(), user.username), 403, "permission_denied")
    assert not ApiToken.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(action="auth.login", actor_label=user.username).exists()


def test_a_token_the_admin_issued_to_a_participant_works(world):
    # A service account (e.g. a kiosk) may still get one, from its Pemda's admin: decided there, not by itself.
    user = world.users["participant"]
    _, secret = token_create(actor=actor_for_user(world.users["admin"]), user=user, name="kiosk")
    assert bearer(secret).get("/api/v1/auth/tokens").status_code == 200


def test_platform_superadmin_can_get_a_token_but_sees_no_pemda_data(superadmin, world):
    secret = obtain(Client(), superadmin.username).json()["token"]
    client = bearer(secret)
    assert client.get("/api/v1/org-units").json() == {"items": [], "count": 0}
    assert_error(client.get(f"/api/v1/employees/{world.employees['camat_a'].nip}"), 404, "not_found")


def test_other_user_fixture_unrelated_to_pemda_is_isolated(db):
    stranger = UserFactory(username="lonely", pemda=None)
    assert_error(obtain(Client(), stranger.username), 403, "permission_denied")
