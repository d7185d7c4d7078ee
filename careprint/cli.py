"""The careprint command: parse the arguments, call a command, print its result, choose the
exit status. The only module that prints; the commands themselves live in careprint.commands."""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import gc
import os
import sys
from collections.abc import Sequence
from enum import IntEnum
from functools import cache
from pathlib import Path
from typing import TextIO

from careprint import __version__
from careprint.class_code_cache import compiled_dataclasses
from careprint.problems import CareprintError, Problem, display_path as display


class ExitStatus(IntEnum):
    OK = 0
    LIBRARY_ERROR = 1  # a mistake in the library or the input: fixable by the user
    USAGE = 2  # argparse uses 2 for a wrong command line
    INTERNAL = 3  # a bug in careprint: report it
    INTERRUPTED = 130
    PIPE_CLOSED = 141  # 128 + SIGPIPE, as shells report a program whose reader went away


def main(argv: Sequence[str] | None = None) -> int:
    _skip_exit_collection()
    collecting = gc.isenabled()
    # Starting allocates only what lives until exit (modules, classes, the library): the
    # cycle collector would walk it again and again and free nothing, a tenth of a cold
    # `sheet`. Commands that make one document run without it; those that make many get it
    # back, with what exists so far frozen out of its walks.
    gc.disable()
    many = False
    try:
        args = _parser(argv).parse_args(argv)
        many = args.run in _MANY_DOCUMENTS
        if many:
            gc.freeze()
            gc.enable()
        with compiled_dataclasses():
            return _run(args)
    finally:
        if many:
            gc.unfreeze()
        if collecting:  # as it was: main() is also called in-process, by tests and tools
            # Everything the command allocated is still in the youngest generation: the
            # first allocation after enable() would walk all of it (a tenth of a cold sheet,
            # on its way out). Moved to the oldest, it waits for a full collection instead.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    try:
        from careprint.commands.opening import source_date_epoch

        source_date_epoch()
        return int(args.run(args, sys.stdout, sys.stderr))
    except CareprintError as err:
        print(f"careprint: error: {err}", file=sys.stderr)
        return ExitStatus.LIBRARY_ERROR
    except KeyboardInterrupt:
        print("careprint: stopped", file=sys.stderr)
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        # `careprint list | head`: the reader has all it wanted. Not a bug, and nothing more
        # may be written, not even at exit, when Python would flush stdout into the pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitStatus.PIPE_CLOSED
    except Exception as err:  # a bug: one line, and the traceback only when asked
        if args.debug:
            raise
        print(f"careprint: internal error: {type(err).__name__} in {_where(err)} — this is a "
              "bug in careprint; run again with --debug and report what it prints",
              file=sys.stderr)
        return ExitStatus.INTERNAL


@cache
def _skip_exit_collection() -> None:
    """At exit Python's cycle collector walks every object left (modules, fonts, the library)
    only to free memory the system takes back anyway: a tenth of a cold `sheet`. Frozen
    objects are skipped; files are still closed and atexit handlers still run."""
    atexit.register(gc.freeze)


