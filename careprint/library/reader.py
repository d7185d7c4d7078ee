"""Where a library's files live, and reading all of them into one Library.

A library is a folder holding handouts/ (YAML), and optionally templates/ and assets/. Files are
read in sorted order so every run, and every message list, comes out the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from careprint.library.labels import DEFAULT_LANGUAGE, Labels, load_labels
from careprint.library.load import LoadedFile, Mapping, load_file
from careprint.library.model import Clinic, Condition, Exercise, ExerciseSet, Pack, Source
from careprint.problems import CareprintError, Mark, Problem, error, has_errors, warning
from careprint.stored_results import remembered
from careprint.library.fields import ID_PATTERN, AssetRef, Ref
from careprint.library.translations import TRANSLATION_NAME, overlay, translation_path

# kind -> folder under handouts/
ITEM_FOLDERS = {"condition": "conditions", "exercise": "exercises", "set": "sets",
                "pack": "packs"}


@dataclass(frozen=True, slots=True)
class LibraryPaths:
    """Where a library's handouts, templates and assets are."""

    root: Path

    @property
    def handouts(self) -> Path:
        return self.root / "handouts"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def assets(self) -> Path:
        return self.root / "assets"

    @classmethod
    def at(cls, root: Path) -> LibraryPaths:
        paths = cls(root)
        if not paths.handouts.is_dir():
            msg = (f"no handouts/ folder in {root.resolve()} — run careprint inside a library "
                   f"folder, or pass --library DIR")
            raise CareprintError(msg)
        return paths


@dataclass(frozen=True, slots=True)
class Library:
    """Everything read from a library's files: clinic, sources and items, by id."""

    paths: LibraryPaths
    clinic: Clinic | None
    sources: dict[str, Source]
    conditions: dict[str, Condition]
    exercises: dict[str, Exercise]
    sets: dict[str, ExerciseSet]
    packs: dict[str, Pack]
    # Ids that have a file or entry, valid or not: a reference to a broken item is not "missing".
    declared: dict[str, frozenset[str]]
    # Every reference and asset written anywhere, including in items that failed to read.
    refs: tuple[tuple[str, Ref], ...] = ()
    assets: tuple[tuple[str, AssetRef], ...] = ()
    files: tuple[Path, ...] = field(default=())
    complete: bool = True  # False when only one document's files were read
    language: str = DEFAULT_LANGUAGE  # the language of the words and labels it prints
    labels: Labels | None = None
    untranslated: tuple[Path, ...] = ()  # files read in their own words, for want of a translation


