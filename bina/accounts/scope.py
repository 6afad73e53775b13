"""Who is acting, in which Pemda, with which reach: the one scoping mechanism.

Every query made on a user's behalf starts from an `Actor` (built once per request by
`bina.core.middleware.ActorMiddleware`, per token by the API, or explicitly in commands)
and goes through `bina.people.access` / `bina.accounts.permissions`. Views never filter
by Pemda or unit themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from bina.accounts.models import Role

if TYPE_CHECKING:
    from bina.accounts.models import User


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
    _report_cache: dict[str, object] = field(default_factory=dict, repr=False)

    @classmethod
    def anonymous(cls, ip: str | None = None) -> Actor:
        return cls(user_id=None, username="", pemda_id=None, ip=ip)

    @classmethod
    def for_user(cls, user: User, ip: str | None = None) -> Actor:
        if not user.is_authenticated or not user.is_active:
            return cls.anonymous(ip)
        roles: set[str] = set()
        operator_paths: list[str] = []
        leader_paths: list[str] = []
        leader_all = False
        partner_ids: list[int] = []
        pemda_id = user.pemda_id
        if pemda_id is not None:
            assignments = user.role_assignments.filter(pemda_id=pemda_id).select_related("org_unit")
            for assignment in assignments:
                roles.add(assignment.role)
                unit = assignment.org_unit
                if assignment.role == Role.OPERATOR and unit is not None:
                    operator_paths.append(unit.path)
                elif assignment.role == Role.PARTNER and assignment.partner_id is not None:
                    partner_ids.append(assignment.partner_id)
                elif assignment.role == Role.LEADER:
                    if unit is None:
                        leader_all = True
                    else:
                        leader_paths.append(unit.path)
        employee_id = user.employee_id if pemda_id is not None else None
        if employee_id is not None:
            roles.add(Role.PARTICIPANT)
        return cls(
            user_id=user.pk,
            username=user.get_username(),
            pemda_id=pemda_id,
            is_superadmin=user.is_superadmin,
            roles=frozenset(roles),
            operator_paths=_outermost(operator_paths),
            leader_paths=_outermost(leader_paths),
            leader_all=leader_all,
            employee_id=employee_id,
            partner_ids=tuple(sorted(partner_ids)),
            ip=ip,
            language=user.language,
        )

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

    @cached_property
    def is_supervisor(self) -> bool:
        """Supervisor rights derive from the org chart: anyone with at least one direct report."""
        if self.employee_id is None or self.pemda_id is None:
            return False
        from bina.people.models import Employee

        return Employee.objects.filter(supervisor_id=self.employee_id, pemda_id=self.pemda_id).exists()

    def write_paths(self) -> tuple[str, ...] | None:
        """Unit subtrees this actor may change; None means the whole Pemda."""
        if self.is_admin:
            return None
        return self.operator_paths

    def read_paths(self) -> tuple[str, ...] | None:
        """Unit subtrees this actor may read; None means the whole Pemda."""
        if self.is_admin or self.leader_all:
            return None
        return _outermost([*self.operator_paths, *self.leader_paths])


def _outermost(paths: list[str]) -> tuple[str, ...]:
    """Drop paths nested inside another one so the scope filter has as few terms as possible."""
    result: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(kept) for kept in result):
            result.append(path)
    return tuple(sorted(result))
