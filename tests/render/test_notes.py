"""Ruled lines for notes fill the room left above a handout's warning signs, so the front page
is not half empty; where two lines would not fit, nothing is drawn."""

from __future__ import annotations

import pikepdf
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from conftest import REPO
from careprint.render.flowables import NotesLines
from careprint.render.styles import NOTES


def front_page(run_cli, tmp_path, condition: str):
    assert run_cli("build", "--library", str(REPO), "--out", str(tmp_path)).status == 0
    return tmp_path / "conditions" / f"{condition}.pdf"


def horizontal_rules(pdf) -> int:
    """Long stroked horizontal lines on page 1."""
    with pikepdf.open(pdf) as doc:
        ops = pikepdf.parse_content_stream(doc.pages[0])
        count, start = 0, None
        for operands, operator in ops:
            if str(operator) == "m":
                start = [float(v) for v in operands]
            elif str(operator) == "l" and start:
                x, y = (float(v) for v in operands)
                if abs(y - start[1]) < 0.01 and x - start[0] > 150 * mm:
                    count += 1
        return count


def test_a_short_front_page_gets_ruled_lines_and_a_full_one_none(run_cli, tmp_path):
    short = front_page(run_cli, tmp_path, "hip-flexor-tightness")
    full = tmp_path / "conditions" / "sciatica.pdf"
    assert "Notes" in PdfReader(short).pages[0].extract_text()
    assert "Notes" not in PdfReader(full).pages[0].extract_text()
    # Both pages have the same rules otherwise (letterhead, footer, box edges).
    assert horizontal_rules(short) - horizontal_rules(full) >= NOTES.least_lines


def test_lines_only_where_two_or_more_fit():
    notes = NotesLines("Notes", ParagraphStyle("n", fontSize=12, leading=14), NOTES)
    fixed = NOTES.gap_above + 14 + NOTES.gap_below
    assert notes.wrap(500, fixed + 1.9 * NOTES.line_pitch) == (500, 0)
    width, height = notes.wrap(500, fixed + 4.5 * NOTES.line_pitch)
    assert height == NOTES.gap_above + 14 + 4 * NOTES.line_pitch
