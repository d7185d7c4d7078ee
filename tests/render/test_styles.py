"""render/styles: font families stay apart within one process (a batch, or the web page)."""

import shutil

import pikepdf

from careprint.resources import BUILTIN_ASSETS


def font_names(path) -> set[str]:
    with pikepdf.open(path) as pdf:
        return {str(font.BaseFont).split("+")[-1] for page in pdf.pages
                for font in page.Resources.Font.values()}


def test_a_clinic_changing_its_fonts_leaves_other_families_intact(mini, run_cli, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(mini, other)
    fonts = other / "assets/fonts"
    fonts.mkdir()
    for face in ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold"):
        shutil.copy(BUILTIN_ASSETS / f"fonts/{face}.ttf", fonts / f"{face}.ttf")
    clinic = other / "handouts/clinic.yaml"
    clinic.write_text(clinic.read_text() + "fonts:\n  regular: fonts/DejaVuSansCondensed.ttf\n"
                      "  bold: fonts/DejaVuSansCondensed-Bold.ttf\n")  # no italic face
    assert run_cli("build", "--out", "first").status == 0  # careprint's own family
    # Another library in the same process shares the regular face, but has no italic.
    assert run_cli("build", "--library", str(other)).status == 0
    assert run_cli("build").status == 0
    assert "DejaVuSansCondensed-Oblique" in font_names(mini / "out/conditions/sciatica.pdf")
