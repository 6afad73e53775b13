"""Import kinds: what each app can import, registered by the app (`AppConfig.ready()`).

A kind names its columns (header row, aliases), the function that reads and writes its rows, who may
import it, and its template. The CLI (`manage.py import_data <kind>`), the upload pages, the API
(`POST /api/v1/imports/<kind>`) and the background job all dispatch on this registry; they know no kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import ValidationFailed
from bina.imports.columns import Column

if TYPE_CHECKING:
    from bina.imports.common import Run


@dataclass(frozen=True)
class ImportKind:
    name: str  # in URLs, commands and stored jobs: "units", "employees"
    label: str | Promise
    columns: tuple[Column, ...]
    # Reads every row (errors go to run.report), then writes them when `run.will_write`, counting
    # created/updated/unchanged on run.report either way (so a check-only run counts too).
    importer: Callable[[Run], None]
    can_import: Callable[[Actor], bool]
    denied_message: str | Promise
    template: str = ""  # file name under docs/templates/, offered on the upload page
    description: str = ""  # one line for the API documentation


_KINDS: dict[str, ImportKind] = {}


def register_import_kind(kind: ImportKind) -> None:
    _KINDS[kind.name] = kind


def import_kinds() -> list[ImportKind]:
    return list(_KINDS.values())


def import_kind_or_none(name: str) -> ImportKind | None:
    return _KINDS.get(name)


def import_kind(name: str) -> ImportKind:
    kind = _KINDS.get(name)
    if kind is None:
        raise ValidationFailed(_("Unknown import kind %(kind)s.") % {"kind": name})
    return kind
