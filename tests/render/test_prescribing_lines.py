"""The prescribing lines as a patient reads them: what they need, what to do if an exercise is
too hard or too easy, the goal and how long to keep going."""

from __future__ import annotations

from conftest import pdf_pages, pdf_text
from prescribing import prescribing_library

SHEET = ("sheet", "sciatica", "--patient", "Ann Example", "--date", "2026-03-02",
         "--patient-has", "none")


def test_the_sheet_says_what_is_needed_and_the_easier_and_harder_version(mini, run_cli):
    prescribing_library(mini)
    result = run_cli(*SHEET, "-o", "sheet.pdf")
    assert result.status == 0, result.err
    text = pdf_text(mini / "sheet.pdf")
    assert "You will need: a firm bed or a mat a towel" in text
    # The easier version is another exercise: the sheet prints its name, not its id.
    assert "Too hard? Try Pelvic tilt. / Too easy? Hug both knees at once." in text
    assert "pelvic-tilt" not in text


def test_the_goal_and_weeks_are_under_the_title(mini, run_cli):
    prescribing_library(mini)
    assert run_cli(*SHEET, "-o", "sheet.pdf").status == 0
    first = pdf_pages(mini / "sheet.pdf")[0]
    line = ("Your goal: Walk to the shops without leg pain. Do this for 6 weeks, then we will "
            "review it.")
    assert line in first
    assert first.index("Sciatica relief") < first.index(line) < first.index("Patient")


def test_large_print_closes_the_exercises_with_the_weeks(mini, run_cli):
    prescribing_library(mini)
    assert run_cli(*SHEET, "--print", "large", "-o", "sheet.pdf").status == 0
    text = pdf_text(mini / "sheet.pdf")
    assert "Your goal: Walk to the shops without leg pain." in text
    weeks = text.index("Do this for 6 weeks, then we will review it.")
    assert text.index("Too easy? Hug both knees at once.") < weeks < text.index("Important")
    assert "You will need: a firm bed or a mat a towel" in text


def test_the_condition_handout_says_what_is_needed_only(mini, run_cli):
    prescribing_library(mini)
    result = run_cli("build", "--out", "out")
    assert result.status == 0, result.err
    text = pdf_text(mini / "out/conditions/sciatica.pdf")
    assert "You will need: a firm bed or a mat a towel" in text
    assert "Too hard?" not in text and "Do this for" not in text


def test_a_set_without_weeks_prints_no_programme_line(mini, run_cli):
    assert run_cli(*SHEET, "-o", "sheet.pdf").status == 0
    text = pdf_text(mini / "sheet.pdf")
    assert "Your goal" not in text and "Do this for" not in text and "You will need" not in text


def _x_of(path, words: str) -> float:
    """Where the first line holding these words starts across its page, in points."""
    from pypdf import PdfReader

    found = []

    def visit(text, cm, tm, font, size):
        if words in text:
            found.append(cm[0] * tm[4] + cm[4])

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    assert found, words
    return found[0]


def test_what_is_needed_sits_under_the_picture_slot_not_in_the_steps(mini, run_cli):
    """In the column of the picture slot and the tick boxes: it costs the steps no room."""
    prescribing_library(mini)
    for print_size in ("standard", "large"):
        (mini / "sheet.pdf").unlink(missing_ok=True)
        assert run_cli(*SHEET, "--print", print_size, "-o", "sheet.pdf").status == 0
        needs = _x_of(mini / "sheet.pdf", "You will")
        assert needs < _x_of(mini / "sheet.pdf", "Start:") - 50, print_size
