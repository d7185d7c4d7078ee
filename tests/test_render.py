"""Rendering: what a patient reads in the PDF, checked by extracting its text."""

import os
import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import REPO, pdf_pages, pdf_text


def test_condition_handout_has_sections_exercises_safety_and_sources(mini, run_cli):
    result = run_cli("build")
    assert result.status == 0, result.err
    assert result.out == "wrote out/conditions/sciatica.pdf (2 pages)\n"
    pages = pdf_pages(mini / "out/conditions/sciatica.pdf")
    assert len(pages) == 2 and "Page 2 of 2" in pages[1]
    assert pages[-1].index("This handout gives general information") > 0
    text = " ".join(pages)
    # The front explains and keeps safe; the back holds the exercises and the safety text.
    for words in ["Test Clinic", "Sciatica", "Key points", "What is it?", "Common signs",
                  "Warning signs", "Numbness around your bottom or genitals"]:
        assert words in pages[0]
    for words in ["Your starter exercises: Sciatica relief", "Pain rule", "1. Pelvic tilt",
                  "2 sets of 10", "2. Knee to chest",
                  "3 times, hold each for 30 seconds, each side, twice a day",
                  "Stop if the pain spreads further down your leg.",
                  "This handout gives general information only",
                  "Reviewed by Test Reviewer, 20 November 2026."]:
        assert words in pages[1]
    # Sources are numbered in reading order and marked with small superscripts by default.
    assert "down the back of your leg¹." in text and "A bulging disc²" in text
    assert re.search(r"Sources 1 Sciatica\. NHS; 2023\. nhs\.uk/conditions/sciatica "
                     r"2 Jensen RK", text)


def test_pdf_metadata_names_the_clinic_and_language(mini, run_cli):
    run_cli("build")
    with pikepdf.open(mini / "out/conditions/sciatica.pdf") as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "Sciatica — Patient information"
        assert str(info["/Author"]) == "Test Clinic"
        assert str(pdf.Root.Lang) == "en"
        fonts = {str(f.BaseFont) for page in pdf.pages for f in page.Resources.Font.values()}
    # Embedded TrueType subsets, not the 14 standard fonts.
    assert fonts and all("DejaVuSans" in name or "cp-" in name for name in fonts), fonts


def test_exercise_image_is_in_the_pdf(mini, run_cli):
    run_cli("build")
    with pikepdf.open(mini / "out/conditions/sciatica.pdf") as pdf:
        images = [name for page in pdf.pages
                  for name, x in page.Resources.get("/XObject", {}).items()
                  if x.Subtype == "/Image"]
    assert len(images) == 1  # the knee-to-chest picture; the fixture clinic has no logo


def test_video_gives_a_qr_code_and_short_link(mini, run_cli):
    path = mini / "handouts/exercises/pelvic-tilt.yaml"
    path.write_text(path.read_text() + "video: https://www.example.org/v/tilt\n")
    run_cli("sheet", "sciatica", "--patient", "P", "-o", "s.pdf")
    assert "Watch: example.org/v/tilt" in pdf_text(mini / "s.pdf")


def test_yaml_text_is_printed_literally_never_as_markup(mini, run_cli):
    path = mini / "handouts/conditions/sciatica.yaml"
    path.write_text(path.read_text().replace("Pain down one leg",
                                             "Pain <b>down</b> one leg & <font size=40>x</font>"))
    assert run_cli("build").status == 0
    assert "Pain <b>down</b> one leg & <font size=40>x</font>" in pdf_text(
        mini / "out/conditions/sciatica.pdf")


def test_identical_inputs_give_identical_bytes_across_processes(mini, run_cli):
    import subprocess
    import sys

    run_cli("build")
    first = (mini / "out/conditions/sciatica.pdf").read_bytes()
    # A second folder, so the second process really renders rather than skipping as up to date.
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--out", "again"],
                          cwd=mini, check=True, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert "wrote again/conditions/sciatica.pdf" in done.stdout
    assert (mini / "again/conditions/sciatica.pdf").read_bytes() == first


