"""A hand-written ReportLab platypus build of a condition handout: the benchmark's yardstick.

It takes careprint's `Document` (plain data from careprint/document.py) and builds the
two-page condition handout directly with platypus. It uses no Jinja2, no markup and none of
careprint's layout code: it does not import careprint.render.pages, careprint.render.flowables,
careprint.render.styles, careprint.render.markup or careprint.templates. It registers the DejaVu Sans
Condensed TTFs itself, under its own font names, and sets up its own styles, page templates,
letterhead, running head, footer and `Page X of Y` canvas. The design is the one careprint
draws at the standard print size (12 pt body):

- page 1: letterhead (logo, clinic name, subtitle, phone and website on the right, a rule),
  the title, a tinted "Key points" box, the sections in two balanced columns, and the warning
  signs box (red band, two groups side by side) pushed to the foot of the page;
- page 2: running head, "Your starter exercises: …", a tinted "Pain rule" band, one row per
  exercise (a 36 mm picture slot with the number beside the kind; the name, subtitle, dosage, key
  steps and the "stop if" line), then the boxed disclaimer with the review line, and the
  sources as running text at 8 pt in three columns;
- every page: a footer with the clinic's contact lines and `Page X of Y`; bookmarks for the
  title and each heading; fonts embedded; invariant=1.

Only the standard print size is built: that is the one the benchmark renders.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, Image, KeepTogether, ListFlowable,
    ListItem, NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle,
)
from reportlab.platypus.flowables import BalancedColumns

from careprint.document.assemble import Document, ExerciseCard, Section, WarningBox

# Page geometry, points (letter or A4, 9 mm margins).
MARGIN = 9 * mm
LETTERHEAD = 22 * mm
RUNNING_HEAD = 6.5 * mm
FOOTER_BAND = 11 * mm
PICTURE_SLOT = 36 * mm
BODY = 12.0
FOOTER_SIZE = 8.5

RED = colors.HexColor("#B3261E")
RED_TINT = colors.HexColor("#FDECEA")
AMBER = colors.HexColor("#8A5300")
INK = colors.HexColor("#1B1B1B")
GREY = colors.HexColor("#5A5A5A")
LINE = colors.HexColor("#C9CED6")

FONT_FILES = {"ref-sans": "DejaVuSansCondensed.ttf",
              "ref-sans-bold": "DejaVuSansCondensed-Bold.ttf",
              "ref-sans-italic": "DejaVuSansCondensed-Oblique.ttf"}
REGULAR, BOLD, ITALIC = FONT_FILES


@lru_cache(maxsize=None)
def register_fonts(font_dir: Path) -> None:
    """Register the three faces once per process, as any long-running program would."""
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_dir / filename)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                  boldItalic=BOLD)


def build(doc: Document, assets: Path) -> tuple[bytes, int]:
    """The condition handout's PDF and its page count. `assets` holds fonts/ and logos/."""
    if doc.print_size != "standard":
        raise ValueError("the reference builds the standard print size only")
    register_fonts(assets / "fonts")
    page = {"a4": A4, "letter": LETTER}[doc.page_size]
    width = page[0] - 2 * MARGIN
    s = _styles(colors.HexColor(doc.clinic.primary))
    accent = colors.HexColor(doc.clinic.accent)

    story: list[Flowable] = [NextPageTemplate("later"), Bookmark(doc.title, 0),
                             Paragraph(_t(doc.title), s["h1"])]
    story += _tinted_box(s, width, "Key points", s.primary, accent,
                         [_bullets(s, doc.key_points)])
    story.append(BalancedColumns(
        [f for section in doc.sections for f in _section(s, section)], nCols=2,
        innerPadding=6 * mm, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        spaceAfter=BODY * 0.3))
    warnings = [_warning_box(s, width, doc.warnings), Spacer(1, BODY * 0.5)]
    story += [ToFoot(warnings), *warnings]

    if doc.exercises:
        heading = f"Your starter exercises: {doc.set_title}"
        rule = doc.pain_rule
        story += [PageBreak(), CondPageBreak(BODY * 6), Bookmark(heading, 1),
                  Paragraph(_t(heading), s["h2"])]
        story += _tinted_box(s, width, None, s.primary, accent, [
            Paragraph(f"<b>Pain rule:</b> {_t(rule.ok)} <b>Stop and call us if "
                      f"{_t(', or '.join(rule.stop_if))}.</b> {_t(rule.terms)}",
                      s["callout"])])
        story += [_exercise_row(s, width, ex, accent, assets) for ex in doc.exercises]

    story += _disclaimer_and_sources(s, width, doc)
    return _write(doc, story, s, page, assets)


