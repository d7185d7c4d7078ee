"""What every command starts from: the library, read and checked; the date; the out folder."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from careprint.library.fields import suggest
from careprint.library.reader import Library, LibraryPaths, read_for_condition, read_library
from careprint.library.references import check_references
from careprint.problems import CareprintError, Problem, sort_key

# done, total, what: a command reports its progress through this; the caller draws it.
ProgressReport = Callable[[int, int, str], None]


def no_progress(done: int, total: int, what: str) -> None:
    pass


def open_library(library_dir: Path, condition: str | None = None, set_id: str | None = None,
                 language: str | None = None, exercise_ids: tuple[str, ...] = ()
                 ) -> tuple[Library, list[Problem]]:
    """Read and resolve the library (or only one condition's files, and `exercise_ids`) in
    `language` (default: the clinic's), with its problems in file order."""
    paths = LibraryPaths.at(library_dir)
    if condition is None:
        library, problems = read_library(paths, language)
    else:
        library, problems = read_for_condition(paths, condition, set_id, language,
                                               exercise_ids)
    problems += check_references(library)
    problems.sort(key=sort_key)
    return library, problems


def out_dir(library_dir: Path, out: Path | None = None, library: Library | None = None) -> Path:
    """The output folder: `out` if given, else out/ in the library — out/es/ for documents
    in a language other than the library's own, so each language keeps its own files."""
    if out:
        return out
    folder = library_dir / "out"
    if library is not None and library.clinic is not None and \
            library.language != library.clinic.language:
        folder = folder / library.language
    return folder


def unknown(kind: str, name: str, known: set[str]) -> CareprintError:
    hint = suggest(name, sorted(known))
    return CareprintError(f"no {kind} '{name}'" + (f" — {hint}" if hint else
                                                   " — see `careprint list`"))


def build_date() -> dt.date:
    """Today, unless SOURCE_DATE_EPOCH pins it (reproducible builds)."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()
    return dt.date.today()


def source_date_epoch() -> int | None:
    """ReportLab reads it too, so a malformed value is stopped here with a clear message."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 253_402_300_799:  # the last second of year 9999
        raise CareprintError(f"SOURCE_DATE_EPOCH is '{text}' — give whole seconds since "
                             "1970, like 1767225600, or unset it")
    return int(text)
