"""`careprint sheet`: one patient's exercise plan, as the front desk prints it."""

import os

import pikepdf
from pypdf import PdfReader

from conftest import REPO, pdf_pages, pdf_text


def test_the_done_when_sheet_from_the_issue(run_cli, tmp_path):
    out = tmp_path / "sheet.pdf"
    result = run_cli("sheet", "sciatica", "--patient", "Łukasz Żółć", "--note",
                     "Start gently & stop if pain > 5/10", "--library", str(REPO), "-o", str(out))
    assert result.status == 0, result.err
    pages = pdf_pages(out)
    text = " ".join(pages)
    assert "Patient Łukasz Żółć" in text
    assert "Start gently & stop if pain > 5/10" in text
    # The week's tick boxes sit beside each exercise, headed by the days' initials.
    assert "My exercise log" in text and text.count("M T W T F S S") == 5
    assert len(pages) <= 2
    # The warning signs follow the exercises, before the disclaimer and sources.
    assert text.index("5. Walking program") < text.index("Warning signs") < text.index(
        "This handout gives general information")
    assert "This handout gives general information only" in text
    assert "Sources 1 " in text and "Warning signs" in text
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert os.stat(out).st_mode & 0o777 == 0o600  # health data: owner only


def test_patient_name_is_in_the_body_only(mini, run_cli):
    result = run_cli("sheet", "sciatica", "--patient", "Ada Lovelace", "--date", "2026-03-02")
    assert result.status == 0, result.err
    assert result.out == "wrote out/sheets/sciatica-2026-03-02.pdf (1 page)\n"
    path = mini / "out/sheets/sciatica-2026-03-02.pdf"
    assert "Ada Lovelace" in pdf_text(path) and "2 March 2026" in pdf_text(path)
    assert os.stat(path).st_mode & 0o777 == 0o600  # the default path is private too
    with pikepdf.open(path) as pdf:
        info = repr(dict(pdf.docinfo))
        assert "Lovelace" not in info and "Lovelace" not in path.name
        # Mail previews and file lists show the title and subject: no diagnosis in them.
        assert "Sciatica" not in info and "sciatica" not in info.lower()
        assert str(pdf.docinfo["/Title"]) == "Your exercise plan"
        assert str(pdf.docinfo["/Subject"]) == "Your exercise plan from Test Clinic"


def test_default_file_names_never_overwrite_an_earlier_sheet(mini, run_cli):
    run_cli("sheet", "sciatica", "--patient", "A", "--date", "2026-03-02")
    result = run_cli("sheet", "sciatica", "--patient", "B", "--date", "2026-03-02")
    assert result.out == "wrote out/sheets/sciatica-2026-03-02-2.pdf (1 page)\n"
    assert "Patient A" in pdf_text(mini / "out/sheets/sciatica-2026-03-02.pdf")
    assert "Patient B" in pdf_text(mini / "out/sheets/sciatica-2026-03-02-2.pdf")


def test_hostile_names_print_exactly_and_never_become_markup(mini, run_cli):
    name = "O'Brien & <Smith> <b>x</b> {{ doc }} &amp;"
    run_cli("sheet", "sciatica", "--patient", name, "--note", "<font size='60'>big</font>",
            "-o", "s.pdf")
    text = pdf_text(mini / "s.pdf")
    assert f"Patient {name}" in text
    assert "<font size='60'>big</font>" in text


def test_dose_only_set_and_clinician(mini, run_cli):
    result = run_cli("sheet", "sciatica", "--patient", "P", "--clinician", "Dana Whitfield",
                     "--dose", "knee-to-chest:sets=2,reps=12,hold=30,side=left,times=3",
                     "--only", "knee-to-chest", "-o", "s.pdf")
    assert result.status == 0, result.err
    text = pdf_text(mini / "s.pdf")
    assert "Clinician Dana Whitfield" in text
    assert ("2 sets of 12, hold each for 30 seconds, left side only, 3 times a day" in text)
    assert "Pelvic tilt" not in text


def test_bad_dose_is_one_clear_line_and_no_file(mini, run_cli):
    result = run_cli("sheet", "sciatica", "--patient", "P", "--dose", "knee-to-chest:reps=ten",
                     "-o", "s.pdf")
    assert result.status == 1
    assert result.err == ("careprint: error: --dose 'knee-to-chest:reps=ten': 'reps' must be a "
                          "whole number, not 'ten' — write a number from 1 to 100, without "
                          "quotes\n")
    assert not (mini / "s.pdf").exists()
    result = run_cli("sheet", "sciatica", "--patient", "P", "--dose", "clamshell:reps=3")
    assert result.err == ("careprint: error: --dose: 'clamshell' is not one of this sheet's "
                          "exercises — choose from: knee-to-chest, pelvic-tilt\n")


