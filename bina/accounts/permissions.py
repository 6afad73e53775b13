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


def can_edit_user(actor: Actor, user: User) -> bool:
    if user.pemda_id is None:
        return actor.is_superadmin
    return actor.is_superadmin or (_same_pemda(actor, user.pemda_id) and actor.is_admin)
