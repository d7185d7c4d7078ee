"""`careprint check`: every mistake in the library in one run, and the page budgets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Iterator
from pathlib import Path

from careprint.commands.opening import open_library
from careprint.library.reader import Library
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
    problems = every_problem(library, problems)
    counts = {"condition": len(library.conditions), "exercise": len(library.exercises),
              "exercise set": len(library.sets), "pack": len(library.packs),
              "source": len(library.sources)}
    failed = has_errors(problems) or (options.strict and bool(problems))
    return CheckResult(problems, counts, failed)


def every_problem(library: Library, problems: list[Problem]) -> list[Problem]:
    """What reading the library found, plus its content and its page budgets. The pages are
    laid out by the worker processes while this one reads the content."""
    budgets = _budgets(library, problems)
    try:
        content = _content(library)
    except BaseException:
        budgets.close()
        raise
    return problems + content + _budget_problems(budgets)


def _content(library: Library) -> list[Problem]:
    """Reading level, long sentences and lists, sources, jargon and review dates."""
    from careprint.review.glossary import read_glossary
    from careprint.review.rules import content_problems

    glossary, problems = read_glossary(library.paths.handouts)
    return problems + content_problems(library, glossary, dt.date.today())


def _budgets(library: Library, problems: list[Problem]) -> Iterator[list[Problem]]:
    """Every handout and set laid out for its page budget, on every core: the longest part of
    a check, and one that does not grow with the library. Started here, read later."""
    # Imported here: laying pages out needs ReportLab, which only check needs of these.
    from careprint.build import pool
    from careprint.build.options import Options
    from careprint.render.budget import budget_tasks

    tasks = budget_tasks(library, problems)
    return pool.run(_budget, tasks, pool.default_workers(), library,
                    Options(allow_missing_glyphs=True))


def _budget_problems(found: Iterator[list[Problem]]) -> list[Problem]:
    from careprint.render.budget import unique

    return unique([problem for task_found in found for problem in task_found])


def _budget(condition_id: str, set_id: str | None) -> list[Problem]:
    from careprint.build import pool
    from careprint.render.budget import task_problems

    return task_problems(pool.renderer(), condition_id, set_id)
