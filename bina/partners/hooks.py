"""Extension points of the partners app for the apps above it (evaluation: ratings on the partner's and the
instructor's pages, for admins). Each returns (template, its context) or None; filled from `AppConfig.ready()`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bina.core.actor import Actor
    from bina.partners.models import Instructor, Partner


@dataclass
class PartnerHooks:
    partner_sections: list[Callable[[Actor, Partner], tuple[str, dict[str, Any]] | None]] = field(default_factory=list)
    instructor_sections: list[Callable[[Actor, Instructor], tuple[str, dict[str, Any]] | None]] = field(
        default_factory=list
    )


hooks = PartnerHooks()
