"""`careprint batch`: one patient sheet per spreadsheet row, in parallel, with a manifest."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from careprint.build import sheets, state as build_state
from careprint.build.options import Options
from careprint.build.output import PRIVATE
from careprint.build.pool import default_workers
from careprint.build.sheets import SheetOutcome
from careprint.build.spreadsheet import write_csv
from careprint.commands.opening import ProgressReport, build_date, no_progress, open_library
from careprint.document.patients import PatientRow, RejectedRow, read_patients
from careprint.library.reader import Library, untranslated_problems
from careprint.library.references import blocking_problems, condition_files
from careprint.problems import CareprintError, Mark, Problem, error, sort_key

MANIFEST = "manifest.csv"


@dataclass(frozen=True, slots=True)
class BatchOptions:
    csv: Path
    library: Path = Path(".")
    out: Path | None = None  # default: out/batch/CSV-NAME/
    jobs: int = field(default_factory=default_workers)
    name_files: bool = False  # the patient's name in file names: off, names are health data
    force: bool = False
    look: Options = Options()


@dataclass
class BatchResult:
    out_dir: Path
    outcomes: list[SheetOutcome] = field(default_factory=list)  # in row order
    rejected: list[RejectedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    stopped: str = ""  # why nothing was built, when the library itself is broken

    @property
    def failed(self) -> int:
        return len(self.rejected) + sum(r.failed for r in self.outcomes)

    @property
    def built(self) -> int:
        return sum(not r.failed and not r.skipped for r in self.outcomes)

    @property
    def skipped(self) -> int:
        return sum(r.skipped for r in self.outcomes)

    @property
    def manifest(self) -> Path:
        return self.out_dir / MANIFEST


def batch_dir(options: BatchOptions) -> Path:
    return options.out or options.library / "out" / "batch" / options.csv.stem


def batch(options: BatchOptions, progress: ProgressReport = no_progress) -> BatchResult:
    library, problems = open_library(options.library, language=options.look.language)
    result = BatchResult(batch_dir(options), problems=problems)
    if library.clinic is None:
        result.stopped = "nothing built: fix clinic.yaml first"
        return result
    return build_batch(options, library, result, progress)


def build_batch(options: BatchOptions, library: Library, result: BatchResult,
                progress: ProgressReport = no_progress) -> BatchResult:
    """One sheet per CSV row, in parallel; an unchanged sheet that exists is skipped. Rows
    with a `language` of their own are built from the library in that language."""
    started = time.perf_counter()
    rows, rejected = read_patients(options.csv, library, build_date())
    result.rejected = rejected
    groups = []
    for language, group in _by_language(rows, library.language):
        group_library, problems = library, result.problems
        if language != library.language:
            group_library, problems = open_library(options.library, language=language)
            result.problems += [p for p in problems if p not in result.problems]
        group, blocked = _unblocked(group_library, problems, group, options.csv)
        result.rejected += blocked
        used = {f for row in group
                for f in condition_files(group_library, row.request.condition,
                                         row.request.set_id)}
        result.problems += [p for p in untranslated_problems(group_library, used)
                            if p not in result.problems]
        groups.append((group_library, replace(options.look, language=language), group))
    result.rejected.sort(key=lambda r: r.row)
    try:
        result.out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as failure:
        raise CareprintError(f"cannot make the folder {result.out_dir}: "
                             f"{failure.strerror}") from None
    state, unreadable = build_state.read_state(result.out_dir)
    result.problems += unreadable
    if options.force:
        state = {}
    outcomes: dict[int, SheetOutcome] = {}
    planned = [(group_library, look, sheets.plan_sheets(group_library, group, look,
                                                        result.out_dir, state,
                                                        options.name_files, options.csv))
               for group_library, look, group in groups]
    total = sum(not p.skipped and not p.failed for _, _, plans in planned for p in plans)
    done = 0
    for group_library, look, plans in planned:
        todo = [p for p in plans if not p.skipped and not p.failed]
        outcomes |= {p.row.row: p for p in plans if p.skipped or p.failed}
        built = sheets.build_sheets(group_library, todo, look, result.out_dir, options.jobs)
        for outcome in built:
            done += 1
            progress(done, total, f"row {outcome.row.row}")
            outcomes[outcome.row.row] = outcome
            if not outcome.failed:
                state[outcome.file] = {"fingerprint": outcome.fingerprint,
                                          "sha256": outcome.sha256}
    result.outcomes = sorted(outcomes.values(), key=lambda r: r.row.row)
    result.problems += sorted([q for r in result.rejected for q in r.problems] +
                              [q for r in result.outcomes for q in r.problems], key=sort_key)
    build_state.write_state(result.out_dir, state, mode=PRIVATE)
    write_manifest(result.manifest, result.outcomes, result.rejected)
    result.seconds = time.perf_counter() - started
    return result


def _by_language(rows: list[PatientRow], default: str
                 ) -> list[tuple[str, list[PatientRow]]]:
    """The rows by the language of their sheet, the batch's own language first."""
    groups: dict[str, list[PatientRow]] = {default: []}
    for row in rows:
        groups.setdefault(row.language or default, []).append(row)
    return [(language, group) for language, group in groups.items() if group]


def _unblocked(library: Library, problems: list[Problem], rows: list[PatientRow],
               csv_path: Path) -> tuple[list[PatientRow], list[RejectedRow]]:
    """Rows whose handout files are sound, and the others, rejected with the reason."""
    good, blocked = [], []
    for row in rows:
        files = condition_files(library, row.request.condition, row.request.set_id)
        if blocking_problems(library, problems, files):
            problem = error(f"the files for '{row.request.condition}' have errors (listed "
                            "above)", Mark(csv_path, row.row), "fix them, then run again")
            blocked.append(RejectedRow(row.row, row.request.patient, row.request.condition,
                                       (problem,)))
        else:
            good.append(row)
    return good, blocked


def write_manifest(path: Path, outcomes: list[SheetOutcome], rejected: list[RejectedRow]
                   ) -> None:
    """Which row became which file: the link between a sheet and its patient, kept private."""
    lines = [[r.row, r.patient, r.condition, "", "", "", "failed", r.problems[0].message]
             for r in rejected]
    for outcome in outcomes:
        request = outcome.row.request
        status = "failed" if outcome.failed else "skipped" if outcome.skipped else "built"
        problem = outcome.problems[0].message if outcome.failed and outcome.problems else ""
        lines.append([outcome.row.row, request.patient, request.condition,
                      outcome.row.email or "", "" if outcome.failed else outcome.file,
                      outcome.pages or "", status, problem])
    write_csv(path, ["row", "patient", "condition", "email", "file", "pages", "status",
                     "problem"], sorted(lines, key=lambda line: line[0]))
