"""careprint's own figure of an exercise in its picture slot, when the clinic has no picture.

Kept apart from render/pictures.py, which loads Pillow and svglib: a sheet of figures needs
neither. The figure is worked out and drawn once a run for each side, size and colour, and
printed as PDF drawing operators (figures/pdf_ops.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from careprint.render.badge import badge_diameter, draw_badge
from careprint.render.markup import escape
from careprint.render.paragraph import Paragraph
from careprint.render.styles import FIGURES, PICTURES, StyleSheet
from careprint.stored_results import remembered_value


def figure_slot(sheet: StyleSheet, figure: Any, side: str | None, size: float, number: str,
                compact: bool = False, room: float | None = None, note: bool | str = True
                ) -> Flowable:
    """The figure drawn for the prescribed side, `size` points wide, with the exercise's
    number on its top-left corner and "Right side shown" under it when the sheet says each
    side (`note`: those words in the document's language, or True for careprint's English).
    A compact row (a condition handout's, or one that runs on over pages in large
    print) gets a shorter figure, and
    one given `room` (the height its row's text leaves) fits in it, down to a smallest size
    that still reads."""
    words = note if isinstance(note, str) else _scene_note(figure, side) if note else ""
    caption = _caption(sheet, words) if words else None
    caption_height = caption.wrap(size, 1000)[1] + 1 if caption else 0.0
    tallest = size * (FIGURES.compact_height if compact else FIGURES.max_height)
    if room is not None:
        tallest = max(size * FIGURES.min_height, min(tallest, room))
    room = tallest - caption_height
    width, height, ops = _figure_ops(figure, side, size, room, sheet.primary.hexval())
    # A lying figure fills the slot's width: its number goes above it, not on its head.
    band = badge_diameter(sheet) + 1 if number and height < size * 0.5 else 0.0
    if band and height + band + caption_height > tallest + 0.5:
        band = 0.0  # no room above it: the number goes on its corner after all
    return FigureSlot(ops, size, width, height, band, caption, caption_height, sheet, number)


@lru_cache(maxsize=256)
def _figure_ops(figure: Any, side: str | None, width: float, height: float, colour: str
                ) -> tuple[float, float, str]:
    """The drawing's size and PDF operators, made once for each figure, side, size and
    colour, and kept (careprint.stored_results): a batch of sheets prints the same few
    figures many times, and posing one is most of what a figure costs a cold sheet."""
    return remembered_value("figure drawing", (repr(figure), repr(side), repr(width),
                                               repr(height), colour),
                            lambda: _drawn(figure, side, width, height, colour))


def _scene_note(figure: Any, side: str | None) -> str:
    """The words under a figure that shows one side ("Right side shown"), or ""."""
    def note() -> str:
        from careprint.figures.scene import scene

        return scene(figure, side).note

    return remembered_value("figure note", (repr(figure), repr(side)), note)


def _drawn(figure: Any, side: str | None, width: float, height: float, colour: str
           ) -> tuple[float, float, str]:
    from careprint.figures.draw import figure_drawing
    from careprint.figures.pdf_ops import drawing_ops
    from careprint.figures.scene import scene

    drawing = figure_drawing(scene(figure, side), width, height, colors.HexColor(colour))
    return drawing.width, drawing.height, drawing_ops(drawing)


def _caption(sheet: StyleSheet, text: str) -> Paragraph:
    base = sheet["slot-kind"]
    size = max(base.fontSize, PICTURES.caption_size)
    style = base.clone("figure-note", alignment=1, fontSize=size, leading=size * 1.15)
    return Paragraph(escape(text), style)


class FigureSlot(Flowable):
    """The figure centred across the slot, its note under it, the number on its corner."""

    def __init__(self, ops: str, slot: float, width: float, height: float, band: float,
                 caption: Paragraph | None, caption_height: float, sheet: StyleSheet,
                 number: str) -> None:
        super().__init__()
        self.ops, self.slot, self.figure_width, self.figure_height = ops, slot, width, height
        self.band, self.caption, self.caption_height = band, caption, caption_height
        self.sheet, self.number = sheet, number
        self.width, self.height = slot, band + height + caption_height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left = (self.slot - self.figure_width) / 2
        canvas.saveState()
        canvas.translate(left, self.caption_height)
        canvas.addLiteral(self.ops)
        canvas.restoreState()
        if self.caption is not None:
            height = self.caption.wrap(self.slot, 1000)[1]
            self.caption.drawOn(canvas, 0, self.caption_height - 1 - height)
        if self.number:
            draw_badge(canvas, self.sheet, left, self.height, self.number)
