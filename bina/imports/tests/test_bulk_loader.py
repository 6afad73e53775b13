"""One bulk loader (`bina.imports.sql`): imports and the benchmark data write through it, and no other
module carries its own executemany/COPY writer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from bina.core.models import Pemda
from bina.imports.sql import bulk_insert, sequence_reset


def _calls_to(path: Path, names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names:
            found.append(f"{path}:{node.lineno} {node.func.attr}")
        text = node.values[0] if isinstance(node, ast.JoinedStr) and node.values else node
        if isinstance(text, ast.Constant) and isinstance(text.value, str) and text.value.startswith("COPY "):
            found.append(f"{path}:{node.lineno} COPY")
    return found


def test_no_module_but_the_bulk_loader_writes_rows_with_executemany_or_copy():
    root = Path(settings.BASE_DIR) / "bina"
    loader = root / "imports" / "sql.py"
    offenders = [
        hit
        for path in sorted(root.rglob("*.py"))
        if path != loader and "tests" not in path.parts
        for hit in _calls_to(path, {"executemany"})
    ]
    assert offenders == []
    hits = _calls_to(loader, {"executemany"})
    assert any("executemany" in h for h in hits) and any("COPY" in h for h in hits)  # the check sees them


@pytest.mark.django_db
def test_explicit_ids_load_and_the_sequence_continues_after_them():
    now = timezone.now()
    top = (Pemda.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    bulk_insert(
        Pemda,
        [{"id": top, "slug": "bulk", "name": "Bulk", "kind": "kota", "bps_code": "9990"}],
        now=now,
        with_pk=True,
    )
    sequence_reset(Pemda)
    after = Pemda.objects.create(slug="next", name="Next", kind="kota", bps_code="9991")
    assert Pemda.objects.get(pk=top).slug == "bulk"
    assert after.pk > top
