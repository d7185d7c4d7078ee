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
    problems += translation_problems(library, problems)
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


def translation_problems(library: Library, known: list[Problem]) -> list[Problem]:
    """Every translation (`*.es.yaml`) and labels file, read and checked in its language:
    what it may not change, what it lacks, its reading ease, and its page budgets."""
    from careprint.library.labels import languages, load_labels
    from careprint.library.reader import LibraryPaths, read_library
    from careprint.library.translations import translated_languages
    from careprint.review.glossary import Glossary
    from careprint.review.rules import content_problems

    if library.clinic is None:
        return []
    seen = set(known)
    found: list[Problem] = []

    def add(problems: list[Problem]) -> None:
        for problem in problems:
            if problem not in seen:
                seen.add(problem)
                found.append(problem)

    paths = LibraryPaths(library.paths.root)
    for language in languages(paths.templates):
        add(load_labels(paths.templates, language)[1])
    files, orphans = translated_languages(paths.handouts)
    add(orphans)
    for language in sorted(files):
        if language == library.language:
            continue
        translated, problems = read_library(paths, language)
        add(problems)
        budgets = _budgets(translated, problems, only_translated=True)  # laid out meanwhile
        try:
            # The glossary is the library's own language's: its jargon is not this one's.
            add(content_problems(translated, Glossary(), dt.date.today(), only_translated=True))
            add(_mixed_language(translated))
        except BaseException:
            budgets.close()
            raise
        add(_budget_problems(budgets))
    return found


def _mixed_language(library: Library) -> list[Problem]:
    """A translated condition whose exercise sets or exercises are not translated prints
    half in one language and half in another."""
    from careprint.problems import warning

    def translated(item) -> bool:
        return item.at.path.stem.endswith(f".{library.language}")

    found = []
    for condition in filter(translated, library.conditions.values()):
        missing = []
        for ref in condition.exercise_sets:
            exercise_set = library.sets.get(ref.id)
            if exercise_set is None:
                continue
            if not translated(exercise_set):
                missing.append(f"set '{ref.id}'")
            missing += [f"exercise '{e.exercise.id}'" for e in exercise_set.exercises
                        if e.exercise.id in library.exercises
                        and not translated(library.exercises[e.exercise.id])]
        if missing:
            found.append(warning(
                f"its exercises are not all translated ({', '.join(dict.fromkeys(missing))}): "
                "the handout would mix two languages", condition.at,
                f"add {{id}}.{library.language}.yaml beside each"))
    return found


def _content(library: Library) -> list[Problem]:
    """Reading level, long sentences and lists, sources, jargon and review dates."""
    from careprint.review.glossary import read_glossary
    from careprint.review.rules import content_problems

    glossary, problems = read_glossary(library.paths.handouts)
    return problems + content_problems(library, glossary, dt.date.today())


def _budgets(library: Library, problems: list[Problem], only_translated: bool = False
             ) -> Iterator[list[Problem]]:
    """Every handout and set laid out for its page budget, on every core: the longest part of
    a check, and one that does not grow with the library. Started here, read later. With
    only_translated, the conditions translated into the library's language. A document whose
    page count was kept from an earlier check is decided here, without ReportLab; only the
    others go to the workers."""
    from careprint.render.budget import budget_tasks, task_problems

    tasks = budget_tasks(library, problems)
    if only_translated:
        suffix = f".{library.language}"
        tasks = [t for t in tasks if library.conditions[t[0]].at.path.stem.endswith(suffix)]
    kept_count = _page_counts(library, None)
    decided: list[list[Problem] | None] = []
    for task in tasks:
        try:
            decided.append(task_problems(library, None, *task, kept_count))
        except _NotCounted:
            decided.append(None)
    rest = [task for task, found in zip(tasks, decided) if found is None]
    if not rest:
        return iter(decided)  # type: ignore[arg-type]
    # Imported here: laying pages out needs ReportLab, which only check needs of these.
    from careprint.build import pool
    from careprint.build.options import Options

    laid_out = pool.run(_budget, rest, pool.default_workers(), library,
                        Options(allow_missing_glyphs=True, language=library.language))
    return _in_task_order(decided, laid_out)


def _in_task_order(decided: list[list[Problem] | None], laid_out: Iterator[list[Problem]]
                   ) -> Iterator[list[Problem]]:
    try:
        for found in decided:
            yield found if found is not None else next(laid_out)
    finally:
        close = getattr(laid_out, "close", None)
        if close:
            close()


def _budget_problems(found: Iterator[list[Problem]]) -> list[Problem]:
    from careprint.render.budget import unique

    return unique([problem for task_found in found for problem in task_found])


def _budget(condition_id: str, set_id: str | None) -> list[Problem]:
    from careprint.build import pool
    from careprint.render.budget import count_pages, task_problems

    renderer = pool.renderer()
    count = _page_counts(renderer.library, lambda doc, label: count_pages(renderer, doc, label))
    return task_problems(renderer.library, renderer, condition_id, set_id, count)


class _NotCounted(Exception):
    """A document whose page count was not kept: it must be laid out."""


def _page_counts(library: Library, count_now):
    """Page counts kept between checks, by the fingerprint of all a document is made from
    (its words, templates, pictures, fonts, careprint's code and the drawing libraries' versions,
    as `build` uses to skip what is up to date): an unchanged handout is not laid out again.
    Without `count_now` (no ReportLab in this process), a count not kept, or a document too
    tall to lay out (whose problems need the layout), raises _NotCounted."""
    import json

    from careprint.build.fingerprint import document_fingerprint
    from careprint.build.options import Options
    from careprint.cache import cache_dir, write_atomically
    from careprint.render.budget import TOO_TALL

    folder = cache_dir("page-counts")
    options = Options(allow_missing_glyphs=True, language=library.language)

    def count(doc, label):
        entry = folder / f"{document_fingerprint(library, doc, options)}.json" if folder \
            else None
        try:
            kept = json.loads(entry.read_text(encoding="utf-8")) if entry else None
            if kept is not None and (kept != "too tall" or count_now is not None):
                return TOO_TALL if kept == "too tall" else (int(kept[0]), kept[1])
        except (OSError, ValueError, TypeError, IndexError, KeyError):
            pass  # not counted yet, or a damaged entry: count it now
        if count_now is None:
            raise _NotCounted
        counted = count_now(doc, label)
        if counted is not None and entry:
            kept = "too tall" if counted is TOO_TALL else list(counted)
            write_atomically(entry, json.dumps(kept).encode())
        return counted

    return count
