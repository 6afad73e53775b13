"""Bahasa Indonesia is the first language: every UI string has a reviewed translation."""

from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def po_entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry of a .po file (enough of the format for this check)."""
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid, msgstr, current = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
                current.append(line[6:].strip('"'))
            elif line.startswith("msgstr"):
                current = msgstr
                current.append(line.split(" ", 1)[1].strip('"'))
            elif line.startswith('"') and current is not None:
                current.append(line.strip('"'))
            elif line.startswith("msgid_plural"):
                current = None
        if msgid:
            entries.append(("".join(msgid), "".join(msgstr), fuzzy))
    return entries


def test_every_string_is_translated_and_none_is_fuzzy():
    entries = [e for e in po_entries(PO.read_text(encoding="utf-8")) if e[0]]  # skip the header
    assert len(entries) > 400
    untranslated = [msgid for msgid, msgstr, _ in entries if not msgstr]
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]
    assert not untranslated, untranslated[:5]
    assert not fuzzy, fuzzy[:5]


def test_compiled_catalogue_is_used_by_default():
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Log in") == "Masuk"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


def test_every_translatable_string_is_where_makemessages_finds_it():
    """makemessages (xgettext) sees `_()`/`gettext()` calls, not one inside an f-string's braces nor a
    home-made alias: such a string never reaches the catalogue and shows in English on Indonesian pages."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3] / "bina"
    in_fstring = re.compile(r"""\bf(["']).*\{[^}]*\b(_|gettext|gettext_lazy|ngettext|pgettext)\(""")
    alias = re.compile(r"^def _\w+\(text: str\) -> str:", re.M)
    found = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found += [f"{path}:{n}" for n, line in enumerate(text.splitlines(), 1) if in_fstring.search(line)]
        if alias.search(text) and "gettext(text)" in text:
            found.append(f"{path}: a gettext alias")
    assert not found, found
