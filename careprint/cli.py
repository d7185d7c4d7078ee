"""The careprint command. The only module that prints or decides the exit status."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from careprint import __version__, jobs
from careprint.document import (
    DocumentError, SheetRequest, clinic_view, pack_document, patient_sheet,
)
from careprint.dose import DOSE_KEYS, parse_dose
from careprint.jobs import Options
from careprint.library import Library, LibraryPaths, read_for_condition, read_library
from careprint.model import CLINIC, CONDITION, EXERCISE, EXERCISE_SET, PACK, SOURCE
from careprint.output import PRIVATE, write_atomic, write_new
from careprint.patients import RejectedRow, read_patients
from careprint.pipeline import (
    RenderFailed, Rendered, Renderer, blocking_problems, condition_files,
)
from careprint.problems import CareprintError, Mark, Problem, display_path as display, error, \
    has_errors, sort_key
from careprint.progress import Progress
from careprint.resolve import check_references
from careprint.schema import ListOf, OneOf, Record, suggest


class ExitStatus(IntEnum):
    OK = 0
    LIBRARY_ERROR = 1  # a mistake in the library or the input: fixable by the user
    USAGE = 2  # argparse uses 2 for a wrong command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        source_date_epoch()
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
                      default="standard", help="large print uses 17 pt text (default: standard)")
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
                                help="build every condition handout and pack into out/")
    build.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help="output folder (default: out/ in the library)")
    build.add_argument("items", nargs="*", metavar="ID",
                       help="only these conditions or packs (default: all)")
    build.add_argument("--jobs", "-j", type=int, default=jobs.default_workers(), metavar="N",
                       help="build N documents at once (default: all CPU cores)")
    build.add_argument("--force", action="store_true",
                       help="rebuild everything, even what is up to date")
    build.add_argument("--clean", action="store_true",
                       help="remove built PDFs whose condition or pack was deleted")
    build.set_defaults(run=run_build)

    pack = commands.add_parser("pack", parents=[common, look],
                               help="build one handout pack as a single bookmarked PDF")
    pack.add_argument("pack", metavar="PACK", help="pack id (see `careprint list`)")
    pack.add_argument("-o", "--output", type=Path, metavar="FILE",
                      help="file to write (default: out/packs/PACK.pdf)")
    pack.set_defaults(run=run_pack)

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
    sheet.add_argument("--next-appointment", metavar="TEXT",
                       help="the next visit, e.g. 'Tue 9 Dec, 10:30' (blank: a line to write on)")
    sheet.add_argument("--dose", action="append", default=[], metavar="EXERCISE:KEY=VALUE,…",
                       help="change one exercise's dosage, e.g. clamshell:sets=2,reps=12,"
                            "hold=30,side=left (keys: " + ", ".join(DOSE_KEYS) + "); repeatable")
    sheet.add_argument("--only", type=_id_list, default=(), metavar="EX1,EX2",
                       help="only these exercises from the set")
    sheet.add_argument("--email", metavar="ADDRESS",
                       help="also email the sheet to ADDRESS (see `careprint email --help`)")
    sheet.add_argument("--dob", type=_date, metavar="YYYY-MM-DD",
                       help="date of birth, for the 'dob' password rule of --email")
    sheet.add_argument("--password", choices=("dob", "passphrase", "none"),
                       help="with --email: protect the PDF (default: clinic.yaml)")
    sheet.add_argument("--outbox", type=Path, metavar="DIR",
                       help="with --email: write an .eml file to DIR instead of sending")
    sheet.add_argument("-o", "--output", type=Path, metavar="FILE",
                       help="file to write (default: out/sheets/CONDITION-DATE.pdf, "
                            "never overwriting; no patient name in it)")
    sheet.set_defaults(run=run_sheet)

    batch = commands.add_parser("batch", parents=[common, look],
                                help="one patient sheet per row of a CSV file")
    batch.add_argument("csv", type=Path, metavar="PATIENTS.CSV",
                       help="columns: patient, condition (required); set, date, clinician, "
                            "note, dose, email, dob")
    batch.add_argument("-o", "--out", type=Path, metavar="DIR",
                       help="folder for the sheets (default: out/batch/CSV-NAME/)")
    batch.add_argument("--jobs", "-j", type=int, default=jobs.default_workers(), metavar="N",
                       help="build N sheets at once (default: all CPU cores)")
    batch.add_argument("--name-files", action="store_true",
                       help="put the patient's name in file names (off: names are health data)")
    batch.add_argument("--force", action="store_true", help="rebuild sheets that are up to date")
    batch.set_defaults(run=run_batch)

    email = commands.add_parser("email", parents=[common, look],
                                help="email each patient in a CSV their sheet, once")
    email.add_argument("csv", type=Path, metavar="PATIENTS.CSV",
                       help="as for batch; the email column is required, dob for the dob rule")
    email.add_argument("-o", "--out", type=Path, metavar="DIR",
                       help="folder for the sheets and passwords.csv (default: "
                            "out/batch/CSV-NAME/); the send log is out/send-log.jsonl")
    email.add_argument("--outbox", type=Path, metavar="DIR",
                       help="write .eml files to DIR instead of sending (the default when "
                            "CAREPRINT_SMTP_HOST is not set)")
    email.add_argument("--dry-run", action="store_true", help="show who would get what; "
                                                               "build and send nothing")
    email.add_argument("--password", choices=("dob", "passphrase", "none"),
                       help="protect each PDF (default: email_password in clinic.yaml)")
    email.add_argument("--jobs", "-j", type=int, default=jobs.default_workers(), metavar="N",
                       help="build N sheets at once")
    email.add_argument("--name-files", action="store_true", help=argparse.SUPPRESS)
    email.add_argument("--force", action="store_true", help="rebuild sheets (never resends)")
    email.add_argument("--retries", type=int, default=3, help=argparse.SUPPRESS)
    email.add_argument("--backoff", type=float, default=1.0, help=argparse.SUPPRESS)
    email.set_defaults(run=run_email)

    field_ref = commands.add_parser("fields", parents=[common],
                                    help="print the reference of every YAML field")
    field_ref.set_defaults(run=run_fields)
    return parser


def load_checked(library_dir: Path, err: TextIO, condition: str | None = None,
                 set_id: str | None = None) -> tuple[Library, list[Problem]]:
    """Read and resolve the library (or only one condition's files); print its problems, one
    line each, in file order."""
    paths = LibraryPaths.at(library_dir)
    if condition is None:
        library, problems = read_library(paths)
    else:
        library, problems = read_for_condition(paths, condition, set_id)
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
    from careprint.budget import budget_problems  # lays pages out: only check needs it

    over = budget_problems(library, problems)
    for problem in over:
        print(problem, file=err)
    problems += over
    failed = has_errors(problems) or (args.strict and problems)
    if problems:
        print(_summary(problems), file=err)
    if failed:
        return ExitStatus.LIBRARY_ERROR
    counts = [plural(len(library.conditions), "condition"),
              plural(len(library.exercises), "exercise"),
              plural(len(library.sets), "exercise set"), plural(len(library.packs), "pack"),
              plural(len(library.sources), "source")]
    print(("checked: " if problems else "no problems: ") + ", ".join(counts), file=out)
    return ExitStatus.OK


def run_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    library, problems = load_checked(args.library, err)
    sections = [("Conditions", library.conditions, "title"),
                ("Exercises", library.exercises, "name"),
                ("Exercise sets", library.sets, "title"),
                ("Packs", library.packs, "title")]
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
    ("handouts/packs/<id>.yaml", "A handout pack: several handouts in one PDF with a cover and "
                                "contents.", PACK),
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
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()
    return dt.date.today()


def source_date_epoch() -> int | None:
    """ReportLab reads it too, so a malformed value is stopped here with a clear message."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 253_402_300_799:  # the last second of year 9999
        raise CareprintError(f"SOURCE_DATE_EPOCH is '{text}' — give whole seconds since "
                             "1970, like 1767225600, or unset it")
    return int(text)


def _out_dir(args: argparse.Namespace) -> Path:
    return args.out if getattr(args, "out", None) else args.library / "out"


def run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    """Every condition handout and pack, in parallel, rebuilding only what changed."""
    library, problems = load_checked(args.library, err)
    names = args.items or None
    known = library.declared["condition"] | library.declared["pack"]
    for name in names or ():
        if name not in known:
            raise CareprintError(f"no condition or pack '{name}' — see `careprint list`")
    out_dir = _out_dir(args)
    options = Options(args.size, args.print_size, args.allow_missing_glyphs)
    state = jobs.read_state(out_dir)
    removed = _clean(library, state, out_dir, out) if args.clean else 0
    if args.force:
        state = {}
    all_jobs = jobs.jobs_for(library, names) if library.clinic else []
    blocked = [job for job in all_jobs if _blockers(library, problems, job)]
    for job in blocked:
        print(f"careprint: skipped {job.label}: fix the errors above in its files", file=err)
    ready = [job for job in all_jobs if job not in blocked]
    prints = {job: jobs.fingerprint(library, job, options) for job in ready}
    todo = jobs.stale(ready, prints, state, out_dir)
    progress = Progress(len(todo), err)
    failed = len(blocked) + int(bool(names) and not all_jobs)
    for outcome in jobs.build(library, todo, prints, options, out_dir, args.jobs):
        progress.step(outcome.job.label)
        for problem in outcome.problems:
            print(problem, file=err)
        if outcome.failed:
            failed += 1
            state.pop(outcome.job.output.as_posix(), None)
            continue
        state[outcome.job.output.as_posix()] = outcome.fingerprint
        print(f"wrote {display(out_dir / outcome.job.output)} "
              f"({plural(outcome.pages, 'page')})", file=out)
    progress.close()
    if todo or removed or args.force:
        jobs.write_state(out_dir, state)
    built = sum(1 for job in todo if state.get(job.output.as_posix()) == prints[job])
    print(f"careprint: built {built}, skipped {len(ready) - len(todo)} (up to date), "
          f"failed {failed}{f', removed {removed}' if removed else ''} in "
          f"{progress.seconds:.1f} s", file=err)
    return ExitStatus.LIBRARY_ERROR if failed or has_errors(problems) else ExitStatus.OK


def _blockers(library: Library, problems: list[Problem], job: jobs.Job) -> list[Problem]:
    if job.kind == "condition":
        files = condition_files(library, job.id)
    else:
        files = {library.paths.handouts / "packs" / f"{job.id}.yaml"}
        for item in library.packs[job.id].handouts:
            files |= condition_files(library, item.condition.id, item.set.id if item.set
                                     else None)
    return blocking_problems(library, problems, files)


def _clean(library: Library, state: dict[str, str], out_dir: Path, out: TextIO) -> int:
    gone = jobs.deleted_outputs(library, state)
    for name in gone:
        (out_dir / name).unlink(missing_ok=True)
        state.pop(name)
        print(f"removed {display(out_dir / name)} (its source was deleted)", file=out)
    return len(gone)


def run_pack(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    library, problems = load_checked(args.library, err)
    if args.pack not in library.declared["pack"]:
        hint = suggest(args.pack, sorted(library.declared["pack"]))
        raise CareprintError(f"no pack '{args.pack}'"
                             + (f" — {hint}" if hint else " — see `careprint list`"))
    job = jobs.Job("pack", args.pack, Path("packs") / f"{args.pack}.pdf")
    if args.pack not in library.packs or _blockers(library, problems, job) or not library.clinic:
        print("careprint: no pack written: fix the errors above first", file=err)
        return ExitStatus.LIBRARY_ERROR
    doc = pack_document(library, args.pack, page_size=args.size, print_size=args.print_size)
    renderer = Renderer(library, args.allow_missing_glyphs)
    rendered = _reported(lambda: renderer.render_pack(doc, job.label), "pack", err)
    if rendered is None:
        return ExitStatus.LIBRARY_ERROR
    path = write_atomic(args.output or _out_dir(args) / job.output, rendered.pdf)
    print(f"wrote {display(path)} ({plural(rendered.pages, 'page')}, "
          f"{plural(len(doc.parts), 'handout')})", file=out)
    return ExitStatus.OK


def _reported(render: Callable[[], Rendered], what: str, err: TextIO) -> Rendered | None:
    """Render, printing its problems and warnings; None when nothing may be written."""
    try:
        rendered = render()
    except RenderFailed as failure:
        for problem in failure.problems:
            print(problem, file=err)
        print(f"careprint: no {what} written", file=err)
        return None
    for problem in rendered.warnings:
        print(problem, file=err)
    return rendered


def run_sheet(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    library, problems = load_checked(args.library, err, args.condition, args.set_id)
    if args.condition not in library.declared["condition"]:
        hint = suggest(args.condition, sorted(library.declared["condition"]))
        raise CareprintError(f"no condition '{args.condition}'"
                             + (f" — {hint}" if hint else " — see `careprint list`"))
    files = condition_files(library, args.condition, args.set_id)
    if blocking_problems(library, problems, files) or library.clinic is None:
        print("careprint: no sheet written: fix the errors above first", file=err)
        return ExitStatus.LIBRARY_ERROR
    _check_sheet_arguments(args, library)
    doses = tuple(parse_dose(text) for text in args.dose)
    request = SheetRequest(condition=args.condition, patient=args.patient,
                           date=args.date or build_date(), set_id=args.set_id,
                           clinician=args.clinician, note=args.note,
                           next_appointment=args.next_appointment, doses=doses,
                           only=args.only)
    try:
        doc = patient_sheet(library, request, page_size=args.size, print_size=args.print_size)
    except DocumentError as failure:
        raise CareprintError(str(failure)) from failure
    renderer = Renderer(library, args.allow_missing_glyphs)
    rendered = _reported(lambda: renderer.render(doc, f"sheet for '{args.condition}'"),
                         "sheet", err)
    if rendered is None:
        return ExitStatus.LIBRARY_ERROR
    if args.output:
        path = write_atomic(args.output, rendered.pdf, mode=PRIVATE)
    else:
        path = write_new(_out_dir(args) / "sheets",
                         f"{args.condition}-{request.date.isoformat()}", rendered.pdf)
    print(f"wrote {display(path)} ({plural(rendered.pages, 'page')})", file=out)
    if args.email:
        return _email_sheet(args, library, path, out, err)
    return ExitStatus.OK


def _check_sheet_arguments(args: argparse.Namespace, library: Library) -> None:
    """Everything a sheet (and its email) needs from the command line, before any work."""
    if not args.patient.strip():
        raise CareprintError("--patient is empty; give the patient's name")
    for option, value in (("--patient", args.patient), ("--note", args.note),
                          ("--clinician", args.clinician), ("--email", args.email),
                          ("--next-appointment", args.next_appointment)):
        if value and any(unicodedata.category(c) == "Cc" for c in value):
            raise CareprintError(f"{option} contains a control character (such as a line "
                                 "break or tab); retype it")
    if args.email:
        from careprint.mail import MailError, check_address

        try:
            check_address(args.email, "--email")
        except MailError as failure:
            raise CareprintError(str(failure)) from None
        rule = args.password or library.clinic.email_password
        if rule == "dob" and args.dob is None:
            raise CareprintError("--dob is needed: the PDF's password is the date of birth "
                                 "(the clinic's rule); or choose --password passphrase")
        args.retries, args.backoff = 3, 1.0
        _delivery(args, _out_dir(args) / "outbox", library)  # bad settings stop here


def _email_sheet(args: argparse.Namespace, library: Library, path: Path, out: TextIO,
                 err: TextIO) -> ExitStatus:
    from careprint.emailing import PASSWORDS, SEND_LOG, Mailing, Passwords, send_all
    from careprint.mail import message_key

    rule = args.password or library.clinic.email_password
    out_dir = _out_dir(args)
    delivery = _delivery(args, out_dir / "outbox", library)
    # One sheet, one message: the PDF and the date of birth that locks it. A corrected
    # --dob is a new message.
    identity = hashlib.sha256(path.read_bytes() + str(args.dob).encode()).hexdigest()
    mailing = Mailing(0, args.patient, args.email, args.dob, path, identity)
    passwords = out_dir / "sheets" / PASSWORDS
    result = next(send_all(Renderer(library).env, clinic_view(library.clinic), [mailing], rule,
                           delivery, out_dir / SEND_LOG, passwords, Path("--email")))
    if result.problem:
        print(result.problem, file=err)
        return ExitStatus.LIBRARY_ERROR
    where = delivery.smtp.host if delivery.smtp else display(delivery.outbox)
    print(f"{'emailed' if result.status == 'sent' else 'already emailed'} "
          f"{args.email} via {where}", file=out)
    if rule == "passphrase":
        password = Passwords(passwords).for_key(message_key(identity, args.email))
        print(f"password for the PDF (tell the patient; it is not in the email): {password}",
              file=out)
    return ExitStatus.OK


MANIFEST = "manifest.csv"


@dataclass
class BatchRun:
    out_dir: Path
    outcomes: list  # jobs.SheetOutcome, in row order
    rejected: list  # patients.RejectedRow
    seconds: float

    @property
    def failed(self) -> int:
        return len(self.rejected) + sum(r.failed for r in self.outcomes)


def build_batch(args: argparse.Namespace, library: Library, problems: list[Problem],
                err: TextIO) -> BatchRun:
    """One sheet per CSV row, in parallel; an unchanged sheet that exists is skipped."""
    rows, rejected = read_patients(args.csv, library, build_date())
    rows, blocked = _unblocked(library, problems, rows, args.csv)
    rejected += blocked
    out_dir = _batch_dir(args)
    try:
        out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as failure:
        raise CareprintError(f"cannot make the folder {out_dir}: {failure.strerror}") from None
    options = Options(args.size, args.print_size, args.allow_missing_glyphs)
    state = {} if args.force else jobs.read_state(out_dir)
    plans = jobs.plan_sheets(library, rows, options, out_dir, state, args.name_files, args.csv)
    todo = [p for p in plans if not p.skipped and not p.failed]
    progress = Progress(len(todo), err, "sheets")
    results = {p.row.row: p for p in plans if p.skipped or p.failed}
    for outcome in jobs.build_sheets(library, todo, options, out_dir, args.jobs):
        progress.step(f"row {outcome.row.row}")
        results[outcome.row.row] = outcome
        if not outcome.failed:
            state[outcome.file] = outcome.fingerprint
    progress.close()
    outcomes = sorted(results.values(), key=lambda r: r.row.row)
    for problem in sorted([q for r in rejected for q in r.problems] +
                          [q for r in outcomes for q in r.problems], key=sort_key):
        print(problem, file=err)
    jobs.write_state(out_dir, state, mode=PRIVATE)
    _write_manifest(out_dir / MANIFEST, outcomes, rejected)
    return BatchRun(out_dir, outcomes, rejected, progress.seconds)


def _batch_dir(args: argparse.Namespace) -> Path:
    return args.out or args.library / "out" / "batch" / args.csv.stem


def _checked_for_batch(args: argparse.Namespace, err: TextIO
                       ) -> tuple[Library | None, list[Problem]]:
    library, problems = load_checked(args.library, err)
    if library.clinic is None:
        print("careprint: nothing built: fix clinic.yaml first", file=err)
        return None, problems
    return library, problems


def _unblocked(library: Library, problems: list[Problem], rows: list, csv_path: Path
               ) -> tuple[list, list]:
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


def run_batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    library, problems = _checked_for_batch(args, err)
    if library is None:
        return ExitStatus.LIBRARY_ERROR
    run = build_batch(args, library, problems, err)
    built = sum(not r.failed and not r.skipped for r in run.outcomes)
    skipped = sum(r.skipped for r in run.outcomes)
    print(f"careprint: {plural(built, 'sheet')} built, {skipped} skipped (up to date), "
          f"{run.failed} failed in {run.seconds:.1f} s — manifest: "
          f"{display(run.out_dir / MANIFEST)}", file=err)
    return ExitStatus.LIBRARY_ERROR if run.failed else ExitStatus.OK


def _delivery(args: argparse.Namespace, out_dir: Path, library: Library):
    # Email modules load only for email: ssl, smtplib and pypdf cost a cold sheet 50 ms.
    from careprint.delivery import smtp_settings
    from careprint.emailing import Delivery

    smtp = None if args.outbox else smtp_settings(os.environ, library.clinic.smtp)
    outbox = args.outbox or (None if smtp else out_dir / "outbox")
    return Delivery(smtp, outbox, retries=args.retries, backoff=args.backoff)


def run_email(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    """Each patient's sheet to their email address, once; resumable after any failure."""
    from careprint.emailing import PASSWORDS, SEND_LOG, Mailing, send_all

    library, problems = _checked_for_batch(args, err)
    if library is None:
        return ExitStatus.LIBRARY_ERROR
    rule = args.password or library.clinic.email_password
    delivery = _delivery(args, _batch_dir(args), library)  # bad settings stop before any work
    if args.dry_run:
        return _email_dry_run(args, library, rule, delivery, out, err)
    run = build_batch(args, library, problems, err)
    mailings = [Mailing(o.row.row, o.row.request.patient, o.row.email, o.row.dob,
                        run.out_dir / o.file, o.row.identity)
                for o in run.outcomes if not o.failed]
    progress = Progress(len(mailings), err, "email")
    counts = {"sent": 0, "skipped": 0, "failed": run.failed, "stopped": 0}
    results = send_all(Renderer(library).env, clinic_view(library.clinic), mailings, rule,
                       delivery, _out_dir(args) / SEND_LOG, run.out_dir / PASSWORDS, args.csv)
    for result in results:
        progress.step(f"row {result.row}")
        counts[result.status] += 1
        if result.problem:
            progress.close()
            print(result.problem, file=err)
    progress.close()
    # Rows that failed to send, and rows never tried after the run stopped.
    failed = run.failed + len(mailings) - counts["sent"] - counts["skipped"]
    where = (f"to {delivery.smtp.host}" if delivery.smtp
             else f"as .eml files in {display(delivery.outbox)}")
    print(f"careprint: sent {counts['sent']} {where}, skipped {counts['skipped']} (already "
          f"sent), failed {failed} in {progress.seconds:.1f} s", file=err)
    if rule == "passphrase" and (run.out_dir / PASSWORDS).is_file():
        print(f"careprint: passwords for the front desk: {display(run.out_dir / PASSWORDS)}",
              file=err)
    return ExitStatus.LIBRARY_ERROR if failed else ExitStatus.OK


def _email_dry_run(args, library: Library, rule: str, delivery, out: TextIO,
                   err: TextIO) -> ExitStatus:
    from careprint.delivery import SendLog
    from careprint.emailing import SEND_LOG
    from careprint.mail import ATTACHMENT_NAME, message_key

    rows, rejected = read_patients(args.csv, library, build_date())
    for problem in sorted([q for r in rejected for q in r.problems], key=sort_key):
        print(problem, file=err)
    where = (f"{delivery.smtp.security}://{delivery.smtp.host}:{delivery.smtp.port}"
             if delivery.smtp else f"outbox {display(delivery.outbox)}")
    protection = {"dob": "password: date of birth (DDMMYYYY)", "none": "no password",
                  "passphrase": "password: a passphrase for the front desk"}[rule]
    sent = SendLog(_out_dir(args) / SEND_LOG).sent_via(delivery.via)
    print(f"dry run: nothing is built or sent; would send via {where}", file=out)
    failing = 0
    for row in rows:
        who = f"row {row.row}: {row.request.patient}"
        if not row.email or (rule == "dob" and row.dob is None):
            failing += 1
            print(f"{who}: no {'email address' if not row.email else 'dob'} — would fail",
                  file=out)
        elif message_key(row.identity, row.email) in sent:
            print(f"{who} <{row.email}>: already sent — would skip", file=out)
        else:
            print(f"{who} <{row.email}>: {ATTACHMENT_NAME} ({row.request.condition}), "
                  f"{protection}", file=out)
    return ExitStatus.LIBRARY_ERROR if rejected or failing else ExitStatus.OK


def _write_manifest(path: Path, outcomes: list, rejected: list) -> None:
    """Which row became which file: the link between a sheet and its patient, kept private."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "patient", "condition", "email", "file", "pages", "status",
                     "problem"])
    lines = [[r.row, r.patient, r.condition, "", "", "", "failed", r.problems[0].message]
             for r in rejected]
    for outcome in outcomes:
        request = outcome.row.request
        status = "failed" if outcome.failed else "skipped" if outcome.skipped else "built"
        problem = outcome.problems[0].message if outcome.failed and outcome.problems else ""
        lines.append([outcome.row.row, request.patient, request.condition,
                      outcome.row.email or "", "" if outcome.failed else outcome.file,
                      outcome.pages or "", status, problem])
    writer.writerows(sorted(lines, key=lambda line: line[0]))
    write_atomic(path, buffer.getvalue().encode("utf-8"), mode=PRIVATE)
