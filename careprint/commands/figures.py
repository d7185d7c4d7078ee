"""`careprint figures`: a contact sheet of every exercise's built-in figure, to review them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from careprint.build.output import write_atomic
from careprint.commands.opening import open_library, out_dir
from careprint.problems import Problem


@dataclass(frozen=True, slots=True)
class FiguresOptions:
    library: Path = Path(".")
    output: Path | None = None  # default out/figures.pdf in the library


@dataclass
class FiguresResult:
    path: Path | None  # None when the library has errors: nothing was written
    shown: list[str]  # exercise ids with a figure
    missing: list[str]  # exercise ids without one
    problems: list[Problem]


def figures(options: FiguresOptions) -> FiguresResult:
    # Imported here: only this command draws a contact sheet.
    from careprint.render.contact_sheet import contact_sheet_pdf

    library, problems = open_library(options.library)
    if library.clinic is None or any(p.severity == "error" for p in problems):
        return FiguresResult(None, [], [], problems)
    pdf, shown = contact_sheet_pdf(library)
    path = options.output or out_dir(options.library) / "figures.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, pdf)
    missing = sorted(set(library.exercises) - set(shown))
    return FiguresResult(path, shown, missing, problems)