def test_source_date_epoch_sets_the_pdf_dates_and_nothing_else(mini, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run_cli("build")
    first = PdfReader(mini / "out/conditions/sciatica.pdf")
    assert first.metadata["/CreationDate"].startswith("D:20231114")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    run_cli("build")
    second = PdfReader(mini / "out/conditions/sciatica.pdf")
    assert second.metadata["/CreationDate"].startswith("D:20270115")
    assert [p.extract_text() for p in first.pages] == [p.extract_text() for p in second.pages]


def test_page_size_from_clinic_or_option(mini, run_cli):
    run_cli("build")
    box = PdfReader(mini / "out/conditions/sciatica.pdf").pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)  # clinic default: A4
    run_cli("build", "--size", "letter")
    box = PdfReader(mini / "out/conditions/sciatica.pdf").pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


def body_font_sizes(path: Path, needle: str) -> set[float]:
    sizes = set()

    def visit(text, cm, tm, font, size):
        if needle in text:
            sizes.add(round(size * tm[0], 1))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("preset, smallest", [("standard", 12), ("large", 17)])
def test_print_presets_set_the_body_text_size(mini, run_cli, preset, smallest):
    run_cli("build", "--print", preset)
    sizes = body_font_sizes(mini / "out/conditions/sciatica.pdf", "sciatic nerve runs")
    assert sizes and min(sizes) >= smallest


def test_large_print_still_lays_out_every_shipped_handout(run_cli, tmp_path):
    result = run_cli("build", "--library", str(REPO), "--out", str(tmp_path), "--print", "large",
                     "sciatica", "sacroiliac-joint-pain")
    assert result.status == 0, result.err
    text = pdf_text(tmp_path / "conditions/sacroiliac-joint-pain.pdf")
    assert "Warning signs" in text and "Pain rule" in text and "Sources" in text


def test_build_writes_readable_handouts_and_never_leaves_part_files(mini, run_cli):
    run_cli("build")
    path = mini / "out/conditions/sciatica.pdf"
    assert path.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in path.parent.iterdir()) == ["sciatica.pdf"]


def test_the_front_explains_and_the_back_holds_the_exercises(mini, run_cli):
    """One sheet of paper: the warning signs on the front, the starter exercises on the back."""
    run_cli("build")
    front, back = pdf_pages(mini / "out/conditions/sciatica.pdf")
    assert "Warning signs" in front and "Pelvic tilt" not in front
    assert back.index("Your starter exercises") < back.index("1. Pelvic tilt")


def test_warning_signs_are_grouped_by_action_with_the_clinics_numbers(mini, run_cli):
    run_cli("build")
    front = pdf_pages(mini / "out/conditions/sciatica.pdf")[0]
    emergency = front.index("Call 999 or go to A&E now if you have:")
    today = front.index("Call us on 555-0100 or your doctor today if you have:")
    assert emergency < front.index("Sciatica in both legs") < today
    assert today < front.index("A fever with your back pain")
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text().replace('"999"', '"112"'))
    run_cli("build")
    assert "Call 112 or go to A&E now" in pdf_text(mini / "out/conditions/sciatica.pdf")


def font_sizes(path: Path) -> dict[str, float]:
    """The smallest size each line of text is printed at, from the PDF itself."""
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        line = " ".join(text.split())
        if line:
            sizes[line] = min(sizes.get(line, 99.0), round(size * tm[0], 1))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_patient_text_is_12_pt_the_disclaimer_10_and_sources_8(mini, run_cli):
    run_cli("build")
    sizes = font_sizes(mini / "out/conditions/sciatica.pdf")

    def size_of(words: str) -> float:
        return min(size for line, size in sizes.items() if words in line)

    for words in ["Pain that runs down one leg", "The sciatic nerve runs", "Staying active",
                  "Numbness around your bottom", "Flatten your lower back", "2 sets of 10",
                  "Stop if you feel sharp pain", "Mild discomfort (up to 3"]:
        assert size_of(words) >= 12, words
    assert size_of("This handout gives general information") >= 10
    assert size_of("nhs.uk/conditions/sciatica") >= 8
    assert min(sizes.values()) >= 8  # nothing at all is smaller


