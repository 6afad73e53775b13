"""Question banks in the formats BKPSDM instructors already have: Moodle XML (read and write) and GIFT (read).

Pure (no Django): both turn into `BankItem`s, which the import service writes into a course's bank.

- Moodle XML (docs.moodle.org/en/Moodle_XML_format): `<quiz><question type="multichoice|truefalse|
  shortanswer|essay">` with `<questiontext><text>`, `<defaultgrade>`, `<single>` and `<answer fraction="…">`
  (percent). Bina writes the competency code and difficulty as tags (`competency:KOM-1`,
  `difficulty:hard`) and reads them back, so an export imported again gives the same items.
- GIFT (docs.moodle.org/en/GIFT_format): questions separated by blank lines, `::title::` optional,
  `{=right ~wrong}`, weights `~%50%A ~%-100%C`, `{T}`/`{FALSE}`, short answer `{=a =b}`, essay `{}`;
  `//` comments, `#feedback` dropped, `\\` escapes `~ = # { } :`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal

KINDS = ("single", "multiple", "truefalse", "short", "essay")
DIFFICULTIES = ("easy", "medium", "hard")


class FormatError(ValueError):
    def __init__(self, message: str, *, item: int | None = None) -> None:
        super().__init__(message)
        self.item = item


@dataclass
class BankItem:
    kind: str
    text: str
    points: Decimal = Decimal(1)
    choices: list[tuple[str, Decimal]] = field(default_factory=list)  # (text, fraction 0..1, may be < 0)
    accepted: list[str] = field(default_factory=list)
    competency_code: str = ""
    difficulty: str = "medium"
    name: str = ""

    def key(self) -> tuple[object, ...]:
        """What makes two items the same (round-trip tests)."""
        return (
            self.kind,
            self.text,
            self.points,
            tuple((t, f.normalize()) for t, f in self.choices),
            tuple(self.accepted),
            self.competency_code,
            self.difficulty,
        )


# --- Moodle XML ------------------------------------------------------------------------------

_MOODLE_TYPE = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse"}
_MOODLE_TYPE.update(short="shortanswer", essay="essay")


def _fraction_percent(f: Decimal) -> str:
    value = (f * 100).normalize()
    return format(value, "f")


def moodle_xml_export(items: list[BankItem]) -> bytes:
    quiz = ET.Element("quiz")
    for n, item in enumerate(items, 1):
        q = ET.SubElement(quiz, "question", type=_MOODLE_TYPE[item.kind])
        ET.SubElement(ET.SubElement(q, "name"), "text").text = item.name or f"Q{n}"
        qt = ET.SubElement(q, "questiontext", format="plain_text")
        ET.SubElement(qt, "text").text = item.text
        ET.SubElement(q, "defaultgrade").text = format(item.points.normalize(), "f")
        if item.kind in ("single", "multiple"):
            ET.SubElement(q, "single").text = "true" if item.kind == "single" else "false"
        if item.kind == "truefalse":
            right = next((t for t, f in item.choices if f > 0), "true")
            for word in ("true", "false"):
                a = ET.SubElement(q, "answer", fraction="100" if word == _tf_word(right) else "0")
                ET.SubElement(a, "text").text = word
        for text, fraction in item.choices if item.kind in ("single", "multiple") else ():
            a = ET.SubElement(q, "answer", fraction=_fraction_percent(fraction), format="plain_text")
            ET.SubElement(a, "text").text = text
        for text in item.accepted if item.kind == "short" else ():
            a = ET.SubElement(q, "answer", fraction="100", format="plain_text")
            ET.SubElement(a, "text").text = text
        tags = ET.SubElement(q, "tags")
        if item.competency_code:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = f"competency:{item.competency_code}"
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = f"difficulty:{item.difficulty}"
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8")


def _tf_word(text: str) -> str:
    return "true" if text.strip().lower() in ("true", "benar", "t", "b") else "false"


def _text(node: ET.Element | None) -> str:
    if node is None:
        return ""
    inner = node.find("text")
    value = inner.text if inner is not None else node.text
    return (value or "").strip()


def moodle_xml_parse(data: bytes | str) -> list[BankItem]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FormatError(f"Not a Moodle XML file: {exc}") from None
    if root.tag != "quiz":
        raise FormatError("Not a Moodle XML file: the root element must be <quiz>.")
    items = []
    for n, q in enumerate(root.findall("question"), 1):
        qtype = q.get("type", "")
        if qtype == "category":
            continue
        text = _text(q.find("questiontext"))
        if not text:
            raise FormatError("A question without text.", item=n)
        try:
            points = Decimal(_text(q.find("defaultgrade")) or "1")
        except ArithmeticError:
            raise FormatError("The question's grade is not a number.", item=n) from None
        answers = []
        for a in q.findall("answer"):
            try:
                fraction = Decimal(a.get("fraction", "0")) / 100
            except ArithmeticError:
                raise FormatError("An answer's fraction is not a number.", item=n) from None
            answers.append((_text(a), fraction))
        item = BankItem(kind="", text=text, points=points, name=_text(q.find("name")))
        if qtype == "multichoice":
            single = _text(q.find("single")).lower() != "false"
            item.kind = "single" if single else "multiple"
            item.choices = answers
        elif qtype == "truefalse":
            item.kind = "truefalse"
            right = next((t for t, f in answers if f > 0), "true")
            item.choices = [("true", Decimal(1 if _tf_word(right) == "true" else 0))]
            item.choices.append(("false", Decimal(1 if _tf_word(right) == "false" else 0)))
        elif qtype == "shortanswer":
            item.kind = "short"
            item.accepted = [t for t, f in answers if f > 0]
        elif qtype == "essay":
            item.kind = "essay"
        else:
            raise FormatError(f"Question type {qtype!r} is not supported.", item=n)
        for tag in q.findall("tags/tag"):
            key, _, value = _text(tag).partition(":")
            if key == "competency":
                item.competency_code = value
            elif key == "difficulty" and value in DIFFICULTIES:
                item.difficulty = value
        items.append(item)
    return items


# --- GIFT --------------------------------------------------------------------------------------

_ESCAPED = {"\\~": "\x01", "\\=": "\x02", "\\#": "\x03", "\\{": "\x04", "\\}": "\x05", "\\:": "\x06"}
_UNESCAPE = {v: k[1] for k, v in _ESCAPED.items()}
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _escape(text: str) -> str:
    for k, v in _ESCAPED.items():
        text = text.replace(k, v)
    return text


def _unescape(text: str) -> str:
    for k, v in _UNESCAPE.items():
        text = text.replace(k, v)
    return text.strip()


def _blocks(source: str) -> list[str]:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith("//")]
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return [b for b in blocks if not b.startswith("$CATEGORY")]


def gift_parse(source: str) -> list[BankItem]:
    items = []
    for n, raw in enumerate(_blocks(_escape(source)), 1):
        block = raw
        name = ""
        if block.startswith("::"):
            end = block.find("::", 2)
            if end < 0:
                raise FormatError("A title without its closing '::'.", item=n)
            name, block = block[2:end], block[end + 2 :]
        if block.startswith("[") and "]" in block:  # [html] / [plain] format marker
            block = block[block.index("]") + 1 :]
        open_at, close_at = block.find("{"), block.rfind("}")
        if open_at < 0 or close_at < open_at:
            raise FormatError("A question without its answers in { }.", item=n)
        text = _unescape(block[:open_at] + " " + block[close_at + 1 :])
        body = block[open_at + 1 : close_at].strip()
        items.append(_gift_item(n, _unescape(name), text, body))
    return items


def _gift_item(n: int, name: str, text: str, body: str) -> BankItem:
    item = BankItem(kind="", text=" ".join(text.split()), name=name)
    if not item.text:
        raise FormatError("A question without text.", item=n)
    if not body:
        item.kind = "essay"
        return item
    head = body.split("#")[0].strip().upper()
    if head in ("T", "TRUE", "F", "FALSE"):
        right = head.startswith("T")
        item.kind = "truefalse"
        item.choices = [("true", Decimal(1 if right else 0)), ("false", Decimal(0 if right else 1))]
        return item
    parts = re.findall(r"([=~])([^=~]*)", body)
    if not parts:
        raise FormatError("Answers must start with = or ~.", item=n)
    answers: list[tuple[str, str, Decimal | None]] = []
    for mark, chunk in parts:
        chunk = chunk.split("#")[0]
        weight = None
        m = _WEIGHT.match(chunk.strip())
        if m:
            weight = Decimal(m.group(1)) / 100
            chunk = chunk.strip()[m.end() :]
        answers.append((mark, _unescape(chunk), weight))
    if all(mark == "=" for mark, _, _ in answers):
        item.kind = "short"
        item.accepted = [t for _, t, w in answers if w is None or w > 0]
        return item
    weighted = any(w is not None for _, _, w in answers)
    if weighted:
        item.kind = "multiple"
        item.choices = [(t, w if w is not None else (Decimal(1) if m == "=" else Decimal(0))) for m, t, w in answers]
    else:
        n_right = sum(1 for m, _, _ in answers if m == "=")
        if n_right != 1:
            raise FormatError("A multiple-choice question needs exactly one = answer (or weights).", item=n)
        item.kind = "single"
        item.choices = [(t, Decimal(1) if m == "=" else Decimal(0)) for m, t, _ in answers]
    return item
