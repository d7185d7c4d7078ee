"""`careprint report`: the library as a to-do list for its editors, in HTML and PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from careprint.build.output import write_atomic
from careprint.commands.check import every_problem
from careprint.commands.opening import open_library, out_dir
from careprint.problems import CareprintError, Problem
from careprint.review.report import ReportItem, library_report


@dataclass(frozen=True, slots=True)
class ReportOptions:
    library: Path = Path(".")
    out: Path | None = None  # the folder; default out/ in the library


@dataclass
class ReportResult:
    html: Path
    pdf: Path
    items: list[ReportItem]
    problems: list[Problem]


def report(options: ReportOptions, today: dt.date | None = None) -> ReportResult:
    # Imported here: only this command renders a report.
    from careprint.render.report import report_html, report_pdf

    library, problems = open_library(options.library)
    if library.clinic is None:
        raise CareprintError("no report written: fix clinic.yaml first")
    today = today or dt.date.today()
    problems = every_problem(library, problems)
    items = library_report(library, problems, today)
    folder = out_dir(options.library, options.out)
    folder.mkdir(parents=True, exist_ok=True)
    html = write_atomic(folder / "library-report.html",
                        report_html(library, items, today).encode("utf-8"))
    pdf = write_atomic(folder / "library-report.pdf", report_pdf(library, items, today))
    return ReportResult(html, pdf, items, problems)
