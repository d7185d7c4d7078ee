"""Shared by the figure tests: the shipped library's figures."""

from __future__ import annotations

from pathlib import Path

from careprint.commands.opening import open_library

REPO = Path(__file__).parent.parent.parent


def shipped_figures() -> dict:
    """Every shipped exercise's figure, by exercise id."""
    library, problems = open_library(REPO)
    assert not [p for p in problems if p.severity == "error"], problems
    return {i: e.figure for i, e in library.exercises.items()}
