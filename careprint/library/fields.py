"""The field types a library file may use, each reading a loaded node into a plain Python value.

A type never raises for a mistake in the library: it records a Problem at the node's mark and
returns INVALID, so one run reports every mistake in every file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Callable
from urllib.parse import urlparse

from careprint.library.load import Mapping, Node, Scalar, Sequence, describe
from careprint.problems import Mark, Problem, error, warning

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CITATION = re.compile(r"\[@([^\]\s]*)\]")
# Plain ASCII addresses only: anything the email package would quote, fold or rewrite
# (comments, IDNA, quoted local parts) is refused rather than sent somewhere unexpected.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+"
                   r"[A-Za-z]{2,63}")


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference by id to another item, kept with where it was written for error messages."""

    id: str
    at: Mark


@dataclass(frozen=True, slots=True)
class AssetRef:
    """A file inside the library's assets/ folder, as written in YAML."""

    path: str
    at: Mark


@dataclass
class ReadContext:
    """What reading one file noticed: its problems, and the ids, sources and assets it names."""

    problems: list[Problem] = field(default_factory=list)
    citations: list[Ref] = field(default_factory=list)
    # Every reference met while reading, even in items with other mistakes, so that one run
    # reports a missing id or file in a file that also has a typo.
    refs: list[tuple[str, Ref]] = field(default_factory=list)
    assets: list[tuple[str, AssetRef]] = field(default_factory=list)

    def fail(self, node: Node, where: str, message: str, hint: str = "") -> Any:
        prefix = f"'{where}' " if where else ""
        self.problems.append(error(prefix + message, node.at, hint))
        return INVALID

    def warn(self, node: Node, where: str, message: str, hint: str = "") -> None:
        prefix = f"'{where}' " if where else ""
        self.problems.append(warning(prefix + message, node.at, hint))


# Characters that print as nothing, or reorder the text around them, so what the patient reads
# is not what the author (or a front desk) saw: a copy-and-paste leftover, or a trick.
_INVISIBLE = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF})
_DIRECTION = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


@dataclass(frozen=True, slots=True)
class RefusedCharacter:
    """A character careprint will not print, said as a message can say it."""

    description: str  # "the invisible character U+200B ZERO WIDTH SPACE"
    hidden: bool  # invisible or direction-changing (retype it), else unprintable (remove it)


def refused_character(text: str) -> RefusedCharacter | None:
    """The first invisible or direction-changing character in text, or one beyond U+FFFF
    (emoji): ReportLab draws those, but writes a wrong text layer for them."""
    if text.isascii():  # nearly every text: none of these is ASCII
        return None
    for char in text:
        code = ord(char)
        if code in _INVISIBLE:
            return RefusedCharacter(f"the invisible character {char_name(char)}", True)
        if code in _DIRECTION:
            return RefusedCharacter(f"the direction-changing character {char_name(char)}", True)
        if code > 0xFFFF:
            return RefusedCharacter(f"'{char}' ({char_name(char)}), which careprint cannot "
                                    "print", False)
    return None


def char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = close_match(word, choices)
    return f"did you mean '{close}'?" if close else ""


def close_match(word: str, choices) -> str | None:
    """The choice most like a mistyped word, if one is close enough."""
    import difflib  # only a mistake needs it: kept out of every run's start

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


class FieldType:
    describe: str = ""

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        raise NotImplementedError


