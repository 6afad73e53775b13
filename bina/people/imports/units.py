"""Organisation-unit import. A Pemda has hundreds, not millions, of units, so rows are held in
memory and written through the unit services (`org_unit_create/update/move`), which keep the
materialised paths right and audit every change.

Parents may come after their children in the file: rows are applied parents-first in the order
of the tree as it will be after the import, which also makes every move legal when applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bina.core.errors import BinaError
from bina.core.text import TextInvalid, check_text
from bina.imports.common import Run
from bina.imports.reader import is_blank
from bina.people import services
from bina.people.imports import columns as c
from bina.people.models import OrgUnit, OrgUnitKind


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    kind: str  # "" = keep (existing) / lainnya (new)
    parent: str | None  # None = column absent (keep); "" = top level
    bad: bool = False


class UnitImport:
    def __init__(self, run: Run):
        self.run = run
        self.stored = {u.code: u for u in OrgUnit.objects.filter(pemda_id=run.pemda.pk).select_related("parent")}
        self.rows: list[UnitRow] = []
        self.by_code: dict[str, UnitRow] = {}

    def validate(self) -> None:
        run = self.run
        has_parent = "kode_induk" in run.columns
        for row_no, cells in run.table.rows():
            if is_blank(cells):
                continue
            ok = True
            code = c.code(run.cell(cells, "kode"))
            if not code:
                run.error(row_no, "kode", "", _("The unit code is required."), "required")
                ok = False
            elif len(code) > 32:
                run.error(row_no, "kode", code, _("The unit code is longer than 32 characters."))
                ok = False
            else:
                try:
                    check_text(code)
                except TextInvalid as exc:
                    run.error(row_no, "kode", code, exc.message)
                    ok = False
            name = ""
            try:
                name = c.limited(run.cell(cells, "nama"), 200)
            except c.CellError as exc:
                run.error(row_no, "nama", c.display(run.cell(cells, "nama")), exc.reason)
                ok = False
            else:
                if not name:
                    run.error(row_no, "nama", "", _("The unit name is required."), "required")
                    ok = False
            kind = ""
            try:
                kind = c.parse_unit_kind(run.cell(cells, "jenis"))
            except c.CellError as exc:
                run.error(row_no, "jenis", c.display(run.cell(cells, "jenis")), exc.reason)
                ok = False
            parent = c.code(run.cell(cells, "kode_induk")) if has_parent else None
            row = UnitRow(row_no, code, name, kind, parent, bad=not ok)
            self.rows.append(row)
            run.tick(len(self.rows), None)
            if code:
                first = self.by_code.get(code)
                if first is None:
                    self.by_code[code] = row
                else:
                    for this, other in ((row, first), (first, row)):
                        run.error(
                            this.row,
                            "kode",
                            code,
                            _("Unit code %(code)s also appears in row %(row)d; each unit must appear once.")
                            % {"code": code, "row": other.row},
                            "duplicate",
                        )
                        this.bad = True
        run.report.total_rows = len(self.rows)
        self._check_parents()
        if run.partial:
            self._skip_children_of_skipped()

    def parent_of(self, code: str) -> str:
        """The parent code after the import: the file's when it says, else what is stored."""
        row = self.by_code.get(code)
        if row is not None and row.parent is not None:
            return row.parent
        unit = self.stored.get(code)
        return unit.parent.code if unit is not None and unit.parent is not None else ""

    def _check_parents(self) -> None:
        run = self.run
        for row in self.rows:
            if not row.parent or not row.code:
                continue
            if row.parent == row.code:
                run.error(row.row, "kode_induk", row.parent, _("A unit cannot be its own parent."), "parent_loop")
                row.bad = True
            elif row.parent not in self.by_code and row.parent not in self.stored:
                run.error(
                    row.row,
                    "kode_induk",
                    row.parent,
                    _("The parent unit %(code)s is neither in this file nor registered in %(pemda)s.")
                    % {"code": row.parent, "pemda": run.pemda.name},
                    "unknown_parent",
                )
                row.bad = True
            elif row.parent in self.stored and self.stored[row.parent].closed_on is not None:
                run.error(
                    row.row,
                    "kode_induk",
                    row.parent,
                    _("The parent unit %(code)s is closed; units cannot be placed under it.") % {"code": row.parent},
                    "closed_parent",
                )
                row.bad = True
        state: dict[str, int] = {}
        for start in self.by_code:
            walk: list[str] = []
            node = start
            while node and node not in state:
                state[node] = 1
                walk.append(node)
                node = self.parent_of(node)
            if node and state.get(node) == 1:
                loop = walk[walk.index(node) :]
                text = " → ".join([*loop, loop[0]])
                for code in loop:
                    member = self.by_code.get(code)
                    if member is not None and member.parent and member.parent != member.code:
                        run.error(
                            member.row,
                            "kode_induk",
                            member.parent,
                            _("This parent would make a loop in the organisation tree: %(loop)s.") % {"loop": text},
                            "parent_loop",
                        )
                        member.bad = True
            for code in walk:
                state[code] = 2

    def _skip_children_of_skipped(self) -> None:
        changed = True
        while changed:
            changed = False
            for row in self.rows:
                if row.bad or not row.parent or row.parent in self.stored:
                    continue
                parent = self.by_code.get(row.parent)
                if parent is not None and parent.bad:
                    self.run.error(
                        row.row,
                        "kode_induk",
                        row.parent,
                        _("The parent's row %(row)d has errors, so this unit cannot be placed; fix that row first.")
                        % {"row": parent.row},
                        "parent_skipped",
                    )
                    row.bad = True
                    changed = True

    def _depth(self, code: str, memo: dict[str, int]) -> int:
        chain: list[str] = []
        node = code
        while node and node not in memo and node not in chain:
            chain.append(node)
            node = self.parent_of(node)
        base = memo.get(node, -1) if node else -1
        for depth, item in enumerate(reversed(chain), start=base + 1):
            memo[item] = depth
        return memo[code]

    def apply(self) -> None:
        run = self.run
        write = run.will_write
        memo: dict[str, int] = {}
        valid = [r for r in self.rows if not r.bad and self.by_code.get(r.code) is r]
        ordered = sorted(valid, key=lambda r: (self._depth(r.code, memo), r.row))
        if write and not run.partial:
            with transaction.atomic():
                for row in ordered:
                    self._count(self._apply_row(row, write=True))
        else:
            for row in ordered:
                if not write:
                    self._count(self._apply_row(row, write=False))
                    continue
                try:
                    with transaction.atomic():
                        outcome = self._apply_row(row, write=True)
                except BinaError:
                    continue  # already reported as this row's error; the other rows go on
                self._count(outcome)
        run.report.written = write
        if run.progress is not None:
            run.progress(len(self.rows), len(self.rows))

    def _count(self, outcome: str) -> None:
        report = self.run.report
        setattr(report, outcome, getattr(report, outcome) + 1)

    def _apply_row(self, row: UnitRow, *, write: bool) -> str:
        run = self.run
        unit = self.stored.get(row.code)
        if unit is None:
            if write:
                parent = self._fresh(row.parent) if row.parent else None
                self.stored[row.code] = self._call(
                    row,
                    lambda: services.org_unit_create(
                        actor=run.actor,
                        pemda=run.pemda,
                        code=row.code,
                        name=row.name,
                        kind=row.kind or OrgUnitKind.LAINNYA,
                        parent=parent,
                    ),
                )
            return "created"
        current_parent = unit.parent.code if unit.parent is not None else ""
        rename = row.name != unit.name or bool(row.kind and row.kind != unit.kind)
        move = row.parent is not None and row.parent != current_parent
        if not rename and not move:
            return "unchanged"
        if write and rename:
            self._call(
                row, lambda: services.org_unit_update(actor=run.actor, unit=unit, name=row.name, kind=row.kind or None)
            )
        if write and move:
            fresh = self._fresh(row.code)
            new_parent = self._fresh(row.parent) if row.parent else None
            self.stored[row.code] = self._call(
                row, lambda: services.org_unit_move(actor=run.actor, unit=fresh, new_parent=new_parent)
            )
        return "updated"

    def _fresh(self, code: str | None) -> OrgUnit:
        # Earlier moves rewrite paths in the database; read the unit again before using its path.
        unit = self.stored[code or ""]
        unit.refresh_from_db()
        return unit

    def _call(self, row: UnitRow, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except BinaError as exc:
            # The checks above mirror the services' rules, so this is a safety net, not a path.
            self.run.error(row.row, "kode", row.code, str(exc.message), exc.code)
            raise


def import_units(run: Run) -> None:
    job = UnitImport(run)
    job.validate()
    job.apply()
