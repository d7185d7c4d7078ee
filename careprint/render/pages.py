"""Stage 4d, pages: flowables on branded pages, written to PDF bytes.

The letterhead, running heads, footer with `Page X of Y`, bookmarks, and — after whatever the
template wrote — the disclaimer and the numbered sources are all added here, from the Document,
so a template can rearrange content but never drop the safety text. A pack is one ReportLab
document, so its fonts and logo are stored once, its page numbers run on, and its contents page
gets real page numbers from a second layout pass.
"""

from __future__ import annotations

import io
from dataclasses import replace
from functools import lru_cache
from itertools import combinations
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.utils import ImageReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate, Flowable, Frame, KeepInFrame, KeepTogether,
    NextPageTemplate, PageBreak,
    PageTemplate, Spacer, Table,
)

from careprint.document.assemble import ClinicView, Document, PackDocument
from careprint.render.assets import Assets
from careprint.render.flowables import Builder, table_style
from careprint.render.markup import Element, escape
from careprint.render.paragraph import Paragraph
from careprint.render.styles import MUTED, PRESETS, RULE, StyleSheet

PAGE_SIZES = {"a4": A4, "letter": LETTER}
COVER_BAND = 95 * mm

# Streams stored as binary, not ASCII85 text: a PDF is a binary file anyway (it goes by email
# as an attachment), ASCII85 makes every image and font a quarter larger, and ReportLab encodes
# it in pure Python, a few milliseconds of each sheet.
rl_config.useA85 = 0


def safety_flowables(doc: Document, sheet: StyleSheet, width: float,
                     mark: Flowable | None = None) -> list[Flowable]:
    """The disclaimer, who reviewed the content and when, and the numbered sources: added to
    every document, whatever the template. `mark`, when given, goes just before the source
    list: it tells the page the list starts on."""
    text = f"<b>{escape(doc.labels['important'])}</b> {escape(doc.disclaimer)}"
    if doc.kind == "condition":  # who stands behind the content, and since when
        text += f" <i>{escape(doc.reviewed)}</i>"
    box = Table([[Paragraph(text, sheet["disclaimer"])]], colWidths=[width])
    box.setStyle(table_style(sheet, [("BOX", (0, 0), (-1, -1), 0.6, RULE),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                                     ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm)]))
    flow: list[Flowable] = [Spacer(1, sheet.body * 0.3), KeepTogether([box]),
                            Spacer(1, sheet.body * 0.3)]
    if doc.sources:
        if mark is not None:
            flow.append(mark)
        entries = [(f"{s.number} {s.citation}", f"<b>{s.number}</b>&nbsp;{escape(s.citation)}")
                   for s in doc.sources]
        if sheet.preset.columns > 1:
            flow.append(_run_on_sources(entries, width, sheet, doc.labels["sources"]))
        else:  # large print: one running paragraph across the page, free to run on
            style = sheet["source"]
            flow.append(Paragraph("&nbsp;&nbsp; ".join(
                [_sources_head(sheet, doc.labels["sources"]),
                 *(markup for _, markup in entries)]), style))
    return flow


