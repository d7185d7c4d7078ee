"""render/paragraph: a paragraph is broken into lines once per width and style, and draws
exactly what ReportLab's own paragraph draws."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as ReportLabParagraph

from careprint.render.paragraph import Paragraph

STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)
TEXTS = [
    "Lie on your back with your knees bent and your feet flat on the floor.",
    "<b>Stop</b> if the pain <i>spreads</i> down your leg &amp; call us.",
    "See nhs.uk/live-well/exercise/strength-and-flexibility-exercises/strength-exercises "
    "for more.",
]


@pytest.fixture
def line_breaks(monkeypatch) -> list[float]:
    """The widths at which ReportLab broke a paragraph into lines."""
    widths: list[float] = []
    real = ReportLabParagraph.breakLines

    def counted(self, wrap_widths):
        widths.append(wrap_widths[-1])
        return real(self, wrap_widths)

    monkeypatch.setattr(ReportLabParagraph, "breakLines", counted)
    return widths


def test_wrapped_again_at_the_same_width_it_breaks_lines_once(line_breaks):
    paragraph = Paragraph(TEXTS[0], STYLE)
    sizes = [paragraph.wrap(120, 1000) for _ in range(3)]
    assert line_breaks == [120]
    assert sizes == [ReportLabParagraph(TEXTS[0], STYLE).wrap(120, 1000)] * 3


def test_another_width_or_style_is_broken_afresh(line_breaks):
    paragraph = Paragraph(TEXTS[0], STYLE)
    narrow = paragraph.wrap(80, 1000)
    wide = paragraph.wrap(300, 1000)
    assert wide == ReportLabParagraph(TEXTS[0], STYLE).wrap(300, 1000) and wide[1] < narrow[1]
    assert paragraph.wrap(80, 1000) == narrow
    paragraph.style = STYLE.clone("bigger", fontSize=14, leading=17)
    assert paragraph.wrap(80, 1000)[1] > narrow[1]
    assert line_breaks.count(80) == 3  # first, after the wide one, and in the new style


def test_lines_set_by_anything_but_its_wrap_are_not_trusted(line_breaks):
    expected = ReportLabParagraph(TEXTS[0], STYLE).wrap(120, 1000)
    paragraph = Paragraph(TEXTS[0], STYLE)
    paragraph.wrap(120, 1000)
    paragraph.blPara = ReportLabParagraph(TEXTS[0], STYLE).breakLines([300, 300])
    line_breaks.clear()
    assert paragraph.wrap(120, 1000) == expected
    assert line_breaks == [120]  # broken afresh


def test_no_room_gets_reportlabs_answer():
    paragraph = Paragraph(TEXTS[0], STYLE)
    paragraph.wrap(120, 1000)
    no_room = ReportLabParagraph(TEXTS[0], STYLE).wrap(0, 1000)
    assert paragraph.wrap(0, 1000) == paragraph.wrap(0, 1000) == no_room


@pytest.mark.parametrize("text", TEXTS)
def test_it_draws_what_reportlabs_paragraph_draws(text):
    def drawn(paragraph, widths: tuple[float, ...]) -> bytes:
        canvas = Canvas(io.BytesIO(), invariant=1)
        for width in widths:  # measured, tried in another column, then wrapped to draw
            paragraph.wrapOn(canvas, width, 1000)
        paragraph.drawOn(canvas, 10, 10)
        return canvas.getpdfdata()

    ours = drawn(Paragraph(text, STYLE), (140, 300, 140, 140))
    assert ours == drawn(ReportLabParagraph(text, STYLE), (140,))
