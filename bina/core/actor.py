"""Who is acting, in which Pemda, with which reach: the one scoping mechanism.

Every query made on someone's behalf starts from an `Actor`: built once per request from the
logged-in user (`bina.accounts.scope.actor_for_user`, by the middleware and the API auth), or
explicitly for the platform itself (`Actor.system`, commands and background jobs) and for
visitors of public pages (`Actor.public`). Each app's `access.py` turns it into scoped querysets.
The actor is a plain value so that `core` can reason about it without knowing any domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from bina.core.roles import Role

ActorKind = Literal["user", "system", "public", "anonymous"]


@dataclass
class Actor:
    user_id: int | None
    username: str
    pemda_id: int | None
    is_superadmin: bool = False
    roles: frozenset[str] = frozenset()
    operator_paths: tuple[str, ...] = ()
    leader_paths: tuple[str, ...] = ()
    leader_all: bool = False
    employee_id: int | None = None
    partner_ids: tuple[int, ...] = ()
    ip: str | None = None
    language: str = "id"
    kind: ActorKind = "user"
    # Asked at most once, and only when a page needs it (an EXISTS query over the org chart).
    supervisor_probe: Callable[[], bool] | None = field(default=None, repr=False, compare=False)
    _report_cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    _is_supervisor: bool | None = field(default=None, repr=False, compare=False)

    @classmethod
    def anonymous(cls, ip: str | None = None) -> Actor:
        """Nobody logged in and no Pemda: every scoped queryset is empty."""
        return cls(user_id=None, username="", pemda_id=None, ip=ip, kind="anonymous")

    @classmethod
    def system(cls, pemda_id: int, *, label: str = "system", language: str = "id") -> Actor:
        """The platform itself acting inside one Pemda (commands, background jobs): the admin's reach there.

        Audited as `system` (or `system:<label>`), never as a forged user; there is no actor without a Pemda
        that may skip the checks.
        """
        name = "system" if label == "system" else f"system:{label}"
        return cls(
            user_id=None,
            username=name,
            pemda_id=pemda_id,
            roles=frozenset({Role.ADMIN}),
            language=language,
            kind="system",
        )

    @classmethod
    def platform(cls, *, label: str = "system") -> Actor:
        """The platform operator at the server's shell (`create_superadmin`): the superadmin's reach, no Pemda.

        Only commands run by whoever operates the server build it; no request ever does.
        """
        name = "system" if label == "system" else f"system:{label}"
        return cls(user_id=None, username=name, pemda_id=None, is_superadmin=True, kind="system")

    @classmethod
    def public(cls, pemda_id: int, ip: str | None = None, language: str = "id") -> Actor:
        """A visitor of a Pemda's public pages (`/p/<slug>/`): no role, reads only what public selectors show."""
        return cls(user_id=None, username="", pemda_id=pemda_id, ip=ip, language=language, kind="public")

    @property
    def is_system(self) -> bool:
        return self.kind == "system"

    @property
    def is_public(self) -> bool:
        return self.kind == "public"

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_operator(self) -> bool:
        return bool(self.operator_paths)

    @property
    def is_leader(self) -> bool:
        return self.leader_all or bool(self.leader_paths)

    @property
    def is_instructor(self) -> bool:
        return Role.INSTRUCTOR in self.roles

    @property
    def is_partner_coordinator(self) -> bool:
        return bool(self.partner_ids)

    @property
    def is_supervisor(self) -> bool:
        """Supervisor rights derive from the org chart: anyone with at least one direct report."""
        if self._is_supervisor is None:
            self._is_supervisor = bool(self.supervisor_probe and self.supervisor_probe())
        return self._is_supervisor

    def write_paths(self) -> tuple[str, ...] | None:
        """Unit subtrees this actor may change; None means the whole Pemda."""
        if self.is_admin:
            return None
        return self.operator_paths

    def read_paths(self) -> tuple[str, ...] | None:
        """Unit subtrees this actor may read; None means the whole Pemda."""
        if self.is_admin or self.leader_all:
            return None
        return outermost_paths([*self.operator_paths, *self.leader_paths])


def outermost_paths(paths: list[str]) -> tuple[str, ...]:
    """Drop paths nested inside another one so the scope filter has as few terms as possible."""
    result: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(kept) for kept in result):
            result.append(path)
    return tuple(sorted(result))