def test_unknown_condition_and_set(mini, run_cli):
    result = run_cli("sheet", "sciatcia", "--patient", "P")
    assert (result.status, result.err) == (1, "careprint: error: no condition 'sciatcia' — did "
                                              "you mean 'sciatica'?\n")
    result = run_cli("sheet", "sciatica", "--patient", "P", "--set", "nope")
    assert result.err == ("careprint: error: --set: there is no exercise set 'nope' — see "
                          "`careprint list`\n")


def test_characters_the_font_cannot_draw_are_named(mini, run_cli):
    result = run_cli("sheet", "sciatica", "--patient", "P", "--note", "Take care 保重",
                     "-o", "s.pdf")
    assert result.status == 1
    assert result.err_lines[0] == (
        "careprint: error: sheet for 'sciatica': the font cannot draw '保' (U+4FDD CJK UNIFIED "
        "IDEOGRAPH-4FDD) in --note — use another font in clinic.yaml, or --allow-missing-glyphs"
        " to print '?' instead")
    assert not (mini / "s.pdf").exists()
    result = run_cli("sheet", "sciatica", "--patient", "P", "--note", "Take care 保重",
                     "--allow-missing-glyphs", "-o", "s.pdf")
    assert result.status == 0 and "warning" in result.err
    assert "Take care ??" in pdf_text(mini / "s.pdf")


def test_names_in_many_scripts_print_with_real_glyphs(mini, run_cli):
    names = "Łukasz Żółć, Nguyễn Thị Hương, Γιώργος Παπαδόπουλος, Иван Петров"
    assert run_cli("sheet", "sciatica", "--patient", names, "-o", "s.pdf").status == 0
    assert names in pdf_text(mini / "s.pdf")


def test_a_failed_sheet_never_replaces_a_good_file(mini, run_cli):
    good = mini / "s.pdf"
    run_cli("sheet", "sciatica", "--patient", "P", "-o", str(good))
    before = good.read_bytes()
    result = run_cli("sheet", "sciatica", "--patient", "P", "--note", "保", "-o", str(good))
    assert result.status == 1 and good.read_bytes() == before
    assert [p.name for p in mini.iterdir() if p.name.endswith(".part")] == []


def test_large_print_sheet(mini, run_cli):
    assert run_cli("sheet", "sciatica", "--patient", "P", "--print", "large",
                   "-o", "s.pdf").status == 0
    assert len(PdfReader(mini / "s.pdf").pages) >= 2


def test_sheet_reads_only_the_files_it_is_made_from(mini, run_cli):
    from conftest import write

    write(mini, "handouts/exercises/unrelated.yaml", "name: [broken\n")
    result = run_cli("sheet", "sciatica", "--patient", "P", "-o", "s.pdf")
    assert (result.status, result.err) == (0, "")
    path = mini / "handouts/exercises/pelvic-tilt.yaml"
    path.write_text(path.read_text().replace("reps: 10", "reps: lots"))
    result = run_cli("sheet", "sciatica", "--patient", "P", "-o", "t.pdf")
    assert result.status == 1 and not (mini / "t.pdf").exists()
    assert result.err_lines[0].startswith("handouts/exercises/pelvic-tilt.yaml:10:9: error: "
                                          "'dosage.reps' must be a whole number")


def test_own_exercise_list_in_order_with_a_note_each(mini, run_cli):
    result = run_cli("sheet", "sciatica", "--patient", "P", "--exercises",
                     "knee-to-chest,pelvic-tilt", "--exercise-note",
                     "pelvic-tilt:Breathe out as you tilt", "-o", "s.pdf")
    assert result.status == 0, result.err
    text = pdf_text(mini / "s.pdf")
    assert text.index("Knee to chest") < text.index("Pelvic tilt")
    assert "Note: Breathe out as you tilt" in text and "Your exercises" in text


def test_own_exercise_list_mistakes_are_one_line_each(mini, run_cli):
    both = run_cli("sheet", "sciatica", "--patient", "P", "--exercises", "pelvic-tilt",
                   "--only", "pelvic-tilt")
    assert both.status == 1 and both.err == (
        "careprint: error: give --only (some of the set's exercises) or --exercises (your own "
        "list), not both\n")
    unknown = run_cli("sheet", "sciatica", "--patient", "P", "--exercises", "clamshel")
    assert unknown.err == ("careprint: error: --exercises: there is no exercise 'clamshel' — "
                           "see `careprint list`\n")
    stray = run_cli("sheet", "sciatica", "--patient", "P", "--exercises", "pelvic-tilt",
                    "--exercise-note", "knee-to-chest:Slowly")
    assert stray.err == ("careprint: error: --exercise-note: 'knee-to-chest' is not one of this "
                         "sheet's exercises — choose from: pelvic-tilt\n")
    assert not (mini / "out").exists()