def _run_on_sources(entries: list[tuple[str, str]], width: float, sheet: StyleSheet,
                    heading: str = "Sources", counts: tuple[int, ...] = (2, 3)) -> Table:
    """Sources as running text in 2 or 3 columns (`counts`) of about equal height, whichever
    is shorter.

    Small type, one entry after another: a list with an entry a line leaves half a line
    empty after each, which on a one-sheet handout is room the exercises need. The number of
    columns and where to cut are chosen from the text's measured width, so only the final
    columns are laid out.
    """
    gap = 4 * mm
    style = sheet["source"]
    texts = [(heading, _sources_head(sheet, heading)), *entries]
    widths = [stringWidth(plain + "   ", style.fontName, style.fontSize) for plain, _ in texts]
    # The fewest lines; on a tie, two columns (wider ones break fewer words).
    _, count, cuts = min(_columns_plan(widths, (width - gap * (n - 1)) / n, n) for n in counts)
    column = (width - gap * (count - 1)) / count
    bounds = (0, *cuts, len(texts))
    cells = [Paragraph("&nbsp;&nbsp; ".join(markup for _, markup in texts[a:b]), style)
             for a, b in zip(bounds, bounds[1:])]
    table = Table([cells], colWidths=[column + gap] * (len(cells) - 1) + [column])
    table.setStyle(table_style(sheet, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), gap), ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _columns_plan(widths: list[float], column: float, count: int
                  ) -> tuple[int, int, tuple[int, ...]]:
    """(lines in the tallest column, count, where to cut) for the most even cut of entries
    this wide into `count` columns."""

    def lines(a: int, b: int) -> int:
        return -(-int(sum(widths[a:b]) * 1.08) // int(column))  # a little for ragged ends

    def tallest(cuts: tuple[int, ...]) -> int:
        bounds = (0, *cuts, len(widths))
        return max(lines(a, b) for a, b in zip(bounds, bounds[1:]))

    cuts = min(combinations(range(1, len(widths)), count - 1), key=tallest, default=())
    return tallest(cuts), count, cuts


def _sources_head(sheet: StyleSheet, heading: str) -> str:
    return (f"<font name=\"{sheet.fonts.bold}\" color=\"{_hex(sheet.primary)}\">"
            f"{escape(heading)}</font>")


def _hex(colour) -> str:
    return "#" + colour.hexval()[2:]


class HandoutStart(Flowable):
    """Invisible: the first page of a handout in a pack (running head, bookmark, contents)."""

    def __init__(self, running_title: str, title: str, key: str) -> None:
        super().__init__()
        self.running_title, self.title, self.key = running_title, title, key

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas.numbering.setdefault("front", canvas.getPageNumber() - 1)
        canvas.running_title = self.running_title
        canvas.bookmarkPage(self.key)
        canvas.addOutlineEntry(self.title, self.key, level=0, closed=True)


class _NumberedCanvas(rl_canvas.Canvas):
    """Writes `Page X of Y`: Y is a form drawn on every page but filled in only at the end.

    Pages before `numbering["front"]` (a pack's cover and contents) are not counted. Pages are
    not held back to count them, so bookmarks keep pointing at the right pages.
    """

    footer_font: tuple[str, float] = ("Helvetica", 9)
    page_count: list[int]
    # "Page {page} of {pages}": the words before the total, and the cover's page label.
    page_of: str = "Page {page} of {pages}"
    cover_label: str = "Cover"
    TOTAL = "careprint-total-pages"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.numbering: dict[str, int] = {}
        self.running_title = ""

    def draw_page_number(self, right: float, baseline: float) -> None:
        number = self.getPageNumber() - self.numbering.get("front", 0)
        if number < 1:
            return
        font, size = self.footer_font
        room = stringWidth("999", font, size)
        self.setFont(font, size)
        self.setFillColor(MUTED)
        before = self.page_of.split("{pages}")[0]
        self.drawRightString(right - room, baseline, before.replace("{page}", str(number)))
        self.saveState()
        self.translate(right - room, baseline)
        self.doForm(self.TOTAL)
        self.restoreState()

    def save(self) -> None:
        front = self.numbering.get("front", 0)
        pages = self.getPageNumber() - 1
        self.page_count.append(pages)
        self.beginForm(self.TOTAL)
        self.setFont(*self.footer_font)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(pages - front))
        self.endForm()
        if front:
            self.addPageLabel(0, prefix=self.cover_label)
            self.addPageLabel(1, style="ROMAN_LOWER")
            self.addPageLabel(front, style="ARABIC")
        super().save()


def _fitted(text: str, font: str, size: float, room: float, smallest: float = 6.5
            ) -> tuple[str, float]:
    """Text that fits `room` points: smaller type first, then cut short with '…'."""
    while stringWidth(text, font, size) > room and size > smallest:
        size -= 0.5
    while text and stringWidth(text, font, size) > room:
        text = text[:-2].rstrip() + "…"
    return text, size


def _draw(canvas: rl_canvas.Canvas, x: float, y: float, text: str, font: str, size: float,
          room: float, right: bool = False, smallest: float = 6.5) -> None:
    text, size = _fitted(text, font, size, room, smallest)
    canvas.setFont(font, size)
    (canvas.drawRightString if right else canvas.drawString)(x, y, text)


def _footer(canvas: rl_canvas.Canvas, width: float, clinic: ClinicView, sheet: StyleSheet,
            numbered: bool = True) -> None:
    style = sheet["footer"]
    margin, size = sheet.preset.margin, style.fontSize
    line = size * 1.25
    rule = margin + 2 * line + 1 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(margin, rule, width - margin, rule)
    canvas.setFillColor(MUTED)
    room = width - 2 * margin - size * 9  # the page number has the right-hand corner
    first = f"{clinic.name}  ·  {clinic.phone}  ·  {clinic.address}"  # address shortens first
    _draw(canvas, margin, margin + line, first, style.fontName, size, room)
    second = [clinic.email, clinic.website.split("://")[-1] if clinic.website else None,
              clinic.footer]
    _draw(canvas, margin, margin, "  ·  ".join(p for p in second if p),
          style.fontName, size, width - 2 * margin)
    if numbered:
        canvas.draw_page_number(width - margin, margin + line)


