"""What higher apps add to people's pages without people importing them (docs/architecture.md, "Layers").

Training fills `profile_sections` with an employee's learning record; the profile page renders every
section whose `context` answers (None hides it). A section reads on the viewer's behalf and scopes its
own rows: the page has already found the employee through `bina.people.access`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bina.core.actor import Actor


@dataclass(frozen=True)
class ProfileSection:
    key: str
    order: int
    template: str
    context: Callable[[Actor, Any], dict[str, Any] | None]


@dataclass
class PeopleHooks:
    profile_sections: list[ProfileSection] = field(default_factory=list)

    def register_profile_section(self, section: ProfileSection) -> None:
        # ready() may run twice in tests; one entry per key.
        self.profile_sections[:] = [s for s in self.profile_sections if s.key != section.key]
        self.profile_sections.append(section)
        self.profile_sections.sort(key=lambda s: s.order)


hooks = PeopleHooks()


def profile_sections_for(actor: Actor, employee: Any) -> list[tuple[ProfileSection, dict[str, Any]]]:
    """The sections to show on this employee's profile to this actor, with their template context."""
    shown = []
    for section in hooks.profile_sections:
        context = section.context(actor, employee)
        if context is not None:
            shown.append((section, context))
    return shown
