"""`careprint pack`: one handout pack as a single bookmarked PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from careprint.build.handouts import Job
from careprint.build.options import Options
from careprint.build.output import write_atomic
from careprint.commands.build import job_blockers, job_files
from careprint.library.reader import untranslated_problems
from careprint.commands.opening import open_library, out_dir, unknown
from careprint.document.assemble import pack_document
from careprint.problems import Problem, error
from careprint.render.renderer import RenderFailed, Renderer


@dataclass(frozen=True, slots=True)
class PackOptions:
    pack: str
    library: Path = Path(".")
    output: Path | None = None  # default: out/packs/PACK.pdf
    look: Options = Options()


@dataclass
class PackResult:
    problems: list[Problem] = field(default_factory=list)
    path: Path | None = None  # None: nothing was written
    pages: int = 0
    handouts: int = 0


def make_pack(options: PackOptions) -> PackResult:
    library, problems = open_library(options.library, language=options.look.language)
    if options.pack not in library.declared["pack"]:
        raise unknown("pack", options.pack, library.declared["pack"])
    result = PackResult(problems)
    job = Job("pack", options.pack, Path("packs") / f"{options.pack}.pdf")
    if (options.pack not in library.packs or job_blockers(library, problems, job)
            or not library.clinic):
        result.problems.append(error("no pack written: fix the errors above first"))
        return result
    result.problems += untranslated_problems(library, job_files(library, job))
    look = options.look
    doc = pack_document(library, options.pack, page_size=look.size, print_size=look.print_size)
    try:
        rendered = Renderer(library, look.allow_missing_glyphs).render_pack(doc, job.label)
    except RenderFailed as failure:
        result.problems += failure.problems + [error("no pack written")]
        return result
    result.problems += rendered.warnings
    result.path = write_atomic(options.output or out_dir(options.library, None, library)
                               / job.output,
                               rendered.pdf)
    result.pages, result.handouts = rendered.pages, len(doc.parts)
    return result
