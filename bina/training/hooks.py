"""Extension points of the training app for the apps above it (certificates today).

Training knows nothing of the apps built on it (import-linter keeps `bina.training` below
`bina.certificates`); they plug in here from their `AppConfig.ready()`. Each hook is a list so that
several apps can add to the same place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bina.core.actor import Actor
    from bina.core.errors import BinaError
    from bina.training.classes.models import TrainingClass


@dataclass
class TrainingHooks:
    # Called inside class_complete's transaction; may return the id of a background batch it queued.
    class_completed: list[Callable[[Actor, TrainingClass], int | None]] = field(default_factory=list)
    # Reopening a completed class (`class_reopen`): why it may not be reopened now (e.g. certificates still being
    # generated), how many valid certificates it would void, and voiding them (in the service's transaction;
    # `reason` is the admin's). A later `class_completed` re-issues those of participants who complete again.
    class_reopen_refusal: list[Callable[[Actor, TrainingClass], BinaError | None]] = field(default_factory=list)
    class_valid_certificates: list[Callable[[TrainingClass], int]] = field(default_factory=list)
    class_reopened: list[Callable[[Actor, TrainingClass, str], int]] = field(default_factory=list)
    # Extra context for the class panel (`_class_panel.html`); `is_admin` says whether the actor manages it.
    class_panel: list[Callable[[Actor, TrainingClass, bool], dict[str, Any]]] = field(default_factory=list)
    # Links to what higher apps offer for a class (simulations: its role-play), shown on the class page when
    # the callable returns (label, url) for this actor, None otherwise.
    class_links: list[Callable[[Actor, TrainingClass], tuple[str, str] | None]] = field(default_factory=list)
    # An employee's valid certificates, newest first (my learning page and API).
    employee_certificates: list[Callable[[int, int], list[Any]]] = field(default_factory=list)
    # Certificates issued in a year to the employees the actor reads (the leader's home page).
    certificates_issued: list[Callable[[Actor, int], int]] = field(default_factory=list)
    # Sections added to the class and course pages: (template, its context) or None (evaluation: the
    # published testimonies and, for those who read it, a link to the evaluation results).
    class_sections: list[Callable[[Actor, TrainingClass], tuple[str, dict[str, Any]] | None]] = field(
        default_factory=list
    )
    course_sections: list[Callable[[Actor, Any], tuple[str, dict[str, Any]] | None]] = field(default_factory=list)
    # Links from a programme's page to what higher apps offer for it (evaluation: its classes' report), as
    # class_links: (label, url) for this actor or None.
    programme_links: list[Callable[[Actor, Any], tuple[str, str] | None]] = field(default_factory=list)


hooks = TrainingHooks()
