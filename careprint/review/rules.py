"""Content checks: what makes a handout hard to read, unsupported or out of date.

Warnings, one per problem, at the file, line and field (errors under `check --strict`):
- a section, an exercise or the warning signs reading above the clinic's grade (Flesch–Kincaid,
  `reading_grade`, default 8; warning signs two grades lower, since they are read in a hurry),
  and a whole handout above it by SMOG, naming the sentences that pull the grade up; Spanish
  text (a `*.es.yaml` translation) by the Spanish formulas instead: INFLESZ (Szigriszt-Pazos)
  of 55 or more ("normal") for each section and exercise, 60 for the warning signs, and
  Fernández-Huerta of 60 or more ("normal") for the handout as a whole;
- a sentence over 20 words, a list over 7 items, a set of more than 6 exercises;
- a statement about a condition without a source (a source nobody cites is reported with
  the references);
- jargon from the clinic's glossary, with the plain words to use;
- a review older than the clinic's `review_months` (default 24);
- brand colours whose text contrast is below WCAG AA, on screen or in greyscale print.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from careprint.library.fields import CITATION
from careprint.library.load import field_mark
from careprint.library.model import Condition, Exercise
from careprint.library.reader import Library
from careprint.problems import Problem, warning
from careprint.review.colours import colour_problems
from careprint.review.glossary import Glossary
from careprint.review.readability import (
    grade, sentence_grade, sentences, spanish_ease, spanish_sentence_ease, spanish_words, words,
)
from careprint.stored_results import remembered_value

LONGEST_SENTENCE = 20  # words (CDC Clear Communication Index: short sentences)
LONGEST_LIST = 7  # items
LARGEST_SET = 6  # exercises: adherence falls with long programmes
# Statements about the condition that need a source: what it is, what causes it, what helps.
CLAIMS = ("key_points", "what_it_is", "causes", "what_helps")
# Spanish: the lowest INFLESZ score a section or exercise may have (55: "normal"), the warning
# signs' (5 more: read in a hurry), and the whole handout's Fernández-Huerta (60: "normal").
SPANISH_EASE = 55
SPANISH_WARNING_EASE = 60
SPANISH_HANDOUT_EASE = 60
# The Spanish formulas were made for passages, not phrases: a field of fewer words is measured
# with the rest of its item (an exercise as a whole), never alone.
SPANISH_FEWEST_WORDS = 20

Text = tuple[str, str]  # (field, as written)


@dataclass(frozen=True)
class Bar:
    """How easy text must be to read: at most a US grade by Flesch–Kincaid (English and any
    language without formulas of its own), or a Spanish reading ease; warning signs, read in
    a hurry, two grades lower or 5 points easier."""

    grade: int
    spanish: bool = False
    urgent: bool = False

    def for_warning_signs(self) -> Bar:
        return replace(self, urgent=True)

    @property
    def highest_grade(self) -> int:
        return self.grade - 2 if self.urgent else self.grade


def content_problems(library: Library, glossary: Glossary, today: dt.date,
                     only_translated: bool = False) -> list[Problem]:
    """The content's problems; with only_translated, those of the translations in the
    library's language (`*.es.yaml`), measured by that language's formulas."""
    if library.clinic is None:
        return []
    bar = Bar(library.clinic.reading_grade, spanish=library.language == "es")
    found: list[Problem] = []

    def wanted(item) -> bool:
        return not only_translated or item.at.path.stem.endswith(f".{library.language}")

    for condition in filter(wanted, library.conditions.values()):
        found += _condition_problems(condition, bar, glossary)
        if not only_translated:
            found += _review_problems(condition, library.clinic.review_months, today)
    measures = (repr(bar), repr(sorted(glossary.plain.items())))
    for exercise in filter(wanted, library.exercises.values()):
        found += _exercise_problems(exercise, bar, glossary, measures)
    if only_translated:
        return found
    for exercise_set in library.sets.values():
        if len(exercise_set.exercises) > LARGEST_SET:
            found.append(warning(
                f"the set has {len(exercise_set.exercises)} exercises; more than "
                f"{LARGEST_SET} and fewer patients keep doing them", exercise_set.at,
                "split it into two sets, or keep the 3 to 6 that matter most"))
    return found + colour_problems(library.clinic)


def _exercise_problems(exercise: Exercise, bar: Bar, glossary: Glossary,
                       measures: tuple[str, ...]) -> list[Problem]:
    """An exercise's wording measured against the bar and the glossary: once for each
    version of its words, its file (where a message points) and those `measures` — a
    library of 2,000 exercises is not measured again on every check."""
    path = exercise.at.path
    texts = exercise_texts(exercise)

    def measured() -> list[Problem]:
        found = _text_problems(path, texts, bar, glossary, "the exercise",
                               grade_each=not bar.spanish)
        if bar.spanish:
            found += _spanish_ease_problem(path, "the exercise", [text for _, text in texts],
                                           False, "", "steps")
        return found

    try:
        file = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return measured()
    return list(remembered_value("exercise wording",
                                 (str(path), file, repr(texts), *measures), measured))


def _condition_problems(condition: Condition, bar: Bar, glossary: Glossary) -> list[Problem]:
    path = condition.at.path
    texts = condition_texts(condition)
    found = _text_problems(path, [t for t in texts if not t[0].startswith("warning_signs")],
                           bar, glossary, "")
    signs = [t for t in texts if t[0].startswith("warning_signs")]
    found += _grade_problem(path, "warning_signs", [text for _, text in signs],
                            bar.for_warning_signs(),
                            "the warning signs are read in a hurry, so they aim lower")
    found += _text_problems(path, signs, bar.for_warning_signs(), glossary, "",
                            grade_each=False)
    body = [text for field, text in texts if not field.startswith("warning_signs")]
    if bar.spanish:
        found += _spanish_handout_problem(condition, body)
    whole = None if bar.spanish else grade(body)
    if whole and whole.smog > bar.grade:
        found.append(warning(
            f"the handout reads at grade {whole.smog:g} by SMOG (the limit is {bar.grade})",
            condition.at, "use shorter words: SMOG counts words of three or more syllables"))
    for field, text in texts:
        if field.split("[")[0] in CLAIMS and not CITATION.search(text):
            found.append(warning(f"{field} states something without a source", 
                                 field_mark(path, field),
                                 "add [@source-id] from sources.yaml after the sentence"))
    return found


def _text_problems(path: Path, texts: list[Text], bar: Bar, glossary: Glossary,
                   what: str, grade_each: bool = True) -> list[Problem]:
    found: list[Problem] = []
    sections: dict[str, list[str]] = {}
    spanish = bar.spanish
    for field, text in texts:
        sections.setdefault(field.split("[")[0], []).append(text)
        for sentence in sentences(text):
            count = len(spanish_words(sentence) if spanish else words(sentence))
            if count > LONGEST_SENTENCE:
                found.append(warning(
                    f"{field}: a sentence of {count} words (\"{_short(sentence)}\")",
                    field_mark(path, field),
                    f"split it: at most {LONGEST_SENTENCE} words a sentence"))
        for jargon, plain in () if spanish else glossary.find(text):
            found.append(warning(f"{field} says \"{jargon}\"", field_mark(path, field),
                                 f"say \"{plain}\" (from glossary.yaml)"))
    for field, items in sections.items():
        if len(items) > LONGEST_LIST and field.endswith("s"):
            found.append(warning(f"{field} has {len(items)} items", field_mark(path, field),
                                 f"keep a list to {LONGEST_LIST} items or fewer: group or cut"))
        if grade_each:
            found += _grade_problem(path, field, items, bar, what)
    return found


def _grade_problem(path: Path, field: str, texts: list[str], bar: Bar,
                   why: str) -> list[Problem]:
    """A warning when the texts read harder than the bar allows."""
    if bar.spanish:
        return _spanish_ease_problem(path, field, texts, bar.urgent, why)
    limit = bar.highest_grade
    measured = grade(texts)
    if measured is None or measured.flesch_kincaid <= limit:
        return []
    hardest = sorted((s for t in texts for s in sentences(t)), key=sentence_grade,
                     reverse=True)[:2]
    where = f"{why}: " if why and why != "the exercise" else ""
    return [warning(f"{field} reads at grade {measured.flesch_kincaid:g} (the limit is "
                    f"{limit}; {where}hardest: " + "; ".join(f"\"{_short(s)}\"" for s in hardest)
                    + ")", field_mark(path, field),
                    "use shorter sentences and everyday words")]


def _spanish_ease_problem(path: Path, field: str, texts: list[str], urgent: bool,
                          why: str, at_field: str | None = None) -> list[Problem]:
    lowest = SPANISH_WARNING_EASE if urgent else SPANISH_EASE
    measured = spanish_ease(texts)
    if measured is None or measured.inflesz >= lowest or \
            measured.words < SPANISH_FEWEST_WORDS:
        return []
    hardest = sorted((s for t in texts for s in sentences(t)), key=spanish_sentence_ease)[:2]
    where = f"{why}: " if why and why != "the exercise" else ""
    return [warning(f"{field} reads at INFLESZ {measured.inflesz:g} (the lowest is {lowest}, "
                    f"\"normal\"; {where}hardest: "
                    + "; ".join(f"\"{_short(s)}\"" for s in hardest) + ")",
                    field_mark(path, at_field or field),
                    "use shorter sentences and shorter everyday words")]


def _spanish_handout_problem(condition: Condition, body: list[str]) -> list[Problem]:
    whole = spanish_ease(body)
    if whole is None or whole.fernandez_huerta >= SPANISH_HANDOUT_EASE:
        return []
    return [warning(f"the handout reads at {whole.fernandez_huerta:g} by Fernández-Huerta (the "
                    f"lowest is {SPANISH_HANDOUT_EASE}, \"normal\")", condition.at,
                    "use shorter sentences and words of fewer syllables")]


def _review_problems(condition: Condition, months: int, today: dt.date) -> list[Problem]:
    reviewed = condition.reviewed.date
    due = due_date(reviewed, months)
    if today <= due:
        return []
    late = (today.year - due.year) * 12 + today.month - due.month
    return [warning(f"last reviewed {reviewed.isoformat()}: the review was due "
                    f"{due.isoformat()} ({_months(late)} overdue)",
                    field_mark(condition.at.path, "reviewed"),
                    "check the content and sources, then update `reviewed` (date and by)")]


def condition_texts(condition: Condition) -> list[Text]:
    texts: list[Text] = [("what_it_is", condition.what_it_is)]
    for name in ("key_points", "symptoms", "causes", "what_helps", "self_care"):
        texts += _listed(name, getattr(condition, name))
    signs = condition.warning_signs
    for group in ("emergency", "today", "soon"):
        texts += _listed(f"warning_signs.{group}", getattr(signs, group))
    for n, section in enumerate(condition.extra_sections, start=1):
        texts += [(f"extra_sections[{n}].text", section.text or ""),
                  *_listed(f"extra_sections[{n}].bullets", section.bullets)]
    return [(field, text) for field, text in texts if text]


def exercise_texts(exercise: Exercise) -> list[Text]:
    versions = [(field, variation.text) for field, variation in
                (("easier", exercise.easier), ("harder", exercise.harder))
                if variation is not None and variation.text]
    return [("starting_position", exercise.starting_position),
            *_listed("steps", exercise.steps), *_listed("cautions", exercise.cautions),
            *versions]


def _listed(field: str, items: tuple[str, ...]) -> Iterator[Text]:
    return ((f"{field}[{n}]", item) for n, item in enumerate(items, start=1))


def _short(sentence: str) -> str:
    plain = re.sub(r"\s+", " ", sentence).strip()
    return plain if len(plain) <= 60 else plain[:57].rstrip() + "…"


def due_date(reviewed: dt.date, months: int) -> dt.date:
    """When content reviewed on `reviewed` is due for review again."""
    year, month = divmod(reviewed.month - 1 + months, 12)
    return reviewed.replace(year=reviewed.year + year, month=month + 1,
                            day=min(reviewed.day, 28))


def _months(count: int) -> str:
    return "under a month" if count < 1 else f"{count} month{'s' if count != 1 else ''}"
