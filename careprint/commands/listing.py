"""`careprint list`: what the library holds, by id and title."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from careprint.commands.opening import open_library
from careprint.problems import Problem, has_errors


@dataclass(frozen=True, slots=True)
class ListOptions:
    library: Path = Path(".")


@dataclass
class ListResult:
    sections: list[tuple[str, list[tuple[str, str]]]]  # heading, [(id, title)] sorted by id
    problems: list[Problem]

    @property
    def failed(self) -> bool:
        return has_errors(self.problems)


def list_library(options: ListOptions) -> ListResult:
    library, problems = open_library(options.library)
    kinds = [("Conditions", library.conditions, "title"),
             ("Exercises", library.exercises, "name"),
             ("Exercise sets", library.sets, "title"),
             ("Packs", library.packs, "title")]
    sections = [(heading, [(item_id, getattr(items[item_id], attribute))
                           for item_id in sorted(items)])
                for heading, items, attribute in kinds]
    return ListResult(sections, problems)
