"""The figures' contact sheet: every exercise's built-in figure, its start and end frames
apart and then as printed, with its name, for clinicians to review."""

from __future__ import annotations

import io
from dataclasses import replace

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Table

from careprint.figures.draw import figure_drawing
from careprint.figures.scene import scene
from careprint.library.reader import Library
from careprint.render.assets import font_files
from careprint.render.flowables import table_style
from careprint.render.markup import escape
from careprint.render.paragraph import Paragraph
from careprint.render.styles import FIGURES, RULE, register_fonts, style_sheet


def contact_sheet_pdf(library: Library) -> tuple[bytes, list[str]]:
    """The contact sheet, and the ids of the exercises it shows (those with a figure)."""
    fonts = register_fonts(font_files(library))
    clinic = library.clinic
    sheet = style_sheet(fonts, clinic.colours.primary, clinic.colours.accent, "standard")
    colour = sheet.primary
    page = LETTER if clinic.page_size == "letter" else A4
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, invariant=1,
                            initialFontName=fonts.regular, title="Exercise figures",
                            author=clinic.name)
    slot = FIGURES.slot_width
    tall = slot * FIGURES.max_height
    small = sheet["small"]
    head = [Paragraph(f"<b>{h}</b>", small) for h in ("Exercise", "Start", "End", "As printed")]
    rows, shown = [head], []
    for exercise_id, exercise in sorted(library.exercises.items()):
        figure = exercise.figure
        if figure is None:
            continue
        shown.append(exercise_id)
        still = figure.end is None
        start = scene(replace(figure, end=None))
        end = None
        if not still:
            moved = figure.end.posture not in (None, figure.posture)
            # A new posture's frame alone, without the props of the first (a sit to stand
            # ends standing, away from its chair).
            end = scene(replace(figure, start=figure.end, end=None, props=())) if moved else \
                scene(replace(figure, start=_merged(figure), end=None))
        about = f"{figure.posture}, {figure.view} view, working: {figure.working}"
        rows.append([
            Paragraph(f"<b>{escape(exercise.name)}</b><br/>{escape(exercise_id)}<br/>"
                      f"<font size=\"8\">{escape(about)}</font>", small),
            *[_drawing(shown, slot, tall, colour, fonts.regular) if shown else ""
              for shown in (start, end, scene(figure))]])
    width = page[0] - 24 * mm
    table = Table(rows, colWidths=[width - 3 * (slot + 6 * mm)] + [slot + 6 * mm] * 3,
                  repeatRows=1)
    table.setStyle(table_style(sheet, [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                       ("VALIGN", (0, 0), (0, -1), "TOP"),
                                       ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                                       ("TOPPADDING", (0, 1), (-1, -1), 3 * mm)]))
    doc.build([Paragraph(f"{escape(clinic.name)}: exercise figures", sheet["h1"]), table])
    return buffer.getvalue(), shown


def _drawing(shown, width: float, height: float, colour, font: str):
    drawing = figure_drawing(shown, width, height, colour)
    # A drawing starts in Helvetica, which would be the PDF's one font not embedded.
    drawing.initialFontName = font
    return drawing


def _merged(figure):
    """The end frame on its own: the start's changes, then the end's."""
    from careprint.library.model import FigureFrame

    end = figure.end
    return FigureFrame(angles=(*figure.start.angles, *end.angles), at=end.at)
