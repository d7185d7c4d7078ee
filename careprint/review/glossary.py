"""The clinic's glossary: words patients stumble on, and the plain words to say instead.

`handouts/glossary.yaml` maps each term to its plain words, one per line:

    bilateral: both sides
    anterior: front

`check` reports each term it finds in patient text (whole words, any case) with its plain
words. The file is optional; careprint ships a starter one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from careprint.library.fields import CITATION
from careprint.library.load import Mapping, Scalar, load_file
from careprint.problems import Mark, Problem, error
from careprint.stored_results import remembered

GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class Glossary:
    plain: dict[str, str] = field(default_factory=dict)  # term (lower case) → plain words
    _pattern: re.Pattern | None = None

    def find(self, text: str) -> list[tuple[str, str]]:
        """Each glossary term in the text, as written there, with its plain words."""
        if self._pattern is None:
            return []
        found = dict.fromkeys(m.group(0) for m in self._pattern.finditer(CITATION.sub("", text)))
        return [(term, self.plain[term.lower()]) for term in found]


def build(plain: dict[str, str]) -> Glossary:
    if not plain:
        return Glossary()
    # Longest first, so "range of motion" is found before "motion" could be.
    terms = sorted(plain, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b",
                         re.IGNORECASE)
    return Glossary(plain, pattern)


def read_glossary(handouts: Path) -> tuple[Glossary, list[Problem]]:
    path = handouts / GLOSSARY_FILE
    if not path.is_file():
        return Glossary(), []
    plain, problems = remembered(path, "glossary", lambda: _read_terms(path))
    return build(plain), list(problems)


def _read_terms(path: Path) -> tuple[dict[str, str], list[Problem]]:
    loaded, problems = load_file(path)
    if problems or loaded is None or loaded.root is None:
        return {}, problems
    if not isinstance(loaded.root, Mapping):
        return {}, [error("the glossary must map each term to its plain words",
                          loaded.root.at, "write one `term: plain words` per line")]
    plain: dict[str, str] = {}
    for key, value in loaded.root.entries:
        if not isinstance(value, Scalar) or value.kind != "str" or not value.text.strip():
            problems.append(error(f"glossary term '{key.text}' needs its plain words as text",
                                  _at(value, key), f"write `{key.text}: plain words`"))
            continue
        plain[key.text.strip().lower()] = value.text.strip()
    return plain, problems


def _at(value, key: Scalar) -> Mark:
    return getattr(value, "at", None) or key.at
