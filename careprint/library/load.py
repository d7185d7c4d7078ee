"""Stage 1, load: a YAML file becomes a tree of plain nodes that remember where they came from.

The nodes are here; careprint.library.parse makes them from the text with PyYAML's composer.
The schema (schema.py) decides what each value means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from careprint.problems import Mark, Problem, error


@dataclass(frozen=True, slots=True)
class Scalar:
    """One value as typed, with where it was typed."""

    text: str
    kind: str  # what YAML 1.1 would read it as: str, int, float, bool, null or timestamp
    quoted: bool
    at: Mark
    style: str = ""  # "", "'", '"', "|" or ">"
    # A plain value followed on its line by " #…": YAML made that a comment, though the author
    # may have meant it as part of the value ("Use band #3"). The rest of the line, as typed.
    cut: str = ""


@dataclass(frozen=True, slots=True)
class Sequence:
    """A YAML list, with where it starts."""

    items: tuple["Node", ...]
    at: Mark


@dataclass(frozen=True, slots=True)
class Mapping:
    """YAML `name: value` lines, in file order, with where they start."""

    entries: tuple[tuple[Scalar, "Node"], ...]
    at: Mark

    def get(self, key: str) -> Node | None:
        for k, value in self.entries:
            if k.text == key:
                return value
        return None


Node = Union[Scalar, Sequence, Mapping]


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """A file's nodes, or None for an empty file."""

    path: Path
    root: Node | None  # None for an empty file


def describe(node: Node) -> str:
    """What a clinician would call this value, for messages."""
    if isinstance(node, Mapping):
        return "a group of fields"
    if isinstance(node, Sequence):
        return "a list"
    if node.kind == "null":
        return "nothing"
    return f"'{node.text}'"


# A handout file is a few KB; a bigger one is a mistake (a pasted log, a binary) that would
# take seconds to parse on every run.
MAX_FILE_BYTES = 1024 * 1024


def load_file(path: Path) -> tuple[LoadedFile | None, list[Problem]]:
    try:
        # Read one byte past the limit, never the whole of a huge file (or a device).
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None, [too_big(path, path.stat().st_size, MAX_FILE_BYTES,
                                  "a library file needs a few KB: remove what does not "
                                  "belong, or split it into smaller files")]
        # As read_text() would: universal newlines, so marks count lines the same way.
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as err:
        return None, [error(f"file is not UTF-8 text (byte {err.start})", Mark(path),
                            "save it as UTF-8 in your editor")]
    except OSError as err:
        return None, [error(f"cannot read file: {err.strerror}", Mark(path))]
    return load_text(text, path)


def too_big(path: Path, size: int, limit: int, hint: str) -> Problem:
    return error(f"the file is {size_text(max(size, limit + 1))}; the most careprint reads is "
                 f"{size_text(limit)}", Mark(path), hint)


def size_text(count: int) -> str:
    """A file size as people say it: 352 KB, 2.0 MB."""
    mb = 1024 * 1024
    if count >= mb:
        return f"{count // mb} MB" if count % mb == 0 else f"{count / mb:.1f} MB"
    return f"{-(-count // 1024)} KB"


def load_text(text: str, path: Path) -> tuple[LoadedFile | None, list[Problem]]:
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        return None, [error("a tab character is used for indenting", Mark(path, line),
                            "YAML needs spaces; replace the tab with spaces")]
    # Imported here: a run whose files were all read before (careprint.stored_results)
    # never needs PyYAML.
    from careprint.library.parse import parse_text

    return parse_text(text, path)


def field_mark(path: Path, field: str) -> Mark:
    """Where a field like `exercises[2].note` is written in its file (the file, if not found)."""
    loaded, _ = load_file(path)
    node = loaded.root if loaded else None
    for name, number in re.findall(r"(\w+)(?:\[(\d+)\])?", field):
        node = node.get(name) if isinstance(node, Mapping) else None
        if number and isinstance(node, Sequence) and int(number) <= len(node.items):
            node = node.items[int(number) - 1]
        elif number:
            node = None
    return node.at if node is not None else Mark(path)