def _letterhead(canvas: rl_canvas.Canvas, clinic: ClinicView, subtitle: str, sheet: StyleSheet,
                assets: Assets) -> None:
    """Logo, clinic name and the document's kind; the phone number large enough to read."""
    width, height = canvas._pagesize
    margin, band = sheet.preset.margin, sheet.preset.letterhead
    scale = band / (22 * mm)  # everything here grows with the print size
    top = height - margin
    x = margin
    if clinic.logo:
        size = band - 4 * mm * scale
        canvas.drawImage(logo_image(assets.find(clinic.logo)), x, top - size, size, size,
                         mask="auto")
        x += size + 4 * mm * scale
    right_room = 62 * mm * scale
    room = width - margin - x - right_room  # the phone and website sit on the right
    canvas.setFillColor(sheet.primary)
    _draw(canvas, x, top - 7.5 * mm * scale, clinic.name, sheet.fonts.bold, 16 * scale, room)
    canvas.setFillColor(MUTED)
    _draw(canvas, x, top - 13.5 * mm * scale, subtitle, sheet.fonts.regular, 10.5 * scale, room)
    right = width - margin
    canvas.setFillColor(sheet.primary)
    _draw(canvas, right, top - 7.5 * mm * scale, clinic.phone, sheet.fonts.bold, 12 * scale,
          right_room, right=True)
    canvas.setFillColor(MUTED)
    if clinic.website:
        _draw(canvas, right, top - 13.5 * mm * scale, clinic.website.split("://")[-1],
              sheet.fonts.regular, 9 * scale, right_room, right=True)
    canvas.setStrokeColor(sheet.primary)
    canvas.setLineWidth(1.5)
    canvas.line(margin, top - band + 1.5 * mm, width - margin, top - band + 1.5 * mm)


def _running_head(canvas: rl_canvas.Canvas, clinic: ClinicView, title: str,
                  sheet: StyleSheet) -> None:
    width, height = canvas._pagesize
    margin = sheet.preset.margin
    size = sheet.preset.footer + 0.5
    top = height - margin
    # The clinic's name keeps its width; the title has the rest, at the same size on every
    # page and in every document, cut short with '…' rather than shrunk.
    name_width = min(stringWidth(clinic.name, sheet.fonts.bold, size), (width - 2 * margin) / 2)
    canvas.saveState()
    canvas.setFillColor(sheet.primary)
    _draw(canvas, margin, top - size, clinic.name, sheet.fonts.bold, size, name_width)
    canvas.setFillColor(MUTED)
    _draw(canvas, width - margin, top - size, title, sheet.fonts.regular, size,
          width - 2 * margin - name_width - 6 * mm, right=True, smallest=size)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.8)
    canvas.line(margin, top - size - 1.6 * mm, width - margin, top - size - 1.6 * mm)
    canvas.restoreState()


