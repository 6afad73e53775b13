"""Build the `Actor` (bina.core.actor) of a logged-in user from their roles and employee link."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bina.core.actor import Actor, outermost_paths
from bina.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from bina.accounts.models import User


def actor_for_user(user: User | AnonymousUser, ip: str | None = None) -> Actor:
    if not user.is_authenticated or not user.is_active:
        return Actor.anonymous(ip)
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
    return Actor(
        user_id=user.pk,
        username=user.get_username(),
        pemda_id=pemda_id,
        is_superadmin=user.is_superadmin,
        roles=frozenset(roles),
        operator_paths=outermost_paths(operator_paths),
        leader_paths=outermost_paths(leader_paths),
        leader_all=leader_all,
        employee_id=employee_id,
        partner_ids=tuple(sorted(partner_ids)),
        ip=ip,
        language=user.language,
        supervisor_probe=_supervisor_probe(employee_id, pemda_id),
    )


def _supervisor_probe(employee_id: int | None, pemda_id: int | None) -> Callable[[], bool] | None:
    if employee_id is None or pemda_id is None:
        return None

    def probe() -> bool:
        from bina.people.models import Employee

        return Employee.objects.filter(supervisor_id=employee_id, pemda_id=pemda_id).exists()

    return probe
