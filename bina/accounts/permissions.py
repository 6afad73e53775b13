"""One permission function per action (tested as a matrix in tests/test_permissions_matrix.py).

Permissions over users and roles; those over employees and units are in `bina.people.permissions`,
those of the platform's own pages in `bina.core.permissions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.accounts.models import User
    from bina.core.actor import Actor
    from bina.core.models import Pemda


def _same_pemda(actor: Actor, pemda_id: int | None) -> bool:
    return actor.pemda_id is not None and actor.pemda_id == pemda_id


# --- accounts --- ----------------------------------------------------------


def can_manage_users(actor: Actor, pemda: Pemda) -> bool:
    """BKPSDM admins manage their Pemda's users and roles; the platform superadmin any Pemda's."""
    return actor.is_superadmin or (_same_pemda(actor, pemda.pk) and actor.is_admin)


def can_hold_api_token(actor: Actor) -> bool:
    """API tokens are for the roles that integrate other systems with Bina: admins, operators, the superadmin.

    A plain ASN (participant, instructor, supervisor, leader) uses the pages; a token would only be one more
    secret to leak. Tokens such an account already holds keep working until revoked (its admin can).
    """
    return actor.is_superadmin or (actor.pemda_id is not None and (actor.is_admin or actor.is_operator))


def can_edit_user(actor: Actor, user: User) -> bool:
    if user.pemda_id is None:
        return actor.is_superadmin
    return actor.is_superadmin or (_same_pemda(actor, user.pemda_id) and actor.is_admin)


def can_open_user_admin(actor: Actor) -> bool:
    """The users pages are for the superadmin and for admins of the actor's own Pemda."""
    from bina.core.models import Pemda

    if actor.is_superadmin:
        return True
    return actor.pemda_id is not None and can_manage_users(actor, Pemda(pk=actor.pemda_id))
