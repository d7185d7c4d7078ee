"""Condition handouts and packs: which to build, and building one."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from careprint.build import pool
from careprint.build.fingerprint import document_fingerprint
from careprint.build.options import Options
from careprint.build.output import write_atomic
from careprint.document.assemble import Document, PackDocument, condition_handout, pack_document
from careprint.library.reader import Library
from careprint.problems import CareprintError, Problem, error
from careprint.render.renderer import RenderFailed


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
    sha256: str = ""
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


def build(library: Library, jobs: list[Job], fingerprints: dict[Job, str], options: Options,
          out_dir: Path, workers: int) -> Iterator[Outcome]:
    """Build the jobs, in worker processes when there is more than one job and core."""
    arguments = [(job, options, out_dir, fingerprints[job]) for job in jobs]
    yield from pool.run(_build_one, arguments, workers, library, options)


def _build_one(job: Job, options: Options, out_dir: Path, expected: str) -> Outcome:
    try:
        return _render_one(job, options, out_dir, expected)
    except CareprintError as err:
        return Outcome(job, expected, problems=[error(str(err))], failed=True)
    except Exception as err:  # one document's bug must not stop the whole build
        return Outcome(job, expected, problems=[pool.internal_problem(job.label, err)],
                       failed=True)


def _render_one(job: Job, options: Options, out_dir: Path, expected: str) -> Outcome:
    renderer = pool.renderer()
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
    outcome.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
    outcome.pages, outcome.problems = rendered.pages, rendered.warnings
    return outcome
