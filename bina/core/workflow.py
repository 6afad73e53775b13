"""State machines as data: one transition table per workflow, enforced by services, shown by selectors.

A `Workflow` names the actions on one kind of object (a class, an enrolment, later a complaint or a
survey campaign). Each action is a `Transition`: the states it may start from, the state it leads to,
who may take it (a permission function of actor and object), and further conditions on the object
(guards, e.g. "the class has a session"). The same table answers two questions, so they cannot drift:

- services call `workflow.check(action, obj, actor)` before they change anything: a refused action
  raises `PermissionDenied` (403) or `Conflict` (409) with a translated message that names the state;
- selectors call `workflow.allowed_actions(obj, actor)` (or `actions_for`, with labels) and pages and API
  responses show exactly those actions. Templates render them; they never compare status strings.

An unknown action name is a `ValidationFailed` (422, code `unknown_action`). Guards return the refusal
(a `BinaError`) or None, so they serve both questions without raising. See docs/architecture.md
("How to add a workflow") and `bina.training.classes.workflows` for the example.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.actor import Actor
from bina.core.errors import BinaError, Conflict, PermissionDenied, ValidationFailed

T = TypeVar("T")

# (actor, object) -> the refusal, or None when the condition holds. The system actor (`Actor.system`)
# passes permissions as the Pemda's admin; there is no actor that skips them.
Guard = Callable[[Actor, T], BinaError | None]

DEFAULT_REFUSED = gettext_lazy("This is %(status)s; that action is not possible now.")


def unknown_action(action: str, known: Iterable[str]) -> ValidationFailed:
    """The refusal of an action name nobody defined (422 `unknown_action`), for every face alike."""
    return ValidationFailed(
        _("Unknown action %(action)s; possible actions: %(actions)s.")
        % {"action": action, "actions": ", ".join(known)},
        code="unknown_action",
        details=[{"field": "action", "message": _("Unknown action.")}],
    )


@dataclass(frozen=True)
class Transition(Generic[T]):
    """One action of a workflow.

    `target` None: the action keeps the state (e.g. "enrol" into an open class), or the service picks
    among several (an approved request is enrolled or waitlisted). `repeatable`: in its target state the
    action is accepted again and does nothing new (a double-submitted form), and it is never offered.
    """

    sources: tuple[str, ...]
    target: str | None = None
    permission: Callable[[Actor, T], bool] | None = None
    denied: Any = ""
    refused: Any = ""
    code: str = "invalid_transition"
    guards: tuple[Guard[T], ...] = ()
    repeatable: bool = False
    # How a page offers it: button label and style; a reason field when the service asks for one.
    label: Any = ""
    style: str = ""
    reason_label: Any = ""
    reason_field: str = "reason"
    # Irreversible or touching many: the page asks once more, saying what happens to whom (bina.core.confirm).
    confirm: bool = False

    @property
    def needs_reason(self) -> bool:
        return bool(self.reason_label)


@dataclass(frozen=True)
class Action:
    """An allowed action as a page renders it (see `core/_action.html`)."""

    name: str
    label: str
    style: str
    reason_label: str
    reason_field: str
    url_name: str
    confirm: bool = False

    @property
    def needs_reason(self) -> bool:
        return bool(self.reason_label)


class Workflow(Generic[T]):
    """A transition table. `state_of` reads the object's state, `state_label` names a state for people,
    `params` gives the placeholders of the refusal messages (the state's label is `%(status)s`), and
    `url_name` is the page URL of an action (`{action}` with `-` as `_`), which takes the object's pk.
    """

    def __init__(
        self,
        name: str,
        *,
        transitions: Mapping[str, Transition[T]],
        state_of: Callable[[T], str],
        state_label: Callable[[str], str],
        params: Callable[[T], dict[str, Any]] | None = None,
        url_name: str = "",
        refused: Any = DEFAULT_REFUSED,
    ) -> None:
        self.name = name
        self.transitions = dict(transitions)
        self.state_of = state_of
        self.state_label = state_label
        self.params = params or (lambda obj: {})
        self.url_name = url_name
        self.refused = refused

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(self.transitions)

    def transition(self, action: str) -> Transition[T]:
        try:
            return self.transitions[action]
        except KeyError:
            raise unknown_action(action, self.transitions) from None

    def permits_state(self, action: str, state: str) -> bool:
        """The table alone: may `action` run in `state` (a repeat in the target state included)?"""
        t = self.transition(action)
        return state in t.sources or (t.repeatable and state == t.target)

    def _message(self, template: Any, obj: T) -> str:
        return str(template) % {**self.params(obj), "status": self.state_label(self.state_of(obj))}

    def permission_refusal(self, action: str, obj: T, actor: Actor) -> BinaError | None:
        t = self.transition(action)
        if t.permission is None or t.permission(actor, obj):
            return None
        return PermissionDenied(t.denied or _("Your role does not allow this."))

    def state_refusal(self, action: str, obj: T, actor: Actor) -> BinaError | None:
        """The state and the guards (not the permission): what `check` raises after locking the object."""
        t = self.transition(action)
        if not self.permits_state(action, self.state_of(obj)):
            return Conflict(self._message(t.refused or self.refused, obj), code=t.code)
        for guard in t.guards:
            refusal = guard(actor, obj)
            if refusal is not None:
                return refusal
        return None

    def refusal(self, action: str, obj: T, actor: Actor) -> BinaError | None:
        """Why `actor` may not take `action` on `obj` now (permission, then state, then guards), or None."""
        return self.permission_refusal(action, obj, actor) or self.state_refusal(action, obj, actor)

    def authorize(self, action: str, obj: T, actor: Actor) -> Transition[T]:
        """Raise `PermissionDenied` unless the actor may take the action (services call it first)."""
        refusal = self.permission_refusal(action, obj, actor)
        if refusal is not None:
            raise refusal
        return self.transition(action)

    def check(self, action: str, obj: T, actor: Actor) -> Transition[T]:
        """Raise the refusal unless the action is allowed now; return its transition."""
        refusal = self.refusal(action, obj, actor)
        if refusal is not None:
            raise refusal
        return self.transition(action)

    def allowed_actions(self, obj: T, actor: Actor) -> list[str]:
        """The actions a page or API response offers `actor` on `obj`, in table order (repeats left out)."""
        state = self.state_of(obj)
        return [
            name
            for name, t in self.transitions.items()
            if state in t.sources and self.refusal(name, obj, actor) is None
        ]

    def actions_for(self, obj: T, actor: Actor) -> list[Action]:
        return [self.action(name) for name in self.allowed_actions(obj, actor)]

    def action(self, name: str) -> Action:
        t = self.transition(name)
        return Action(
            name=name,
            label=str(t.label or name),
            style=t.style,
            reason_label=str(t.reason_label),
            reason_field=t.reason_field,
            url_name=self.url_name.format(action=name.replace("-", "_")),
            confirm=t.confirm,
        )