def _where(err: BaseException) -> str:
    """The innermost frame, by file and line only: the error's own text may hold patient
    data (a name in a KeyError), which must not reach a terminal log or a bug report."""
    import traceback

    frame = traceback.extract_tb(err.__traceback__)[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}"


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line. Every command is listed, but only the one being run gets its
    options: building all eight costs a cold `sheet` more than parsing its arguments."""
    argv = sys.argv[1:] if argv is None else argv
    # Global options (--debug, --version, --help) take no value: the first word is the command.
    chosen = next((word for word in argv if not word.startswith("-")), None)
    parser = argparse.ArgumentParser(
        prog="careprint",
        description="Turn a clinic's YAML library into branded PDF patient handouts.")
    parser.add_argument("--version", action="version", version=f"careprint {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="on an unexpected internal error, show the full traceback")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (summary, looks, add_arguments, run) in _COMMANDS.items():
        if chosen in _COMMANDS and name != chosen:
            commands.add_parser(name, help=summary)  # named in --help; never run
            continue
        command = commands.add_parser(name, parents=_parents(looks), help=summary)
        add_arguments(command)
        command.set_defaults(run=run)
    return parser


def _parents(looks: bool) -> list[argparse.ArgumentParser]:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", type=Path, default=Path("."), metavar="DIR",
                        help="folder holding handouts/, templates/ and assets/ (default: .)")
    if not looks:
        return [common]
    look = argparse.ArgumentParser(add_help=False)
    look.add_argument("--size", choices=("a4", "letter"),
                      help="paper size (default: page_size in clinic.yaml)")
    look.add_argument("--print", dest="print_size", choices=("standard", "large"),
                      default="standard", help="large print uses 17 pt text (default: standard)")
    look.add_argument("--lang", dest="language", metavar="LANG",
                      help="print in this language, e.g. es: the fixed words from "
                           "templates/labels/LANG.yaml, the content from *.LANG.yaml beside "
                           "each file (default: language in clinic.yaml)")
    look.add_argument("--allow-missing-glyphs", action="store_true",
                      help="print '?' for characters the font cannot draw, with a warning")
    return [common, look]


def _no_arguments(command: argparse.ArgumentParser) -> None:
    pass


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("--strict", action="store_true", help="fail on warnings too")



def _report_arguments(report: argparse.ArgumentParser) -> None:
    report.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="folder for library-report.html and .pdf (default: out/)")

def _build_arguments(build: argparse.ArgumentParser) -> None:
    build.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help="output folder (default: out/ in the library)")
    build.add_argument("items", nargs="*", metavar="ID",
                       help="only these conditions or packs (default: all)")
    build.add_argument("--jobs", "-j", type=_workers, default=None, metavar="N",
                       help="build N documents at once (default: all CPU cores)")
    build.add_argument("--force", action="store_true",
                       help="rebuild everything, even what is up to date")
    build.add_argument("--clean", action="store_true",
                       help="remove built PDFs whose condition or pack was deleted")


def _pack_arguments(pack: argparse.ArgumentParser) -> None:
    pack.add_argument("pack", metavar="PACK", help="pack id (see `careprint list`)")
    pack.add_argument("-o", "--output", type=Path, metavar="FILE",
                      help="file to write (default: out/packs/PACK.pdf)")


def _sheet_arguments(sheet: argparse.ArgumentParser) -> None:
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
                            "hold=30,side=left (keys: sets, reps, hold, rest, minutes, times, "
                            "days, side, load); repeatable")
    sheet.add_argument("--only", type=_id_list, default=(), metavar="EX1,EX2",
                       help="only these exercises from the set")
    sheet.add_argument("--exercises", type=_id_list, default=None, metavar="EX1,EX2",
                       help="these exercises of the library, in this order (with --set, its "
                            "dosages and notes apply; without, no set is used)")
    sheet.add_argument("--exercise-note", action="append", default=[], type=_exercise_note,
                       metavar="EXERCISE:TEXT", help="a note under one exercise; repeatable")
    sheet.add_argument("--patient-has", type=_id_list, default=None, metavar="WORD,…",
                       help="the patient's conditions, as contraindication words such as "
                            "after-hip-replacement (see `careprint fields`), or 'none': "
                            "warns only about those, and writes no sheet holding an exercise "
                            "not advised for them (without it: every contraindication of the "
                            "sheet's exercises is a warning)")
    sheet.add_argument("--allow", type=_id_list, default=(), metavar="EX1,EX2",
                       help="print these exercises even though --patient-has names a "
                            "condition they are not advised for (your clinical judgement)")
    sheet.add_argument("--email", metavar="ADDRESS",
                       help="also email the sheet to ADDRESS (see `careprint email --help`)")
    sheet.add_argument("--dob", type=_date, metavar="YYYY-MM-DD",
                       help="date of birth, for the 'dob' password rule of --email")
    sheet.add_argument("--password", choices=("dob", "passphrase", "none"),
                       help="with --email: protect the PDF (default: clinic.yaml)")
    sheet.add_argument("--outbox", type=Path, metavar="DIR",
                       help="with --email: write an .eml file to DIR instead of sending")
    sheet.add_argument("--resend-uncertain", action="store_true",
                       help="with --email: send it even if a stopped run may already have")
    sheet.add_argument("-o", "--output", type=Path, metavar="FILE",
                       help="file to write (default: out/sheets/CONDITION-DATE.pdf, "
                            "never overwriting; no patient name in it)")


def _serve_arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this computer only; "
                            "any other needs CAREPRINT_SERVE_TOKEN set)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0: any free)")


def _batch_arguments(batch: argparse.ArgumentParser) -> None:
    batch.add_argument("csv", type=Path, metavar="PATIENTS.CSV",
                       help="columns: patient, condition (required); set, date, clinician, "
                            "note, dose, email, dob")
    batch.add_argument("-o", "--out", type=Path, metavar="DIR",
                       help="folder for the sheets (default: out/batch/CSV-NAME/)")
    batch.add_argument("--jobs", "-j", type=_workers, default=None, metavar="N",
                       help="build N sheets at once (default: all CPU cores)")
    batch.add_argument("--name-files", action="store_true",
                       help="put the patient's name in file names (off: names are health data)")
    batch.add_argument("--force", action="store_true", help="rebuild sheets that are up to date")


def _email_arguments(email: argparse.ArgumentParser) -> None:
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
    email.add_argument("--jobs", "-j", type=_workers, default=None, metavar="N",
                       help="build N sheets at once")
    email.add_argument("--name-files", action="store_true", help=argparse.SUPPRESS)
    email.add_argument("--force", action="store_true", help="rebuild sheets (never resends)")
    email.add_argument("--resend-uncertain", action="store_true",
                       help="also send the rows a stopped run may already have sent (check "
                            "with those patients first)")
    email.add_argument("--retries", type=_count, default=3, help=argparse.SUPPRESS)
    email.add_argument("--backoff", type=_seconds, default=1.0, help=argparse.SUPPRESS)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-03-31") from None


def _id_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _exercise_note(text: str) -> tuple[str, str]:
    exercise, colon, note = text.partition(":")
    if not colon or not exercise.strip() or not note.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not EXERCISE:TEXT, like "
                                         "clamshell:Keep your feet together")
    return exercise.strip(), note.strip()


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 0 or more")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):  # also refuses nan
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds of 0 or more")
    return seconds


def _port(text: str) -> int:
    if not text.strip().isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port from 0 to 65535")
    return int(text)


def _workers(text: str) -> int:
    if _count(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}': give 1 or more")
    return int(text)


def _look(args: argparse.Namespace):
    from careprint.build.options import Options

    language = args.language.strip().lower() if args.language else None  # ES, es: the same
    return Options(args.size, args.print_size, args.allow_missing_glyphs, language)


def _jobs(args: argparse.Namespace) -> dict:
    return {"jobs": args.jobs} if args.jobs else {}


class _Bar:
    """A one-line progress bar on a terminal; silent when stderr is a file or a pipe."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream, self.label, self.drawn = stream, label, False

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.stream.isatty() or total <= 0:
            return
        filled = 24 * done // total
        line = f"\r{self.label} [{'█' * filled}{'·' * (24 - filled)}] {done}/{total} {what}"
        self.stream.write(line[:100].ljust(100))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
            self.drawn = False


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _print_problems(problems: list[Problem], err: TextIO) -> None:
    for problem in problems:
        print(problem, file=err)


