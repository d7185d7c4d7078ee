"""CSV files careprint writes (manifest, passwords): safe to open in Excel or LibreOffice.

A cell starting with = + - @ (or a tab or carriage return) is a formula to a spreadsheet: a
patient "named" =HYPERLINK(...) would run when the front desk opens the file. Such cells get
a leading apostrophe, which spreadsheets show as text and do not evaluate (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from careprint.build.output import PRIVATE, write_atomic

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return text  # a number is data, even a negative one
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]],
              mode: int = PRIVATE) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return write_atomic(path, buffer.getvalue().encode("utf-8"), mode=mode)
