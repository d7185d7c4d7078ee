"""The careprint command. The only module that prints or decides the exit status."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from careprint import __version__
from careprint.library import Library, LibraryPaths, read_library
from careprint.model import CLINIC, CONDITION, EXERCISE, EXERCISE_SET, SOURCE
from careprint.problems import CareprintError, Problem, display_path as display, has_errors, \
    sort_key
from careprint.resolve import check_references
from careprint.schema import ListOf, OneOf, Record
from careprint.document import DocumentError, SheetRequest, condition_handout, patient_sheet
from careprint.dose import DOSE_KEYS, parse_dose
from careprint.output import PRIVATE, next_free, write_atomic
from careprint.pipeline import RenderFailed, Renderer, blocking_problems, condition_files


class ExitStatus(IntEnum):
    OK = 0
    LIBRARY_ERROR = 1  # a mistake in the library or the input: fixable by the user
    USAGE = 2  # argparse uses 2 for a wrong command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, sys.stdout, sys.stderr))
    except CareprintError as err:
        print(f"careprint: error: {err}", file=sys.stderr)
        return ExitStatus.LIBRARY_ERROR
    except KeyboardInterrupt:
        print("careprint: stopped", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", type=Path, default=Path("."), metavar="DIR",
                        help="folder holding handouts/, templates/ and assets/ (default: .)")
    look = argparse.ArgumentParser(add_help=False)
    look.add_argument("--size", choices=("a4", "letter"),
                      help="paper size (default: page_size in clinic.yaml)")
    look.add_argument("--print", dest="print_size", choices=("standard", "large"),
                      default="standard", help="large print uses 18 pt text (default: standard)")
    look.add_argument("--allow-missing-glyphs", action="store_true",
                      help="print '?' for characters the font cannot draw, with a warning")
    parser = argparse.ArgumentParser(
        prog="careprint",
        description="Turn a clinic's YAML library into branded PDF patient handouts.")
    parser.add_argument("--version", action="version", version=f"careprint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", parents=[common],
                                help="check the library and list every problem")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(run=run_check)

    listing = commands.add_parser("list", parents=[common],
                                  help="list conditions, exercises and sets")
    listing.set_defaults(run=run_list)

    build = commands.add_parser("build", parents=[common, look],
                                help="build one PDF handout per condition into out/")
    build.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help="output folder (default: out/ in the library)")
    build.add_argument("conditions", nargs="*", metavar="CONDITION",
                       help="only these conditions (default: all)")
    build.set_defaults(run=run_build)

    sheet = commands.add_parser("sheet", parents=[common, look],
                                help="make one patient's exercise sheet")
    sheet.add_argument("condition", metavar="CONDITION", help="condition id (see `careprint list`)")
    sheet.add_argument("--patient", required=True, metavar="NAME", help="the patient's name")
    sheet.add_argument("--set", dest="set_id", metavar="SET",
                       help="exercise set id (default: the condition's first recommended set)")
    sheet.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                       help="date on the sheet (default: today, or SOURCE_DATE_EPOCH)")
    sheet.add_argument("--clinician", metavar="NAME", help="clinician's name for the header")
    sheet.add_argument("--note", metavar="TEXT", help="a note for the patient")
    sheet.add_argument("--dose", action="append", default=[], metavar="EXERCISE:KEY=VALUE,…",
                       help="change one exercise's dosage, e.g. clamshell:sets=2,reps=12,"
                            "hold=30,side=left (keys: " + ", ".join(DOSE_KEYS) + "); repeatable")
    sheet.add_argument("--only", type=_id_list, default=(), metavar="EX1,EX2",
                       help="only these exercises from the set")
    sheet.add_argument("-o", "--output", type=Path, metavar="FILE",
                       help="file to write (default: out/sheets/CONDITION-DATE.pdf, "
                            "never overwriting; no patient name in it)")
    sheet.set_defaults(run=run_sheet)

    field_ref = commands.add_parser("fields", parents=[common],
                                    help="print the reference of every YAML field")
    field_ref.set_defaults(run=run_fields)
    return parser


def load_checked(library_dir: Path, err: TextIO) -> tuple[Library, list[Problem]]:
    """Read and resolve the whole library; print its problems, one line each, in file order."""
    library, problems = read_library(LibraryPaths.at(library_dir))
    problems += check_references(library)
    problems.sort(key=sort_key)
    for problem in problems:
        print(problem, file=err)
    return library, problems


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _summary(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    files = len({p.at.path for p in problems if p.at})
    return (f"careprint: {plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')}"
            f" in {plural(files, 'file')}")


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    library, problems = load_checked(args.library, err)
    failed = has_errors(problems) or (args.strict and problems)
    if problems:
        print(_summary(problems), file=err)
    if failed:
        return ExitStatus.LIBRARY_ERROR
    counts = [plural(len(library.conditions), "condition"),
              plural(len(library.exercises), "exercise"),
              plural(len(library.sets), "exercise set"), plural(len(library.sources), "source")]
    print("no problems: " + ", ".join(counts), file=out)
    return ExitStatus.OK


def run_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    library, problems = load_checked(args.library, err)
    sections = [("Conditions", library.conditions, "title"),
                ("Exercises", library.exercises, "name"),
                ("Exercise sets", library.sets, "title")]
    for heading, items, attribute in sections:
        print(f"{heading} ({len(items)}):", file=out)
        width = max((len(item_id) for item_id in items), default=0)
        for item_id in sorted(items):
            print(f"  {item_id:<{width}}  {getattr(items[item_id], attribute)}", file=out)
    if has_errors(problems):
        print(_summary(problems) + " (items with errors are not listed)", file=err)
        return ExitStatus.LIBRARY_ERROR
    return ExitStatus.OK


FIELD_FILES = [
    ("handouts/clinic.yaml", "Your clinic's details, used on every handout.", CLINIC),
    ("handouts/sources.yaml", "The bibliography: each entry is `source-id:` followed by these "
                              "fields, indented.", SOURCE),
    ("handouts/conditions/<id>.yaml", "One condition handout.", CONDITION),
    ("handouts/exercises/<id>.yaml", "One exercise.", EXERCISE),
    ("handouts/sets/<id>.yaml", "One exercise set.", EXERCISE_SET),
]


def field_reference() -> str:
    """The field reference as Markdown, generated from the same declarations that validate."""
    lines = ["# Field reference", ""]
    for filename, about, record in FIELD_FILES:
        lines += [f"## {filename}", "", about, ""]
        lines += _record_lines(record, "")
    return "\n".join(lines).rstrip() + "\n"


def _record_lines(record: Record, prefix: str) -> list[str]:
    lines = []
    for spec in record.fields:
        need = "required" if spec.required else "optional"
        lines.append(f"- `{prefix}{spec.name}` ({spec.type.describe}; {need}): {spec.help}")
        example = "\n".join("  " + line for line in spec.example.splitlines())
        lines += ["", "  ```yaml", example, "  ```", ""]
        nested = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        if isinstance(nested, OneOf):
            nested = nested.long
        if isinstance(nested, Record):
            lines += _record_lines(nested, f"{prefix}{spec.name}.")
    return lines


def run_fields(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    out.write(field_reference())
    return ExitStatus.OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"'{text}' is not a date like 2026-03-31"
        raise argparse.ArgumentTypeError(msg) from None


def _id_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def build_date() -> dt.date:
    """Today, unless SOURCE_DATE_EPOCH pins it (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _out_dir(args: argparse.Namespace) -> Path:
    return args.out if getattr(args, "out", None) else args.library / "out"


def run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    started = time.perf_counter()
    library, problems = load_checked(args.library, err)
    wanted = args.conditions or sorted(library.declared["condition"])
    unknown = [c for c in wanted if c not in library.declared["condition"]]
    if unknown:
        raise CareprintError(f"no condition '{unknown[0]}' — see `careprint list`")
    if library.clinic is None:
        print(_summary(problems), file=err)
        return ExitStatus.LIBRARY_ERROR
    renderer = Renderer(library, args.allow_missing_glyphs)
    built, failed = 0, 0
    for condition_id in wanted:
        label = f"conditions/{condition_id}"
        blockers = blocking_problems(library, problems,
                                     condition_files(library, condition_id))
        if blockers or condition_id not in library.conditions:
            print(f"careprint: skipped {label}: fix the errors above in its files", file=err)
            failed += 1
            continue
        doc = condition_handout(library, condition_id, page_size=args.size,
                                print_size=args.print_size)
        try:
            rendered = renderer.render(doc, label)
        except RenderFailed as failure:
            for problem in failure.problems:
                print(problem, file=err)
            failed += 1
            continue
        for problem in rendered.warnings:
            print(problem, file=err)
        path = write_atomic(_out_dir(args) / "conditions" / f"{condition_id}.pdf", rendered.pdf)
        print(f"wrote {display(path)} ({plural(rendered.pages, 'page')})", file=out)
        built += 1
    seconds = time.perf_counter() - started
    print(f"careprint: built {built}, failed {failed} in {seconds:.1f} s", file=err)
    return ExitStatus.LIBRARY_ERROR if failed or has_errors(problems) else ExitStatus.OK


def run_sheet(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    library, problems = load_checked(args.library, err)
    if args.condition not in library.declared["condition"]:
        from careprint.schema import suggest
        hint = suggest(args.condition, sorted(library.declared["condition"]))
        raise CareprintError(f"no condition '{args.condition}'"
                             + (f" — {hint}" if hint else " — see `careprint list`"))
    files = condition_files(library, args.condition)
    if args.set_id and args.set_id in library.sets:
        files |= {library.paths.handouts / "sets" / f"{args.set_id}.yaml"} | {
            library.paths.handouts / "exercises" / f"{e.exercise.id}.yaml"
            for e in library.sets[args.set_id].exercises}
    if blocking_problems(library, problems, files) or library.clinic is None:
        print("careprint: no sheet written: fix the errors above first", file=err)
        return ExitStatus.LIBRARY_ERROR
    doses = tuple(parse_dose(text) for text in args.dose)
    request = SheetRequest(condition=args.condition, patient=args.patient,
                           date=args.date or build_date(), set_id=args.set_id,
                           clinician=args.clinician, note=args.note, doses=doses,
                           only=args.only)
    try:
        doc = patient_sheet(library, request, page_size=args.size, print_size=args.print_size)
        rendered = Renderer(library, args.allow_missing_glyphs).render(
            doc, f"sheet for '{args.condition}'")
    except DocumentError as failure:
        raise CareprintError(str(failure)) from failure
    except RenderFailed as failure:
        for problem in failure.problems:
            print(problem, file=err)
        print("careprint: no sheet written", file=err)
        return ExitStatus.LIBRARY_ERROR
    for problem in rendered.warnings:
        print(problem, file=err)
    target = args.output or next_free(_out_dir(args) / "sheets",
                                      f"{args.condition}-{request.date.isoformat()}")
    path = write_atomic(target, rendered.pdf, mode=PRIVATE)
    print(f"wrote {display(path)} ({plural(rendered.pages, 'page')})", file=out)
    return ExitStatus.OK
