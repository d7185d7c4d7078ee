"""YAML text becomes careprint's plain nodes (careprint.library.load), each with its line.

Only PyYAML's composer runs: no constructor, so no tag can build a Python object, and scalars keep
the exact text the author typed.

libyaml (PyYAML's C parser) composes the nodes when it is installed: six times faster, with the
same nodes and marks. A file it refuses is read again by the pure-Python parser, whose messages
careprint's hints are written for; without libyaml the pure-Python parser does all the work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from careprint.library.load import LoadedFile, Mapping, Node, Scalar, Sequence
from careprint.problems import Mark, Problem, error

_STANDARD = "tag:yaml.org,2002:"
# The C parser, when PyYAML was built with libyaml; tests set it to None to check the fallback.
_FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)
_SCALAR_KINDS = {"str", "int", "float", "bool", "null", "timestamp"}


def parse_text(text: str, path: Path) -> tuple[LoadedFile | None, list[Problem]]:
    try:
        composed = _compose(text)
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, path)]
    except yaml.YAMLError as err:
        return None, [error(f"YAML syntax: {err}", Mark(path))]
    except RecursionError:
        return None, [error("the file is nested too deeply to read", Mark(path),
                            "a handout needs only a few levels of indentation")]
    if composed is None:
        return LoadedFile(path, None), []
    # Mistakes inside the tree (a duplicate key, a tag) still give a tree, so the rest of the
    # file is checked in the same run; the caller must not build from a file with errors.
    problems: list[Problem] = []
    root = _convert(composed, _Source(path, _LINE_BREAK.split(text)), problems, set(), 0)
    return LoadedFile(path, root), list(dict.fromkeys(problems))


def _compose(text: str) -> yaml.Node | None:
    # libyaml counts a U+FEFF inside the text as a column and PyYAML does not: such a file
    # (rare, and refused as text anyway) is read by PyYAML so every mark means one thing.
    if _FAST_LOADER is not None and "\ufeff" not in text[1:]:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass  # libyaml words its errors differently: let the pure-Python parser say it
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _syntax_problem(err: yaml.MarkedYAMLError, path: Path) -> Problem:
    mark = err.problem_mark or err.context_mark
    at = Mark(path, mark.line + 1, mark.column + 1) if mark else Mark(path)
    what = err.problem or err.context or "not valid YAML"
    hint = "check the indentation and quoting on this line and the one before it"
    if "mapping values are not allowed" in what:
        hint = "a value contains ': '; put the whole value in double quotes"
    elif "found character '@'" in what or "found character '`'" in what:
        hint = "a value starts with a special character; put it in double quotes"
    return error(f"YAML syntax: {what}", at, hint)


# The line breaks YAML counts lines by.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Spaces then `#` after a plain value: YAML took the rest of the line as a comment.
_COMMENT_AFTER = re.compile(r"[ \t]+#")


@dataclass(frozen=True, slots=True)
class _Source:
    path: Path
    lines: list[str]

    def cut_by_comment(self, node: yaml.ScalarNode) -> str:
        """The rest of the line after a plain scalar, when YAML read it as a comment."""
        end = node.end_mark
        if node.style or end.line >= len(self.lines):
            return ""
        line = self.lines[end.line]
        if "#" not in line:  # most lines: nothing YAML could have read as a comment
            return ""
        rest = line[_index(line, end.column):]
        return rest.rstrip() if _COMMENT_AFTER.match(rest) else ""


def _index(line: str, column: int) -> int:
    """Where a mark's column is in the line: PyYAML does not count U+FEFF in columns."""
    if "\ufeff" not in line:
        return column
    counted = 0
    for index, char in enumerate(line):
        if counted == column:
            return index
        counted += char != "\ufeff"
    return len(line)


def _mark(node: yaml.Node, path: Path) -> Mark:
    return Mark(path, node.start_mark.line + 1, node.start_mark.column + 1)


_MAX_DEPTH = 40


def _convert(node: yaml.Node, source: _Source, problems: list[Problem], visited: set[int],
             depth: int) -> Node:
    path = source.path
    at = _mark(node, path)
    # An alias (*name) gives the composer's node a second time; expanding aliases invites
    # loops and exponential "billion laughs" files, and handouts never need them.
    if id(node) in visited and not isinstance(node, yaml.ScalarNode) or depth > _MAX_DEPTH:
        reason = ("anchors and aliases (& and *) are not supported" if depth <= _MAX_DEPTH
                  else "the file is nested too deeply")
        problems.append(error(reason, at, "write the value out in full"))
        return Scalar("", "null", False, at)
    visited.add(id(node))
    tag = node.tag or ""
    kind = tag[len(_STANDARD):] if tag.startswith(_STANDARD) else ""
    if kind and kind not in _SCALAR_KINDS | {"seq", "map"}:
        tag = "!!" + kind  # as the author wrote it
    if isinstance(node, yaml.ScalarNode):
        if kind not in _SCALAR_KINDS:
            problems.append(error(f"the tag '{tag}' is not allowed", at,
                                  "remove the '!' tag; write plain text, numbers or dates"))
        quoted = node.style in ("'", '"', "|", ">")
        return Scalar(node.value, kind if kind in _SCALAR_KINDS else "str", quoted, at,
                      node.style or "", source.cut_by_comment(node))
    if isinstance(node, yaml.SequenceNode):
        if kind != "seq":
            problems.append(error(f"the tag '{tag}' is not allowed", at, "remove the '!' tag"))
        return Sequence(tuple(_convert(item, source, problems, visited, depth + 1)
                              for item in node.value), at)
    if kind != "map":
        problems.append(error(f"the tag '{tag}' is not allowed", at, "remove the '!' tag"))
    return Mapping(_entries(node, source, problems, visited, depth + 1), at)


def _entries(node: yaml.MappingNode, source: _Source, problems: list[Problem],
             visited: set[int], depth: int) -> tuple:
    path = source.path
    seen: dict[str, Mark] = {}
    entries = []
    for key_node, value_node in node.value:
        if key_node.tag == _STANDARD + "merge":
            problems.append(error("'<<' merge keys are not supported", _mark(key_node, path),
                                  "write the fields out in full"))
            continue
        key = _convert(key_node, source, problems, visited, depth)
        if not isinstance(key, Scalar):
            problems.append(error("a field name must be a single word", key.at))
            continue
        if key.text in seen:
            first = seen[key.text]
            problems.append(error(f"duplicate field '{key.text}' (first given on line {first.line})",
                                  key.at, "keep one of them and delete the other"))
            continue
        seen[key.text] = key.at
        entries.append((key, _convert(value_node, source, problems, visited, depth)))
    return tuple(entries)
