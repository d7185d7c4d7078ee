"""The sources block: 2 or 3 columns, chosen from measured text without laying out both."""

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
