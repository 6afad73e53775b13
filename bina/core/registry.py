"""Where apps plug into the shell: navigation entries and home-page cards.

`core` knows no domain app, so the shell (`bina.shell`) cannot import them either to build its menu
or dashboard; instead each app registers its entries from its `AppConfig.ready()`. Adding an app
therefore edits no other app (docs/architecture.md, "How to add an app").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bina.core.actor import Actor

Label = str | Promise


@dataclass(frozen=True)
class NavGroup:
    """A heading of the main navigation, grouping links by task (not by app)."""

    key: str
    label: Label
    order: int


# The tasks people come for, in menu order. Fixed here (core) so apps share one vocabulary; the empty
# key is the ungrouped top of the menu (home, notifications). Unknown keys are refused at registration.
NAV_GROUPS: tuple[NavGroup, ...] = (
    NavGroup("", "", 0),
    NavGroup("training", _("Training"), 10),
    NavGroup("people", _("Staffing"), 20),
    NavGroup("quality", _("Service quality"), 30),
    NavGroup("reports", _("Reports"), 40),
    NavGroup("system", _("System"), 50),
)
NAV_GROUP_KEYS = frozenset(group.key for group in NAV_GROUPS)


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation, under heading `group` (a `NAV_GROUPS` key), shown when `visible(actor)` holds.

    `visible` is the role's permission predicate from the app's `permissions.py` (what the actor can use),
    never a check written for the menu alone. `sections` are view-name prefixes of pages that belong to
    this link although their URL name does not start with its own (e.g. a class's session pages under
    "Classes").
    """

    url_name: str
    label: Label
    order: int
    visible: Callable[[Actor], bool]
    sections: tuple[str, ...] = ()
    badge: Callable[[Actor], int] | None = None
    group: str = ""


@dataclass(frozen=True)
class HomeCard:
    """A section of the home page: `context(actor, user)` returns its template context, or None to hide it.

    Each card costs a bounded number of queries that depends on the roles held, never on the data.
    """

    key: str
    order: int
    template: str
    context: Callable[[Actor, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class TodoItem:
    """One line of the admin's to-do list: what waits, how many, and the page where it is done."""

    label: Label
    count: int
    url: str
    # "alert" for what is already late (a class past its end still running), "" for ordinary work.
    tone: str = ""


@dataclass(frozen=True)
class TodoSource:
    """An app's contribution to the home page's to-do list (`items(actor)`; a fixed number of queries)."""

    key: str
    order: int
    items: Callable[[Actor], list[TodoItem]]


@dataclass(frozen=True)
class Mount:
    """Where an app's pages (`bina.people.urls`) or API router (`bina.people.api:router`) are mounted.

    Import strings, so that registering from `ready()` loads no view or API module; `order` keeps
    the mounting order stable where paths could overlap.
    """

    prefix: str
    target: str
    order: int


@dataclass
class Registry:
    nav: dict[str, NavEntry] = field(default_factory=dict)
    cards: dict[str, HomeCard] = field(default_factory=dict)
    todos: dict[str, TodoSource] = field(default_factory=dict)
    # Model labels ("people.employee") whose audit entries are personal data: the platform superadmin,
    # who sees every Pemda's audit log but no personal data, does not see them.
    personal_data_labels: set[str] = field(default_factory=set)
    pages: list[Mount] = field(default_factory=list)
    api_routers: list[Mount] = field(default_factory=list)

    def add_nav(self, entry: NavEntry) -> None:
        if entry.url_name in self.nav:
            raise ValueError(f"navigation entry {entry.url_name!r} registered twice")
        if entry.group not in NAV_GROUP_KEYS:
            raise ValueError(f"navigation entry {entry.url_name!r}: unknown group {entry.group!r}")
        self.nav[entry.url_name] = entry

    def add_card(self, card: HomeCard) -> None:
        if card.key in self.cards:
            raise ValueError(f"home card {card.key!r} registered twice")
        self.cards[card.key] = card

    def add_todo(self, source: TodoSource) -> None:
        if source.key in self.todos:
            raise ValueError(f"to-do source {source.key!r} registered twice")
        self.todos[source.key] = source

    def todo_sources(self) -> list[TodoSource]:
        return sorted(self.todos.values(), key=lambda t: (t.order, t.key))

    def nav_entries(self) -> list[NavEntry]:
        return sorted(self.nav.values(), key=lambda e: (e.order, e.url_name))

    def home_cards(self) -> list[HomeCard]:
        return sorted(self.cards.values(), key=lambda c: (c.order, c.key))


registry = Registry()


def register_nav(*entries: NavEntry) -> None:
    for entry in entries:
        registry.add_nav(entry)


def register_pages(prefix: str, urlconf: str, order: int) -> None:
    """Mount an app's URL module (with its `app_name` namespace) at `prefix` ("people/")."""
    registry.pages.append(Mount(prefix, urlconf, order))


def register_api(prefix: str, router: str, order: int) -> None:
    """Add an app's ninja router ("bina.people.api:router") to /api/v1/ at `prefix` ("/")."""
    registry.api_routers.append(Mount(prefix, router, order))


def register_personal_data(*model_labels: str) -> None:
    registry.personal_data_labels.update(model_labels)


def register_home_card(*cards: HomeCard) -> None:
    for card in cards:
        registry.add_card(card)


def register_todo(*sources: TodoSource) -> None:
    """Add lines to the home page's to-do list (one card, `core.todo`, gathers every app's lines)."""
    for source in sources:
        registry.add_todo(source)
