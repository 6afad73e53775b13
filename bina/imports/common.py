"""State shared by the unit and employee imports of one run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bina.core.actor import Actor
from bina.core.errors import RowError
from bina.core.models import Pemda
from bina.core.text import strip_illegal
from bina.imports.reader import Cell, Row, Table
from bina.imports.report import ImportReport

# Rows per INSERT/UPDATE batch and per lookup query: big enough to amortise round trips,
# small enough for SQLite's variable limit and a steady memory profile.
BATCH_SIZE = 2000
PROGRESS_EVERY = 1000


@dataclass
class Run:
    actor: Actor
    pemda: Pemda
    table: Table
    columns: dict[str, int]
    report: ImportReport
    dry_run: bool
    partial: bool
    progress: Callable[[int, int | None], None] | None
    today: dt.date = field(default_factory=dt.date.today)
    headers: dict[str, str] = field(default_factory=dict)
    # What the kind adds to the run's one audit entry when it wrote (e.g. the NIPs it created).
    audit_detail: dict[str, Any] = field(default_factory=dict)
    # What a face adds to every row (the command's `--class KODE` of `import_test_scores`).
    options: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Errors name the column as the user wrote it ("NIP Baru"), so they can find it.
        self.headers = {name: str(self.table.header[i]).strip() for name, i in self.columns.items()}

    @property
    def file_name(self) -> str:
        return self.report.file_name

    @property
    def user_id(self) -> int | None:
        return self.actor.user_id

    def cell(self, row: Row, name: str) -> Cell | None:
        index = self.columns.get(name)
        if index is None or index >= len(row):
            return None
        return row[index]

    def error(self, row: int | None, column: str, value: Any, reason: str, code: str = "invalid") -> RowError:
        err = RowError(
            file=self.file_name,
            row=row,
            column=self.headers.get(column, column),
            # The report is stored as JSON, which PostgreSQL cannot hold with a NUL: mark the character instead.
            value="" if value is None else strip_illegal(str(value), "\ufffd"),
            reason=reason,
            code=code,
        )
        self.report.errors.append(err)
        return err

    def tick(self, done: int, total: int | None) -> None:
        if self.progress is not None and done % PROGRESS_EVERY == 0:
            self.progress(done, total)

    @property
    def will_write(self) -> bool:
        return not self.dry_run and (self.partial or not self.report.errors)


def chunks(items: list[Any], size: int = BATCH_SIZE) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def batched(items: Iterable[Any], size: int = BATCH_SIZE) -> Iterator[list[Any]]:
    """Lists of `size` items from any iterable, without materialising it (itertools.batched is 3.12+)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
