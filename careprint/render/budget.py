"""Page budgets: a condition handout fits one sheet of paper, a patient sheet two pages.

`check` lays out every shipped condition and every recommended set and warns, naming the file
and the sections to shorten with their word counts, when the content needs more pages than the
clinic's budget (`handout_pages`). Type never shrinks and safety text is never cut to fit:
the author shortens the words.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from careprint.document.assemble import (
    Document, DocumentError, SheetRequest, condition_handout, patient_sheet,
)
from careprint.library.reader import Library
from careprint.library.references import blocking_problems, condition_files
from careprint.render.renderer import Renderer, RenderFailed
from careprint.problems import Problem, warning
from careprint.library.fields import CITATION

EXERCISES_HEADING = "Your starter exercises"


def sheet_budget(sheet_pages: int, exercises: int) -> int:
    """Pages a patient sheet may take: the clinic's budget for up to 5 exercises, one more
    page for each further 3."""
    return sheet_pages + max(0, -(-(exercises - 5) // 3))


def budget_problems(library: Library, problems: list[Problem]) -> list[Problem]:
    """A warning for each condition or set whose printed pages exceed the clinic's budget."""
    if library.clinic is None:
        return []
    renderer: Renderer | None = None
    found: list[Problem] = []
    checked_sets: set[str] = set()
    for condition_id in sorted(library.conditions):
        if blocking_problems(library, problems, condition_files(library, condition_id)):
            continue
        renderer = renderer or Renderer(library, allow_missing_glyphs=True)
        found += _condition_budget(library, renderer, condition_id)
        for ref in library.conditions[condition_id].exercise_sets:
            if ref.id not in checked_sets:
                checked_sets.add(ref.id)
                found += _set_budget(library, renderer, condition_id, ref.id)
    return found


def _condition_budget(library: Library, renderer: Renderer, condition_id: str) -> list[Problem]:
    doc = condition_handout(library, condition_id)
    pdf = _pdf(renderer, doc, condition_id)
    if pdf is None:
        return []
    budget = library.clinic.handout_pages
    pages, back = _pages(pdf)
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


def _set_budget(library: Library, renderer: Renderer, condition_id: str, set_id: str
                ) -> list[Problem]:
    # A sheet as clinicians make them: with a one-line note and the next visit.
    request = SheetRequest(condition=condition_id, patient="A Patient", date=dt.date(2000, 1, 1),
                           set_id=set_id, clinician="A Clinician", next_appointment="Monday",
                           note="Start gently and build up over the first week.")
    try:
        doc = patient_sheet(library, request)
    except DocumentError:
        return []
    pdf = _pdf(renderer, doc, f"set '{set_id}'")
    if pdf is None:
        return []
    budget = sheet_budget(library.clinic.sheet_pages, len(doc.exercises))
    pages, _ = _pages(pdf)
    if pages <= budget:
        return []
    sizes = [(f"'{c.id}'", _words(c.starting_position, *c.steps, *c.cautions, c.note or ""))
             for c in doc.exercises]
    exercise_set = library.sets[set_id]
    return [warning(f"a patient sheet of this set needs {pages} pages; the budget is {budget} "
                    f"for {len(doc.exercises)} exercises", exercise_set.at,
                    "use 3 to 5 exercises, or shorten the steps and cautions of "
                    + _listed(sizes) + " — or raise sheet_pages in clinic.yaml")]


def _pdf(renderer: Renderer, doc: Document, label: str) -> bytes | None:
    try:
        return renderer.render(doc, label).pdf
    except RenderFailed:
        return None  # the render's own problems are reported by build and sheet


def _pages(pdf: bytes) -> tuple[int, int | None]:
    """The page count, and the page on which the exercises start."""
    reader = PdfReader(io.BytesIO(pdf))
    back = None
    for item in _flat(reader.outline):
        if item.title.startswith(EXERCISES_HEADING):
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
