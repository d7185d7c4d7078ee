"""`careprint batch`: one private sheet per CSV row, as Excel and other spreadsheets save it."""

import csv

from conftest import pdf_text, write

HEADER = "patient,condition,set,date,clinician,note,dose,email,dob\n"


def manifest(folder):
    with open(folder / "manifest.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_rows_become_private_sheets_with_a_manifest(mini, run_cli):
    write(mini, "p.csv", "\ufeff" + HEADER +  # Excel's UTF-8 byte-order mark
          'Łukasz Żółć,sciatica,,2026-11-20,Dana,"Gently, please",knee-to-chest:reps=5,'
          "l@example.org,1980-02-03\n"
          "\n"  # an empty line
          "Иван Петров,sciatica,,,,,,,\n")
    result = run_cli("batch", "p.csv", "-o", "sheets", "--jobs", "2")
    assert result.status == 0, result.err
    folder = mini / "sheets"
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".pdf") == [
        "0002-sciatica.pdf", "0004-sciatica.pdf"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in folder.iterdir() if p.is_file())
    text = pdf_text(folder / "0002-sciatica.pdf")
    assert "Łukasz Żółć" in text and "Gently, please" in text and "5 times" in text
    assert "Иван Петров" in pdf_text(folder / "0004-sciatica.pdf")
    rows = manifest(folder)
    assert [(r["row"], r["patient"], r["file"], r["status"]) for r in rows] == [
        ("2", "Łukasz Żółć", "0002-sciatica.pdf", "built"),
        ("4", "Иван Петров", "0004-sciatica.pdf", "built")]
    assert result.err_lines[-1].startswith("careprint: 2 sheets built, 0 skipped")


def test_bad_rows_are_reported_by_row_and_column_and_the_rest_built(mini, run_cli):
    write(mini, "p.csv", HEADER + "A,sciatica,,,,,,,\n"
                         "B,sciatca,,2026-31-12,,,knee-to-chest:reps=0,not-email,\n"
                         ",sciatica,,,,,,,\n"
                         "D,sciatica,,,,,,,\n")
    result = run_cli("batch", "p.csv", "-o", "out")
    assert result.status == 1
    assert result.err_lines[:-1] == [
        "p.csv:3: error: column 'condition': no condition 'sciatca' — did you mean 'sciatica'?",
        "p.csv:3: error: column 'date': '2026-31-12' is not a date like 2026-03-31 — write "
        "year-month-day; in Excel, format the column as yyyy-mm-dd",
        "p.csv:3: error: column 'dose': 'knee-to-chest:reps=0': 'reps' must be from 1 to 100, "
        "not 0 — fix the row, then run the same command again",
        "p.csv:3: error: column 'email': 'not-email' is not an email address — fix the row, "
        "then run the same command again",
        "p.csv:4: error: column 'patient': is empty — fix the row, then run the same command "
        "again"]
    assert result.err_lines[-1].startswith("careprint: 2 sheets built, 0 skipped (up to date), "
                                           "2 failed")
    assert [r["status"] for r in manifest(mini / "out")] == ["built", "failed", "failed",
                                                             "built"]


def test_a_rerun_skips_what_is_done_and_builds_what_changed(mini, run_cli):
    write(mini, "p.csv", HEADER + "A,sciatica,,2026-01-01,,,,,\nB,sciatica,,2026-01-01,,,,,\n")
    run_cli("batch", "p.csv", "-o", "out")
    write(mini, "p.csv", HEADER + "A,sciatica,,2026-01-01,,,,,\nB,sciatica,,2026-01-02,,,,,\n")
    result = run_cli("batch", "p.csv", "-o", "out")
    assert result.err_lines[-1].startswith("careprint: 1 sheet built, 1 skipped (up to date)")
    assert "2 January 2026" in pdf_text(mini / "out/0003-sciatica.pdf")


def test_semicolon_csv_and_names_in_file_names_only_when_asked(mini, run_cli):
    write(mini, "p.csv", "Patient;Condition\nZoë O'Brien-Smith;sciatica\n")
    assert run_cli("batch", "p.csv", "-o", "out", "--name-files").status == 0
    assert (mini / "out/0002-zoe-o-brien-smith-sciatica.pdf").is_file()


def test_header_problems_stop_before_anything_is_built(mini, run_cli):
    write(mini, "p.csv", "patient,conditon\nA,sciatica\n")
    result = run_cli("batch", "p.csv", "-o", "out")
    assert (result.status, result.err) == (
        1, "careprint: error: p.csv:1: unknown column 'conditon' — did you mean 'condition'?\n")
    write(mini, "p.csv", "patient,note\nA,x\n")
    assert run_cli("batch", "p.csv").err == (
        "careprint: error: p.csv:1: the column 'condition' is missing — the first row must name "
        "the columns, e.g. patient,condition,date\n")
    (mini / "p.csv").write_bytes("patient,condition\nJos\xe9,sciatica\n".encode("latin-1"))
    assert run_cli("batch", "p.csv").err == (
        "careprint: error: p.csv: not UTF-8 text (byte 21) — in Excel, save as 'CSV UTF-8 "
        "(Comma delimited)'\n")
    assert not (mini / "out").exists() or not any((mini / "out").glob("*.pdf"))


def test_an_error_in_an_unrelated_file_blocks_only_the_rows_that_use_it(mini, run_cli):
    write(mini, "handouts/exercises/unused.yaml", "name: [broken\n")
    write(mini, "p.csv", HEADER + "A,sciatica,,,,,,,\n")
    result = run_cli("batch", "p.csv", "-o", "out")
    assert result.status == 0, result.err
    path = mini / "handouts/exercises/pelvic-tilt.yaml"
    path.write_text(path.read_text().replace("reps: 10", "reps: lots"))
    result = run_cli("batch", "p.csv", "-o", "out2")
    assert result.status == 1
    assert ("p.csv:2: error: the files for 'sciatica' have errors (listed above) — fix them, "
            "then run again") in result.err_lines


def test_an_enormous_cell_fails_its_row_only(mini, run_cli):
    write(mini, "p.csv", HEADER + "A,sciatica,,,,,,,\n"
                         f"B,sciatica,,,,{'x' * 200_000},,,\n"
                         "C,sciatica,,,,,,,\n")
    result = run_cli("batch", "p.csv", "-o", "sheets")
    assert result.status == 1 and "Traceback" not in result.err
    assert "p.csv:3: error: this row cannot be read (field larger than field limit" in result.err
    assert [(r["row"], r["status"]) for r in manifest(mini / "sheets")] == [
        ("2", "built"), ("3", "failed"), ("4", "built")]


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(mini, run_cli):
    write(mini, "p.csv", HEADER + '"=HYPERLINK(""http://evil.example"",""open"")",sciatica,,,,,,'
                         ',\n@SUM(1),sciatica,,,,,,,\n" +cmd",sciatica,,,,,,,\n'
                         "-2+3,sciatica,,,,,,,\nAnn,sciatica,,,,,,,\n")
    result = run_cli("batch", "p.csv", "-o", "sheets")
    assert result.status == 0, result.err
    patients = [r["patient"] for r in manifest(mini / "sheets")]
    assert patients == ["'=HYPERLINK(\"http://evil.example\",\"open\")", "'@SUM(1)", "'+cmd",
                        "'-2+3", "Ann"]
    assert [r["row"] for r in manifest(mini / "sheets")] == ["2", "3", "4", "5", "6"]
