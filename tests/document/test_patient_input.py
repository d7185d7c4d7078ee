"""Patient names and notes, from the command line or a CSV: printed as typed, or refused clearly."""

import datetime as dt

import pytest
from pypdf import PdfReader

from conftest import write

HEADER = "patient,condition,note,dob\n"


def _batch(mini, run_cli, rows: str):
    write(mini, "p.csv", HEADER + rows)
    return run_cli("batch", "p.csv", "-o", "sheets")


def _pdfs(mini):
    folder = mini / "sheets"
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".pdf") if folder.is_dir() \
        else []


def _page_lines(path) -> list[str]:
    return PdfReader(path).pages[0].extract_text().splitlines()


# --- characters that hide or reorder text, and emoji -------------------------------------------

@pytest.mark.parametrize("column, row, shown", [
    ("patient", "Ann\u202eSmith,sciatica,,\n",
     "the direction-changing character U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("note", "Ann,sciatica,Rest\u200b well,\n", "the invisible character U+200B ZERO WIDTH SPACE"),
    ("note", "Ann,sciatica,Rest\ufeff well,\n",
     "the invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE"),
])
def test_a_csv_cell_with_a_hidden_character_is_refused(mini, run_cli, column, row, shown):
    result = _batch(mini, run_cli, row)
    assert result.status == 1
    assert result.err_lines[0] == f"p.csv:2: error: column '{column}': contains {shown} — " \
                                  "retype the cell"
    assert _pdfs(mini) == []


@pytest.mark.parametrize("column, row", [("patient", "Ann 😀,sciatica,,\n"),
                                         ("note", "Ann,sciatica,Well done 😀,\n")])
def test_a_csv_cell_with_an_emoji_is_refused(mini, run_cli, column, row):
    result = _batch(mini, run_cli, row)
    assert result.status == 1
    assert result.err_lines[0] == (
        f"p.csv:2: error: column '{column}': contains '😀' (U+1F600 GRINNING FACE), which "
        "careprint cannot print — remove it, or say it in words")
    assert _pdfs(mini) == []


@pytest.mark.parametrize("option, value, shown", [
    ("--patient", "Ann 😀", "'😀' (U+1F600 GRINNING FACE), which careprint cannot print"),
    ("--patient", "Ann\u202eSmith",
     "the direction-changing character U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("--note", "Rest\u2066 well", "the direction-changing character U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("--clinician", "Dana\u200c", "the invisible character U+200C ZERO WIDTH NON-JOINER"),
])
def test_a_sheet_option_with_a_refused_character_is_one_line(mini, run_cli, option, value,
                                                             shown):
    args = ["--patient", "Ann"] if option != "--patient" else []
    result = run_cli("sheet", "sciatica", option, value, *args, "-o", "s.pdf")
    fix = "remove it, or say it in words" if "😀" in value else "retype it"
    assert (result.status, result.err_lines) == (1, [f"careprint: error: {option} contains "
                                                     f"{shown}; {fix}"])
    assert not (mini / "s.pdf").exists()


# --- line breaks: never in a name, kept in a note ----------------------------------------------

def test_a_line_break_in_a_csv_name_is_refused(mini, run_cli):
    result = _batch(mini, run_cli, '"Ann\nSmith",sciatica,,\n')
    assert result.status == 1
    assert result.err_lines[0] == ("p.csv:2: error: column 'patient': contains a line break — "
                                   "write it on one line: retype the cell")
    assert _pdfs(mini) == []


def test_a_multi_line_csv_note_prints_as_separate_lines(mini, run_cli):
    result = _batch(mini, run_cli, 'Ann,sciatica,"Walk daily.\r\nRest on Sundays.",\n')
    assert result.status == 0, result.err
    lines = _page_lines(mini / "sheets/0002-sciatica.pdf")
    assert "Note from your clinician: Walk daily." in lines
    assert "Rest on Sundays." in lines


def test_a_multi_line_note_on_the_command_line_prints_as_separate_lines(mini, run_cli):
    result = run_cli("sheet", "sciatica", "--patient", "Ann", "--note",
                     "Walk daily.\nRest on Sundays.", "-o", "s.pdf")
    assert result.status == 0, result.err
    lines = _page_lines(mini / "s.pdf")
    assert "Note from your clinician: Walk daily." in lines and "Rest on Sundays." in lines


def test_a_line_break_in_a_name_on_the_command_line_is_still_refused(mini, run_cli):
    result = run_cli("sheet", "sciatica", "--patient", "Ann\nSmith", "-o", "s.pdf")
    assert (result.status, result.err) == (
        1, "careprint: error: --patient contains a control character (such as a line break or "
           "tab); retype it\n")


# --- a date of birth in the future -------------------------------------------------------------

def test_a_future_date_of_birth_in_the_csv_is_refused(mini, run_cli):
    future = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    result = _batch(mini, run_cli, f"Ann,sciatica,,{future}\nBob,sciatica,,1980-02-03\n")
    assert result.status == 1
    assert result.err_lines[0] == (f"p.csv:2: error: column 'dob': '{future}' is in the future "
                                   "— check the year: the date of birth as year-month-day")
    assert _pdfs(mini) == ["0003-sciatica.pdf"]


def test_a_future_date_of_birth_on_the_command_line_is_refused(mini, run_cli):
    result = run_cli("sheet", "sciatica", "--patient", "Ann", "--email", "ann@example.org",
                     "--dob", "2999-01-01", "--outbox", "outbox", "-o", "s.pdf")
    assert (result.status, result.err) == (
        1, "careprint: error: --dob 2999-01-01 is in the future; give the patient's date of "
           "birth as YYYY-MM-DD\n")
    assert not (mini / "s.pdf").exists()
