"""Page budgets: a condition handout fits one sheet of paper, a patient sheet two pages.

`check` lays out every shipped condition and every recommended set and warns, naming the file
and the sections to shorten with their word counts, when the content needs more pages than the
clinic's budget (`handout_pages`). Type never shrinks and safety text is never cut to fit:
the author shortens the words.

A document that cannot be laid out at all (one block taller than a page) is an error at the
file and field to shorten: the exercise (or the condition) whose block is too tall is found by
laying it out alone, and its longest text is named, with its word count.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from careprint.document.assemble import (
    Document, DocumentError, ExerciseCard, SheetRequest, condition_handout, patient_sheet,
)
from careprint.library.load import field_mark
from careprint.library.reader import Library
from careprint.library.references import blocking_problems, condition_files
from careprint.problems import Problem, error, warning
from careprint.library.fields import CITATION

if TYPE_CHECKING:  # laying out needs ReportLab: only a count not kept from before imports it
    from careprint.render.renderer import Renderer


def sheet_budget(sheet_pages: int, exercises: int) -> int:
    """Pages a patient sheet may take: the clinic's budget for up to 5 exercises, one more
    page for each further 3."""
    return sheet_pages + max(0, -(-(exercises - 5) // 3))


BudgetTask = tuple[str, "str | None"]  # (condition id, None: its handout | set id: a sheet)


def budget_tasks(library: Library, problems: list[Problem]) -> list[BudgetTask]:
    """The documents whose pages `check` counts: each condition's handout, and a patient sheet
    of each recommended set (once), skipping what has errors of its own."""
    if library.clinic is None:
        return []
    tasks: list[BudgetTask] = []
    checked_sets: set[str] = set()
    for condition_id in sorted(library.conditions):
        if blocking_problems(library, problems, condition_files(library, condition_id)):
            continue
        tasks.append((condition_id, None))
        for ref in library.conditions[condition_id].exercise_sets:
            if ref.id not in checked_sets:
                checked_sets.add(ref.id)
                tasks.append((condition_id, ref.id))
    return tasks


TOO_TALL = object()  # a document with a block taller than a page
# How many pages a document prints, and on which page the exercises start: (pages, back), or
# TOO_TALL for a block taller than a page, or None when it cannot be rendered at all.
PageCount = "tuple[int, int | None] | object | None"


def count_pages(renderer: Renderer, doc: Document, label: str) -> PageCount:
    """Lay the document out and count its pages."""
    pdf = _pdf(renderer, doc, label)
    if pdf is TOO_TALL or pdf is None:
        return pdf
    return _pages(pdf, doc.labels["starter_exercises"])


def task_problems(library: Library, renderer: Renderer | None, condition_id: str,
                  set_id: str | None,
                  counted: Callable[[Document, str], PageCount] | None = None) -> list[Problem]:
    """A warning when one document of `budget_tasks` exceeds the clinic's budget. `counted`
    gives a document's page count (default: lay it out now with `renderer`)."""
    count = counted or (lambda doc, label: count_pages(renderer, doc, label))
    if set_id is None:
        return _condition_budget(library, renderer, condition_id, count)
    return _set_budget(library, renderer, condition_id, set_id, count)


def budget_problems(library: Library, problems: list[Problem]) -> list[Problem]:
    """A warning for each condition or set whose printed pages exceed the clinic's budget."""
    from careprint.render.renderer import Renderer

    tasks = budget_tasks(library, problems)
    renderer = Renderer(library, allow_missing_glyphs=True) if tasks else None
    return unique([p for task in tasks for p in task_problems(library, renderer, *task)])


def unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))  # a step too long for the handout is for the sheet too


def _condition_budget(library: Library, renderer: Renderer, condition_id: str,
                      count: Callable[[Document, str], PageCount]) -> list[Problem]:
    doc = condition_handout(library, condition_id)
    counted = count(doc, condition_id)
    if counted is TOO_TALL:
        return too_tall_problems(library, renderer, doc)
    if counted is None:
        return []
    budget = library.clinic.handout_pages
    pages, back = counted
    if pages <= budget:
        return []
    condition = library.conditions[condition_id]
    if back is not None and back > 2 and doc.exercises:
        shorten = _front_sections(condition)
        where = "the front page runs over"
    else:
        shorten = [(f"exercise '{c.id}'", _words(c.dosage, *c.key_steps, c.stop_if))
                   for c in doc.exercises]
        where = "the exercises run over the back page"
    return [warning(f"the handout needs {pages} pages; the budget is {budget} "
                    f"({where})", condition.at,
                    "shorten " + _listed(shorten)
                    + " — or raise handout_pages in clinic.yaml")]


def _set_budget(library: Library, renderer: Renderer, condition_id: str, set_id: str,
                count: Callable[[Document, str], PageCount]) -> list[Problem]:
    # A sheet as clinicians make them: with a one-line note and the next visit.
    request = SheetRequest(condition=condition_id, patient="A Patient", date=dt.date(2000, 1, 1),
                           set_id=set_id, clinician="A Clinician", next_appointment="Monday",
                           note="Start gently and build up over the first week.")
    try:
        doc = patient_sheet(library, request)
    except DocumentError:
        return []
    counted = count(doc, f"set '{set_id}'")
    if counted is TOO_TALL:
        return too_tall_problems(library, renderer, doc, set_id)
    if counted is None:
        return []
    budget = sheet_budget(library.clinic.sheet_pages, len(doc.exercises))
    pages, _ = counted
    if pages <= budget:
        return []
    sizes = [(f"'{c.id}'", _words(c.starting_position, *c.steps, *c.cautions, c.note or ""))
             for c in doc.exercises]
    exercise_set = library.sets[set_id]
    return [warning(f"a patient sheet of this set needs {pages} pages; the budget is {budget} "
                    f"for {len(doc.exercises)} exercises", exercise_set.at,
                    "use 3 to 5 exercises, or shorten the steps and cautions of "
                    + _listed(sizes) + " — or raise sheet_pages in clinic.yaml")]


