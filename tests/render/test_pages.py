"""Pages: the sources block in 2 or 3 columns, chosen from measured text without laying out
both; the logo in the letterhead."""

from __future__ import annotations

import pytest

from careprint.render.assets import DEFAULT_FONTS
from careprint.render.pages import _run_on_sources
from careprint.render.styles import register_fonts, style_sheet

WIDTH = 540.0


@pytest.fixture(scope="module")
def sheet():
    return style_sheet(register_fonts(DEFAULT_FONTS), "#1F5C99", "#EEF3F8", "standard")


def entries(count: int, words: int) -> list[tuple[str, str]]:
    text = " ".join(["Guideline"] * words)
    return [(f"{n} {text}", f"<b>{n}</b>&nbsp;{text}") for n in range(1, count + 1)]


def height(table) -> float:
    return table.wrap(WIDTH, 10_000)[1]


@pytest.mark.parametrize("count, words", [(40, 1), (15, 12), (3, 20), (3, 10), (2, 30)])
def test_the_chosen_columns_are_the_shorter_layout(sheet, count, words):
    chosen = _run_on_sources(entries(count, words), WIDTH, sheet)
    other = 5 - len(chosen._colWidths)  # 2 <-> 3
    # The other layout, laid out for real, is not shorter.
    assert height(chosen) <= height(_run_on_sources(entries(count, words), WIDTH, sheet,
                                                    counts=(other,)))


def test_three_long_sources_go_in_three_columns(sheet):
    # Two columns would stack two of them: 7 lines against 5.
    assert len(_run_on_sources(entries(3, 20), WIDTH, sheet)._colWidths) == 3


def test_a_tie_goes_to_two_columns(sheet):
    # As many lines either way: the wider columns break fewer words and addresses.
    assert len(_run_on_sources(entries(40, 1), WIDTH, sheet)._colWidths) == 2



def test_a_source_list_that_would_spill_onto_a_page_of_its_own_prints_smaller(run_cli, tmp_path):
    """In large print the sources are 10 pt; when only their tail would fill a last page, they
    print at standard print's 8 pt and the sheet keeps its four pages."""
    from pypdf import PdfReader

    from conftest import REPO

    out = tmp_path / "si.pdf"
    result = run_cli("sheet", "sacroiliac-joint-pain", "--library", str(REPO), "--patient",
                     "Ann Example", "--print", "large", "--size", "letter", "-o", str(out))
    assert result.status == 0
    pages = PdfReader(out).pages
    assert len(pages) == 4
    assert "Sources" in pages[-1].extract_text()


def _logo_images(path) -> list[tuple[int, int, bool]]:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return [(int(o.Width), int(o.Height), "/SMask" in o) for o in pdf.objects
                if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
                and o.get("/ColorSpace") == "/DeviceRGB"]


def test_a_png_logo_prints_with_its_transparency_and_a_jpeg_one_as_it_is(run_cli, tmp_path):
    import shutil

    from conftest import REPO

    library = tmp_path / "lib"
    for folder in ("handouts", "templates", "assets"):
        shutil.copytree(REPO / folder, library / folder)
    assert run_cli("sheet", "sciatica", "--library", str(library), "--patient", "Ann",
                   "-o", str(tmp_path / "png.pdf")).status == 0
    assert _logo_images(tmp_path / "png.pdf") == [(240, 240, True)]  # its alpha as a mask

    from PIL import Image

    with Image.open(library / "assets/logos/riverside.png") as logo:
        logo.convert("RGB").save(library / "assets/logos/riverside.jpg", quality=90)
    clinic = library / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text().replace("logos/riverside.png", "logos/riverside.jpg"))
    assert run_cli("sheet", "sciatica", "--library", str(library), "--patient", "Ann",
                   "-o", str(tmp_path / "jpeg.pdf")).status == 0
    assert _logo_images(tmp_path / "jpeg.pdf") == [(240, 240, False)]


def test_a_sheet_with_a_png_logo_loads_no_other_picture_reader(tmp_path):
    """Opened by name, Pillow imports the reader of every format it knows: ~7 ms of a cold
    sheet that prints one PNG."""
    import subprocess
    import sys

    from conftest import REPO

    script = ("import sys; from careprint.cli import main; "
              f"main(['sheet', 'sciatica', '--library', {str(REPO)!r}, '--patient', 'Ann', "
              f"'-o', {str(tmp_path / 's.pdf')!r}]); "
              "print(sorted(m for m in sys.modules if m.endswith('ImagePlugin')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split("\n")[-2] == "['PIL.PngImagePlugin']"
