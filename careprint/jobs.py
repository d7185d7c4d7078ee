"""Building many PDFs: what is out of date, and building it on every CPU core.

A document is out of date when its fingerprint changed. The fingerprint hashes exactly what
the PDF is made from: the resolved Document (every word, dosage and source it prints), the
template files, the asset files it draws, the print options, and careprint's own code. So
editing one exercise rebuilds exactly the handouts and packs that show it, and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from careprint import __version__
from careprint.document import (
    Document, DocumentError, PackDocument, condition_handout, pack_document, patient_sheet,
)
from careprint.library import Library, LibraryPaths, read_library
from careprint.output import PRIVATE, write_atomic
from careprint.layout import Assets
from careprint.patients import PatientRow
from careprint.pipeline import RenderFailed, Renderer, font_files
from careprint.problems import CareprintError, Mark, Problem, error
from careprint.resources import BUILTIN_ASSETS, BUILTIN_TEMPLATES

STATE_FILE = ".careprint-state.json"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Options:
    size: str | None = None
    print_size: str = "standard"
    allow_missing_glyphs: bool = False


@dataclass(frozen=True, slots=True)
class Job:
    kind: str  # condition or pack
    id: str
    output: Path  # relative to the output folder

    @property
    def label(self) -> str:
        return f"{self.kind}s/{self.id}"


@dataclass
class Outcome:
    job: Job
    fingerprint: str
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)
    failed: bool = False


def jobs_for(library: Library, ids: Iterable[str] | None = None) -> list[Job]:
    wanted = set(ids) if ids else None
    jobs = [Job("condition", i, Path("conditions") / f"{i}.pdf") for i in sorted(library.conditions)
            if wanted is None or i in wanted]
    jobs += [Job("pack", i, Path("packs") / f"{i}.pdf") for i in sorted(library.packs)
             if wanted is None or i in wanted]
    return jobs


def make_document(library: Library, job: Job, options: Options) -> Document | PackDocument:
    build = condition_handout if job.kind == "condition" else pack_document
    return build(library, job.id, page_size=options.size, print_size=options.print_size)


def fingerprint(library: Library, job: Job, options: Options) -> str:
    return document_fingerprint(library, make_document(library, job, options), options)


def document_fingerprint(library: Library, doc: Document | PackDocument,
                         options: Options) -> str:
    digest = hashlib.sha256()
    # ReportLab takes the PDF's dates from SOURCE_DATE_EPOCH: a new epoch is a new PDF.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    for part in (__version__, _code_hash(), repr(options), epoch, repr(doc)):
        digest.update(part.encode())
    for path in _template_files(library) + _asset_files(library, doc):
        digest.update(str(path).encode())
        digest.update(_file_hash(path).encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _template_files(library: Library) -> list[Path]:
    folders = [library.paths.templates, BUILTIN_TEMPLATES]
    return sorted({p for f in folders if f.is_dir() for p in f.glob("*.j2")})


def _asset_files(library: Library, doc: Document | PackDocument) -> list[Path]:
    assets = Assets((library.paths.assets, BUILTIN_ASSETS))
    parts = doc.parts if isinstance(doc, PackDocument) else (doc,)
    names = {doc.clinic.logo} | {card.image for part in parts for card in part.exercises}
    files = [assets.find(name) for name in sorted(n for n in names if n)]
    fonts = font_files(library)
    return files + [p for p in (fonts.regular, fonts.bold, fonts.italic) if p]


@lru_cache(maxsize=256)
def _file_hash_cached(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _file_hash(path: Path) -> str:
    stat = path.stat()
    return _file_hash_cached(path, stat.st_size, stat.st_mtime_ns)


# --- state ----------------------------------------------------------------------------------

def read_state(out_dir: Path) -> dict[str, str]:
    try:
        state = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def write_state(out_dir: Path, state: dict[str, str], mode: int = 0o644) -> None:
    text = json.dumps(dict(sorted(state.items())), indent=1) + "\n"
    write_atomic(out_dir / STATE_FILE, text.encode(), mode=mode)


def stale(jobs: list[Job], fingerprints: dict[Job, str], state: dict[str, str],
          out_dir: Path) -> list[Job]:
    return [job for job in jobs if state.get(job.output.as_posix()) != fingerprints[job]
            or not (out_dir / job.output).is_file()]


def deleted_outputs(library: Library, state: dict[str, str]) -> list[str]:
    """Outputs careprint built whose condition or pack no longer exists."""
    declared = {f"conditions/{i}.pdf" for i in library.declared["condition"]} | {
        f"packs/{i}.pdf" for i in library.declared["pack"]}
    # Only names careprint itself writes: an edited state file cannot delete anything else.
    ours = re.compile(r"(conditions|packs)/[a-z0-9]+(-[a-z0-9]+)*\.pdf")
    return sorted(name for name in state if ours.fullmatch(name) and name not in declared)


# --- building -------------------------------------------------------------------------------

_worker: Renderer | None = None


def _use(library: Library, options: Options) -> None:
    """The renderer for this process; forked workers inherit it, already warm."""
    global _worker
    _worker = Renderer(library, options.allow_missing_glyphs)


def _start_worker(root: Path, allow_missing_glyphs: bool) -> None:
    global _worker
    if _worker is None:  # a spawned (not forked) worker starts empty
        library, _ = read_library(LibraryPaths(root))
        _worker = Renderer(library, allow_missing_glyphs)


def _internal(label: str, err: Exception) -> Problem:
    return error(f"{label}: careprint failed unexpectedly ({type(err).__name__}: {err})", None,
                 "please report this, with the file that caused it; the others were built")


def _build_one(job: Job, options: Options, out_dir: Path, expected: str) -> Outcome:
    try:
        return _render_one(job, options, out_dir, expected)
    except CareprintError as err:
        return Outcome(job, expected, problems=[error(str(err))], failed=True)
    except Exception as err:  # one document's bug must not stop the whole build
        return Outcome(job, expected, problems=[_internal(job.label, err)], failed=True)


def _render_one(job: Job, options: Options, out_dir: Path, expected: str) -> Outcome:
    renderer = _worker
    assert renderer is not None
    outcome = Outcome(job, expected)
    doc = make_document(renderer.library, job, options)
    try:
        if isinstance(doc, PackDocument):
            rendered = renderer.render_pack(doc, job.label)
        else:
            rendered = renderer.render(doc, job.label)
    except RenderFailed as failure:
        outcome.problems, outcome.failed = failure.problems, True
        return outcome
    write_atomic(out_dir / job.output, rendered.pdf)
    outcome.pages, outcome.problems = rendered.pages, rendered.warnings
    return outcome


def build(library: Library, jobs: list[Job], fingerprints: dict[Job, str], options: Options,
          out_dir: Path, workers: int) -> Iterator[Outcome]:
    """Build the jobs, in worker processes when there is more than one job and core."""
    _use(library, options)
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _build_one(job, options, out_dir, fingerprints[job])
        return
    yield from run_parallel(
        _build_one, [(job, options, out_dir, fingerprints[job]) for job in jobs],
        workers, _start_worker, (library.paths.root, options.allow_missing_glyphs))


def run_parallel(task: Callable, arguments: list[tuple], workers: int,
                 initializer: Callable, initargs: tuple, chunk: int = 1) -> Iterator:
    """Results in submission order; fork where the OS has it, so workers start warm."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(arguments)), mp_context=context,
                             initializer=initializer, initargs=initargs) as pool:
        yield from pool.map(_call, [(task, args) for args in arguments], chunksize=chunk)


