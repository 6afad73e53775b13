"""The training app's home-page cards and to-do lines: thin wrappers over `bina.training.learning.home`."""

from __future__ import annotations

from typing import Any

from bina.core.actor import Actor
from bina.core.registry import TodoItem
from bina.training.learning import home


def admin_todo(actor: Actor) -> list[TodoItem]:
    return home.admin_todo_items(actor)


def leader_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    dashboard = home.leader_dashboard(actor)
    return {"dash": dashboard} if dashboard is not None else None


def participant_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    mine = home.participant_home(actor)
    return {"mine": mine} if mine is not None else None


def teaching_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    teaching = home.teaching_home(actor)
    return {"teaching": teaching} if teaching is not None else None


def team_card(actor: Actor, user: Any) -> dict[str, Any] | None:
    team = home.team_home(actor)
    return {"team": team} if team is not None else None
