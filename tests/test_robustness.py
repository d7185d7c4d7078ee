"""Mistakes and hostile input found in review: each is one clear line, never a traceback."""

from pathlib import Path

import pikepdf
from pypdf import PdfReader

from conftest import pdf_pages, write


def test_a_card_taller_than_a_page_is_one_clear_error_and_others_still_build(mini, run_cli):
    path = mini / "handouts/exercises/pelvic-tilt.yaml"
    step = "  - " + "A very long step that goes on and on. " * 200 + "\n"
    path.write_text(path.read_text().replace("steps:\n", "steps:\n" + step, 1))
    result = run_cli("build", "--print", "large")
    assert result.status == 1 and "Traceback" not in result.err
    assert result.err_lines[0] == (
        "careprint: error: conditions/sciatica: a block is taller than a page and cannot be "
        "split (an exercise's step, a note or a box) — shorten it (`careprint check` names "
        "the file and field): fewer or shorter steps, a shorter note, or --print standard")


def test_yaml_markup_in_a_title_stays_text_in_the_pack_contents(mini, run_cli):
    path = mini / "handouts/conditions/sciatica.yaml"
    path.write_text(path.read_text().replace("title: Sciatica",
                                             'title: Sciatica <font size="40">BIG</font> <b>'))
    write(mini, "handouts/packs/p.yaml", "title: P\nhandouts: [sciatica]\n")
    assert run_cli("pack", "p", "-o", "p.pdf").status == 0
    assert 'Sciatica <font size="40">BIG</font> <b>' in pdf_pages(mini / "p.pdf")[1]


def test_the_pack_cover_is_not_numbered(mini, run_cli):
    write(mini, "handouts/packs/p.yaml", "title: P\nhandouts: [sciatica]\n")
    run_cli("pack", "p", "-o", "p.pdf")
    pages = pdf_pages(mini / "p.pdf")
    assert "Page" not in pages[0] and "Page 1 of 2" in pages[2]


def test_numbers_that_yaml_would_misread(mini, run_cli):
    path = mini / "handouts/exercises/knee-to-chest.yaml"
    path.write_text(path.read_text().replace("hold_seconds: 20", "hold_seconds: 1:30"))
    result = run_cli("check")
    assert result.err_lines[0] == (
        "handouts/exercises/knee-to-chest.yaml:10:17: error: 'dosage.hold_seconds' must be a "
        "whole number, not '1:30' — write a number from 1 to 600, without quotes")
    path.write_text(path.read_text().replace("hold_seconds: 1:30", "hold_seconds: 20"))
    result = run_cli("sheet", "sciatica", "--patient", "P", "--dose", "knee-to-chest:reps=010",
                     "-o", "s.pdf")
    assert result.status == 0, result.err  # 010 is ten, as a clinician means it


def test_broken_image_repeated_items_and_aliases_are_reported(mini, run_cli):
    (mini / "assets/images/knee-to-chest.png").write_text("not a picture")
    write(mini, "handouts/sets/sciatica-relief.yaml",
          "title: S\npurpose: P\nexercises: [pelvic-tilt, pelvic-tilt, knee-to-chest]\n")
    write(mini, "handouts/sources.yaml", (mini / "handouts/sources.yaml").read_text() +
          "loop: &a\n  title: *a\n")
    result = run_cli("check")
    assert result.status == 1 and "Traceback" not in result.err
    text = result.err
    assert ("'image' file 'assets/images/knee-to-chest.png' is not a picture: it holds text, "
            "not picture data") in text
    assert "warning: exercise 'pelvic-tilt' is listed twice — delete one of them" in text
    assert "anchors and aliases (& and *) are not supported" in text


def test_clean_only_ever_deletes_careprints_own_outputs(mini, run_cli):
    run_cli("build")
    state = mini / "out/.careprint-state.json"
    state.write_text('{"../handouts/clinic.yaml": {"fingerprint": "x", "sha256": "x"}, '
                     '"conditions/gone.pdf": {"fingerprint": "y", "sha256": "y"}}')
    write(mini, "out/conditions/gone.pdf", "%PDF")
    result = run_cli("build", "--clean")
    assert (mini / "handouts/clinic.yaml").exists()
    assert not (mini / "out/conditions/gone.pdf").exists()
    assert "removed out/conditions/gone.pdf (its source was deleted)" in result.out


