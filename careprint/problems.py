"""Problems found in a library: data, not exceptions, so one run can report all of them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Mark:
    """A place in a file: 1-based line and column (0 means "the whole file" or "the whole line")."""

    path: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        text = display_path(self.path)
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True, slots=True)
class Problem:
    """One error or warning: where, what is wrong, and how to fix it."""

    severity: Severity
    message: str
    at: Mark | None = None
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.at}: " if self.at else "careprint: "
        line = f"{where}{self.severity}: {self.message}"
        if self.hint:
            line += f" — {self.hint}"
        # One problem, one line: a stray newline from a YAML value must not split it.
        return " ".join(line.split())


def error(message: str, at: Mark | None = None, hint: str = "") -> Problem:
    return Problem("error", message, at, hint)


def warning(message: str, at: Mark | None = None, hint: str = "") -> Problem:
    return Problem("warning", message, at, hint)


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.severity == "error" for p in problems)


def display_path(path: Path) -> str:
    """Paths relative to the working directory when inside it, so editors can jump to them."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def sort_key(problem: Problem) -> tuple[str, int, int, str]:
    at = problem.at
    if at is None:
        return ("", 0, 0, problem.message)
    return (str(at.path), at.line, at.column, problem.message)


class CareprintError(Exception):
    """An abort the user can fix (no library folder, unwritable output); printed as one line."""