class Text(FieldType):
    """Text keeps exactly what was typed: `NO`, `yes`, `1e3` or `2024-01-01` stay text."""

    describe = "text"
    free = True  # words for the patient, where "Use band #3" could mean the "#3" (not an id)

    def __init__(self, citations: bool = True, max_length: int = 20000) -> None:
        self.citations, self.max_length = citations, max_length

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        if not isinstance(node, Scalar):
            return ctx.fail(node, where, f"must be text, not {describe(node)}",
                            "write it on one line after the colon, or as a `>` text block")
        text = _paragraphs(node).strip()
        if not text:
            if node.cut:
                return ctx.fail(node, where, *cut_to_nothing(node, where))
            return ctx.fail(node, where, "is empty", "write the text, or delete the line")
        refused = refused_character(text)
        if refused:
            return ctx.fail(node, where, f"contains {refused.description}",
                            "retype the text there (such characters come with copy and paste)"
                            if refused.hidden else "remove it, or say it in words")
        if node.cut and self.free:
            shown = text if len(text) <= 40 else "…" + text[-39:]
            ctx.warn(node, where, "stops at ' #': YAML reads the rest of the line as a comment, "
                     f"so only '{shown}' is printed", "put the whole value in quotes: "
                     + quoted_line(where, node.text + node.cut))
        if len(text) > self.max_length:
            return ctx.fail(node, where, f"is {len(text)} characters long; the most is "
                            f"{self.max_length}", "shorten it")
        if not self.citations and CITATION.search(text):
            return ctx.fail(node, where, "cannot cite a source here",
                            "remove the [@…]; cite sources in conditions and exercises")
        for match in CITATION.finditer(text):
            ctx.citations.append(Ref(match.group(1), node.at))
            ctx.refs.append(("source", Ref(match.group(1), node.at)))
        return text


def cut_to_nothing(node: Scalar, where: str) -> tuple[str, str]:
    """Message and hint for a value that a comment left empty: `primary: #224466`."""
    return ("is empty because YAML reads ' #' and the rest of the line as a comment",
            "put the whole value in quotes: " + quoted_line(where, node.cut.strip()))


def quoted_line(where: str, value: str) -> str:
    """The YAML line that gives this field (or list item) the value, in double quotes."""
    last = where.rsplit(".", 1)[-1]
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"- {quoted}" if last.endswith("]") else f"{last}: {quoted}"


def _paragraphs(node: Scalar) -> str:
    """One form for every YAML style: paragraphs joined by a blank line, lines joined by spaces."""
    if node.style == "|":
        blocks = re.split(r"\n\s*\n", node.text)
    else:  # plain, quoted and folded text already turned single line breaks into spaces
        blocks = node.text.split("\n")
    return "\n\n".join(" ".join(b.split()) for b in blocks if b.strip())


class Whole(FieldType):
    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high
        self.describe = f"whole number from {low} to {high}"

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        # Plain digits only: YAML 1.1 would also read 0x1F, 0o17 and 1:30 (= 90) as numbers.
        if not (isinstance(node, Scalar) and not node.quoted
                and re.fullmatch(r"[0-9]{1,9}", node.text)):
            return ctx.fail(node, where, f"must be a whole number, not {describe(node)}",
                            f"write a number from {self.low} to {self.high}, without quotes")
        value = int(node.text)
        if not self.low <= value <= self.high:
            return ctx.fail(node, where, f"must be from {self.low} to {self.high}, not {node.text}")
        return value


class Date(FieldType):
    describe = "date, YYYY-MM-DD"

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        if isinstance(node, Scalar) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", node.text.strip()):
            try:
                return dt.date.fromisoformat(node.text.strip())
            except ValueError:
                pass
        return ctx.fail(node, where, f"must be a date like 2026-03-31, not {describe(node)}",
                        "write year-month-day with hyphens")


class Choice(FieldType):
    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.describe = "one of: " + ", ".join(choices)

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        value = node.text.strip() if isinstance(node, Scalar) else None
        if value in self.choices:
            return value
        shown = describe(node) if value is None else f"'{value}'"
        hint = suggest(value or "", self.choices) or "choose one of: " + ", ".join(self.choices)
        return ctx.fail(node, where, f"must be one of {', '.join(self.choices)}, not {shown}",
                        hint)