# -- styles -------------------------------------------------------------------------------------

class Styles(dict):
    primary: colors.Color


def _styles(primary: colors.Color) -> Styles:
    def ps(name: str, size: float, font: str = REGULAR, colour=INK, before: float = 0,
           after: float = 0.35, leading: float = 1.15, **extra) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading,
                              textColor=colour, spaceBefore=before * BODY,
                              spaceAfter=after * BODY, **extra)

    s = Styles(
        body=ps("body", BODY),
        callout=ps("callout", BODY, after=0.2),
        item=ps("item", BODY, after=0.08),
        small=ps("small", BODY, after=0),
        dosage=ps("dosage", BODY, after=0.2),
        stop=ps("stop", BODY, colour=AMBER, after=0.15),
        group=ps("group", BODY, BOLD, RED, after=0.15),
        h1=ps("h1", BODY * 1.75, BOLD, primary, after=0.35, leading=1.1),
        h2=ps("h2", BODY * 1.2, BOLD, primary, before=0.5, after=0.2, leading=1.15),
        box_title=ps("box_title", BODY * 1.1, BOLD, primary, after=0.2),
        red_band=ps("red_band", BODY * 1.1, BOLD, colors.white, after=0),
        exercise=ps("exercise", BODY * 1.1, BOLD, primary, after=0.1, leading=1.15),
        slot_number=ps("slot_number", BODY * 1.5, BOLD, primary, after=0, leading=1.0,
                       alignment=TA_CENTER),
        slot_kind=ps("slot_kind", 9, colour=GREY, after=0),
        disclaimer=ps("disclaimer", 10, after=0),
        reviewed=ps("reviewed", 10, colour=GREY, after=0.2),
        sources_head=ps("sources_head", 10, BOLD, primary, before=0.3, after=0.1),
        source=ps("source", 8, leftIndent=8 * 2.2, firstLineIndent=-8 * 2.2, after=0.05,
                  leading=1.15),
    )
    s.primary = primary
    return s


def _t(value: str) -> str:
    """Paragraph markup for plain text: whitespace collapsed, <, > and & escaped."""
    return escape(" ".join(value.split()))


def _grid(commands: list) -> TableStyle:
    # A table sets a cell font even around flowables: name ours, or it is unembedded Helvetica.
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, BODY), *commands])


def _no_padding() -> list:
    return [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]


# -- body ---------------------------------------------------------------------------------------

class Bookmark(Flowable):
    """Invisible: an outline entry (PDF bookmark) where it lands."""

    count = 0

    def __init__(self, title: str, level: int) -> None:
        super().__init__()
        Bookmark.count += 1
        self.title, self.level, self.key = title, level, f"ref{Bookmark.count}"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=True)


class ToFoot(Flowable):
    """Blank space that pushes the blocks after it to the foot of the page, if they fit."""

    def __init__(self, below: list[Flowable]) -> None:
        super().__init__()
        self.below = below
        self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        needed = sum(f.wrap(available_width, available_height)[1] for f in self.below)
        # 0.01 pt of slack so rounding never pushes the blocks over the page.
        self.height = max(0.0, available_height - needed - 0.01)
        return available_width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        pass


def _list(s: Styles, items: tuple[str, ...], numbered: bool) -> ListFlowable:
    style = ({"bulletType": "1", "bulletFormat": "%s.", "bulletFontName": BOLD} if numbered
             else {"bulletType": "bullet", "start": "•", "bulletFontName": REGULAR})
    return ListFlowable([ListItem(Paragraph(_t(i), s["item"])) for i in items],
                        bulletFontSize=BODY, leftIndent=BODY * 1.6, spaceAfter=BODY * 0.4,
                        bulletColor=s.primary, **style)


