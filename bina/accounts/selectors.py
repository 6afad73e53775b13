"""Reads over roles and tokens on an actor's behalf; the accounts themselves come from `access`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bina.accounts.models import ApiToken, RoleAssignment, User
from bina.accounts.permissions import can_open_user_admin
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
    """Always shown: who I am, my roles, my API tokens; says so when the account has no role yet."""
    return {
        "account": user,
        "token_count": user.api_tokens.filter(revoked_at__isnull=True).count(),
        "is_empty": not actor.roles and not actor.is_superadmin,
    }
