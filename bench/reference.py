"""A hand-written ReportLab platypus build of a condition handout: the benchmark's yardstick.

It takes careprint's `Document` as its data and builds, by hand, the body flowables that
condition.xml.j2 + careprint.markup + careprint.layout.Builder produce (headings with their
bookmarks, paragraphs, bullet lists, callouts and exercise cards as tables), with no Jinja2 and
no markup parsing. The page furniture, which careprint adds from the Document whatever the
template says, is careprint.pages' own: page templates, letterhead, running head, footer, the
`Page X of Y` canvas, and the disclaimer and sources block. So the only difference from
careprint is the template layer.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak, Flowable, Image, KeepTogether, ListFlowable, ListItem,
    NextPageTemplate, Paragraph, Spacer, Table,
)

from careprint.document import Document, ExerciseCard, Section
from careprint.layout import Assets, OutlineMark, table_style
from careprint.pages import (
    MARGIN, PAGE_SIZES, safety_flowables, write_document,
)
from careprint.styles import CAUTION, CAUTION_TINT, URGENT, URGENT_TINT, FontFamily, \
    StyleSheet, style_sheet


def text(value: str) -> str:
    """Paragraph markup for plain text, whitespace collapsed as careprint's `inline` does."""
    return escape(" ".join(value.split()))


def build(doc: Document, fonts: FontFamily, assets: Assets) -> tuple[bytes, int]:
    """The condition handout's PDF and its page count."""
    sheet = style_sheet(fonts, doc.clinic.primary, doc.clinic.accent, doc.print_size)
    page = PAGE_SIZES[doc.page_size]
    width = page[0] - 2 * MARGIN
    story = [NextPageTemplate("later"), *_body(doc, sheet, assets, width),
             *safety_flowables(doc, sheet, width)]
    return _write(doc, sheet, assets, page, story)


def _body(doc: Document, sheet: StyleSheet, assets: Assets, width: float) -> list[Flowable]:
    out: list[Flowable] = [OutlineMark(doc.title, 0), Paragraph(text(doc.title), sheet["h1"])]
    for paragraph in doc.summary:
        out.append(Paragraph(text(paragraph), sheet["lead"]))
    for section in doc.sections:
        out += _section(section, sheet)
    out += _callout(sheet, width, doc.urgent.heading, URGENT, URGENT_TINT,
                    [_bullets(sheet, doc.urgent.bullets)])
    if doc.exercises:
        first, *rest = doc.exercises
        keep, *after = _card(first, sheet, assets, width)
        out.append(KeepTogether([
            *_h2(sheet, f"Exercises: {doc.set_title}"),
            Paragraph(text(doc.set_purpose or ""), sheet["body"]),
            Paragraph("Move gently and within comfort. Some stretching feeling is normal; "
                      "sharp pain is not.", sheet["small"]),
            # careprint opens up a nested KeepTogether (it would measure as endless)
            *keep._content, *after]))
        for card in rest:
            out += _card(card, sheet, assets, width)
    further = f". Further reading: {doc.based_on}" if doc.based_on else ""
    out.append(Paragraph(text(doc.reviewed + further), sheet["muted"]))
    return out


def _h2(sheet: StyleSheet, heading: str) -> list[Flowable]:
    return [CondPageBreak(sheet.body * 6), OutlineMark(heading, 1),
            Paragraph(text(heading), sheet["h2"])]


def _section(section: Section, sheet: StyleSheet) -> list[Flowable]:
    out = _h2(sheet, section.heading)
    out += [Paragraph(text(p), sheet["body"]) for p in section.paragraphs]
    if section.bullets:
        out.append(_bullets(sheet, section.bullets))
    return out


def _list(sheet: StyleSheet, items: tuple[str, ...], numbered: bool) -> ListFlowable:
    body = sheet["body"]
    kind = {"bulletType": "1", "bulletFormat": "%s."} if numbered else \
        {"bulletType": "bullet", "start": "•"}
    return ListFlowable([ListItem(Paragraph(text(i), sheet["item"])) for i in items],
                        bulletFontName=sheet.fonts.bold if numbered else sheet.fonts.regular,
                        bulletFontSize=body.fontSize, leftIndent=body.fontSize * 1.6,
                        spaceAfter=body.fontSize * 0.4, bulletColor=sheet.primary, **kind)