def _bullets(s: Styles, items: tuple[str, ...]) -> ListFlowable:
    return _list(s, items, numbered=False)


def _section(s: Styles, section: Section) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(BODY * 6), Bookmark(section.heading, 1),
                           Paragraph(_t(section.heading), s["h2"])]
    out += [Paragraph(_t(p), s["body"]) for p in section.paragraphs]
    if section.bullets:
        out.append(_bullets(s, section.bullets))
    return out


def _tinted_box(s: Styles, width: float, title: str | None, edge, tint,
                content: list[Flowable]) -> list[Flowable]:
    """A box on a tint with a thick bar down its left edge (key points, the pain rule)."""
    head = [Paragraph(_t(title), s["box_title"])] if title else []
    box = Table([[[*head, *content]]], colWidths=[width])
    box.setStyle(_grid([
        ("BACKGROUND", (0, 0), (-1, -1), tint), ("LINEBEFORE", (0, 0), (0, -1), 3, edge),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
    ]))
    return [box, Spacer(1, BODY * 0.6)]


def _warning_box(s: Styles, width: float, box: WarningBox) -> Table:
    """A red band with the heading, then the groups: the first beside all the others."""
    pad, gap = 3 * mm, 5 * mm
    columns: list[list[Flowable]] = []
    for n, group in enumerate(box.groups):
        flowables = [Paragraph(_t(group.heading), s["group"]), _bullets(s, group.items)]
        if n < 2:
            columns.append(flowables)
        else:
            columns[1] += flowables
    half = (width - 2 * pad - gap) / 2
    groups = Table([columns], colWidths=[half + gap, half][:len(columns)])
    groups.setStyle(_grid([("VALIGN", (0, 0), (-1, -1), "TOP"), *_no_padding(),
                           ("RIGHTPADDING", (0, 0), (0, 0), gap)]))
    table = Table([[Paragraph(_t(box.heading), s["red_band"])], [groups]], colWidths=[width])
    table.setStyle(_grid([
        ("BACKGROUND", (0, 0), (-1, 0), RED), ("BACKGROUND", (0, 1), (-1, -1), RED_TINT),
        ("BOX", (0, 0), (-1, -1), 1.6, RED),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, 0), 1.5 * mm), ("BOTTOMPADDING", (0, 0), (-1, 0), 1.5 * mm),
        ("TOPPADDING", (0, 1), (-1, 1), 2 * mm), ("BOTTOMPADDING", (0, 1), (-1, 1), 1 * mm),
    ]))
    return table


def _exercise_row(s: Styles, width: float, ex: ExerciseCard, accent, assets: Path) -> Flowable:
    """The picture slot on the left; the name, dosage, key steps and "stop if" on the right."""
    gap = 4 * mm
    text_width = width - PICTURE_SLOT - gap
    title = _t(f"{ex.number}. {ex.name}") + _t(ex.cites)
    if ex.subtitle:
        title += (f'<font name="{REGULAR}" color="#{GREY.hexval()[2:]}">'
                  f"  –  {_t(ex.subtitle)}</font>")
    first = [Paragraph(title, s["exercise"]),
             Paragraph(f"<b>{_t(ex.dosage_brief)}</b>", s["dosage"])]
    rows = [[_picture(s, ex, accent, assets), first],
            ["", _list(s, ex.key_steps, numbered=True)],
            ["", Paragraph(_t(ex.stop_if), s["stop"])]]
    table = Table(rows, colWidths=[PICTURE_SLOT + gap, text_width])
    table.setStyle(_grid([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), *_no_padding(),
        ("RIGHTPADDING", (0, 0), (0, -1), gap),
        ("TOPPADDING", (0, 0), (-1, 0), 1 * mm), ("BOTTOMPADDING", (0, -1), (-1, -1), 0.8 * mm),
        ("LINEABOVE", (0, 0), (-1, 0), 0.6, LINE),
    ]))
    return KeepTogether([table])


