"""Parallel test forms drawn from a question bank: pure, no Django.

A blueprint is the number of items per cell (competency × difficulty). Every form gets exactly the blueprint's
count in every cell (so the forms are parallel: same content and difficulty mix, the same number of items
and, with equal points per item, the same maximum), and the items are distinct across forms as long as the
cell holds `forms × count` items. A cell with fewer than `count` items cannot be filled and is refused; a
cell with at least `count` but fewer than `forms × count` items is filled with as few shared items as
possible, and the overlap is reported (the page says so instead of failing).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Cell = tuple[int, str]  # (competency id, 0 for none; difficulty)


@dataclass(frozen=True)
class BankEntry:
    id: int
    competency_id: int
    difficulty: str


@dataclass(frozen=True)
class Assembly:
    forms: list[list[int]]
    short_cells: dict[Cell, int]  # cell -> items missing (refused)
    shared: set[int]  # items on more than one form

    @property
    def ok(self) -> bool:
        return not self.short_cells


def cell_key(cell: Cell) -> str:
    return f"{cell[0]}|{cell[1]}"


def parse_cell_key(key: str) -> Cell:
    competency, _, difficulty = key.partition("|")
    return int(competency), difficulty


def bank_cells(bank: Sequence[BankEntry]) -> dict[Cell, list[int]]:
    cells: dict[Cell, list[int]] = {}
    for entry in bank:
        cells.setdefault((entry.competency_id, entry.difficulty), []).append(entry.id)
    return cells


def assemble_forms(
    bank: Sequence[BankEntry], blueprint: Mapping[Cell, int], *, forms: int = 2, seed: int = 0
) -> Assembly:
    """`forms` item lists by `blueprint`, shuffled with `seed` (reproducible), disjoint when the bank allows."""
    rng = random.Random(seed)
    cells = bank_cells(bank)
    result: list[list[int]] = [[] for _ in range(forms)]
    short: dict[Cell, int] = {}
    shared: set[int] = set()
    for cell, count in sorted(blueprint.items()):
        if count <= 0:
            continue
        pool = sorted(cells.get(cell, []))
        if len(pool) < count:
            short[cell] = count - len(pool)
            continue
        rng.shuffle(pool)
        # Deal the pool round-robin: each form takes fresh items while they last, then reuses the fewest.
        for f in range(forms):
            start = f * count
            picked = [pool[(start + i) % len(pool)] for i in range(count)]
            if start + count > len(pool):
                shared.update(picked[max(0, len(pool) - start) :] if start < len(pool) else picked)
            result[f].extend(picked)
    if shared:
        # Name the items on two or more forms exactly (the dealing above may over-approximate).
        seen: dict[int, int] = {}
        for items in result:
            for i in set(items):
                seen[i] = seen.get(i, 0) + 1
        shared = {i for i, n in seen.items() if n > 1}
    for items in result:
        rng.shuffle(items)
    return Assembly(forms=result, short_cells=short, shared=shared)
