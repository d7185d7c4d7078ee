"""The look of a document: fonts, sizes and colours, kept apart from content and layout.

Two print presets: standard (12 pt body) and large (17 pt body, for older or low-vision
patients). Each preset is data: type sizes, and the page furniture that scales with them.
Patient text never goes below 12 pt, the disclaimer below 10 pt, the source list below 8 pt.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import hashlib
import string

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from careprint.problems import CareprintError
from careprint.render.assets import FontFiles
from careprint.render.font_cache import load_font



@dataclass(frozen=True, slots=True)
class PrintPreset:
    """Sizes for one print size (standard or large), in points."""

    body: float  # patient text, pt
    small: float  # secondary patient text (the log's hint, the sets and reps line)
    disclaimer: float
    sources: float
    footer: float
    letterhead: float  # height of page 1's letterhead, points
    running_head: float
    footer_band: float
    margin: float
    picture_slot: float  # width of an exercise row's picture, room for a start/finish pair
    columns: int  # columns for a condition's front page
    log_row: float  # height of a row in the exercise log, room to tick by hand


PRESETS = {
    "standard": PrintPreset(body=12, small=12, disclaimer=10, sources=8, footer=8.5,
                            letterhead=22 * mm, running_head=6.5 * mm, footer_band=11 * mm,
                            margin=9 * mm, picture_slot=36 * mm, columns=2, log_row=7.5 * mm),
    "large": PrintPreset(body=17, small=17, disclaimer=13, sources=10, footer=11,
                         letterhead=25 * mm, running_head=9 * mm, footer_band=13 * mm,
                         margin=10 * mm, picture_slot=35 * mm, columns=1, log_row=11 * mm),
}

@dataclass(frozen=True, slots=True)
class PictureSettings:
    """How clinic pictures print in an exercise's picture slot (the slot's width is the
    preset's picture_slot)."""

    dpi: int = 250  # photos are shrunk to this at their printed size: sharp on a laser printer
    jpeg_quality: int = 85
    single_height: float = 0.8  # one picture: at most this times the slot's width tall
    pair_height: float = 1.0  # start and end pictures with their captions, together
    gap: float = 1.5 * mm  # between the start and end pictures
    caption_size: float = 9  # pt, at least; large print scales it with the text


PICTURES = PictureSettings()


@dataclass(frozen=True, slots=True)
class NotesSettings:
    """Ruled lines for the clinician's or patient's own notes, in the room left above a block
    pinned to the foot of a page (a handout's warning signs), so the page is not half empty."""

    line_pitch: float = 9 * mm  # handwriting at a desk; grows with large print's text
    least_lines: int = 2  # less room than this is left blank: a cramped box helps nobody
    gap_above: float = 4 * mm  # between the text above and the heading
    gap_below: float = 5 * mm  # between the last line and the pinned block


NOTES = NotesSettings()


@dataclass(frozen=True, slots=True)
class FigureSettings:
    """How built-in figures print in the picture slot (their look: figures/draw.py)."""

    slot_width: float = 36 * mm  # the contact sheet's cells: a standard print slot
    max_height: float = 0.8  # at most this times the slot's width tall (as a clinic picture)
    # A condition handout's compact row is a few lines of text: a figure no taller than
    # them keeps the handout on its one sheet of paper.
    compact_height: float = 0.62
    min_height: float = 0.36  # beside short text: still this tall, to read at 35 mm


FIGURES = FigureSettings()

# Printed by careprint and its templates whatever the content: a font must draw them all.
CAREPRINT_CHARACTERS = (string.ascii_letters + string.digits + string.punctuation
                        + "•·—…–")

URGENT = colors.HexColor("#B3261E")
URGENT_TINT = colors.HexColor("#FDECEA")
CAUTION = colors.HexColor("#8A5300")
CAUTION_TINT = colors.HexColor("#FFF5E1")
TEXT = colors.HexColor("#1B1B1B")
MUTED = colors.HexColor("#5A5A5A")
RULE = colors.HexColor("#C9CED6")


