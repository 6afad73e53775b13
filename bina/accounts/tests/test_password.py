"""Self-service password: change it (old one first), or reset it by an emailed link that reveals nothing."""

from __future__ import annotations

import re

from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bina.accounts.factories import PASSWORD
from bina.accounts.views import RESET_LIMIT_PER_HOUR
from bina.core.models import AuditEvent

CHANGE = reverse("accounts:password_change")
RESET = reverse("accounts:password_reset")
NEW = "Kopi-Tubruk-2027!"


def test_change_needs_the_old_password_and_keeps_the_session(world, client_as):
    user = world.users["participant"]
    client = client_as(user)
    refused = client.post(CHANGE, {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    assert refused.status_code == 200 and "old_password" in refused.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:tokens")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(reverse("shell:home")).status_code == 200  # still logged in here
    assert AuditEvent.objects.filter(action="account.password_change", actor=user).count() == 1


def test_change_applies_the_password_validators(world, client_as):
    user = world.users["participant"]
    response = client_as(user).post(CHANGE, {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_change_page_needs_a_login(db):
    response = Client().get(CHANGE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_reset_by_email_sets_a_new_password_once(world):
    cache.clear()
    user = world.users["participant"]
    user.email = "hosnan@example.go.id"
    user.save()
    response = Client().post(RESET, {"email": "Hosnan@example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hosnan@example.go.id"]
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/[^\s]+/)", mail.outbox[0].body).group(1)
    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert AuditEvent.objects.filter(action="account.password_reset", actor=user).count() == 1
    # The link is spent.
    assert 'name="new_password1"' not in Client().get(link, follow=True).content.decode()


def test_reset_answers_the_same_for_an_unknown_address(db):
    cache.clear()
    response = Client().post(RESET, {"email": "nobody@example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_reset_mails_are_limited_per_address(world):
    cache.clear()
    user = world.users["operator"]
    user.email = "operator@example.go.id"
    user.save()
    for _ in range(RESET_LIMIT_PER_HOUR + 3):
        response = Client().post(RESET, {"email": user.email})
        assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == RESET_LIMIT_PER_HOUR
    cache.clear()
