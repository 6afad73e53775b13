"""Reads over roles and tokens on an actor's behalf; the accounts themselves come from `access`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max, QuerySet, Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.accounts.access import users_for
from bina.accounts.models import ApiToken, RoleAssignment, User
from bina.accounts.permissions import can_hold_api_token, can_open_user_admin
from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.core.models import Pemda


def get_assignment_for(user: User, pk: int) -> RoleAssignment:
    assignment = RoleAssignment.objects.select_related("org_unit", "user").filter(user=user, pk=pk).first()
    if assignment is None:
        raise NotFound(_("No such role assignment."))
    return assignment


def creatable_in(actor: Actor) -> QuerySet[Pemda]:
    """The Pemda an actor may create accounts in."""
    if actor.is_superadmin:
        return Pemda.objects.filter(is_active=True).order_by("name")
    if actor.pemda_id is not None and can_open_user_admin(actor):
        return Pemda.objects.filter(pk=actor.pemda_id)
    return Pemda.objects.none()


def tokens_of(actor: Actor) -> QuerySet[ApiToken]:
    if actor.user_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.user_id).order_by("-created_at")


def home_account_card(actor: Actor, user: User) -> dict[str, object]:
    """Always shown: who I am, my roles, my API tokens (only for the roles that integrate, or tokens the
    account still holds); says so when the account has no role yet."""
    token_count = user.api_tokens.filter(revoked_at__isnull=True).count()
    return {
        "account": user,
        "token_count": token_count,
        "shows_tokens": token_count > 0 or can_hold_api_token(actor),
        "is_empty": not actor.roles and not actor.is_superadmin,
    }


# --- log-in lockouts (django-axes) ---------------------------------------------------------


@dataclass(frozen=True)
class Lockout:
    """An account locked by django-axes after repeated wrong passwords, and when the lock ends by itself."""

    user: User
    failures: int
    last_failure: datetime
    locked_until: datetime
    last_ip: str | None


def _lockout_rows(usernames: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Axes keys (lower-cased usernames, see backends.axes_username) currently over the failure limit."""
    cool_off = get_cool_off()
    if cool_off is None:  # pragma: no cover - Bina always configures a cool-off
        raise ImproperlyConfigured("AXES_COOLOFF_TIME must be set.")
    attempts = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off, username__isnull=False)
    if usernames is not None:
        attempts = attempts.filter(username__in=usernames)
    rows = (
        attempts.values("username")
        .annotate(failures=Sum("failures_since_start"), last_failure=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    result = {row["username"]: {**row, "locked_until": row["last_failure"] + cool_off} for row in rows}
    for attempt in attempts.filter(username__in=list(result)).order_by("attempt_time"):
        result[attempt.username]["last_ip"] = attempt.ip_address
    return result


def lockouts_for(actor: Actor) -> list[Lockout]:
    """Locked accounts the actor manages (their Pemda's for an admin), the lock ending soonest first.

    Names that match no account (someone guessing usernames) are not shown: there is nothing to unlock.
    """
    rows = _lockout_rows()
    if not rows:
        return []
    users = users_for(actor).annotate(key=Lower("username")).filter(key__in=list(rows))
    lockouts = [
        Lockout(
            user=user,
            failures=rows[user.key]["failures"],
            last_failure=rows[user.key]["last_failure"],
            locked_until=rows[user.key]["locked_until"],
            last_ip=rows[user.key].get("last_ip"),
        )
        for user in users
    ]
    return sorted(lockouts, key=lambda lockout: (lockout.locked_until, lockout.user.username))


def get_lockout_for(actor: Actor, user_pk: int) -> Lockout:
    """One locked account in the actor's reach; NotFound when it is out of reach or not locked."""
    for lockout in lockouts_for(actor):
        if lockout.user.pk == user_pk:
            return lockout
    raise NotFound(_("This account is not locked (or no longer)."))


def lockout_retry_after(axes_username: str) -> int:
    """Seconds until the lock of a log-in name ends, for `Retry-After` on a locked-out answer.

    The full cool-off when no current lock is recorded (the answer is a lockout all the same).
    """
    cool_off = get_cool_off()
    row = _lockout_rows([axes_username]).get(axes_username)
    if row is None:
        return math.ceil(cool_off.total_seconds()) if cool_off else 0
    return max(1, math.ceil((row["locked_until"] - timezone.now()).total_seconds()))