def _call(task_and_args: tuple[Callable, tuple]):
    task, args = task_and_args
    return task(*args)


# --- patient sheets from a CSV ----------------------------------------------------------------

@dataclass
class SheetOutcome:
    row: PatientRow
    file: str
    fingerprint: str
    pages: int = 0
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
                state: dict[str, str], name_files: bool, csv_path: Path) -> list[SheetOutcome]:
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
        done = state.get(file) == print_ and (out_dir / file).is_file()
        plans.append(SheetOutcome(row, file, print_, skipped=done))
    return plans


def _build_sheet(plan: SheetOutcome, options: Options, out_dir: Path) -> SheetOutcome:
    try:
        return _render_sheet(plan, options, out_dir)
    except CareprintError as err:
        plan.problems, plan.failed = [error(str(err))], True
    except Exception as err:  # one row's bug must not stop the batch or lose the manifest
        plan.problems, plan.failed = [_internal(f"row {plan.row.row}", err)], True
    return plan


def _render_sheet(plan: SheetOutcome, options: Options, out_dir: Path) -> SheetOutcome:
    renderer = _worker
    assert renderer is not None
    doc = patient_sheet(renderer.library, plan.row.request, page_size=options.size,
                        print_size=options.print_size)
    try:
        rendered = renderer.render(doc, f"row {plan.row.row}")
    except RenderFailed as failure:
        plan.problems, plan.failed = failure.problems, True
        return plan
    write_atomic(out_dir / plan.file, rendered.pdf, mode=PRIVATE)
    plan.pages, plan.problems = rendered.pages, rendered.warnings
    return plan


def build_sheets(library: Library, plans: list[SheetOutcome], options: Options, out_dir: Path,
                 workers: int) -> Iterator[SheetOutcome]:
    _use(library, options)
    if workers <= 1 or len(plans) <= 1:
        for plan in plans:
            yield _build_sheet(plan, options, out_dir)
        return
    # Chunks keep the pipes quiet; each result is a few hundred bytes, so memory stays flat.
    chunk = max(1, min(16, len(plans) // (workers * 8)))
    yield from run_parallel(_build_sheet, [(plan, options, out_dir) for plan in plans],
                            workers, _start_worker,
                            (library.paths.root, options.allow_missing_glyphs), chunk)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 1)
