"""The library report: every item with its reading level, review status, sources and problems,
the most urgent work first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from careprint.library.reader import Library
from careprint.problems import Problem
from careprint.review.readability import Grade, grade
from careprint.review.rules import condition_texts, due_date, exercise_texts


@dataclass(frozen=True)
class ReportItem:
    kind: str  # condition, exercise, exercise set, pack
    id: str
    title: str
    path: Path
    grade: Grade | None
    reviewed: dt.date | None
    due: dt.date | None
    sources: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and today > self.due

    def urgency(self, today: dt.date) -> tuple:
        """Errors first, then overdue reviews (oldest first), then warnings, then hardest."""
        return (-self.errors, not self.overdue(today), self.due or dt.date.max, -self.warnings,
                -(self.grade.highest if self.grade else 0), self.kind, self.id)


def library_report(library: Library, problems: list[Problem], today: dt.date) -> list[ReportItem]:
    by_file: dict[Path, list[Problem]] = {}
    for problem in problems:
        if problem.at is not None:
            by_file.setdefault(problem.at.path.resolve(), []).append(problem)
    months = library.clinic.review_months if library.clinic else 24
    items = []
    for key, c in library.conditions.items():
        texts = [text for field, text in condition_texts(c)]
        items.append(ReportItem("condition", key, c.title, c.at.path, grade(texts),
                                c.reviewed.date, due_date(c.reviewed.date, months),
                                tuple(ref.id for ref in c.sources),
                                tuple(by_file.get(c.at.path.resolve(), ()))))
    for key, e in library.exercises.items():
        items.append(ReportItem("exercise", key, e.name, e.at.path,
                                grade([text for _, text in exercise_texts(e)]), None, None,
                                tuple(ref.id for ref in e.sources),
                                tuple(by_file.get(e.at.path.resolve(), ()))))
    for key, s in library.sets.items():
        items.append(ReportItem("exercise set", key, s.title, s.at.path, None, None, None, (),
                                tuple(by_file.get(s.at.path.resolve(), ()))))
    return sorted(items, key=lambda item: item.urgency(today))
