"""Patient sheets from spreadsheet rows: which are up to date, and building the others."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from careprint.build import pool, state as build_state
from careprint.build.fingerprint import document_fingerprint
from careprint.build.options import Options
from careprint.build.output import PRIVATE, write_atomic
from careprint.document.assemble import DocumentError, patient_sheet
from careprint.document.patients import PatientRow
from careprint.library.reader import Library
from careprint.problems import CareprintError, Mark, Problem, error
from careprint.render.renderer import RenderFailed


@dataclass
class SheetOutcome:
    row: PatientRow
    file: str
    fingerprint: str
    pages: int = 0
    sha256: str = ""  # of the PDF careprint wrote
    problems: list[Problem] = field(default_factory=list)
    failed: bool = False
    skipped: bool = False


def sheet_file_name(row: PatientRow, name_files: bool) -> str:
    """Stable and unique per row; the patient's name only when asked, made safe for any disk."""
    parts = [f"{row.row:04d}"]
    if name_files:
        ascii_name = unicodedata.normalize("NFKD", row.request.patient).encode("ascii", "ignore")
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.decode().lower()).strip("-")[:40]
        parts.append(slug or "patient")
    parts.append(row.request.condition)
    return "-".join(parts) + ".pdf"


def plan_sheets(library: Library, rows: list[PatientRow], options: Options, out_dir: Path,
                state: dict[str, dict[str, str]], name_files: bool, csv_path: Path) -> list[SheetOutcome]:
    """A planned outcome per row: skipped if its sheet exists and nothing it shows changed."""
    plans = []
    for row in rows:
        file = sheet_file_name(row, name_files)
        try:
            doc = patient_sheet(library, row.request, page_size=options.size,
                                print_size=options.print_size)
        except DocumentError as failure:
            problem = error(str(failure), Mark(csv_path, row.row))
            plans.append(SheetOutcome(row, file, "", problems=[problem], failed=True))
            continue
        print_ = document_fingerprint(library, doc, options)
        done = build_state.up_to_date(state, file, print_, out_dir / file)
        sha = state[file]["sha256"] if done else ""
        plans.append(SheetOutcome(row, file, print_, sha256=sha, skipped=done))
    return plans


def _build_sheet(plan: SheetOutcome, options: Options, out_dir: Path) -> SheetOutcome:
    try:
        return _render_sheet(plan, options, out_dir)
    except CareprintError as err:
        plan.problems, plan.failed = [error(str(err))], True
    except Exception as err:  # one row's bug must not stop the batch or lose the manifest
        plan.problems, plan.failed = [pool.internal_problem(f"row {plan.row.row}", err)], True
    return plan


def _render_sheet(plan: SheetOutcome, options: Options, out_dir: Path) -> SheetOutcome:
    renderer = pool.renderer()
    doc = patient_sheet(renderer.library, plan.row.request, page_size=options.size,
                        print_size=options.print_size)
    try:
        rendered = renderer.render(doc, f"row {plan.row.row}")
    except RenderFailed as failure:
        plan.problems, plan.failed = failure.problems, True
        return plan
    write_atomic(out_dir / plan.file, rendered.pdf, mode=PRIVATE)
    plan.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
    plan.pages, plan.problems = rendered.pages, rendered.warnings
    return plan


def build_sheets(library: Library, plans: list[SheetOutcome], options: Options, out_dir: Path,
                 workers: int) -> Iterator[SheetOutcome]:
    # Chunks keep the pipes quiet; each result is a few hundred bytes, so memory stays flat.
    chunk = max(1, min(16, len(plans) // (max(workers, 1) * 8)))
    yield from pool.run(_build_sheet, [(plan, options, out_dir) for plan in plans], workers,
                        library, options, chunk)
