"""Stage 4c, layout: checked markup becomes ReportLab flowables on branded pages.

Each markup element maps to one builder through a plain dict. The letterhead, the footer with
`Page X of Y`, the disclaimer and the numbered sources are added here from the Document, after
whatever the template wrote, so a template can move content around but never drop them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak, Flowable, Image, KeepTogether, ListFlowable, ListItem, PageBreak, Paragraph,
    Spacer, Table, TableStyle,
)

from careprint.document import Document, ExerciseCard, Patient
from careprint.markup import Element, MarkupError, plain_text
from careprint.styles import CAUTION, CAUTION_TINT, MUTED, RULE, URGENT, URGENT_TINT, StyleSheet


@dataclass(frozen=True)
class Assets:
    """Finds a file a template or the library names, only inside the allowed asset folders."""

    folders: tuple[Path, ...]

    def find(self, relpath: str) -> Path:
        for folder in self.folders:
            path = (folder / relpath).resolve()
            if path.is_relative_to(folder.resolve()) and path.is_file():
                return path
        raise MarkupError(f"<img src=\"{relpath}\">: no such file inside assets/")


class OutlineMark(Flowable):
    """Invisible: a PDF bookmark (and, for level 0 in packs, a contents entry) at this point."""

    _count = 0

    def __init__(self, title: str, level: int) -> None:
        super().__init__()
        OutlineMark._count += 1
        self.title, self.level, self.key = title, level, f"o{OutlineMark._count}"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=True)


class Builder:
    """Maps each checked markup element to flowables, through a plain dict."""

    def __init__(self, sheet: StyleSheet, assets: Assets, width: float,
                 outline: dict[str, int] | None = None) -> None:
        self.sheet, self.assets, self.width = sheet, assets, width
        self.outline = {"h1": 0, "h2": 1} if outline is None else outline
        self.builders: dict[str, Callable[[Element, float], list[Flowable]]] = {
            "h1": self.heading, "h2": self.heading, "h3": self.heading,
            "p": self.paragraph, "ul": self.bullets, "ol": self.numbered,
            "steps": self.numbered, "callout": self.callout, "card": self.card,
            "img": self.image, "qr": self.qr, "table": self.table,
            "pagebreak": lambda e, w: [PageBreak()], "keep": self.keep,
            "spacer": lambda e, w: [Spacer(1, float(e.attrs["height"]) * mm)],
        }

    def flow(self, element: Element, width: float) -> list[Flowable]:
        out: list[Flowable] = []
        for child in element.children:
            if isinstance(child, Element):
                out += self.builders[child.tag](child, width)
        return out

    def heading(self, element: Element, width: float) -> list[Flowable]:
        para = Paragraph(inline(element), self.sheet[element.tag])
        out: list[Flowable] = [para]
        if element.tag in self.outline:
            out.insert(0, OutlineMark(plain_text(element).strip(), self.outline[element.tag]))
        # A heading never ends a page on its own.
        return [CondPageBreak(self.sheet.body * 6), *out] if element.tag == "h2" else out

    def paragraph(self, element: Element, width: float) -> list[Flowable]:
        return [Paragraph(inline(element), self.sheet[element.attrs.get("style", "body")])]

    def _list(self, element: Element, numbered: bool) -> list[Flowable]:
        body = self.sheet["body"]
        items = [ListItem(Paragraph(inline(li), self.sheet["item"])) for li in element.children
                 if isinstance(li, Element)]
        kind = {"bulletType": "1", "bulletFormat": "%s."} if numbered else \
            {"bulletType": "bullet", "start": "•"}
        return [ListFlowable(items, bulletFontName=self.sheet.fonts.bold if numbered else
                             self.sheet.fonts.regular, bulletFontSize=body.fontSize,
                             leftIndent=body.fontSize * 1.6, spaceAfter=body.fontSize * 0.4,
                             bulletColor=self.sheet.primary, **kind)]

    def bullets(self, element: Element, width: float) -> list[Flowable]:
        return self._list(element, numbered=False)

    def numbered(self, element: Element, width: float) -> list[Flowable]:
        return self._list(element, numbered=True)

    def callout(self, element: Element, width: float) -> list[Flowable]:
        kind = element.attrs["kind"]
        edge, tint = {"urgent": (URGENT, URGENT_TINT), "caution": (CAUTION, CAUTION_TINT)}.get(
            kind, (self.sheet.primary, self.sheet.accent))
        inner = width - 7 * mm
        content: list[Flowable] = []
        title = element.attrs.get("title")
        if title:
            style = self.sheet["callout-title"].clone("callout-title-x", textColor=edge)
            content.append(Paragraph(escape(title), style))
        for flowable in self.flow(element, inner):
            if isinstance(flowable, Paragraph) and flowable.style.name == "body":
                flowable.style = self.sheet["callout"]
            content.append(flowable)
        if content and isinstance(content[-1], Paragraph):
            content[-1].style = content[-1].style.clone("last", spaceAfter=0)
        box = Table([[content]], colWidths=[width])
        box.setStyle(table_style(self.sheet, [
            ("BACKGROUND", (0, 0), (-1, -1), tint),
            ("LINEBEFORE", (0, 0), (0, -1), 3, edge),
            ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
        ]))
        return [box, Spacer(1, self.sheet.body * 0.6)]

    def card(self, element: Element, width: float) -> list[Flowable]:
        """A boxed exercise: steps on the left; cautions, picture and QR code beside them."""
        sheet = self.sheet
        parts = [c for c in element.children if isinstance(c, Element)]
        side = [c for c in parts if c.tag in {"img", "qr", "callout"}]
        lead = []
        for child in parts:  # paragraphs before the steps run across the whole card
            if child.tag in {"steps", "ul", "ol"} or child in side:
                break
            lead.append(child)
        main = [c for c in parts if c not in side and c not in lead]
        pad = 3.5 * mm
        side_width = width * 0.36 if side else 0
        main_width = width - side_width - 2 * pad
        rows: list[list] = [[Paragraph(escape(element.attrs["title"]), sheet["card-title"]), ""]]
        rows += [[self.builders[c.tag](c, width - 2 * pad), ""] for c in lead]
        body_row = len(rows)
        rows.append([self._stack(main, main_width), self._stack(side, side_width - pad)])
        commands = [
            ("BACKGROUND", (0, 0), (-1, 0), sheet.primary),
            ("BOX", (0, 0), (-1, -1), 0.8, sheet.primary),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 1 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 1.8 * mm), ("BOTTOMPADDING", (0, 0), (-1, 0), 1.8 * mm),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 2.5 * mm), ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ]
        commands += [("SPAN", (0, row), (1, row)) for row in range(body_row)]
        if not side:
            commands.append(("SPAN", (0, body_row), (1, body_row)))
        # A card taller than a page splits between rows; its title repeats on the next page.
        table = Table(rows, colWidths=[width - side_width, side_width], repeatRows=1)
        table.setStyle(table_style(self.sheet, commands))
        return [KeepTogether([table]), Spacer(1, sheet.body * 0.8)]

    def _stack(self, elements: list[Element], width: float) -> list[Flowable]:
        out: list[Flowable] = []
        for child in elements:
            out += self.builders[child.tag](child, width)
        while out and isinstance(out[-1], Spacer):
            out.pop()
        return out

    def image(self, element: Element, width: float) -> list[Flowable]:
        path = self.assets.find(element.attrs["src"])
        try:
            reader = ImageReader(str(path))
            w, h = reader.getSize()
        except Exception as err:  # Pillow raises many kinds for a broken file
            msg = f"<img src=\"{element.attrs['src']}\">: not a readable image ({err})"
            raise MarkupError(msg) from err
        target = min(float(element.attrs.get("width", 45)) * mm, width)
        return [Image(str(path), width=target, height=target * h / w), Spacer(1, 2 * mm)]

    def qr(self, element: Element, width: float) -> list[Flowable]:
        # Imported here: the barcode package costs 80 ms to load, most documents have no QR.
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing

        size = min(30 * mm, width)
        widget = QrCodeWidget(element.attrs["url"], barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
        drawing.add(widget)
        label = element.attrs.get("label")
        out: list[Flowable] = [drawing]
        if label:
            out.append(Paragraph(escape(label), self.sheet["muted"]))
        return out

    def table(self, element: Element, width: float) -> list[Flowable]:
        rows = [r for r in element.children if isinstance(r, Element)]
        log = element.attrs.get("style") == "log"
        data = [[self._cell(c, log) for c in r.children if isinstance(c, Element)] for r in rows]
        columns = max((len(r) for r in data), default=1)
        widths = _widths(element.attrs.get("widths"), columns, width, log)
        table = Table(data, colWidths=widths, repeatRows=1 if log else 0)
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.6, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * mm),
        ]
        if log:
            commands += [("BACKGROUND", (0, 0), (-1, 0), self.sheet.accent),
                         ("ALIGN", (1, 0), (-1, -1), "CENTER")]
            # Room to tick by hand; rows grow when a long exercise name wraps.
            commands += [("TOPPADDING", (0, 1), (-1, -1), 2.6 * mm),
                         ("BOTTOMPADDING", (0, 1), (-1, -1), 2.6 * mm)]
        else:
            commands += [("BACKGROUND", (0, 0), (0, -1), self.sheet.accent)]
        table.setStyle(table_style(self.sheet, commands))
        return [table, Spacer(1, self.sheet.body * 0.8)]

    def _cell(self, cell: Element, log: bool):
        if cell.attrs.get("box") == "yes":
            return TickBox(self.sheet.body * 0.95)
        style = self.sheet["cell-head" if cell.tag == "th" else "cell"]
        if log and cell.tag == "th" and style.fontSize > 12:
            # Day names head narrow columns: in large print they keep to 12 pt, not wrap.
            style = style.clone("log-head", fontSize=12, leading=14.5)
        return Paragraph(inline(cell), style)

    def keep(self, element: Element, width: float) -> list[Flowable]:
        # A KeepTogether inside another measures as endless and pushes the whole block to
        # a new page, so the inner ones are opened up.
        content: list[Flowable] = []
        for flowable in self.flow(element, width):
            content += flowable._content if isinstance(flowable, KeepTogether) else [flowable]
        return [KeepTogether(content)]


class TickBox(Flowable):
    """An empty square to tick by hand."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(MUTED)
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