def test_control_characters_on_the_command_line(mini, run_cli):
    result = run_cli("sheet", "sciatica", "--patient", "Ann\x0bSmith")
    assert (result.status, result.err) == (
        1, "careprint: error: --patient contains a control character (such as a line break or "
           "tab); retype it\n")


def test_bad_smtp_settings_stop_before_any_sheet_is_built(mini, run_cli, monkeypatch):
    write(mini, "p.csv", "patient,condition,email,dob\nA,sciatica,a@example.org,1980-01-01\n")
    monkeypatch.setenv("CAREPRINT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CAREPRINT_SMTP_TIMEOUT", "abc")
    result = run_cli("email", "p.csv")
    assert (result.status, result.err) == (
        1, "careprint: error: CAREPRINT_SMTP_TIMEOUT is 'abc' — give seconds, like 30\n")
    assert not (mini / "out").exists()


def test_batch_output_folder_that_cannot_exist(mini, run_cli):
    write(mini, "p.csv", "patient,condition\nA,sciatica\n")
    write(mini, "file", "x")
    result = run_cli("batch", "p.csv", "-o", "file/sub")
    assert result.status == 1 and result.err.startswith("careprint: error: cannot make the "
                                                        "folder file/sub:")


def test_long_clinic_details_stay_on_the_page(mini, run_cli):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text().replace("name: Test Clinic", "name: The Very Long "
                      "Named Regional Physiotherapy and Sports Injury Centre of Excellence")
                      .replace("address: 1 Test Street", "address: Unit 14, The Old Mill "
                               "Business Park, 1234 Riverside Industrial Estate Road, Springfield"
                               " Heights, IL 62701-1234, United States of America"))
    assert run_cli("build", "--print", "large").status == 0
    with pikepdf.open(mini / "out/conditions/sciatica.pdf") as pdf:
        width = float(pdf.pages[0].MediaBox[2])
    spans = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            spans.append((tm[4] + cm[4], text))

    PdfReader(mini / "out/conditions/sciatica.pdf").pages[0].extract_text(visitor_text=visit)
    assert spans and all(0 <= x < width for x, _ in spans)
    assert "…" in " ".join(pdf_pages(mini / "out/conditions/sciatica.pdf"))


def _with_fonts(mini, regular: str) -> None:
    import shutil

    import reportlab

    fonts = mini / "assets/fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(reportlab.__file__).parent / "fonts" / regular, fonts / "body.ttf")
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "fonts:\n  regular: fonts/body.ttf\n"
                                           "  bold: fonts/body.ttf\n")


def test_a_clinic_font_without_careprints_own_characters_is_refused(mini, run_cli):
    _with_fonts(mini, "hb-test.ttf")  # a test font of nine glyphs, shipped with ReportLab
    result = run_cli("build")
    assert result.status == 1
    assert result.err_lines[0].startswith(
        "careprint: error: the fonts in clinic.yaml cannot draw characters careprint prints "
        "itself (bullets, separators, digits): 'a' (U+0061)")


def test_a_clinic_font_is_used_and_a_broken_one_is_reported_by_check(mini, run_cli):
    _with_fonts(mini, "Vera.ttf")
    assert run_cli("build").status == 0
    with pikepdf.open(mini / "out/conditions/sciatica.pdf") as pdf:
        fonts = {str(f.BaseFont) for page in pdf.pages for f in page.Resources.Font.values()}
    assert any("Vera" in name for name in fonts), fonts
    data = (mini / "assets/fonts/body.ttf").read_bytes()
    (mini / "assets/fonts/body.ttf").write_bytes(data[:20000])
    result = run_cli("check")
    assert "'fonts.regular' file 'assets/fonts/body.ttf' is not a complete TrueType font" in \
        result.err
    assert "Traceback" not in run_cli("build").err


def test_titles_cannot_cite(mini, run_cli):
    path = mini / "handouts/conditions/sciatica.yaml"
    path.write_text(path.read_text().replace("title: Sciatica", "title: Sciatica [@jensen-2019]"))
    assert run_cli("check").err_lines[0] == (
        "handouts/conditions/sciatica.yaml:1:8: error: 'title' cannot cite a source here — "
        "remove the [@…]; cite sources in conditions and exercises")


def test_a_malformed_source_date_epoch_is_one_line(mini, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1e9")
    result = run_cli("build")
    assert (result.status, result.err) == (
        1, "careprint: error: SOURCE_DATE_EPOCH is '1e9' — give whole seconds since 1970, like "
           "1767225600, or unset it\n")