@dataclass
class _Reading:
    """What reading a library has found so far."""

    problems: list[Problem] = field(default_factory=list)
    refs: list[tuple[str, Ref]] = field(default_factory=list)
    assets: list[tuple[str, AssetRef]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    # Set when the words are wanted in another language than the library's own.
    language: str | None = None
    untranslated: list[Path] = field(default_factory=list)  # files with no translation

    def read(self, path: Path, reader, kind: str | None = None):
        """Load and read one file (laid over by its translation, when one is wanted): the
        value only if the whole file is free of errors, and the names of its top-level
        fields, valid or not."""
        self.files.append(path)
        if kind and self.language and translation_path(path, self.language).is_file():
            return self._read_file(path, reader, kind)
        if kind and self.language:
            self.untranslated.append(path)
        return self._as_read_before(path, reader, kind)

    def _read_file(self, path: Path, reader, kind: str | None):
        loaded, load_problems = load_file(path)
        self.problems += load_problems
        if loaded is None:
            return None, frozenset()
        if self.language and kind:
            loaded, more = self._translated(kind, loaded)
            load_problems = load_problems + more
            self.problems += more
        value, ctx = reader(loaded)
        self.problems += ctx.problems
        self.refs += ctx.refs
        self.assets += ctx.assets
        return (None if has_errors(load_problems) else value), _keys(loaded)

    def _as_read_before(self, path: Path, reader, kind: str | None):
        """A file read in the library's own language, as it read before — in this process or
        an earlier one — if its bytes are the same (see careprint.stored_results)."""
        def read_alone() -> tuple:
            alone = _Reading()
            value, keys = alone._read_file(path, reader, kind)
            return value, keys, alone.problems, alone.refs, alone.assets

        value, keys, problems, refs, assets = remembered(path, kind or path.name, read_alone)
        self.problems += problems
        self.refs += refs
        self.assets += assets
        return value, keys

    def _translated(self, kind: str, loaded: LoadedFile) -> tuple[LoadedFile, list[Problem]]:
        path = translation_path(loaded.path, self.language)
        self.files.append(path)
        translation, problems = load_file(path)
        if translation is None or has_errors(problems):
            return loaded, problems
        merged, more = overlay(kind, loaded, translation)
        return merged, problems + more

    def labels_for(self, paths: LibraryPaths, language: str) -> Labels:
        """The language's labels, their problems noted."""
        labels, problems = load_labels(paths.templates, language)
        self.problems += problems
        return labels


def untranslated_problems(library: Library, files: set[Path] | None = None) -> list[Problem]:
    """A warning for each kind of item printed in the library's own language for want of a
    translation: of those made from `files` (default: all that were read)."""
    wanted = None if files is None else {f.resolve() for f in files}
    found: dict[str, list[str]] = {}
    for path in library.untranslated:
        if wanted is None or path.resolve() in wanted:
            found.setdefault(path.parent.name if path.stem != "clinic" else "", []).append(
                path.stem)
    names = {"conditions": ("condition", "conditions"), "exercises": ("exercise", "exercises"),
             "sets": ("exercise set", "exercise sets"), "packs": ("pack", "packs")}
    problems = []
    for folder, ids in sorted(found.items(), key=lambda pair: pair[0] != ""):
        shown = ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
        what = (f"{len(ids)} {names[folder][len(ids) != 1]} ({shown})" if folder
                else "clinic.yaml")
        problems.append(warning(
            f"no '{library.language}' text for {what}: printed in the library's default "
            "language", None, f"add the translation beside each file, e.g. "
                              f"{ids[0]}.{library.language}.yaml (see handouts/README.md)"))
    return problems


def _language(clinic: Clinic | None, wanted: str | None) -> tuple[str, str | None]:
    """The language to print in, and that language if it is not the library's own."""
    default = clinic.language if clinic else DEFAULT_LANGUAGE
    language = wanted or default
    return language, (language if language != default else None)


def _read_clinic(paths: LibraryPaths, reading: _Reading, wanted: str | None
                 ) -> tuple[Clinic | None, str]:
    """clinic.yaml, which names the library's language; read again with its translation
    when another is wanted."""
    before = (len(reading.problems), len(reading.refs), len(reading.assets), len(reading.files))
    path = paths.handouts / "clinic.yaml"
    clinic, _ = _read_required(path, _clinic, reading)
    language, reading.language = _language(clinic, wanted)
    if reading.language and clinic is not None:
        for kept, found in zip(before, (reading.problems, reading.refs, reading.assets,
                                        reading.files)):
            del found[kept:]
        clinic, _ = _read_required(path, _clinic, reading, "clinic")
    return clinic, language


def read_library(paths: LibraryPaths, language: str | None = None
                 ) -> tuple[Library, list[Problem]]:
    """Load and validate every file, in `language` (default: the clinic's). Items with errors
    are left out; their problems say why. What lacks a translation is in `untranslated`:
    the command warns about what its documents use (untranslated_problems)."""
    reading = _Reading()
    clinic, language = _read_clinic(paths, reading, language)
    sources, source_ids = _read_required(paths.handouts / "sources.yaml", _sources, reading)
    declared = {"source": source_ids or frozenset()}
    items: dict[str, dict] = {}
    for kind, folder in ITEM_FOLDERS.items():
        found = discover(paths.handouts / folder, reading.problems)
        declared[kind] = frozenset(item_id for _, item_id in found)
        items[kind] = {}
        for path, item_id in found:
            item, _ = reading.read(path, _item(kind, item_id), kind)
            if item is not None:
                items[kind][item_id] = item
    labels = reading.labels_for(paths, language)
    library = Library(paths, clinic, sources or {}, items["condition"], items["exercise"],
                      items["set"], items["pack"], declared, tuple(reading.refs), tuple(reading.assets),
                      tuple(reading.files), language=language, labels=labels,
                      untranslated=tuple(reading.untranslated))
    return library, reading.problems


def read_for_condition(paths: LibraryPaths, condition_id: str, set_id: str | None = None,
                       language: str | None = None, exercise_ids: Iterable[str] = ()
                       ) -> tuple[Library, list[Problem]]:
    """Only the files one condition's sheet is made from: its time does not grow with the
    library. Every other file is listed (for ids and suggestions) but not read."""
    reading = _Reading()
    clinic, language = _read_clinic(paths, reading, language)
    sources, source_ids = _read_required(paths.handouts / "sources.yaml", _sources, reading)
    declared = {"source": source_ids or frozenset()}
    found = {kind: dict((i, p) for p, i in discover(paths.handouts / folder, reading.problems))
             for kind, folder in ITEM_FOLDERS.items()}
    declared |= {kind: frozenset(ids) for kind, ids in found.items()}

    def read(kind: str, ids: Iterable[str]) -> dict:
        items = {}
        for item_id in sorted(set(ids) & set(found[kind])):
            item, _ = reading.read(found[kind][item_id], _item(kind, item_id), kind)
            if item is not None:
                items[item_id] = item
        return items

    conditions = read("condition", [condition_id])
    wanted_sets = [set_id] if set_id else [r.id for c in conditions.values()
                                           for r in c.exercise_sets]
    sets = read("set", wanted_sets)
    exercises = read("exercise", [*(e.exercise.id for s in sets.values() for e in s.exercises),
                                  *exercise_ids])
    # Their easier and harder versions, whose names a sheet prints.
    exercises |= read("exercise", set(variation_ids(exercises.values())) - set(exercises))
    labels = reading.labels_for(paths, language)
    library = Library(paths, clinic, sources or {}, conditions, exercises, sets, {}, declared,
                      tuple(reading.refs), tuple(reading.assets), tuple(reading.files),
                      complete=False, language=language, labels=labels,
                      untranslated=tuple(reading.untranslated))
    # Only what the sheet is made from was read: all of it is the sheet's.
    return library, reading.problems + untranslated_problems(library)


def variation_ids(exercises: Iterable[Exercise]) -> list[str]:
    """The exercises named as easier or harder versions of these."""
    return [v.exercise.id for e in exercises for v in (e.easier, e.harder)
            if v is not None and v.exercise is not None]


def discover(folder: Path, problems: list[Problem]) -> list[tuple[Path, str]]:
    if not folder.is_dir():
        return []
    found = []
    with os.scandir(folder) as entries:  # scandir knows folders without a stat per file
        names = sorted(entry.name for entry in entries if not entry.is_dir())
    for path in (folder / name for name in names):
        if path.name.startswith("."):
            continue
        if TRANSLATION_NAME.fullmatch(path.stem) and path.suffix == ".yaml":
            continue  # a translation: read with the file it translates
        if path.suffix == ".yml":
            problems.append(warning("this file is ignored", Mark(path),
                                    "rename it to end in .yaml"))
        elif path.suffix != ".yaml":
            continue
        elif not ID_PATTERN.fullmatch(path.stem):
            problems.append(error(f"'{path.stem}' is not a valid id", Mark(path),
                                  "rename the file using lower-case letters, digits and hyphens"))
        else:
            found.append((path, path.stem))
    return found


def _read_required(path: Path, reader, reading: _Reading, kind: str | None = None):
    if not path.is_file():
        reading.problems.append(error(f"{path.name} is missing", Mark(path),
                                      f"create handouts/{path.name}; see `careprint fields`"))
        return None, None
    return reading.read(path, reader, kind)


# The schema reads a file afresh; a run whose files were all read before never imports it.

def _clinic(loaded: LoadedFile):
    from careprint.library.schema import read_clinic

    return read_clinic(loaded)


def _sources(loaded: LoadedFile):
    from careprint.library.schema import read_sources

    return read_sources(loaded)


def _item(kind: str, item_id: str):
    def read(loaded: LoadedFile):
        from careprint.library.schema import read_item

        return read_item(kind, item_id, loaded)
    return read


def _keys(loaded: LoadedFile) -> frozenset[str]:
    root = loaded.root
    return frozenset(key.text for key, _ in root.entries) if isinstance(root, Mapping) \
        else frozenset()
