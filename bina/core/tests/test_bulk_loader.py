"""One bulk loader (`bina.core.sql`): imports and the benchmark data write through it, and no other
module carries its own executemany/COPY writer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from bina.core.models import Pemda
from bina.core.sql import bulk_insert, sequence_reset


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
    loader = root / "core" / "sql.py"
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


@pytest.mark.django_db
def test_new_ids_come_back_in_row_order_on_sqlite_or_not_at_all():
    """The loader's ids are the rows' own (the import links employment records by them), or None."""
    from django.db import connection, transaction

    now = timezone.now()
    rows = [{"slug": f"ids-{i}", "name": f"Ids {i}", "kind": "kota", "bps_code": f"97{i:02d}"} for i in range(5)]
    Pemda.objects.create(slug="before", name="Before", kind="kota", bps_code="9690")  # ids do not start at 1
    with transaction.atomic():
        ids = bulk_insert(Pemda, rows, now=now)
    if connection.vendor == "sqlite":
        assert ids is not None
        assert [Pemda.objects.get(pk=pk).slug for pk in ids] == [r["slug"] for r in rows]
    else:  # COPY returns no ids: callers read them back
        assert ids is None
    assert bulk_insert(Pemda, [], now=now) == []


@pytest.mark.django_db
def test_the_employee_import_checks_the_loader_ids_before_it_trusts_them():
    from bina.people.factories import EmployeeFactory
    from bina.people.imports.employees import _ids_match

    first, second = EmployeeFactory(), EmployeeFactory()
    assert _ids_match([first.pk, second.pk], [first.nip, second.nip])
    assert not _ids_match([second.pk, first.pk], [first.nip, second.nip])  # shifted: read back instead
    assert not _ids_match([first.pk], [first.nip, second.nip])
    assert _ids_match([], [])