def _picture(s: Styles, ex: ExerciseCard, accent, assets: Path) -> Flowable:
    """The exercise's picture, fitted to the slot; until it has one, its number and kind."""
    if ex.image:
        path = str(assets / ex.image)
        w, h = ImageReader(path).getSize()
        scale = min(PICTURE_SLOT / w, PICTURE_SLOT * 0.8 / h)
        return Image(path, width=w * scale, height=h * scale)
    slot = Table([[Paragraph(str(ex.number), s["slot_number"]),
                   Paragraph(_t(ex.kind.capitalize()), s["slot_kind"])]],
                 colWidths=[PICTURE_SLOT * 0.35, PICTURE_SLOT * 0.65], rowHeights=[BODY * 1.7])
    slot.setStyle(_grid([
        ("BACKGROUND", (0, 0), (-1, -1), accent),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        *_no_padding(),
    ]))
    return slot


def _disclaimer_and_sources(s: Styles, width: float, doc: Document) -> list[Flowable]:
    text = f"<b>Important:</b> {_t(doc.disclaimer)} <i>{_t(doc.reviewed)}</i>"
    box = Table([[Paragraph(text, s["disclaimer"])]], colWidths=[width])
    box.setStyle(_grid([
        ("BOX", (0, 0), (-1, -1), 0.6, LINE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
    ]))
    out: list[Flowable] = [Spacer(1, BODY * 0.3), KeepTogether([box]), Spacer(1, BODY * 0.3)]
    if doc.sources:
        out.append(_sources(s, width, doc))
    return out


def _sources(s: Styles, width: float, doc: Document) -> Table:
    """The sources as running text in three columns, cut where the characters divide evenly."""
    head = f'<font name="{BOLD}" color="#{s.primary.hexval()[2:]}">Sources</font>'
    texts = [head] + [f"<b>{n.number}</b>&nbsp;{_t(n.citation)}" for n in doc.sources]
    gap, count = 4 * mm, 3
    total = sum(len(t) for t in texts)
    columns: list[list[str]] = [[]]
    done = 0
    for text in texts:
        if len(columns) < count and done + len(text) / 2 > total * len(columns) / count:
            columns.append([])
        columns[-1].append(text)
        done += len(text)
    style = s["source"].clone("source-run", leftIndent=0, firstLineIndent=0)
    cells = [Paragraph("&nbsp;&nbsp; ".join(c), style) for c in columns]
    column = (width - gap * (len(cells) - 1)) / len(cells)
    table = Table([cells], colWidths=[column + gap] * (len(cells) - 1) + [column])
    table.setStyle(_grid([("VALIGN", (0, 0), (-1, -1), "TOP"), *_no_padding(),
                          ("RIGHTPADDING", (0, 0), (-2, -1), gap)]))
    return table


# -- pages --------------------------------------------------------------------------------------

class PageCountCanvas(Canvas):
    """`Page X of Y`: Y is a form XObject drawn on every page and filled in at save()."""

    TOTAL = "ref-total-pages"
    pages: list[int]

    def page_x_of_y(self, right: float, baseline: float) -> None:
        room = stringWidth("999", REGULAR, FOOTER_SIZE)
        self.setFont(REGULAR, FOOTER_SIZE)
        self.setFillColor(GREY)
        self.drawRightString(right - room, baseline, f"Page {self.getPageNumber()} of ")
        self.saveState()
        self.translate(right - room, baseline)
        self.doForm(self.TOTAL)
        self.restoreState()

    def save(self) -> None:
        total = self.getPageNumber() - 1
        self.pages.append(total)
        self.beginForm(self.TOTAL)
        self.setFont(REGULAR, FOOTER_SIZE)
        self.setFillColor(GREY)
        self.drawString(0, 0, str(total))
        self.endForm()
        super().save()


def _footer(canvas: PageCountCanvas, doc: Document) -> None:
    width = canvas._pagesize[0]
    line = FOOTER_SIZE * 1.25
    clinic = doc.clinic
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, MARGIN + 2 * line + 1 * mm, width - MARGIN, MARGIN + 2 * line + 1 * mm)
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, FOOTER_SIZE)
    canvas.drawString(MARGIN, MARGIN + line,
                      f"{clinic.name}  ·  {clinic.phone}  ·  {clinic.address}")
    website = clinic.website.split("://")[-1] if clinic.website else None
    canvas.drawString(MARGIN, MARGIN, "  ·  ".join(
        p for p in (clinic.email, website, clinic.footer) if p))
    canvas.page_x_of_y(width - MARGIN, MARGIN + line)


