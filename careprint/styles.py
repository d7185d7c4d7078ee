"""The look of a document: fonts, sizes and colours, kept apart from content and layout.

Two print presets: standard (12 pt body) and large (18 pt body, for older or low-vision
patients). Every other size follows from the body size, so a preset changes one number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import hashlib
import string
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from careprint.problems import CareprintError

BODY_SIZE = {"standard": 12.0, "large": 18.0}

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
class FontFiles:
    regular: Path
    bold: Path
    italic: Path | None = None


@dataclass(frozen=True, slots=True)
class FontFamily:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    glyphs: frozenset[int]  # characters every face of the family can draw


@lru_cache(maxsize=8)
def register_fonts(files: FontFiles) -> FontFamily:
    """Register a TrueType family once per process; parsing a font costs more than a page."""
    names = {}
    faces = {"regular": files.regular, "bold": files.bold, "italic": files.italic or files.regular}
    glyphs: frozenset[int] | None = None
    for role, path in faces.items():
        try:
            # ReportLab's font names are global to the process: two libraries' "body.ttf"
            # must not share one, so the name carries the file's own hash.
            digest = hashlib.sha1(path.read_bytes()).hexdigest()[:10]
            name = f"cp-{role}-{path.stem}-{digest}"
            font = TTFont(name, str(path))
        except Exception as err:  # a broken font file fails in many ways inside ReportLab
            msg = f"font {path.name} cannot be used: it is not a complete TrueType font ({err})"
            raise CareprintError(msg) from err
        pdfmetrics.registerFont(font)
        names[role] = name
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
    body: float
    primary: colors.Color
    accent: colors.Color
    fonts: FontFamily
    styles: dict[str, ParagraphStyle]

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.styles[name]


def style_sheet(fonts: FontFamily, primary: str, accent: str, print_size: str) -> StyleSheet:
    body = BODY_SIZE[print_size]
    brand = colors.HexColor(primary)

    def style(name: str, size: float, *, font: str = fonts.regular, colour=TEXT,
              before: float = 0, after: float = 0.4, leading: float = 1.25, **extra):
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading,
                              textColor=colour, spaceBefore=before * body,
                              spaceAfter=after * body, alignment=TA_LEFT, **extra)

    small = max(body * 0.8, 9.5)
    styles = {
        "body": style("body", body),
        "lead": style("lead", body * 1.08, after=0.6),
        "small": style("small", small),
        "muted": style("muted", small, colour=MUTED),
        "dosage": style("dosage", body, after=0.25),
        "callout": style("callout", body, after=0.2),
        "item": style("item", body, after=0.2),
        "note": style("note", body),
        "h1": style("h1", body * 1.9, font=fonts.bold, colour=brand, after=0.4, leading=1.15),
        "h2": style("h2", body * 1.3, font=fonts.bold, colour=brand, before=0.7, after=0.3,
                    leading=1.2),
        "h3": style("h3", body * 1.1, font=fonts.bold, before=0.4, after=0.2),
        "card-title": style("card-title", body * 1.15, font=fonts.bold, colour=colors.white,
                            after=0, leading=1.2),
        "callout-title": style("callout-title", body * 1.05, font=fonts.bold, after=0.25),
        "cell": style("cell", body, after=0),
        "cell-head": style("cell-head", body * 0.9, font=fonts.bold, after=0),
        "source": style("source", small, leftIndent=small * 2.2, firstLineIndent=-small * 2.2,
                        after=0.25),
        "disclaimer": style("disclaimer", body * 0.92, after=0),
        # Contents lines hold a title, dots and a number on one line: at most 13 pt.
        "toc": style("toc", min(body, 13.0), after=0.3),
        "cover-title": style("cover-title", body * 2.4, font=fonts.bold, colour=brand, after=0.3,
                             leading=1.15),
        "footer": style("footer", 8.5, colour=MUTED, after=0),
    }
    return StyleSheet(body, brand, colors.HexColor(accent), fonts, styles)