class Pattern(Text):
    free = False

    def __init__(self, pattern: str, describe_as: str, hint: str) -> None:
        super().__init__(citations=False, max_length=500)
        self.pattern = re.compile(pattern)
        self.describe = describe_as
        self.hint = hint

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        text = super().read(node, ctx, where)
        if text is INVALID or self.pattern.fullmatch(text):
            return text
        return ctx.fail(node, where, f"must be {self.describe}, not '{text}'", self.hint)


class Url(Text):
    describe = "web address starting with https://"
    free = False

    def __init__(self) -> None:
        super().__init__(citations=False, max_length=500)  # longer cannot fit a QR code

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        text = super().read(node, ctx, where)
        if text is INVALID:
            return text
        parts = urlparse(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            return ctx.fail(node, where, f"must be a web address, not '{text}'",
                            "start it with https:// and leave out spaces")
        return text


class IdRef(Text):
    free = False

    def __init__(self, kind: str) -> None:
        super().__init__(citations=False, max_length=100)
        self.kind = kind  # source, exercise or set
        self.describe = f"id of {'an' if kind[0] in 'aeiou' else 'a'} {kind}"

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        text = super().read(node, ctx, where)
        if text is INVALID:
            return text
        if not ID_PATTERN.fullmatch(text):
            return ctx.fail(node, where, f"'{text}' is not a valid id",
                            "ids use lower-case letters, digits and hyphens, like hip-bridge")
        ref = Ref(text, node.at)
        ctx.refs.append((self.kind, ref))
        return ref


class IdOrText(FieldType):
    """Another item by its id, or a few words. A value written as an id (lower case, words
    joined by hyphens, no spaces or quotes) is read as the id, so a mistyped id is reported,
    never printed as text; quotes make such a word text."""

    def __init__(self, kind: str, text: Text, build_ref: Callable[[Ref], Any],
                 build_text: Callable[[str], Any], text_describe: str) -> None:
        self.ref, self.text = IdRef(kind), text
        self.build_ref, self.build_text = build_ref, build_text
        self.describe = f"{self.ref.describe}, or {text_describe}"

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        if (isinstance(node, Scalar) and not node.quoted
                and ID_PATTERN.fullmatch(node.text.strip())):
            ref = self.ref.read(node, ctx, where)
            return ref if ref is INVALID else self.build_ref(ref)
        text = self.text.read(node, ctx, where)
        return text if text is INVALID else self.build_text(text)


class Asset(Text):
    """A path inside assets/. Whether the file exists is checked when references are resolved."""

    free = False

    def __init__(self, *suffixes: str) -> None:
        super().__init__(citations=False, max_length=300)
        self.suffixes = suffixes
        self.describe = "file inside assets/ (" + ", ".join(suffixes) + ")"

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        text = super().read(node, ctx, where)
        if text is INVALID:
            return text
        path = PurePosixPath(text.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", text):
            return ctx.fail(node, where, f"points outside assets/: '{text}'",
                            "give a path inside assets/, like images/clamshell.png, with no '..'")
        if path.suffix.lower() not in self.suffixes:
            return ctx.fail(node, where, f"'{text}' is not a {' or '.join(self.suffixes)} file",
                            f"use a file ending in {' or '.join(self.suffixes)}")
        ref = AssetRef(str(path), node.at)
        ctx.assets.append((where, ref))
        return ref


class ListOf(FieldType):
    def __init__(self, item: FieldType, min_items: int = 0, max_items: int | None = None
                 ) -> None:
        self.item, self.min_items, self.max_items = item, min_items, max_items
        self.describe = f"list of {item.describe}"

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        if not isinstance(node, Sequence):
            return ctx.fail(node, where, f"must be a list, not {describe(node)}",
                            "put each item on its own line starting with '- '")
        if len(node.items) < self.min_items:
            noun = "item" if self.min_items == 1 else "items"
            return ctx.fail(node, where, f"needs at least {self.min_items} {noun}")
        if self.max_items is not None and len(node.items) > self.max_items:
            return ctx.fail(node, where, f"has {len(node.items)} items; the most is "
                            f"{self.max_items}", "keep the ones that matter most to the patient")
        values = [self.item.read(item, ctx, f"{where}[{n}]") for n, item in
                  enumerate(node.items, start=1)]
        return INVALID if INVALID in values else tuple(values)


@dataclass(frozen=True)
class Field:
    """One declared field of a file: name, type, help, example, and whether it is required."""

    name: str
    type: FieldType
    help: str
    example: str
    required: bool = False
    default: Any = None


class Record(FieldType):
    """A group of named fields that builds one model object."""

    def __init__(self, name: str, fields: list[Field], build: Callable[..., Any],
                 check: Callable[[dict[str, Any], Mapping, ReadContext], None] | None = None,
                 ) -> None:
        self.name, self.fields, self.build, self.check = name, fields, build, check
        self.by_name = {f.name: f for f in fields}
        self.describe = f"group of fields ({name})"

    def read(self, node: Node, ctx: ReadContext, where: str, **extra: Any) -> Any:
        if not isinstance(node, Mapping):
            return ctx.fail(node, where, f"must be a group of fields, not {describe(node)}",
                            "write 'name: value' lines indented under it")
        values: dict[str, Any] = {}
        misspelt: set[str] = set()
        for key, value in node.entries:
            spec = self.by_name.get(key.text)
            path = f"{where}.{key.text}" if where else key.text
            if spec is None:
                close = close_match(key.text, self.by_name)
                misspelt.update([close] if close else [])
                hint = (f"did you mean '{close}'?" if close
                        else "allowed fields: " + ", ".join(self.by_name))
                ctx.problems.append(error(f"unknown field '{path}'", key.at, hint))
                values[key.text] = INVALID
            elif isinstance(value, Scalar) and value.kind == "null" and not value.quoted:
                values[key.text] = ctx.fail(*_null(key, value, spec, path))
            else:
                values[key.text] = spec.type.read(value, ctx, path)
        for spec in self.fields:
            # A misspelt field already has its own message; "missing" would say it twice.
            if spec.required and spec.name not in values and spec.name not in misspelt:
                path = f"{where}.{spec.name}" if where else spec.name
                first_line = spec.example.splitlines()[0]
                ctx.problems.append(error(f"missing required field '{path}'", node.at,
                                          f"add it, for example: {first_line}"))
                values[spec.name] = INVALID
        if INVALID in values.values() or misspelt:
            return INVALID
        if self.check is not None:
            before = len(ctx.problems)
            self.check(values, node, ctx)
            if len(ctx.problems) > before:
                return INVALID
        for spec in self.fields:
            values.setdefault(spec.name, spec.default)
        return self.build(**values, **extra)


def _null(key: Scalar, value: Scalar, spec: Field, where: str) -> tuple[Node, str, str, str]:
    """Where and why a field YAML read as nothing is empty, and the fix (for ctx.fail):
    `name: Null` is a name, and `primary: #224466` a colour cut off by a comment."""
    if isinstance(spec.type, Text) and value.text:
        word = "~" if value.text == "~" else f"the word {value.text}"
        return (value, where, f"is empty because YAML reads {word} as 'nothing'",
                "put it in quotes: " + quoted_line(where, value.text))
    if isinstance(spec.type, Text) and value.cut:  # quotes would not make a number of it
        return (value, where, *cut_to_nothing(value, where))
    return value if value.text else key, where, "is empty", "give it a value, or delete the line"


class OneOf(FieldType):
    """A short form (plain text) or a long form (a group of fields) of the same thing."""

    def __init__(self, short: FieldType, long: Record, expand: Callable[[Any], Any]) -> None:
        self.short, self.long, self.expand = short, long, expand
        self.describe = f"{short.describe}, or {long.describe}"

    def read(self, node: Node, ctx: ReadContext, where: str) -> Any:
        if isinstance(node, Mapping):
            return self.long.read(node, ctx, where)
        value = self.short.read(node, ctx, where)
        return value if value is INVALID else self.expand(value)