def _letterhead(canvas: Canvas, doc: Document, s: Styles, assets: Path) -> None:
    width, height = canvas._pagesize
    clinic = doc.clinic
    top = height - MARGIN
    x = MARGIN
    if clinic.logo:
        size = LETTERHEAD - 4 * mm
        canvas.drawImage(str(assets / clinic.logo), x, top - size, size, size, mask="auto")
        x += size + 4 * mm
    canvas.setFillColor(s.primary)
    canvas.setFont(BOLD, 16)
    canvas.drawString(x, top - 7.5 * mm, clinic.name)
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, 10.5)
    canvas.drawString(x, top - 13.5 * mm, doc.subtitle)
    canvas.setFillColor(s.primary)
    canvas.setFont(BOLD, 12)
    canvas.drawRightString(width - MARGIN, top - 7.5 * mm, clinic.phone)
    if clinic.website:
        canvas.setFillColor(GREY)
        canvas.setFont(REGULAR, 9)
        canvas.drawRightString(width - MARGIN, top - 13.5 * mm,
                               clinic.website.split("://")[-1])
    canvas.setStrokeColor(s.primary)
    canvas.setLineWidth(1.5)
    y = top - LETTERHEAD + 1.5 * mm
    canvas.line(MARGIN, y, width - MARGIN, y)


def _running_head(canvas: Canvas, doc: Document, s: Styles) -> None:
    width, height = canvas._pagesize
    size = FOOTER_SIZE + 0.5
    top = height - MARGIN
    canvas.setFillColor(s.primary)
    canvas.setFont(BOLD, size)
    canvas.drawString(MARGIN, top - size, doc.clinic.name)
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, size)
    canvas.drawRightString(width - MARGIN, top - size, f"{doc.title} — {doc.subtitle}")
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.8)
    y = top - RUNNING_HEAD + 3 * mm
    canvas.line(MARGIN, y, width - MARGIN, y)


def _write(doc: Document, story: list[Flowable], s: Styles, page: tuple[float, float],
           assets: Path) -> tuple[bytes, int]:
    bottom = MARGIN + FOOTER_BAND

    def frame(top_band: float, name: str) -> Frame:
        return Frame(MARGIN, bottom, page[0] - 2 * MARGIN, page[1] - MARGIN - top_band - bottom,
                     id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def first(canvas, template) -> None:
        canvas.saveState()
        _letterhead(canvas, doc, s, assets)
        _footer(canvas, doc)
        canvas.restoreState()

    def later(canvas, template) -> None:
        canvas.saveState()
        _running_head(canvas, doc, s)
        _footer(canvas, doc)
        canvas.restoreState()

    buffer, pages = io.BytesIO(), []
    template = BaseDocTemplate(
        buffer, pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, invariant=1, lang="en", displayDocTitle=1,
        initialFontName=REGULAR, initialFontSize=BODY,
        title=f"{doc.title} — {doc.subtitle}", author=doc.clinic.name,
        subject=f"{doc.subtitle}: {doc.title}", creator="bench/reference.py",
        producer="bench/reference.py",
        pageTemplates=[PageTemplate("first", [frame(LETTERHEAD, "first")], onPage=first),
                       PageTemplate("later", [frame(RUNNING_HEAD, "later")], onPage=later)])
    canvasmaker = type("Canvas", (PageCountCanvas,), {"pages": pages})
    template.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue(), pages[-1]
