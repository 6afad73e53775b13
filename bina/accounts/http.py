"""The page request of views that need the concrete `User` (its language, Pemda, notifications)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bina.core.http import AuthedRequest

if TYPE_CHECKING:
    from bina.accounts.models import User


class UserRequest(AuthedRequest):
    user: User