def _bullets(sheet: StyleSheet, items: tuple[str, ...]) -> ListFlowable:
    return _list(sheet, items, numbered=False)


def _callout(sheet: StyleSheet, width: float, title: str | None, edge, tint,
             content: list[Flowable]) -> list[Flowable]:
    if title:
        style = sheet["callout-title"].clone("callout-title-x", textColor=edge)
        content = [Paragraph(text(title), style), *content]
    if content and isinstance(content[-1], Paragraph):
        content[-1].style = content[-1].style.clone("last", spaceAfter=0)
    box = Table([[content]], colWidths=[width])
    box.setStyle(table_style(sheet, [
        ("BACKGROUND", (0, 0), (-1, -1), tint), ("LINEBEFORE", (0, 0), (0, -1), 3, edge),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
    ]))
    return [box, Spacer(1, sheet.body * 0.6)]


def _card(ex: ExerciseCard, sheet: StyleSheet, assets: Assets, width: float) -> list[Flowable]:
    """Title row; dosage and start across the card; steps beside cautions, picture and QR."""
    pad = 3.5 * mm
    side_width = width * 0.36
    main = [_list(sheet, ex.steps, numbered=True)]
    if ex.note:
        main.append(Paragraph(f"<b>Note:</b> {text(ex.note)}", sheet["note"]))
    if ex.cites:
        main.append(Paragraph(f"Source: {text(ex.cites)}", sheet["muted"]))
    cautions = [Paragraph(text(c), sheet["callout"]) for c in ex.cautions]
    side = _callout(sheet, side_width - pad, None, CAUTION, CAUTION_TINT, cautions)
    if ex.image:
        side += _image(assets, ex.image, side_width - pad)
    if ex.video:
        side += _qr(sheet, ex.video, f"Watch: {ex.video_label}", side_width - pad)
    while isinstance(side[-1], Spacer):
        side.pop()
    rows = [
        [Paragraph(text(f"{ex.number}. {ex.name}"), sheet["card-title"]), ""],
        [[Paragraph(f"<b>How much:</b> {text(ex.dosage)}", sheet["dosage"])], ""],
        [[Paragraph(f"<b>Start:</b> {text(ex.starting_position)}", sheet["body"])], ""],
        [main, side],
    ]
    table = Table(rows, colWidths=[width - side_width, side_width])
    table.setStyle(table_style(sheet, [
        ("BACKGROUND", (0, 0), (-1, 0), sheet.primary),
        ("BOX", (0, 0), (-1, -1), 0.8, sheet.primary), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 1 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 1.8 * mm), ("BOTTOMPADDING", (0, 0), (-1, 0), 1.8 * mm),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 2.5 * mm), ("RIGHTPADDING", (1, 0), (1, -1), 0),
        *[("SPAN", (0, row), (1, row)) for row in range(3)],
    ]))
    return [KeepTogether([table]), Spacer(1, sheet.body * 0.8)]


def _image(assets: Assets, relpath: str, width: float) -> list[Flowable]:
    path = str(assets.find(relpath))
    w, h = ImageReader(path).getSize()
    target = min(45 * mm, width)
    return [Image(path, width=target, height=target * h / w), Spacer(1, 2 * mm)]


def _qr(sheet: StyleSheet, url: str, label: str, width: float) -> list[Flowable]:
    size = min(30 * mm, width)
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return [drawing, Paragraph(escape(label), sheet["muted"])]


def _write(doc: Document, sheet: StyleSheet, assets: Assets, page: tuple[float, float],
           story: list[Flowable]) -> tuple[bytes, int]:
    """careprint's own page furniture, so the two builds differ only in how the story is made."""
    metadata = {"title": f"{doc.title} — {doc.subtitle}", "author": doc.clinic.name,
                "subject": f"{doc.subtitle}: {doc.title}"}
    return write_document(doc, story, sheet, assets, metadata)
