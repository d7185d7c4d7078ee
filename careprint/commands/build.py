"""`careprint build`: every condition handout and pack, in parallel, rebuilding what changed."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from careprint.build import handouts, state as build_state
from careprint.build.handouts import Job
from careprint.build.options import Options
from careprint.build.pool import default_workers
from careprint.commands.opening import ProgressReport, no_progress, open_library, out_dir
from careprint.library.reader import Library, untranslated_problems
from careprint.library.references import blocking_problems, condition_files
from careprint.problems import CareprintError, Problem, has_errors


@dataclass(frozen=True, slots=True)
class BuildOptions:
    library: Path = Path(".")
    items: tuple[str, ...] = ()  # only these conditions or packs; empty: all
    out: Path | None = None
    jobs: int = field(default_factory=default_workers)
    force: bool = False
    clean: bool = False
    look: Options = Options()


@dataclass
class BuildResult:
    out_dir: Path
    problems: list[Problem] = field(default_factory=list)
    written: list[tuple[Path, int]] = field(default_factory=list)  # file, pages
    removed: list[Path] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # labels skipped for their files' errors
    up_to_date: int = 0
    failed: int = 0
    seconds: float = 0.0
    stopped: str = ""  # why nothing was built, when the library itself is broken

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stopped and not has_errors(self.problems)


def build(options: BuildOptions, progress: ProgressReport = no_progress) -> BuildResult:
    started = time.perf_counter()
    library, problems = open_library(options.library, language=options.look.language)
    names = options.items or None
    known = library.declared["condition"] | library.declared["pack"]
    for name in names or ():
        if name not in known:
            raise CareprintError(f"no condition or pack '{name}' — see `careprint list`")
    result = BuildResult(out_dir(options.library, options.out, library), problems)
    state, unreadable = build_state.read_state(result.out_dir)
    result.problems += unreadable
    if options.clean:
        result.removed = _clean(library, state, result.out_dir)
    if options.force:
        state = {}
    if library.clinic is None:
        result.stopped = "nothing built: fix clinic.yaml first"
        return result
    all_jobs = handouts.jobs_for(library, names)
    used = {f for job in all_jobs for f in job_files(library, job)}
    result.problems += untranslated_problems(library, used)
    blocked = [job for job in all_jobs if job_blockers(library, problems, job)]
    result.blocked = [job.label for job in blocked]
    ready = [job for job in all_jobs if job not in blocked]
    prints = {job: handouts.fingerprint(library, job, options.look) for job in ready}
    todo = build_state.stale(ready, prints, state, result.out_dir)
    result.failed = len(blocked) + int(bool(names) and not all_jobs)
    outcomes = handouts.build(library, todo, prints, options.look, result.out_dir, options.jobs)
    for done, outcome in enumerate(outcomes, start=1):
        progress(done, len(todo), outcome.job.label)
        result.problems += outcome.problems
        if outcome.failed:
            result.failed += 1
            state.pop(outcome.job.output.as_posix(), None)
            continue
        state[outcome.job.output.as_posix()] = {"fingerprint": outcome.fingerprint,
                                                  "sha256": outcome.sha256}
        result.written.append((result.out_dir / outcome.job.output, outcome.pages))
    if todo or result.removed or options.force:
        build_state.write_state(result.out_dir, state)
    result.up_to_date = len(ready) - len(todo)
    result.seconds = time.perf_counter() - started
    return result


def job_files(library: Library, job: Job) -> set[Path]:
    """The files one handout or pack is made from."""
    if job.kind == "condition":
        return condition_files(library, job.id)
    files = {library.paths.handouts / "packs" / f"{job.id}.yaml"}
    for item in library.packs[job.id].handouts:
        files |= condition_files(library, item.condition.id, item.set.id if item.set
                                 else None)
    return files


def job_blockers(library: Library, problems: list[Problem], job: Job) -> list[Problem]:
    """The errors in the files one handout or pack is made from."""
    return blocking_problems(library, problems, job_files(library, job))


def _clean(library: Library, state: dict[str, str], folder: Path) -> list[Path]:
    gone = build_state.deleted_outputs(library, state)
    for name in gone:
        (folder / name).unlink(missing_ok=True)
        state.pop(name)
    return [folder / name for name in gone]