def test_every_font_in_handouts_and_packs_is_embedded(mini, run_cli, tmp_path):
    write_pack = mini / "handouts/packs/all.yaml"
    write_pack.parent.mkdir(exist_ok=True)
    write_pack.write_text("title: All\nhandouts: [sciatica]\n")
    assert run_cli("build").status == 0
    for path in [mini / "out/conditions/sciatica.pdf", mini / "out/packs/all.pdf"]:
        with pikepdf.open(path) as pdf:
            fonts = [f for page in pdf.pages for f in page.Resources.Font.values()]
            assert fonts
            for font in fonts:
                descendant = font.get("/DescendantFonts", [font])[0]
                descriptor = descendant.get("/FontDescriptor")
                assert descriptor is not None and "/FontFile2" in descriptor, (
                    path.name, str(font.BaseFont))


@pytest.mark.parametrize("style, cited", [("superscript", "leg¹."), ("brackets", "leg [1]."),
                                          ("none", "leg.")])
def test_citation_marks_follow_the_clinic_setting_and_the_list_stays(mini, run_cli, style,
                                                                     cited):
    clinic = mini / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + f"citation_style: {style}\n")
    assert run_cli("build").status == 0
    text = pdf_text(mini / "out/conditions/sciatica.pdf")
    assert f"down the back of your {cited}" in text
    assert "Sources 1 Sciatica. NHS" in text  # always printed, whatever the marks


def test_shipped_sheet_text_sizes_in_both_print_sizes(run_cli, tmp_path):
    for preset, body in [("standard", 12), ("large", 17)]:
        out = tmp_path / f"{preset}.pdf"
        assert run_cli("sheet", "sciatica", "--patient", "Test Patient", "--print", preset,
                       "--library", str(REPO), "-o", str(out)).status == 0
        sizes = font_sizes(out)
        steps = [size for line, size in sizes.items() if "Tighten your stomach" in line]
        warnings = [size for line, size in sizes.items() if "Loss of bladder" in line]
        assert min(steps + warnings) >= body
        assert min(sizes.values()) >= 8


def _font_names(path) -> set[str]:
    with pikepdf.open(path) as pdf:
        return {str(font.BaseFont).split("+")[-1] for page in pdf.pages
                for font in page.Resources.get("/Font", {}).values()}


def test_italics_print_in_the_italic_face_wherever_a_template_or_handout_uses_them(
        mini, run_cli):
    from careprint.resources import BUILTIN_TEMPLATES

    assert run_cli("sheet", "sciatica", "--patient", "Ann", "-o", "plain.pdf").status == 0
    assert not any("Oblique" in name for name in _font_names(mini / "plain.pdf"))
    own = mini / "templates"
    own.mkdir(exist_ok=True)
    sheet = (BUILTIN_TEMPLATES / "sheet.xml.j2").read_text(encoding="utf-8")
    (own / "sheet.xml.j2").write_text(sheet.replace(
        "<p>{{ doc.labels.sheet_for }}", "<p><i>Keep this sheet.</i> {{ doc.labels.sheet_for }}"),
        encoding="utf-8")
    assert run_cli("sheet", "sciatica", "--patient", "Ann", "-o", "own.pdf").status == 0
    assert "Keep this sheet." in pdf_text(mini / "own.pdf")
    assert any("Oblique" in name for name in _font_names(mini / "own.pdf"))


def test_a_sheet_between_two_handouts_in_one_process_leaves_their_italics(mini, run_cli):
    """The web page makes sheets and handouts in one process: a sheet, which loads no italic
    face, must not leave the next handout's italic reviewed line upright."""
    from careprint.document.assemble import condition_handout
    from careprint.library.reader import LibraryPaths, read_library
    from careprint.render import styles
    from careprint.render.renderer import Renderer

    styles.register_fonts.cache_clear()  # as a new process starts
    library, _ = read_library(LibraryPaths(mini))
    for name in ("first.pdf", "second.pdf"):
        handout = Renderer(library).render(condition_handout(library, "sciatica"), "sciatica")
        (mini / name).write_bytes(handout.pdf)
        assert any("Oblique" in font for font in _font_names(mini / name)), name
        assert run_cli("sheet", "sciatica", "--patient", "Ann", "-o", f"sheet-{name}").status == 0