def _summary(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    files = len({p.at.path for p in problems if p.at})
    return (f"careprint: {plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')}"
            f" in {plural(files, 'file')}")


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.check import CheckOptions, check

    result = check(CheckOptions(args.library, args.strict))
    _print_problems(result.problems, err)
    if result.problems:
        print(_summary(result.problems), file=err)
    if result.failed:
        return ExitStatus.LIBRARY_ERROR
    counts = ", ".join(plural(n, noun) for noun, n in result.counts.items())
    print(("checked: " if result.problems else "no problems: ") + counts, file=out)
    return ExitStatus.OK


def run_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.listing import ListOptions, list_library

    result = list_library(ListOptions(args.library))
    _print_problems(result.problems, err)
    for heading, items in result.sections:
        print(f"{heading} ({len(items)}):", file=out)
        width = max((len(item_id) for item_id, _ in items), default=0)
        for item_id, title in items:
            print(f"  {item_id:<{width}}  {title}", file=out)
    if result.failed:
        print(_summary(result.problems) + " (items with errors are not listed)", file=err)
        return ExitStatus.LIBRARY_ERROR
    return ExitStatus.OK


def run_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.report import ReportOptions, report

    result = report(ReportOptions(args.library, args.out))
    overdue = sum(item.overdue(dt.date.today()) for item in result.items)
    errors = sum(p.severity == "error" for p in result.problems)
    print(f"wrote {display(result.html)} and {display(result.pdf)}: "
          f"{plural(len(result.items), 'item')}, {plural(errors, 'error')}, "
          f"{plural(len(result.problems) - errors, 'warning')}, {overdue} overdue for review",
          file=out)
    return ExitStatus.OK


def run_fields(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.fields import field_reference

    out.write(field_reference())
    return ExitStatus.OK


def run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.build import BuildOptions, build

    bar = _Bar(err, "building")
    result = build(BuildOptions(args.library, tuple(args.items), args.out, force=args.force,
                                clean=args.clean, look=_look(args), **_jobs(args)), bar)
    bar.close()
    _print_problems(result.problems, err)
    for path in result.removed:
        print(f"removed {display(path)} (its source was deleted)", file=out)
    if result.stopped:
        print(f"careprint: {result.stopped}", file=err)
        return ExitStatus.LIBRARY_ERROR
    for label in result.blocked:
        print(f"careprint: skipped {label}: fix the errors above in its files", file=err)
    for path, pages in result.written:
        print(f"wrote {display(path)} ({plural(pages, 'page')})", file=out)
    removed = f", removed {len(result.removed)}" if result.removed else ""
    print(f"careprint: built {len(result.written)}, skipped {result.up_to_date} (up to date), "
          f"failed {result.failed}{removed} in {result.seconds:.1f} s", file=err)
    return ExitStatus.OK if result.ok else ExitStatus.LIBRARY_ERROR


def run_pack(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.pack import PackOptions, make_pack

    result = make_pack(PackOptions(args.pack, args.library, args.output, _look(args)))
    _print_problems(result.problems, err)
    if result.path is None:
        return ExitStatus.LIBRARY_ERROR
    print(f"wrote {display(result.path)} ({plural(result.pages, 'page')}, "
          f"{plural(result.handouts, 'handout')})", file=out)
    return ExitStatus.OK


def run_figures(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.figures import FiguresOptions, figures

    result = figures(FiguresOptions(args.library, args.output))
    _print_problems(result.problems, err)
    if result.path is None:
        print("careprint: error: no contact sheet written — fix the errors above first",
              file=err)
        return ExitStatus.LIBRARY_ERROR
    without = f"; without a figure: {', '.join(result.missing)}" if result.missing else ""
    print(f"wrote {display(result.path)}: {plural(len(result.shown), 'figure')}{without}",
          file=out)
    return ExitStatus.OK


def _figures_arguments(figures: argparse.ArgumentParser) -> None:
    figures.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                         help="the PDF to write (default: out/figures.pdf)")


def run_sheet(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.sheet import SheetEmail, SheetOptions, make_sheet

    email = (SheetEmail(args.email, args.dob, args.password, args.outbox,
                        args.resend_uncertain) if args.email else None)
    result = make_sheet(SheetOptions(
        args.condition, args.patient, args.library, args.set_id, args.date, args.clinician,
        args.note, args.next_appointment, tuple(args.dose), args.only, args.patient_has,
        args.allow, args.output, email, _look(args),
        exercises=args.exercises, notes=tuple(args.exercise_note)))
    _print_problems(result.problems, err)
    if result.path is None:
        return ExitStatus.LIBRARY_ERROR
    print(f"wrote {display(result.path)} ({plural(result.pages, 'page')})", file=out)
    if result.emailed:
        sent = result.emailed
        print(f"{'already emailed' if sent.already else 'emailed'} {sent.address} via "
              f"{sent.via}", file=out)
        if sent.password:
            print("password for the PDF (tell the patient; it is not in the email): "
                  f"{sent.password}", file=out)
    return ExitStatus.LIBRARY_ERROR if result.failed else ExitStatus.OK


def run_batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.batch import BatchOptions, batch

    bar = _Bar(err, "sheets")
    result = batch(BatchOptions(args.csv, args.library, args.out, name_files=args.name_files,
                                force=args.force, look=_look(args), **_jobs(args)), bar)
    bar.close()
    _print_problems(result.problems, err)
    if result.stopped:
        print(f"careprint: {result.stopped}", file=err)
        return ExitStatus.LIBRARY_ERROR
    print(f"careprint: {plural(result.built, 'sheet')} built, {result.skipped} skipped (up to "
          f"date), {result.failed} failed in {result.seconds:.1f} s — manifest: "
          f"{display(result.manifest)}", file=err)
    return ExitStatus.LIBRARY_ERROR if result.failed else ExitStatus.OK


def run_email(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.email import EmailOptions, email

    bar = _Bar(err, "email")
    result = email(EmailOptions(
        args.csv, args.library, args.out, args.outbox, args.dry_run, args.password,
        name_files=args.name_files, force=args.force, retries=args.retries,
        backoff=args.backoff, look=_look(args), resend_uncertain=args.resend_uncertain,
        **_jobs(args)), bar)
    bar.close()
    _print_problems(result.problems, err)
    if result.stopped:
        print(f"careprint: {result.stopped}", file=err)
        return ExitStatus.LIBRARY_ERROR
    for line in result.plan:
        print(line, file=out)
    if result.passwords:
        print(f"careprint: passwords for the front desk: {display(result.passwords)}",
              file=err)
    if not args.dry_run:  # the summary stays the last line
        print(f"careprint: sent {result.sent} {result.where}, skipped {result.skipped} "
              f"(already sent), failed {result.failed} in {result.seconds:.1f} s", file=err)
    return ExitStatus.LIBRARY_ERROR if result.failed else ExitStatus.OK


def run_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> ExitStatus:
    from careprint.commands.serve import ServeOptions, serve

    def ready(url: str) -> None:
        print(f"careprint: open {url} in your browser (Ctrl-C stops it)", file=out, flush=True)

    serve(ServeOptions(args.library, args.host, args.port), ready)
    return ExitStatus.OK


# Commands that render many documents in one run: they keep the cycle collector (see main).
_MANY_DOCUMENTS = frozenset({run_build, run_batch, run_email, run_serve})

# name: (help, takes the look options, its own arguments, what runs it), in --help's order
_COMMANDS = {
    "check": ("check the library and list every problem", False, _check_arguments, run_check),
    "report": ("report reading levels, reviews and problems", False, _report_arguments,
               run_report),
    "list": ("list conditions, exercises and sets", False, _no_arguments, run_list),
    "build": ("build every condition handout and pack into out/", True, _build_arguments,
              run_build),
    "pack": ("build one handout pack as a single bookmarked PDF", True, _pack_arguments,
             run_pack),
    "sheet": ("make one patient's exercise sheet", True, _sheet_arguments, run_sheet),
    "batch": ("one patient sheet per row of a CSV file", True, _batch_arguments, run_batch),
    "email": ("email each patient in a CSV their sheet, once", True, _email_arguments,
              run_email),
    "fields": ("print the reference of every YAML field", False, _no_arguments, run_fields),
    "figures": ("a contact sheet of every exercise's built-in figure", False,
                _figures_arguments, run_figures),
    "serve": ("open the web page for making sheets", False, _serve_arguments, run_serve),
}