@dataclass(frozen=True, slots=True)
class FontFamily:
    """The registered names of one font family's faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    glyphs: frozenset[int]  # characters every face of the family can draw


@lru_cache(maxsize=8)
def register_fonts(files: FontFiles, italic: bool = True) -> FontFamily:
    """Register a TrueType family once per process; parsing a font costs more than a page.
    Without `italic` the italic face is named in the family but not loaded, as a patient
    sheet prints no italics (the renderer loads it for a document that does)."""
    names = {}
    faces = {"regular": files.regular, "bold": files.bold, "italic": files.italic or files.regular}
    glyphs: frozenset[int] | None = None
    family = hashlib.sha1()
    contents: dict[str, bytes] = {}
    digests: dict[str, bytes] = {}
    for role, path in faces.items():
        try:
            contents[role] = path.read_bytes()
        except OSError as err:
            raise CareprintError(f"font {path.name} cannot be read ({err.strerror})") from err
        digests[role] = hashlib.sha256(contents[role]).digest()  # the font cache's key too
        family.update(role.encode() + digests[role])
    digest = family.hexdigest()[:10]
    for role, path in faces.items():
        # ReportLab's font and family names are global to the process: two libraries'
        # "body.ttf", or one regular face in two families (a clinic that changed its bold),
        # must not share one, so every name carries the whole family's hash.
        name = names[role] = f"cp-{role}-{path.stem}-{digest}"
        if role == "italic" and not italic:
            continue
        try:
            font = load_font(name, path, contents[role], digests[role])
        except Exception as err:  # a broken font file fails in many ways inside ReportLab
            msg = f"font {path.name} cannot be used: it is not a complete TrueType font ({err})"
            raise CareprintError(msg) from err
        pdfmetrics.registerFont(font)
        cmap = frozenset(font.face.charToGlyph)
        glyphs = cmap if glyphs is None else glyphs & cmap
    missing = [c for c in CAREPRINT_CHARACTERS if ord(c) not in glyphs]
    if missing:
        shown = " ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:6])
        msg = (f"the fonts in clinic.yaml cannot draw characters careprint prints itself "
               f"(bullets, separators, digits): {shown} — choose a fuller font, such as "
               f"DejaVu Sans")
        raise CareprintError(msg)
    pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bold"])
    return FontFamily(names["regular"], names["bold"], names["italic"], names["bold"],
                      glyphs or frozenset())


@dataclass(frozen=True)
class StyleSheet:
    """The paragraph styles and colours of one document, made from a preset and the clinic's
    brand."""

    body: float
    preset: PrintPreset
    primary: colors.Color
    accent: colors.Color
    fonts: FontFamily
    styles: dict[str, ParagraphStyle]

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.styles[name]


def style_sheet(fonts: FontFamily, primary: str, accent: str, print_size: str) -> StyleSheet:
    preset = PRESETS[print_size]
    body = preset.body
    brand = colors.HexColor(primary)

    def style(name: str, size: float, *, font: str = fonts.regular, colour=TEXT,
              before: float = 0, after: float = 0.35, leading: float = 1.15, **extra):
        extra.setdefault("alignment", TA_LEFT)
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading,
                              textColor=colour, spaceBefore=before * body,
                              spaceAfter=after * body, **extra)

    small = preset.small
    styles = {
        "body": style("body", body),
        "lead": style("lead", body, after=0.5),
        "small": style("small", small, after=0.2),
        "muted": style("muted", small, colour=MUTED),
        "dosage": style("dosage", body, after=0.2),
        "stop": style("stop", body, colour=CAUTION, after=0.15),
        "group": style("group", body, font=fonts.bold, colour=URGENT, before=0.3, after=0.15),
        "callout": style("callout", body, after=0.2),
        "item": style("item", body, after=0.08),
        "note": style("note", body, after=0.2),
        # The heading of the ruled lines left for notes above a handout's warning signs.
        "notes": style("notes", body, font=fonts.bold, colour=MUTED, after=0),
        # Under an exercise's picture slot: what the patient needs for it.
        "needs": style("needs", small, colour=MUTED, after=0.2, leading=1.1),
        # An exercise's easier and harder versions, on one line.
        "vary": style("vary", body, after=0.2),
        "h1": style("h1", body * 1.75, font=fonts.bold, colour=brand, after=0.35, leading=1.1),
        "h2": style("h2", body * 1.2, font=fonts.bold, colour=brand, before=0.5, after=0.2,
                    leading=1.15, keepWithNext=1),
        "h3": style("h3", body * 1.1, font=fonts.bold, before=0.4, after=0.2),
        "card-title": style("card-title", body * 1.15, font=fonts.bold, colour=colors.white,
                            after=0, leading=1.2),
        "exercise-title": style("exercise-title", body * 1.1, font=fonts.bold, colour=brand,
                                after=0.1, leading=1.15),
        "slot-number": style("slot-number", body * 1.5, font=fonts.bold, colour=brand, after=0,
                             leading=1.0, alignment=TA_CENTER),
        "slot-day": style("slot-day", body, font=fonts.bold, colour=MUTED, after=0,
                          alignment=TA_CENTER),
        "slot-kind": style("slot-kind", max(body * 0.75, 9), colour=MUTED, after=0),
        "callout-title": style("callout-title", body * 1.1, font=fonts.bold, after=0.2),
        "cell": style("cell", body, after=0),
        "cell-head": style("cell-head", body, font=fonts.bold, after=0),
        # Web addresses break after a slash or hyphen, not in the middle of a word.
        "source": style("source", preset.sources, after=0, leading=1.08, uriWasteReduce=0.3),
        "disclaimer": style("disclaimer", preset.disclaimer, after=0),
        # Contents lines hold a title, dots and a number on one line: at most 13 pt.
        "toc": style("toc", min(body, 13.0), after=0.3),
        "cover-title": style("cover-title", body * 2.4, font=fonts.bold, colour=brand, after=0.3,
                             leading=1.15),
        "footer": style("footer", preset.footer, colour=MUTED, after=0),
    }
    return StyleSheet(body, preset, brand, colors.HexColor(accent), fonts, styles)
