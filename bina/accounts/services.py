"""Writes to users, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.accounts import permissions, selectors
from bina.accounts.models import UNIT_SCOPED_ROLES, ApiToken, Role, RoleAssignment, User
from bina.core.actor import Actor
from bina.core.audit import audit_changes, audit_record, track_changes
from bina.core.errors import AuthenticationFailed, Conflict, NotFound, PermissionDenied, ValidationFailed
from bina.core.models import Pemda
from bina.people.access import employees_for, org_units_for
from bina.people.models import Employee, OrgUnit

if TYPE_CHECKING:
    from bina.partners.models import Partner

TOKEN_PREFIX = "bina_"


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    pemda: Pemda | None,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    employee: Employee | None = None,
    is_superadmin: bool = False,
) -> User:
    if pemda is None and not actor.is_superadmin:
        raise PermissionDenied(_("Only the platform superadmin can create platform accounts."))
    if pemda is not None and not permissions.can_manage_users(actor, pemda):
        raise PermissionDenied(_("You cannot manage users of this Pemda."))
    if is_superadmin and not actor.is_superadmin:
        raise PermissionDenied(_("Only a superadmin can create another superadmin."))
    username = username.strip()
    if not username:
        raise ValidationFailed(_("A username is required."))
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(_("The username %(username)s is taken.") % {"username": username})
    if employee is not None:
        if pemda is None or employee.pemda_id != pemda.pk:
            raise ValidationFailed(_("The employee belongs to another Pemda."))
        if User.objects.filter(employee=employee).exists():
            raise Conflict(_("%(name)s already has an account.") % {"name": employee.name})
    user = User(
        username=username,
        email=email or (employee.email if employee else ""),
        first_name=first_name or (employee.name[:150] if employee else ""),
        pemda=pemda,
        employee=employee,
        is_superadmin=is_superadmin,
    )
    if password:
        if actor is not None:
            # Django's validators (AUTH_PASSWORD_VALIDATORS), with the account for the similarity check;
            # actor=None is the demo loader, whose password is published anyway.
            _check_password_strength(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(action="user.create", actor=actor, pemda_id=pemda.pk if pemda else None, target=user)
    return user


def _check_password_strength(password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(
            _("This password is too weak: %(reasons)s") % {"reasons": " ".join(exc.messages)},
            details=[{"field": "password", "reason": message} for message in exc.messages],
        ) from exc


@transaction.atomic
def user_create_with_role(
    *,
    actor: Actor,
    pemda: Pemda,
    username: str,
    password: str,
    role: str,
    email: str = "",
    employee_nip: str = "",
    unit_code: str = "",
) -> User:
    """An account with its first role in one step (the `create_user` command): all of it or nothing.

    The NIP and unit are looked up within the Pemda, in the actor's reach.
    """
    employee = None
    nip = "".join(employee_nip.split())
    if nip:
        employee = employees_for(actor).filter(pemda=pemda, nip=nip).first()
        if employee is None:
            raise ValidationFailed(
                _("No employee with NIP %(nip)s was found in this Pemda.") % {"nip": nip}, details=[{"field": "nip"}]
            )
    org_unit = None
    if unit_code:
        org_unit = org_units_for(actor).filter(pemda=pemda, code=unit_code).first()
        if org_unit is None:
            raise ValidationFailed(
                _("No unit with code %(code)s was found in this Pemda.") % {"code": unit_code},
                details=[{"field": "unit"}],
            )
    user = user_create(actor=actor, pemda=pemda, username=username, password=password, email=email, employee=employee)
    role_assign(actor=actor, user=user, role=role, org_unit=org_unit)
    return user


@transaction.atomic
def role_assign(
    *, actor: Actor, user: User, role: str, org_unit: OrgUnit | None = None, partner: Partner | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role %(role)s.") % {"role": role})
    if user.pemda_id is None:
        raise ValidationFailed(_("Platform accounts have no Pemda roles."))
    if not permissions.can_edit_user(actor, user):
        raise PermissionDenied(_("You cannot change this user's roles."))
    if role == Role.OPERATOR and org_unit is None:
        raise ValidationFailed(_("An operator role needs the unit whose subtree it manages."))
    if role not in UNIT_SCOPED_ROLES and org_unit is not None:
        raise ValidationFailed(_("The %(role)s role is not limited to a unit.") % {"role": role})
    if org_unit is not None and org_unit.pemda_id != user.pemda_id:
        raise ValidationFailed(_("The unit belongs to another Pemda."))
    if role == Role.PARTICIPANT and user.employee_id is None:
        raise ValidationFailed(_("A participant account must be linked to an employee."))
    # A partner coordinator sees one institution's classes and instructors, so the institution is required.
    if role == Role.PARTNER and partner is None:
        raise ValidationFailed(
            _("A partner coordinator role needs the partner institution it coordinates."),
            details=[{"field": "partner"}],
        )
    if role != Role.PARTNER and partner is not None:
        raise ValidationFailed(
            _("Only the partner coordinator role is tied to a partner institution; leave the partner empty."),
            details=[{"field": "partner"}],
        )
    if partner is not None and partner.pemda_id != user.pemda_id:
        raise ValidationFailed(_("The partner belongs to another Pemda."), details=[{"field": "partner"}])
    existing = RoleAssignment.objects.filter(user=user, role=role, org_unit=org_unit).first()
    if existing is not None:
        if role == Role.PARTNER and existing.partner_id != partner.pk:  # type: ignore[union-attr]
            raise Conflict(
                _("This account already coordinates %(partner)s; revoke that role first.")
                % {"partner": existing.partner},
                details=[{"field": "partner"}],
            )
        return existing
    assignment = RoleAssignment.objects.create(
        pemda_id=user.pemda_id,
        user=user,
        role=role,
        org_unit=org_unit,
        partner=partner,
        granted_by_id=actor.user_id,
    )
    audit_record(
        action="role.assign",
        actor=actor,
        pemda_id=user.pemda_id,
        target=user,
        detail={
            "role": role,
            "org_unit": org_unit.code if org_unit else None,
            "partner": partner.pk if partner else None,
        },
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Actor, assignment: RoleAssignment) -> None:
    if not permissions.can_edit_user(actor, assignment.user):
        raise PermissionDenied(_("You cannot change this user's roles."))
    if assignment.user_id == actor.user_id and assignment.role == Role.ADMIN:
        others = RoleAssignment.objects.filter(pemda_id=assignment.pemda_id, role=Role.ADMIN).exclude(pk=assignment.pk)
        if not others.exists():
            raise Conflict(_("You are this Pemda's last admin; appoint another admin first."))
    audit_record(
        action="role.revoke",
        actor=actor,
        pemda_id=assignment.pemda_id,
        target=assignment.user,
        detail={"role": assignment.role, "org_unit": assignment.org_unit.code if assignment.org_unit else None},
    )
    assignment.delete()


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, active: bool) -> User:
    if not permissions.can_edit_user(actor, user):
        raise PermissionDenied(_("You cannot change this user."))
    if user.pk == actor.user_id and not active:
        raise Conflict(_("You cannot deactivate your own account."))
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            action="user.activate" if active else "user.deactivate", actor=actor, pemda_id=user.pemda_id, target=user
        )
    return user


@transaction.atomic
def lockout_lift(*, actor: Actor, user: User) -> int:
    """End a log-in lockout before its cool-off (the admin checked with the person); returns the failures cleared.

    The failures counted under the account's name (by username and by NIP alike) are removed, so the
    person may log in at once and has the full budget of attempts again.
    """
    if not permissions.can_edit_user(actor, user):
        raise PermissionDenied(_("You cannot change this user."))
    key = user.get_username().lower()
    lockout = next((lo for lo in selectors.lockouts_for(actor) if lo.user.pk == user.pk), None)
    if lockout is None:
        raise Conflict(_("This account is not locked (or no longer)."))
    axes_reset(username=key)
    audit_record(
        action="auth.lockout_lift",
        actor=actor,
        pemda_id=user.pemda_id,
        target=user,
        detail={"failures": lockout.failures, "locked_until": lockout.locked_until.isoformat()},
    )
    return lockout.failures


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: Actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create an API token; the secret is returned once and only its SHA-256 is stored.

    For oneself if one's role integrates (`can_hold_api_token`), or by whoever manages the account (its
    Pemda's admin, the system actor of that Pemda) for a service account.
    """
    if actor.user_id != user.pk and not permissions.can_edit_user(actor, user):
        raise PermissionDenied(_("You cannot create a token for this user."))
    if actor.user_id == user.pk and not permissions.can_hold_api_token(actor):
        raise PermissionDenied(_("API tokens are for admins and operators who connect other systems to Bina."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[: len(TOKEN_PREFIX) + 6], token_hash=_hash(secret)
    )
    audit_record(
        action="token.create",
        actor=actor,
        pemda_id=user.pemda_id,
        target=token,
        target_label=f"{token.prefix}…",
        detail={"name": token.name},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: Actor, token_id: int) -> ApiToken:
    if actor.user_id is None:
        raise NotFound(_("No such token."))
    token = ApiToken.objects.filter(pk=token_id, user_id=actor.user_id).first()
    if token is None:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action="token.revoke", actor=actor, target=token, target_label=f"{token.prefix}…")
    return token


