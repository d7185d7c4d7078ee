"""The fixed words careprint prints around a clinic's content, one file per language.

`templates/labels/en.yaml` (careprint's own, or the clinic's copy) holds every label; a
language is another file beside it (`es.yaml`), and a clinic changes a few words by keeping only
those lines in its own `templates/labels/LANG.yaml`. English is the reference: a label a
language lacks, or writes in a way careprint cannot use (a lost `{phone}`, a list of 11 months),
is a problem at its file and line, and prints in English rather than stopping the build.

A label is text with `{name}` places careprint fills in; a list (months, weekdays); a table
(the names of exercise kinds); or a count in words: `{one: …, other: …}`, with a number as key
for a form only that number takes ("twice a day").
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Union

from careprint.library.fields import suggest
from careprint.library.load import Mapping, Node, Scalar, Sequence, load_file
from careprint.stored_results import remembered
from careprint.problems import CareprintError, Mark, Problem, error, warning
from careprint.resources import BUILTIN_TEMPLATES

DEFAULT_LANGUAGE = "en"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")  # ISO 639: en, es, fr, haw
LABELS_FOLDER = "labels"

LabelValue = Union[str, tuple[str, ...], dict[str, str]]


class Labels:
    """One language's labels. Templates read them by name (`doc.labels.key_points`)."""

    __slots__ = ("language", "_values")

    def __init__(self, language: str, values: dict[str, LabelValue]) -> None:
        self.language = language
        self._values = dict(sorted(values.items()))

    def __getitem__(self, key: str) -> LabelValue:
        return self._values[key]

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __repr__(self) -> str:  # part of a document's fingerprint: same labels, same text
        return f"Labels({self.language!r}, {self._values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Labels) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))

    def text(self, key: str, **values: object) -> str:
        """The label with its {places} filled in."""
        return str(self._values[key]).format_map(values)

    def count(self, key: str, n: int, **values: object) -> str:
        """A count in words: the form for exactly n, else `one` for 1, else `other`."""
        forms = self._values[key]
        assert isinstance(forms, dict), key
        form = forms.get(str(n)) or (forms.get("one") if n == 1 else None) or forms["other"]
        return form.format_map({"n": n, **values})

    def kind(self, kind: str) -> str:
        """An exercise kind's name; a kind the clinic added prints as written."""
        names = self._values.get("kinds", {})
        return names.get(kind) if isinstance(names, dict) and kind in names else \
            kind.replace("-", " ").capitalize()

    def date(self, day) -> str:
        return self.text("date", day=day.day, month=self._values["months"][day.month - 1],
                         year=day.year)


def label_files(templates: Path, language: str) -> list[Path]:
    """careprint's own labels for the language, then the clinic's, which win line by line."""
    folders = [BUILTIN_TEMPLATES / LABELS_FOLDER, templates / LABELS_FOLDER]
    unique = list(dict.fromkeys(f.resolve() for f in folders))
    return [f / f"{language}.yaml" for f in unique if (f / f"{language}.yaml").is_file()]


def languages(templates: Path) -> list[str]:
    """Every language with labels, careprint's or the clinic's."""
    found = set()
    for folder in (BUILTIN_TEMPLATES / LABELS_FOLDER, templates / LABELS_FOLDER):
        if folder.is_dir():
            found |= {p.stem for p in folder.glob("*.yaml") if LANGUAGE_CODE.fullmatch(p.stem)}
    return sorted(found)


