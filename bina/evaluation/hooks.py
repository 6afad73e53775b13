"""The class evaluation report's section registry: the apps above evaluation add their sections here.

Evaluation sits below `bina.assessments` (L2 pre/post tests and gains) and `bina.simulations` (role-play
scores), so it cannot import them; they register a provider from their `AppConfig.ready()`:

    from bina.evaluation.hooks import ReportSection, SectionProvider, register_section
    register_section(SectionProvider("assessments.gain", 30, build=my_gain_section))

`build(actor, klass)` returns a `ReportSection` (or None when it has nothing for this class); it is called
only after the report has checked that the actor reads the class's evaluation. Sections are shown in
`order` (evaluation's own: attendance 10, reaction 20, behaviour 40, testimonies 60; leave 30 and 50 for
learning and simulations). The same sections make the PDF (one table each) and the XLSX.

The report across classes (a course's or a programme's classes, one row each) takes its columns the same way:
`register_columns(ColumnProvider("assessments.gain", 30, headers=..., build=...))`, where `build(actor, classes)`
returns the cells of each class it has figures for, by class pk (a class left out shows "–"). Evaluation's own
columns: attendance 10, reaction 20, testimonies 60.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bina.core.actor import Actor


@dataclass(frozen=True)
class ReportSection:
    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str] = field(default_factory=tuple)  # lines under the heading (e.g. "shown from 5 responses")


@dataclass(frozen=True)
class SectionProvider:
    key: str
    order: int
    build: Callable[[Actor, Any], ReportSection | None]


_SECTIONS: dict[str, SectionProvider] = {}


def register_section(provider: SectionProvider) -> None:
    existing = _SECTIONS.get(provider.key)
    if existing is not None and existing is not provider:
        raise ValueError(f"Report section {provider.key} is registered twice.")
    _SECTIONS[provider.key] = provider


def section_providers() -> list[SectionProvider]:
    return sorted(_SECTIONS.values(), key=lambda p: (p.order, p.key))


@dataclass(frozen=True)
class ColumnProvider:
    key: str
    order: int
    headers: Callable[[], Sequence[str]]  # called at report time, in the reader's language
    build: Callable[[Actor, Sequence[Any]], Mapping[int, Sequence[Any]]]


_COLUMNS: dict[str, ColumnProvider] = {}


def register_columns(provider: ColumnProvider) -> None:
    existing = _COLUMNS.get(provider.key)
    if existing is not None and existing is not provider:
        raise ValueError(f"Report columns {provider.key} are registered twice.")
    _COLUMNS[provider.key] = provider


def column_providers() -> list[ColumnProvider]:
    return sorted(_COLUMNS.values(), key=lambda p: (p.order, p.key))


# Links on the participant's "My evaluations" page to what the apps above offer them (analytics: their learner
# records as xAPI statements): (label, url) for this actor, or None.
mine_links: list[Callable[[Actor], tuple[str, str] | None]] = []