def token_authenticate(secret: str) -> User:
    """Resolve a bearer token to its active user, or raise AuthenticationFailed."""
    if not secret.startswith(TOKEN_PREFIX):
        raise AuthenticationFailed(_("Invalid or revoked token."))
    token = ApiToken.objects.select_related("user").filter(token_hash=_hash(secret), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        raise AuthenticationFailed(_("Invalid or revoked token."))
    now = timezone.now()
    # Touch at most once a minute so busy clients do not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_password_change(*, actor: Actor, user: User, password: str, by_email: bool = False) -> User:
    """Set one's own password (the face checked the old one, or the emailed link, and the validators)."""
    if actor.user_id != user.pk:
        raise PermissionDenied(_("You can only change your own password."))
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        action="account.password_reset" if by_email else "account.password_change",
        actor=actor,
        pemda_id=user.pemda_id,
        target=user,
        target_label=user.username,
    )
    return user


@transaction.atomic
def user_update_profile(*, actor: Actor, user: User, data: dict[str, Any]) -> User:
    if actor.user_id != user.pk and not permissions.can_edit_user(actor, user):
        raise PermissionDenied(_("You cannot change this user."))
    changes = track_changes(user, data, ("email", "first_name", "language"))
    if changes:
        user.save()
        audit_changes(action="user.update", actor=actor, pemda_id=user.pemda_id, target=user, changes=changes)
    return user
