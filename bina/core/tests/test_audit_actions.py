"""Audit actions in words: every code the source writes has a label, and the audit page shows the label."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from bina.core.audit import audit_record
from bina.core.audit_actions import AUDIT_ACTIONS, audit_action_label
from bina.training.classes.models import ClassStatus

ROOT = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r'action="([a-z_]+\.[a-z_]+)"')


def codes_written_in_source() -> set[str]:
    codes = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        codes.update(LITERAL.findall(path.read_text()))
    # Codes built from a value: class.<new status>, enrolment.<how it ended>, import.<kind>, job.reclaim_<outcome>.
    codes.update(f"class.{status}" for status in ClassStatus.values if status != "draft")
    codes.update(f"enrolment.{a}" for a in ("reject", "decline", "withdraw", "no_show"))
    codes.update({"import.employees", "import.units", "job.reclaim_retried", "job.reclaim_failed"})
    return codes


def test_every_code_written_has_a_label():
    missing = codes_written_in_source() - set(AUDIT_ACTIONS)
    assert not missing, f"add labels to bina/core/audit_actions.py for: {sorted(missing)}"


def test_labels_read_in_the_readers_language():
    with translation.override("id"):
        assert audit_action_label("auth.login") == "Masuk"
        assert audit_action_label("employee.view") == "Melihat profil"
    with translation.override("en"):
        assert audit_action_label("auth.login") == "Logged in"


def test_an_unknown_code_reads_as_itself():
    assert audit_action_label("something.new") == "something.new"


def test_audit_page_shows_words_and_names_not_codes(world, client_as):
    admin = world.users["admin"]
    audit_record(action="employee.view", actor=world.actor("admin"), target=world.employees["camat_a"])
    body = client_as(admin).get(reverse("core:audit")).content.decode()
    table = body[body.index("<table") : body.index("</table>")]
    assert "Melihat profil" in table and "<code>employee.view</code>" not in table
    assert admin.display_name in table
    # The filter offers the words too.
    assert '<option value="employee.view">Melihat profil</option>' in body
