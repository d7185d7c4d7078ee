"""A list of patients as CSV (as Excel or any spreadsheet saves it), one sheet per row.

Columns (header names, any order, any case): patient and condition are required; set, date,
clinician, note, dose (several separated by `;`), email, dob and language (es: the sheet and its
email in Spanish) are optional. A bad row is
reported with its row number and column, and skipped; the others are still built.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from careprint.document.assemble import SheetRequest
from careprint.document.dose import parse_dose
from careprint.library.labels import languages
from careprint.library.reader import Library
from careprint.problems import CareprintError, Mark, Problem, error
from careprint.library.fields import EMAIL, refused_character, suggest

REQUIRED = ("patient", "condition")
COLUMNS = REQUIRED + ("set", "date", "clinician", "note", "next_appointment", "dose", "email",
                      "dob", "language")
# Columns that make a row the same message in a later run: `language` only when it is given,
# so rows sent before the column existed are not sent again.
_IDENTITY = tuple(c for c in COLUMNS if c != "language")



@dataclass(frozen=True, slots=True)
class RejectedRow:
    row: int
    patient: str
    condition: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class PatientRow:
    row: int  # as a spreadsheet numbers it: the header is row 1
    request: SheetRequest
    email: str | None = None
    dob: dt.date | None = None
    # The row's cells exactly as written: the same row in a later run is the same message,
    # whatever its position, today's date, or careprint's version.
    identity: str = ""
    language: str | None = None  # None: the batch's language (--lang, or clinic.yaml's)


def read_patients(path: Path, library: Library, default_date: dt.date
                  ) -> tuple[list[PatientRow], list[RejectedRow]]:
    """Rows that can be built, and the rows that cannot, each with its problems."""
    text = _decode(path)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise CareprintError(f"{path}: the file is empty — the first row must name the columns")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    try:
        header = [_column(name) for name in next(reader)]
        _check_header(path, header)
        return _rows(path, reader, header, library, default_date)
    except csv.Error as err:
        raise CareprintError(f"{path}:{reader.line_num}: not valid CSV: {err}") from err


def _rows(path: Path, reader, header: list[str], library: Library, default_date: dt.date
          ) -> tuple[list[PatientRow], list[RejectedRow]]:
    rows: list[PatientRow] = []
    rejected: list[RejectedRow] = []
    for number, cells in enumerate(_records(reader), start=2):
        if isinstance(cells, csv.Error):  # one enormous or broken row fails alone
            problem = error(f"this row cannot be read ({cells})", Mark(path, number),
                            "a cell holds far more than a name or note: fix the row in "
                            "the spreadsheet")
            rejected.append(RejectedRow(number, "", "", (problem,)))
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, and Excel's rows of empty cells
        record = {name: cell.strip() for name, cell in zip(header, cells) if name}
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            record["__extra__"] = "yes"
        row, problems = _row(path, number, record, library, default_date)
        if row is not None:
            rows.append(row)
        else:
            rejected.append(RejectedRow(number, record.get("patient", ""),
                                        record.get("condition", ""), tuple(problems)))
    return rows, rejected


def _records(reader) -> Iterator[list[str] | csv.Error]:
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield err


def _decode(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")  # with or without Excel's byte-order mark
    except UnicodeDecodeError as err:
        msg = (f"{path}: not UTF-8 text (byte {err.start}) — in Excel, save as "
               "'CSV UTF-8 (Comma delimited)'")
        raise CareprintError(msg) from err
    except OSError as err:
        raise CareprintError(f"cannot read {path}: {err.strerror}") from err


def _delimiter(header: str) -> str:
    """Excel writes ';' where the decimal mark is a comma; choose what splits the header best."""
    return max([",", ";", "\t"], key=lambda d: sum(_column(c) in COLUMNS
                                                  for c in header.split(d)))


def _column(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _check_header(path: Path, header: list[str]) -> None:
    for name in header:
        if name and name not in COLUMNS:
            hint = suggest(name, COLUMNS) or "columns are: " + ", ".join(COLUMNS)
            raise CareprintError(f"{path}:1: unknown column '{name}' — {hint}")
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise CareprintError(f"{path}:1: the column '{missing[0]}' is missing — the first row "
                             "must name the columns, e.g. patient,condition,date")


def _row(path: Path, number: int, record: dict[str, str], library: Library,
         default_date: dt.date) -> tuple[PatientRow | None, list[Problem]]:
    at = Mark(path, number)
    problems: list[Problem] = []

    def bad(column: str, message: str, hint: str = "") -> None:
        problems.append(error(f"column '{column}': {message}", at, hint or "fix the row, "
                              "then run the same command again"))

    if record.pop("__extra__", None):
        bad("(end of row)", "the row has more cells than the header",
            "a value with a comma must be in double quotes")
    if "note" in record:  # a note may have several lines, as Excel or a text editor ends them
        record["note"] = record["note"].replace("\r\n", "\n").replace("\r", "\n")
    for column, value in record.items():
        if "\n" in value and column != "note":
            bad(column, "contains a line break", "write it on one line: retype the cell")
        elif any(unicodedata.category(c) == "Cc" for c in value if c != "\n"):
            bad(column, "contains a control character", "retype the cell")
        elif refused := refused_character(value):
            bad(column, f"contains {refused.description}",
                "retype the cell" if refused.hidden else "remove it, or say it in words")
    for column in REQUIRED:
        if not record.get(column):
            bad(column, "is empty")
    condition = record.get("condition", "")
    if condition and condition not in library.conditions:
        bad("condition", f"no condition '{condition}'",
            suggest(condition, sorted(library.conditions)) or "see `careprint list`")
    set_id = record.get("set") or None
    if set_id and set_id not in library.sets:
        bad("set", f"no exercise set '{set_id}'", suggest(set_id, sorted(library.sets)))
    day = _date(record.get("date"), "date", bad) or default_date
    dob = _date(record.get("dob"), "dob", bad)
    if dob and dob > dt.date.today():  # today's, not the build date: a real birth date
        bad("dob", f"'{record['dob']}' is in the future",
            "check the year: the date of birth as year-month-day")
    language = record.get("language", "").lower() or None
    if language and language not in languages(library.paths.templates):
        bad("language", f"no labels for '{record['language']}'",
            "use one of: " + ", ".join(languages(library.paths.templates))
            + " (templates/labels/), or leave it empty")
    email = record.get("email") or None
    if email and not EMAIL.fullmatch(email):
        bad("email", f"'{email}' is not an email address")
    doses = []
    for part in filter(None, (p.strip() for p in record.get("dose", "").split(";"))):
        try:
            doses.append(parse_dose(part))
        except CareprintError as err:
            bad("dose", str(err).replace("--dose ", "", 1))
    if problems:
        return None, problems
    request = SheetRequest(condition=condition, patient=record["patient"], date=day,
                           set_id=set_id, clinician=record.get("clinician") or None,
                           note=record.get("note") or None,
                           next_appointment=record.get("next_appointment") or None,
                           doses=tuple(doses))
    identity = "\x1f".join(f"{k}={record.get(k, '')}" for k in _IDENTITY)
    if language:
        identity += f"\x1flanguage={language}"
    return PatientRow(number, request, email, dob, identity, language), []


def _date(text: str | None, column: str, bad) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        bad(column, f"'{text}' is not a date like 2026-03-31",
            "write year-month-day; in Excel, format the column as yyyy-mm-dd")
        return None