def table_style(sheet: StyleSheet, commands: list) -> TableStyle:
    # Tables set a cell font even around flowables; without this it is Helvetica, unembedded.
    return TableStyle([("FONT", (0, 0), (-1, -1), sheet.fonts.regular, sheet.body), *commands])


def _widths(spec: str | None, columns: int, width: float, log: bool) -> list[float]:
    if spec:
        parts = [float(x) for x in spec.split(",")][:columns]
        total = sum(parts) or 1
        return [width * p / total for p in parts]
    if log and columns > 1:
        first = width * 0.36
        return [first] + [(width - first) / (columns - 1)] * (columns - 1)
    return [width / columns] * columns


def inline(element: Element) -> str:
    """ReportLab paragraph markup for text with b/i/br; every piece of text is escaped."""
    out = []
    for child in element.children:
        if isinstance(child, str):
            out.append(escape(re.sub(r"\s+", " ", child)))
        elif child.tag == "br":
            out.append("<br/>")
        else:
            out.append(f"<{child.tag}>{inline(child)}</{child.tag}>")
    return "".join(out).strip()


# What a user typed on the command line is named by its option.
_FIELD_LABELS = {"name": "--patient", "note": "--note", "clinician": "--clinician",
                 "date": "--date"}


def missing_glyphs(doc: Document, glyphs: frozenset[int]) -> list[tuple[str, str]]:
    """(character, field) for every character the fonts cannot draw, so none prints as a box."""
    found: dict[str, str] = {}

    def walk(value, label: str) -> None:
        if isinstance(value, str):
            for char in value:
                if not char.isspace() and ord(char) not in glyphs and char not in found:
                    found[char] = label
        elif isinstance(value, tuple):
            for n, item in enumerate(value, start=1):
                walk(item, f"{label} item {n}")
        elif hasattr(value, "__dataclass_fields__"):
            if isinstance(value, ExerciseCard):
                label = f"exercise '{value.id}'"
            for name in value.__dataclass_fields__:
                inner = (_FIELD_LABELS[name] if isinstance(value, Patient)
                         else f"{label} {name}".strip())
                walk(getattr(value, name), inner)

    walk(doc, "")
    return list(found.items())