def load_labels(templates: Path, language: str) -> tuple[Labels, list[Problem]]:
    """The language's labels, English for any it lacks or cannot use, and the problems."""
    if not LANGUAGE_CODE.fullmatch(language):
        raise CareprintError(f"language '{language}' is not a language code — use two letters "
                             "such as en or es")
    files = label_files(templates, language)
    if not files:
        known = languages(templates)
        raise CareprintError(f"no labels for language '{language}' (templates/labels/"
                             f"{language}.yaml) — choose from: {', '.join(known)}, or add the "
                             "file (copy en.yaml and translate it)")
    reference, problems = _read_file(BUILTIN_TEMPLATES / LABELS_FOLDER /
                                     f"{DEFAULT_LANGUAGE}.yaml")
    values: dict[str, LabelValue] = {}
    for path in files:  # careprint's own, then the clinic's: each label checked as it comes
        layer, found = _read_file(path)
        problems += found
        for key, (value, at) in layer.items():
            if key not in reference:
                hint = suggest(key, sorted(reference)) or "delete it"
                problems.append(warning(f"'{key}' is not a label careprint prints", at, hint))
                continue
            why = _unusable(value, reference[key][0])
            if why:
                problems.append(error(f"the label '{key}' {why}; it prints as careprint "
                                      "words it", at,
                                      "write it like the English label, keeping each {name}"))
                continue
            values[key] = value
    for key, (english, _) in reference.items():
        if key not in values:
            problems.append(warning(f"the label '{key}' is missing; it prints in English",
                                    Mark(files[-1]), f"add `{key}:` in the language's words "
                                    f"(see {DEFAULT_LANGUAGE}.yaml)"))
            values[key] = english
    return Labels(language, values), problems


def _read_labels(path: Path
                 ) -> tuple[tuple[tuple[str, tuple[LabelValue, Mark]], ...], tuple[Problem, ...]]:
    loaded, problems = load_file(path)
    if loaded is None:
        return (), tuple(problems)
    root = loaded.root
    if not isinstance(root, Mapping):
        return (), (*problems, error("a labels file holds 'name: words' lines",
                                     Mark(path, 1, 1)),)
    values = []
    for key, node in root.entries:
        value = _value(node)
        if value is None:
            problems.append(error(f"the label '{key.text}' is neither words, a list nor a "
                                  "table of words", node.at, "see en.yaml for its shape"))
            continue
        values.append((key.text, (value, node.at)))
    return tuple(values), tuple(problems)


def _read_file(path: Path) -> tuple[dict[str, tuple[LabelValue, Mark]], list[Problem]]:
    values, problems = remembered(path, "labels", lambda: _read_labels(path))
    return dict(values), list(problems)


def _value(node: Node) -> LabelValue | None:
    if isinstance(node, Scalar):
        return node.text
    if isinstance(node, Sequence) and all(isinstance(i, Scalar) for i in node.items):
        return tuple(i.text for i in node.items)  # type: ignore[union-attr]
    if isinstance(node, Mapping) and all(isinstance(v, Scalar) for _, v in node.entries):
        return {k.text: v.text for k, v in node.entries}  # type: ignore[union-attr]
    return None


def _unusable(value: LabelValue, english: LabelValue) -> str | None:
    """Why a translated label cannot stand in for the English one, or None."""
    if type(value) is not type(english):
        shape = {str: "words", tuple: "a list", dict: "a table"}
        return f"is {shape[type(value)]}, but must be {shape[type(english)]}"
    if isinstance(english, tuple):
        if len(value) != len(english):
            return f"has {len(value)} entries, but must have {len(english)}"
        return None
    if isinstance(english, dict):
        assert isinstance(value, dict)
        if "other" in english and "other" not in value:
            return "has no `other:` form"
        texts = value.values()
        reference = set().union(*(_places(t) or set() for t in english.values()))
    else:
        texts = (value,)
        reference = _places(english) or set()
    for text in texts:
        places = _places(text)
        if places is None:
            return "has a { or } that is not a {name} careprint fills in"
        if places - reference:
            return "has {" + sorted(places - reference)[0] + "}, which careprint does not fill in"
    if isinstance(value, str) and reference - _places(value):
        return "has lost {" + sorted(reference - _places(value))[0] + "}"
    return None


def _places(text: str) -> set[str] | None:
    """The {names} in a text; None when its braces are not plain {name} places."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return None
    names = set()
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            return None
        names.add(name)
    return names


@lru_cache(maxsize=1)
def english_labels() -> Labels:
    """careprint's own English labels: for code that is given none (and its tests)."""
    return load_labels(BUILTIN_TEMPLATES, DEFAULT_LANGUAGE)[0]