def _frame(page: tuple[float, float], sheet: StyleSheet, top_space: float, name: str) -> Frame:
    margin = sheet.preset.margin
    bottom = margin + sheet.preset.footer_band
    return Frame(margin, bottom, page[0] - 2 * margin, page[1] - margin - top_space - bottom,
                 id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


class _PackTemplate(BaseDocTemplate):
    """Sends each handout's first page to the contents, numbered as printed in the footer."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab's name)
        if isinstance(flowable, HandoutStart):
            self._front = getattr(self, "_front", None) or self.page - 1
            # The contents entry is paragraph markup: the title must be escaped.
            self.notify("TOCEntry", (0, escape(flowable.title), self.page - self._front,
                                     flowable.key))


def _template(cls, buffer, page, sheet: StyleSheet, metadata: dict[str, str], templates,
              language: str = "en"):
    margin = sheet.preset.margin
    # /Lang in the catalog: screen readers speak the text in the document's language.
    return cls(buffer, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
               bottomMargin=margin, invariant=1, lang=language, displayDocTitle=1,
               initialFontName=sheet.fonts.regular, initialFontSize=sheet.body,
               creator="careprint", producer="careprint", pageTemplates=templates, **metadata)


def _canvas_class(sheet: StyleSheet, pages: list[int], labels) -> type:
    return type("Canvas", (_NumberedCanvas,),
                {"footer_font": (sheet["footer"].fontName, sheet["footer"].fontSize),
                 "page_count": pages, "page_of": labels["page_of"],
                 "cover_label": labels["cover"]})


def figures_of(docs) -> dict:
    """The built-in figure of each exercise the documents show, by exercise id."""
    return {card.id: card.figure for doc in docs for card in doc.exercises if card.figure}


def render_document(doc: Document, body: Element, sheet: StyleSheet, assets: Assets,
                    metadata: dict[str, str]) -> tuple[bytes, int]:
    """One handout or sheet: the PDF and its page count."""
    page = PAGE_SIZES[doc.page_size]
    width = page[0] - 2 * sheet.preset.margin
    builder = Builder(sheet, assets, width, figures=figures_of([doc]))
    body_story = builder.flow(body, width)
    mark = _PageMark()
    story = [NextPageTemplate("later"), *body_story, *safety_flowables(doc, sheet, width, mark)]
    pdf, pages = write_document(doc, story, sheet, assets, metadata)
    if mark.page is not None and mark.page < pages and doc.sources:
        # The source list ran onto a page of its own: in smaller type (as in standard print;
        # it is for reference, not for the patient to act on) it may fit the page before.
        small = replace(sheet, styles={**sheet.styles, "source": _smaller_sources(sheet)})
        story = [NextPageTemplate("later"), *builder.flow(body, width),
                 *safety_flowables(doc, small, width)]
        tighter = write_document(doc, story, small, assets, metadata)
        if tighter[1] < pages:
            return tighter
    return pdf, pages


def logo_image(path: Path) -> ImageReader | str:
    """The logo for drawImage. A PNG is opened by Pillow's PNG reader: opened by name, Pillow
    first imports the reader of every format it knows, ~7 ms of a cold sheet."""
    if path.suffix.lower() != ".png":
        return str(path)
    status = path.stat()
    return _png_logo(path, status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=8)
def _png_logo(path: Path, size: int, mtime_ns: int) -> ImageReader | str:
    from PIL import PngImagePlugin

    try:
        return ImageReader(PngImagePlugin.PngImageFile(str(path)))
    except Exception:  # not a PNG after all: ReportLab opens it, and reports it, as before
        return str(path)


class _PageMark(Flowable):
    """Invisible: remembers the page it is drawn on."""

    def __init__(self) -> None:
        super().__init__()
        self.page: int | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.page = self.canv.getPageNumber()


def _smaller_sources(sheet: StyleSheet) -> ParagraphStyle:
    size = min(sheet["source"].fontSize, PRESETS["standard"].sources)
    return sheet["source"].clone("source-small", fontSize=size, leading=size * 1.08)


def write_document(doc: Document, story: list[Flowable], sheet: StyleSheet, assets: Assets,
                   metadata: dict[str, str]) -> tuple[bytes, int]:
    """A story on the document's branded pages: letterhead, running head and footer."""
    page = PAGE_SIZES[doc.page_size]
    running = doc.title

    def first(canvas, template) -> None:
        _letterhead(canvas, doc.clinic, doc.subtitle, sheet, assets)
        _footer(canvas, page[0], doc.clinic, sheet)

    def later(canvas, template) -> None:
        _running_head(canvas, doc.clinic, running, sheet)
        _footer(canvas, page[0], doc.clinic, sheet)

    templates = [PageTemplate("first", [_frame(page, sheet, sheet.preset.letterhead, "first")], onPageEnd=first),
                 PageTemplate("later", [_frame(page, sheet, sheet.preset.running_head, "later")], onPageEnd=later)]
    buffer, pages = io.BytesIO(), []
    _template(BaseDocTemplate, buffer, page, sheet, metadata, templates, doc.language).build(
        story, canvasmaker=_canvas_class(sheet, pages, doc.labels))
    return buffer.getvalue(), pages[-1]


def render_pack(pack: PackDocument, bodies: list[Element], sheet: StyleSheet, assets: Assets,
                metadata: dict[str, str]) -> tuple[bytes, int]:
    """A pack: cover, contents, then each handout with its own disclaimer and sources."""
    page = PAGE_SIZES[pack.page_size]
    width = page[0] - 2 * sheet.preset.margin
    # Imported here: only packs have a contents page.
    from reportlab.platypus.tableofcontents import TableOfContents

    builder = Builder(sheet, assets, width, outline={"h2": 1}, figures=figures_of(pack.parts))
    # The contents is a table: without a font of its own it would name Helvetica, unembedded.
    toc = TableOfContents(dotsMinLevel=0, levelStyles=[sheet["toc"]], tableStyle=table_style(
        sheet, [("VALIGN", (0, 0), (-1, -1), "TOP"), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    cover_frame = _frame(page, sheet, COVER_BAND, "cover")
    story: list[Flowable] = [*_cover(pack, sheet, cover_frame._width, cover_frame._height),
                             NextPageTemplate("front"), PageBreak(),
                             Paragraph(escape(pack.labels["contents"]), sheet["h1"]), toc]
    # Each handout starts on a letterhead page, as it does printed alone, so it has the
    # same pages in the pack as on its own.
    for number, (doc, body) in enumerate(zip(pack.parts, bodies), start=1):
        story += [NextPageTemplate("first"), PageBreak(),
                  HandoutStart(doc.title, doc.title, f"h{number}"),
                  NextPageTemplate("later"), *builder.flow(body, width),
                  *safety_flowables(doc, sheet, width)]
    for number, extra in enumerate(pack.extra_pages, start=1):
        story += [NextPageTemplate("later"), PageBreak(),
                  HandoutStart(extra.heading, extra.heading, f"x{number}"),
                  Paragraph(escape(extra.heading), sheet["h1"]),
                  *[Paragraph(escape(p), sheet["body"]) for p in extra.paragraphs]]

    def cover(canvas, template) -> None:
        _cover_band(canvas, pack, sheet, assets)

    def first(canvas, template) -> None:
        _letterhead(canvas, pack.clinic, pack.labels["subtitle_condition"], sheet, assets)
        _footer(canvas, page[0], pack.clinic, sheet)

    def later(canvas, template) -> None:
        _running_head(canvas, pack.clinic, canvas.running_title, sheet)
        _footer(canvas, page[0], pack.clinic, sheet)

    templates = [
        PageTemplate("cover", [cover_frame], onPageEnd=cover),
        PageTemplate("front", [_frame(page, sheet, 8 * mm, "front")]),
        # Heads and footers are drawn as a page ends, once the handout on it is known.
        PageTemplate("first", [_frame(page, sheet, sheet.preset.letterhead, "first")], onPageEnd=first),
        PageTemplate("later", [_frame(page, sheet, sheet.preset.running_head, "later")], onPageEnd=later),
    ]
    buffer, pages = io.BytesIO(), []
    _template(_PackTemplate, buffer, page, sheet, metadata, templates, pack.language).multiBuild(
        story, canvasmaker=_canvas_class(sheet, pages, pack.labels))
    return buffer.getvalue(), pages[-1]


def _cover(pack: PackDocument, sheet: StyleSheet, width: float, height: float
           ) -> list[Flowable]:
    """The cover's words, shrunk if need be (large print, a long intro) to stay on one page."""
    out: list[Flowable] = [Paragraph(escape(pack.title), sheet["cover-title"])]
    if pack.subtitle:
        out.append(Paragraph(escape(pack.subtitle), sheet["lead"]))
    out.append(Spacer(1, sheet.body))
    out += [Paragraph(escape(p), sheet["body"]) for p in pack.intro]
    out += [Spacer(1, sheet.body), Paragraph(escape(pack.labels["in_this_pack"]), sheet["h2"])]
    out += [Paragraph(f"•&nbsp;&nbsp;{escape(d.title)}", sheet["item"]) for d in pack.parts]
    return [KeepInFrame(width, height, out, mode="shrink")]


def _cover_band(canvas: rl_canvas.Canvas, pack: PackDocument, sheet: StyleSheet,
                assets: Assets) -> None:
    width, height = canvas._pagesize
    band = 75 * mm
    canvas.setFillColor(sheet.primary)
    canvas.rect(0, height - band, width, band, stroke=0, fill=1)
    x = sheet.preset.margin
    if pack.clinic.logo:
        size = 30 * mm
        canvas.drawImage(logo_image(assets.find(pack.clinic.logo)), x,
                         height - band / 2 - size / 2, size, size, mask="auto")
        x += size + 8 * mm
    canvas.setFillColorRGB(1, 1, 1)
    room = width - sheet.preset.margin - x
    _draw(canvas, x, height - band / 2 + 2 * mm, pack.clinic.name, sheet.fonts.bold, 24, room)
    _draw(canvas, x, height - band / 2 - 7 * mm, pack.clinic.phone, sheet.fonts.regular, 11,
          room)
    _footer(canvas, width, pack.clinic, sheet, numbered=False)
