"""Content too big for a page: a long exercise runs on between its steps; a part that cannot
fit any page is named by `check`, with its file, field and word count."""

import re

from pypdf import PdfReader

from conftest import pdf_text

EXERCISE = "handouts/exercises/pelvic-tilt.yaml"
WORDS = ("Breathe out slowly and tighten your tummy muscles gently while you hold quite "
         "still. ").split()


def _steps(mini, *lengths: int) -> None:
    """Give pelvic-tilt steps of these many words each."""
    path = mini / EXERCISE
    steps = "".join(f"  - Step {n}, " + " ".join((WORDS * 200)[:length]) + ".\n"
                    for n, length in enumerate(lengths, start=1))
    text = re.sub(r"steps:\n(?:  - .*\n)+", "steps:\n" + steps, path.read_text())
    path.write_text(text)


def test_a_long_exercise_runs_on_between_its_steps(mini, run_cli):
    _steps(mini, *[120] * 6)
    result = run_cli("sheet", "sciatica", "--patient", "A", "-o", "s.pdf")
    assert result.status == 0, result.err
    pages = PdfReader(mini / "s.pdf").pages
    assert len(pages) >= 2
    text = pdf_text(mini / "s.pdf")
    assert all(f"Step {n}," in text for n in range(1, 7))
    # check sends the author to the words to shorten (the page budget), naming the exercise.
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "sheet_pages: 1\n")
    check = run_cli("check")
    assert check.status == 0
    assert any("'pelvic-tilt' (" in line and "budget" in line for line in check.err_lines)


def test_a_step_longer_than_a_page_is_named_by_check(mini, run_cli):
    _steps(mini, 20, 1500, 20)
    result = run_cli("check")
    assert result.status == 1
    assert result.err_lines[:-1] == [
        "handouts/exercises/pelvic-tilt.yaml:7:5: error: 'steps[2]' is 1502 words, too long "
        "to fit on one page — shorten it: a step is one or two sentences"]
    again = run_cli("check")  # its page count kept as "too tall": still named, as before
    assert (again.status, again.err) == (result.status, result.err)
    sheet = run_cli("sheet", "sciatica", "--patient", "A", "-o", "s.pdf")
    assert sheet.status == 1 and not (mini / "s.pdf").exists()
    assert sheet.err_lines[0] == (
        "careprint: error: sheet for 'sciatica': a block is taller than a page and cannot be "
        "split (an exercise's step, a note or a box) — shorten it (`careprint check` names "
        "the file and field): fewer or shorter steps, a shorter note, or --print standard")


def test_a_set_note_longer_than_a_page_is_named_at_the_set(mini, run_cli):
    path = mini / "handouts/sets/sciatica-relief.yaml"
    path.write_text(path.read_text().replace("note: Go gently.",
                                             "note: " + " ".join((WORDS * 200)[:1500])))
    result = run_cli("check")
    assert result.status == 1
    assert result.err_lines[:-1] == [
        "handouts/sets/sciatica-relief.yaml:7:11: error: 'exercises[2].note' is 1500 words, "
        "too long to fit on one page — shorten it: a note is one or two sentences"]
