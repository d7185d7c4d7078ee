"""`careprint check`: every mistake in the library in one run, and the page budgets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from careprint.commands.opening import open_library
from careprint.problems import Problem, has_errors


@dataclass(frozen=True, slots=True)
class CheckOptions:
    library: Path = Path(".")
    strict: bool = False  # warnings fail the check too


@dataclass
class CheckResult:
    problems: list[Problem]
    counts: dict[str, int]  # conditions, exercises, exercise sets, packs, sources
    failed: bool


def check(options: CheckOptions) -> CheckResult:
    library, problems = open_library(options.library)
    from careprint.render.budget import budget_problems  # lays pages out: only check needs it

    problems += budget_problems(library, problems)
    counts = {"condition": len(library.conditions), "exercise": len(library.exercises),
              "exercise set": len(library.sets), "pack": len(library.packs),
              "source": len(library.sources)}
    failed = has_errors(problems) or (options.strict and bool(problems))
    return CheckResult(problems, counts, failed)
