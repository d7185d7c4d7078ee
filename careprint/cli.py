"""The careprint command. The only module that prints or decides the exit status."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from careprint import __version__
from careprint.library import Library, LibraryPaths, read_library
from careprint.model import CLINIC, CONDITION, EXERCISE, EXERCISE_SET, SOURCE
from careprint.problems import CareprintError, Problem, has_errors, sort_key
from careprint.resolve import check_references
from careprint.schema import ListOf, OneOf, Record


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
