"""Extension points of the competency dictionary for higher apps (the dictionary imports none of them).

`evidence_links`: callables `(actor, competency) -> (label, url) | None` that point a reader from a competency
to evidence about it (simulations: the actor's own role-play and practice scores on it). The competency
page shows the links whose callable answers for this actor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.competencies.models import Competency
    from bina.core.actor import Actor

evidence_links: list[Callable[[Actor, Competency], tuple[str, str] | None]] = []
