from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from bina.accounts.models import User
from bina.people.nip import looks_like_nip, nip_normalise


class NipOrUsernameBackend(ModelBackend):
    """Log in with a username or with the 18-digit NIP of the employee linked to the account."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or password is None:
            return None
        candidate = username.strip()
        compact = nip_normalise(candidate)
        user = None
        if looks_like_nip(compact):
            user = User.objects.filter(employee__nip=compact, is_active=True).first()
        if user is None:
            user = User.objects.filter(username__iexact=candidate).first()
        if user is None:
            # Spend the same time as a real check so timing does not reveal which usernames exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: int) -> User | None:
        # The header shows the Pemda's name and emblem and the person's name on every page: load them with
        # the user, not per page.
        user = User.objects.select_related("pemda", "employee").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The name django-axes counts failures against: a NIP counts for the account it belongs to.

    Without this, five wrong passwords by username and five more by NIP would be two separate budgets.
    """
    raw = str((credentials or {}).get("username") or "").strip()
    compact = nip_normalise(raw)
    if looks_like_nip(compact):
        username = User.objects.filter(employee__nip=compact).values_list("username", flat=True).first()
        if username:
            return username.lower()
    return raw.lower()
