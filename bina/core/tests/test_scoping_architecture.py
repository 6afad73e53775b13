"""Scoping lives in each app's `access.py`: no ad-hoc Pemda filter elsewhere (issue 7 point 8).

A read filtered by `pemda`/`pemda_id` outside an `access.py` is a second, forgettable copy of the
scoping rule. The scan below walks the source (AST, so comments and strings do not count) and fails on:

1. anywhere: a Pemda filter whose value comes from the actor or the request (`pemda_id=actor.pemda_id`),
   i.e. scoping by who asks: that is what `access.py` is for;
2. on the read side (selectors, views, API, exports, template tags, ...): any Pemda filter at all.

Writes are different: a service checking that a code is unique inside the object's own Pemda, or a
numbering sequence per Pemda, filters by the Pemda of the object it writes, after its permission check;
so services, the import writer, commands, demo and bench data generators may filter by an object's Pemda.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bina

BINA = Path(bina.__file__).resolve().parent
PEMDA_KEYWORD = re.compile(r"(^|__)pemda(_id)?($|__)")
READ_CALLS = {"filter", "exclude", "get", "get_or_create", "update_or_create", "Q"}

# Read-side functions that may filter by Pemda, each for a reason that is not scoping on someone's behalf.
ALLOWED_READS = {
    # Builds the actor itself (its roles and whether it supervises anyone): the origin of every scope.
    ("accounts/scope.py", "actor_for_user"),
    ("accounts/scope.py", "_supervisor_probe"),
    # Narrow a unit or unit queryset the caller already got through `people.access` (same Pemda by
    # construction); the Pemda term lets the database use the (pemda, ...) indexes.
    ("people/selectors.py", "org_unit_subtree"),
    ("people/selectors.py", "org_unit_tree_with_counts"),
}


# Service modules of a sub-domain that are named for their workflow rather than `services.py`.
# `quality/rollups.py` writes the rollups of one Pemda's records (by the records' Pemda, not a reader's).
WRITE_MODULES = {
    "training/classes/enrolment.py",
    "training/attendance/completion.py",
    "training/learning/reminders.py",
    "quality/records.py",
    "quality/rollups.py",
    # The training-history import's plan and write: matches a file's rows to the Pemda's stored records.
    "training/external/history.py",
    # The assessment import kinds: match a file's rows to a course's bank and a class's enrolments.
    "assessments/imports.py",
}


def _is_write_side(rel: str) -> bool:
    parts = rel.split("/")
    return (
        parts[-1] == "services.py"
        or rel in WRITE_MODULES
        or "services" in parts[:-1]
        or rel.startswith(("people/imports/", "demo/", "bench/"))
        or "commands" in parts[:-1]
    )


def _mentions_who_asks(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id in ("actor", "request") for n in ast.walk(node))


def pemda_read_filters(source: str) -> list[tuple[str, int, str, bool]]:
    """(function, line, keyword, from the actor) for each read call filtering on a Pemda field."""
    tree = ast.parse(source)
    owner: dict[int, str] = {}
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            for child in ast.walk(func):
                owner.setdefault(id(child), func.name)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name not in READ_CALLS:
            continue
        for kw in node.keywords:
            if kw.arg and PEMDA_KEYWORD.search(kw.arg):
                found.append((owner.get(id(node), "<module>"), node.lineno, kw.arg, _mentions_who_asks(kw.value)))
    return found


def _violations() -> list[str]:
    problems = []
    for path in sorted(BINA.rglob("*.py")):
        rel = path.relative_to(BINA).as_posix()
        parts = rel.split("/")
        if "tests" in parts or "migrations" in parts or parts[-1] in ("access.py", "factories.py"):
            continue
        for function, line, keyword, from_actor in pemda_read_filters(path.read_text(encoding="utf-8")):
            where = f"bina/{rel}:{line} {function}() {keyword}="
            if from_actor:
                problems.append(f"{where}: scoping by who asks belongs in an access.py")
            elif not _is_write_side(rel) and (rel, function) not in ALLOWED_READS:
                problems.append(f"{where}: a read filtered by Pemda outside an access.py")
    return problems


def test_the_scan_finds_ad_hoc_pemda_filters():
    snippet = (
        "def team(actor, unit):\n"
        "    a = Employee.objects.filter(pemda_id=actor.pemda_id)\n"
        "    b = Enrolment.objects.exclude(employee__pemda=unit.pemda)\n"
        "    c = Q(klass__pemda_id=1) | Q(name='pemda_id')\n"
        "    return Course.objects.create(pemda_id=unit.pemda_id)\n"
    )
    assert pemda_read_filters(snippet) == [
        ("team", 2, "pemda_id", True),
        ("team", 3, "employee__pemda", False),
        ("team", 4, "klass__pemda_id", False),
    ]


def test_no_pemda_read_filter_outside_access_modules():
    assert _violations() == []


def test_allow_list_has_no_stale_entries():
    for rel, function in ALLOWED_READS:
        found = {f for f, *_ in pemda_read_filters((BINA / rel).read_text(encoding="utf-8"))}
        assert function in found, f"{rel}:{function} no longer filters by Pemda; drop it from ALLOWED_READS"


def test_each_domain_app_owns_its_access_and_permissions():
    for app in ("certificates", "competencies", "partners", "training", "accounts"):
        assert (BINA / app / "access.py").is_file() and (BINA / app / "permissions.py").is_file(), app
    for app in ("people", "notifications", "core"):
        assert (BINA / app / "access.py").is_file(), app
    for app in ("certificates", "competencies", "partners"):
        for path in (BINA / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "bina.training.permissions" not in text and "training import permissions" not in text, path