def _pdf(renderer: Renderer, doc: Document, label: str) -> bytes | object | None:
    from reportlab.platypus.doctemplate import LayoutError

    from careprint.render.renderer import RenderFailed

    try:
        return renderer.render(doc, label).pdf
    except RenderFailed as failure:
        if isinstance(failure.__cause__, LayoutError):
            return TOO_TALL
        return None  # the render's own problems are reported by build and sheet


def too_tall_problems(library: Library, renderer: Renderer, doc: Document,
                      set_id: str | None = None) -> list[Problem]:
    """For a document whose layout failed: the text too long for a page, at its file and field.

    Each exercise is laid out alone to find the one too tall; when none is, the condition's
    own text is. The longest text there is the one to shorten.
    """
    found = [_longest_in_exercise(library, card, set_id) for card in doc.exercises
             if _pdf(renderer, replace(doc, exercises=(card,)), "") is TOO_TALL]
    if not found and doc.id in library.conditions:
        found.append(_longest_in_condition(library, doc.id))
    return found


_HOW_LONG = {"steps": "a step is one or two sentences", "note": "a note is one or two sentences",
             "cautions": "a caution is one or two sentences",
             "starting_position": "the starting position is one or two sentences"}


def _too_long(path: Path, texts: list[tuple[str, str]]) -> Problem:
    field, text = max(texts, key=lambda pair: _words(pair[1]))
    kind = re.sub(r"\[\d+\]", "", field).rsplit(".", 1)[-1]
    how = _HOW_LONG.get(kind, "split it into shorter items")
    return error(f"'{field}' is {_words(text)} words, too long to fit on one page",
                 field_mark(path, field), f"shorten it: {how}")


def _longest_in_exercise(library: Library, card: ExerciseCard, set_id: str | None) -> Problem:
    exercise = library.exercises[card.id]
    texts = [("starting_position", exercise.starting_position),
             *[(f"steps[{n}]", t) for n, t in enumerate(exercise.steps, start=1)],
             *[(f"cautions[{n}]", t) for n, t in enumerate(exercise.cautions, start=1)]]
    problem = _too_long(exercise.at.path, texts)
    exercise_set = library.sets.get(set_id) if set_id else None
    entries = list(enumerate(exercise_set.exercises, start=1)) if exercise_set else []
    notes = [(f"exercises[{n}].note", e.note) for n, e in entries
             if e.exercise.id == card.id and e.note]
    if notes and _words(notes[0][1]) > max(_words(t) for _, t in texts):
        return _too_long(exercise_set.at.path, notes[:1])  # only a sheet prints the note
    return problem


def _longest_in_condition(library: Library, condition_id: str) -> Problem:
    condition = library.conditions[condition_id]
    signs = condition.warning_signs

    def listed(name: str, items: tuple[str, ...]) -> list[tuple[str, str]]:
        return [(f"{name}[{n}]", t) for n, t in enumerate(items, start=1)]

    texts = [("what_it_is", condition.what_it_is),
             *listed("key_points", condition.key_points), *listed("symptoms", condition.symptoms),
             *listed("causes", condition.causes), *listed("what_helps", condition.what_helps),
             *listed("self_care", condition.self_care),
             *listed("warning_signs.emergency", signs.emergency),
             *listed("warning_signs.today", signs.today),
             *listed("warning_signs.soon", signs.soon)]
    for n, section in enumerate(condition.extra_sections, start=1):
        texts += [(f"extra_sections[{n}].text", section.text or ""),
                  *listed(f"extra_sections[{n}].bullets", section.bullets)]
    return _too_long(condition.at.path, texts)


def _pages(pdf: bytes, exercises_heading: str) -> tuple[int, int | None]:
    """The page count, and the page on which the exercises start (the bookmark of the
    heading "Your starter exercises: …", in the document's language)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    back = None
    for item in _flat(reader.outline):
        if item.title.startswith(exercises_heading):
            back = reader.get_destination_page_number(item) + 1
    return len(reader.pages), back


def _flat(outline) -> list:
    out = []
    for item in outline:
        out += _flat(item) if isinstance(item, list) else [item]
    return out


def _front_sections(condition) -> list[tuple[str, int]]:
    signs = condition.warning_signs
    return [("key_points", _words(*condition.key_points)),
            ("what_it_is", _words(condition.what_it_is)),
            ("symptoms", _words(*condition.symptoms)),
            ("causes", _words(*condition.causes)),
            ("what_helps", _words(*condition.what_helps)),
            ("self_care", _words(*condition.self_care)),
            *[(f"extra_sections '{s.heading}'", _words(s.text or "", *s.bullets))
              for s in condition.extra_sections]] + [
        ("warning_signs (never cut: make each item shorter)",
         _words(*signs.emergency, *signs.today, *signs.soon))]


def _words(*texts: str) -> int:
    return sum(len(re.findall(r"\w+", CITATION.sub("", t))) for t in texts)


def _listed(sizes: list[tuple[str, int]]) -> str:
    longest = sorted((s for s in sizes if s[1]), key=lambda s: -s[1])[:4]
    return ", ".join(f"{name} ({words} words)" for name, words in longest)
