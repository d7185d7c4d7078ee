"""Stage 4c, layout: checked markup becomes ReportLab flowables on branded pages.

Each markup element maps to one builder through a plain dict. The letterhead, the footer with
`Page X of Y`, the disclaimer and the numbered sources are added here from the Document, after
whatever the template wrote, so a template can move content around but never drop them.
"""

from __future__ import annotations

import re
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak, Flowable, Image, KeepTogether, ListFlowable, ListItem, PageBreak, Spacer,
    Table, TableStyle,
)
from reportlab.platypus.flowables import BalancedColumns

from careprint.document.assemble import Document, ExerciseCard, Patient
from careprint.render.assets import Assets
from careprint.render.markup import Element, MarkupError, escape, plain_text
from careprint.render.paragraph import Paragraph
from careprint.render.styles import (
    CAUTION, CAUTION_TINT, MUTED, NOTES, PRESETS, RULE, URGENT, URGENT_TINT, NotesSettings,
    StyleSheet,
)


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


class BookmarkedHeading(Paragraph):
    """A heading that is its own bookmark: an invisible mark beside it would be dropped
    inside balanced columns, which lay out only what has a size."""

    def __init__(self, markup: str, style, title: str, level: int) -> None:
        super().__init__(markup, style)
        self.mark = OutlineMark(title, level)

    def draw(self) -> None:
        self.mark.canv = self.canv
        self.mark.draw()
        super().draw()


class Builder:
    """Maps each checked markup element to flowables, through a plain dict."""

    def __init__(self, sheet: StyleSheet, assets: Assets, width: float,
                 outline: dict[str, int] | None = None, figures: dict | None = None) -> None:
        self.sheet, self.assets, self.width = sheet, assets, width
        self.figures = figures or {}  # exercise id -> its built-in Figure
        self.outline = {"h1": 0, "h2": 1} if outline is None else outline
        self.builders: dict[str, Callable[[Element, float], list[Flowable]]] = {
            "h1": self.heading, "h2": self.heading, "h3": self.heading,
            "p": self.paragraph, "ul": self.bullets, "ol": self.numbered,
            "steps": self.numbered, "callout": self.callout, "card": self.card,
            "img": self.image, "qr": self.qr, "table": self.table,
            "pagebreak": lambda e, w: [PageBreak()], "keep": self.keep,
            "spacer": lambda e, w: [Spacer(1, float(e.attrs["height"]) * mm)],
            "columns": self.columns, "bottom": self.bottom, "exercise": self.exercise,
        }

    def flow(self, element: Element, width: float) -> list[Flowable]:
        out: list[Flowable] = []
        for child in element.children:
            if isinstance(child, Element):
                out += self.builders[child.tag](child, width)
        return out

    def heading(self, element: Element, width: float) -> list[Flowable]:
        if element.tag in self.outline:
            out: list[Flowable] = [BookmarkedHeading(inline(element), self.sheet[element.tag],
                                                     plain_text(element).strip(),
                                                     self.outline[element.tag])]
        else:
            out = [Paragraph(inline(element), self.sheet[element.tag])]
        # A heading never ends a page on its own.
        return [CondPageBreak(self.sheet.body * 6), *out] if element.tag == "h2" else out

    def paragraph(self, element: Element, width: float) -> list[Flowable]:
        return [Paragraph(inline(element), self.sheet[element.attrs.get("style", "body")])]

    def _list(self, element: Element, numbered: bool, start: int = 1) -> list[Flowable]:
        body = self.sheet["body"]
        items = [ListItem(Paragraph(inline(li), self.sheet["item"])) for li in element.children
                 if isinstance(li, Element)]
        kind = {"bulletType": "1", "bulletFormat": "%s.", "start": start} if numbered else \
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
        if kind == "urgent":
            return self._urgent(element, width)
        edge, tint = {"caution": (CAUTION, CAUTION_TINT)}.get(
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

    def _urgent(self, element: Element, width: float) -> list[Flowable]:
        """The warning signs: a heavy red frame, the title on a red band, groups in columns."""
        sheet = self.sheet
        pad = 3 * mm
        inner = width - 2 * pad
        title = Paragraph(escape(element.attrs.get("title", "")),
                          sheet["callout-title"].clone("urgent-title", textColor=colors.white,
                                                       spaceAfter=0))
        groups: list[list[Flowable]] = []
        for child in element.children:
            if not isinstance(child, Element):
                continue
            if child.tag == "p" and child.attrs.get("style") == "group" or not groups:
                groups.append([])
            groups[-1] += self.builders[child.tag](child, inner)
        for group in groups:
            if group and isinstance(group[0], Paragraph):
                group[0].style = group[0].style.clone("group-first", spaceBefore=0)
        if sheet.preset.columns > 1 and len(groups) > 1:
            # Side by side, what to do now beside what to do today: half the height.
            half = (width - 2 * pad - 5 * mm) / 2
            groups = [groups[0], [f for g in groups[1:] for f in g]]
            body = Table([groups], colWidths=[half + 5 * mm, half])
            body.setStyle(table_style(sheet, [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 5 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
            rows = [[title], [body]]
        else:
            # One group a row: a long box in large print may go on over a page, group by
            # group, with its red title repeated, instead of leaving a page half empty.
            rows = [[title], *[[group] for group in groups]]
        box = Table(rows, colWidths=[width], repeatRows=1)
        box.setStyle(table_style(sheet, [
            ("BACKGROUND", (0, 0), (-1, 0), URGENT),
            ("BACKGROUND", (0, 1), (-1, -1), URGENT_TINT),
            ("BOX", (0, 0), (-1, -1), 1.6, URGENT),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, 0), 1.5 * mm), ("BOTTOMPADDING", (0, 0), (-1, 0), 1.5 * mm),
            ("TOPPADDING", (0, 1), (-1, -1), 2 * mm), ("BOTTOMPADDING", (0, 1), (-1, -1), 1 * mm),
        ]))
        if len(rows) > 2:  # a table splits only where a whole group fits under the title
            return [box, Spacer(1, sheet.body * 0.5)]
        return [KeepTogether([box]), Spacer(1, sheet.body * 0.5)]

    def columns(self, element: Element, width: float) -> list[Flowable]:
        count = int(element.attrs.get("count", "2"))
        if count == 1:
            return self.flow(element, width)
        content = self._headed(element, width)
        # Two balanced columns of about 45 characters: easier to read than one of 90.
        return [BalancedColumns(content, nCols=count, innerPadding=6 * mm, leftPadding=0,
                                rightPadding=0, topPadding=0, bottomPadding=0,
                                spaceAfter=self.sheet.body * 0.3)]

    def _headed(self, element: Element, width: float) -> list[Flowable]:
        """Flowables in which each heading travels with the first line of what follows it.

        Balanced columns ignore keepWithNext, and a heading alone at the foot of a column
        leaves the reader hunting: so the heading and the first paragraph or list item are
        one block that cannot be split.
        """
        children = [c for c in element.children if isinstance(c, Element)]
        out: list[Flowable] = []
        index = 0
        while index < len(children):
            child = children[index]
            after = children[index + 1] if index + 1 < len(children) else None
            if child.tag in {"h2", "h3"} and after is not None and after.tag != child.tag:
                head = [f for f in self.builders[child.tag](child, width)
                        if not isinstance(f, CondPageBreak)]
                first, rest = self._first_part(after, width)
                # A block of more than about 12 lines may still split, or it could fit no column.
                out += [Together(head + first, splits_above=self.sheet.body * 15), *rest]
                index += 2
            else:
                out += self.builders[child.tag](child, width)
                index += 1
        return out

    def _first_part(self, element: Element, width: float) -> tuple[list[Flowable], list[Flowable]]:
        """A list as a head of two items, a middle and a tail of two that never part, so no
        item is left alone at the top or foot of a column; a paragraph whole."""
        items = [c for c in element.children if isinstance(c, Element)]
        if element.tag not in {"ul", "ol"} or len(items) < 4:
            return self.builders[element.tag](element, width), []

        def part(chosen: list[Element], last: bool = False) -> list[Flowable]:
            flowables = self.builders[element.tag](Element(element.tag, element.attrs,
                                                           tuple(chosen)), width)
            if not last:  # the list goes on: only the space between items
                flowables[0].spaceAfter = self.sheet["item"].spaceAfter
            return flowables

        middle = part(items[2:-2]) if len(items) > 4 else []
        return part(items[:2]), [*middle, Together(part(items[-2:], last=True))]

    def bottom(self, element: Element, width: float) -> list[Flowable]:
        content = self.flow(element, width)
        # A template may leave its <bottom> empty (an {% if %} that was false): nothing to pin.
        if not content:
            return []
        label = element.attrs.get("notes")
        notes = NotesLines(label, self.sheet["notes"], NOTES,
                           self.sheet.body / PRESETS["standard"].body) if label else None
        return [PinnedToBottom(self._opened(content), notes)]

    def exercise(self, element: Element, width: float) -> list[Flowable]:
        """One exercise as a row: its picture slot on the left, what to do on the right."""
        if self.sheet.preset.columns > 1:
            # Kept whole on one page; one taller than a page runs on between its steps.
            return [KeptUnlessTaller(self._exercise_row(element, width, whole=True),
                                     lambda: self._exercise_row(element, width, whole=False))]
        return [self._exercise_row(element, width, whole=False)]

    def _exercise_row(self, element: Element, width: float, whole: bool) -> Table:
        sheet = self.sheet
        slot = sheet.preset.picture_slot
        gap = 4 * mm
        text_width = width - slot - gap
        attrs = element.attrs
        heading = f"{attrs.get('number', '')}. {attrs['title']}".lstrip(". ")
        title = escape(heading)
        if attrs.get("cites"):
            title += escape(attrs["cites"])
        if attrs.get("subtitle"):  # on the same line: a plain-words name costs no height
            muted = "#" + MUTED.hexval()[2:]
            title += (f"<font name=\"{sheet.fonts.regular}\" color=\"{muted}\">"
                      f"  –  {escape(attrs['subtitle'])}</font>")
        parts = [c for c in element.children if isinstance(c, Element)]
        # "You will need" goes in the picture slot's column, in the room the steps leave: under
        # the tick boxes in a row kept whole, beside the last steps in a row that runs on.
        needs = [c for c in parts if c.tag == "p" and c.attrs.get("style") == "needs"]
        parts = [c for c in parts if c not in needs]
        cells = self._step_rows(parts, text_width) or [[]]
        strip = self._tick_strip(attrs["log"].split(","), slot) if attrs.get("log") else None
        under = _spaced([strip] if strip else [])
        if whole:
            under += _spaced(self._stack(needs, slot))
        name = Paragraph(title, sheet["exercise-title"])
        room = None
        figure = attrs.get("figure") in self.figures and not attrs.get("image")
        if whole:
            words = _packed([name, *[f for cell in cells for f in cell]])
            if figure:
                # A built-in figure takes the room the words leave beside the tick boxes and
                # what is needed, so it makes the row as little taller as it can.
                room = _height(words, text_width) - _height(under, slot)
        elif figure:
            # Running on, it and the tick boxes stand beside the first step and what comes
            # before it.
            room = _height(_packed(list(cells[0])), text_width) - _height(under, slot)
        picture = self._picture_slot(attrs, slot, room,
                                     compact=not whole or not attrs.get("log"))
        if whole:
            # The picture and the week's tick boxes fill the left column beside every row.
            # One row, not a row per step under a spanning picture: when the picture is the
            # taller, the room left over goes below the text, not between its steps.
            left = [picture, *under]
            rows = [[left, words]]
        else:
            # Runs on between steps; only the name, beside the picture, repeats at the top
            # of the next page.
            rows = [[picture, name], [under[1:] or "", _packed(cells[0])],
                    *[["", _packed(c)] for c in cells[1:]]]
            if _taller_than_a_line(picture, slot, sheet.body):
                rows = self._beside_picture(picture, under, name, cells, slot, text_width)
            if needs:
                self._needs_beside_steps(rows, needs, slot, text_width)
        row = Table(rows, colWidths=[slot + gap, text_width], repeatRows=0 if whole else 1)
        row.setStyle(table_style(sheet, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), gap),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 1 * mm),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 0.8 * mm),
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
        ]))
        return row

    def _needs_beside_steps(self, rows: list[list], needs: list[Element], slot: float,
                            text_width: float) -> None:
        """What an exercise needs, in a row that runs on: as one block beside its last steps
        (the note and cautions), or line by line in the empty left cells beside the steps,
        whichever makes the rows grow less: no gap opens between steps."""
        block = self._stack(needs, slot)
        pieces = [self.paragraph(Element("p", {"style": "needs"}, tuple(line)), slot)[0]
                  for element in needs for line in _lines(element)]
        empty = [row for row in rows[1:] if row[0] == ""][:len(pieces)]
        last = rows[-1]

        def growth(left: list[Flowable], row: list) -> float:
            return max(0.0, _height(left, slot) - _height(row[1], text_width))

        spread = (len(empty) == len(pieces)
                  and sum(growth([piece], row) for piece, row in zip(pieces, empty))
                  < (growth(block, last) if last[0] == "" else float("inf")))
        if spread:
            for piece, row in zip(pieces, empty):
                row[0] = piece
        elif last[0] == "":
            last[0] = block
        else:
            last[0] = [*(last[0] if isinstance(last[0], list) else [last[0]]), *_spaced(block)]

    @staticmethod
    def _beside_picture(picture: Flowable, under: list[Flowable], name: Paragraph,
                        cells: list[list[Flowable]], slot: float, text_width: float
                        ) -> list[list]:
        """Rows of a run-on exercise with a real picture: beside the name alone it would push
        the steps below it, so it goes beside as many first steps as it needs, with the tick
        boxes and what is needed under it (kept together, as a picture is)."""
        tall = picture.wrap(slot, 10_000)[1]
        # The picture, its tick boxes and what is needed stay beside the first steps: put in
        # a later row, a column taller than its steps opened gaps between them.
        beside = [picture, *under]
        needed = tall + (_height(under, slot) if under else 0)
        first, rest = list(cells[0]), [list(c) for c in cells[1:]]
        while rest and _height(_packed(first), text_width) < needed:
            first += rest.pop(0)
        return [["", name], [beside, _packed(first)], *[["", _packed(c)] for c in rest]]

    def _tick_strip(self, days: list[str], width: float) -> Table:
        """A week of tick boxes, one per day, headed by the day's initial."""
        sheet = self.sheet
        pitch = width / len(days)
        letters = [Paragraph(escape(day[:1]), sheet["slot-day"]) for day in days]
        boxes = [TickBox(min(pitch - 1 * mm, sheet.body * 0.9)) for _ in days]
        strip = Table([letters, boxes], colWidths=[pitch] * len(days))
        strip.setStyle(table_style(sheet, [
            ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0.5 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5 * mm),
        ]))
        return strip

    def _step_rows(self, parts: list[Element], width: float) -> list[list[Flowable]]:
        """What to do, one row per step, so a long exercise may run on between steps: what
        comes before the steps (the dosage, the start) joins the first, and the note and
        cautions join the last, so a "stop if" never stands apart from its steps."""
        index = next((n for n, part in enumerate(parts) if part.tag == "steps"), None)
        if index is None:
            return [self._stack(parts, width)] if parts else []
        steps = [s for s in parts[index].children if isinstance(s, Element)]
        rows = [self._list(Element("steps", {}, (step,)), numbered=True, start=number)
                for number, step in enumerate(steps, start=1)]
        rows[0] = self._stack(parts[:index], width) + rows[0]
        rows[-1] = rows[-1] + self._stack(parts[index + 1:], width)
        return rows

    def _picture_slot(self, attrs: dict[str, str], size: float, room: float | None = None,
                      compact: bool = False) -> list[Flowable] | Flowable:
        """The exercise's picture, fitted to the slot: the clinic's own, else careprint's
        built-in figure; without either, its number and kind."""
        if attrs.get("image") or attrs.get("image_end"):  # the clinic's own
            # Imported here: Pillow's decoders and svglib cost a sheet without photos ~10 ms.
            from careprint.render.pictures import picture_slot

            pictures = picture_slot(self.sheet, self.assets, attrs, size)
            if pictures is not None:
                return pictures
        figure = self.figures.get(attrs.get("figure", ""))
        if figure is not None:
            from careprint.render.figure_slot import figure_slot  # only where a figure prints

            return figure_slot(self.sheet, figure, attrs.get("side") or None, size,
                               attrs.get("number", ""), compact=compact, room=room,
                               # a sheet's note; a handout's row says "each side" itself
                               note=_side_note(attrs))
        sheet = self.sheet
        # One line, the number beside the kind: as tall as the exercise's name beside it.
        panel = Table([[Paragraph(escape(attrs.get("number", "")), sheet["slot-number"]),
                        Paragraph(escape(attrs.get("kind", "").capitalize()),
                                  sheet["slot-kind"])]],
                      colWidths=[size * 0.35, size * 0.65], rowHeights=[sheet.body * 1.7])
        panel.setStyle(table_style(sheet, [
            ("BACKGROUND", (0, 0), (-1, -1), sheet.accent),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (1, 0), (1, 0), 0),
        ]))
        return panel

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

    def image(self, element: Element, width: float,
              fit: tuple[float, float] | None = None) -> list[Flowable]:
        path = self.assets.find(element.attrs["src"])
        try:
            reader = ImageReader(str(path))
            w, h = reader.getSize()
        except Exception as err:  # Pillow raises many kinds for a broken file
            msg = f"<img src=\"{element.attrs['src']}\">: not a readable image ({err})"
            raise MarkupError(msg) from err
        if fit:  # inside a box: as large as fits, keeping the picture's shape
            scale = min(fit[0] / w, fit[1] / h)
            return [Image(str(path), width=w * scale, height=h * scale)]
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
            pad = (self.sheet.preset.log_row - self.sheet.body * 1.2) / 2
            commands += [("TOPPADDING", (0, 1), (-1, -1), pad),
                         ("BOTTOMPADDING", (0, 1), (-1, -1), pad)]
        elif element.attrs.get("style") == "form":
            # Lines to write on: the answer row is tall enough for handwriting.
            commands += [("BACKGROUND", (0, 0), (-1, 0), self.sheet.accent),
                         ("TOPPADDING", (0, 1), (-1, -1), self.sheet.preset.log_row / 2),
                         ("BOTTOMPADDING", (0, 1), (-1, -1), self.sheet.preset.log_row / 2)]
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
        return [KeepTogether(self._opened(self.flow(element, width)))]

    @staticmethod
    def _opened(flowables: list[Flowable]) -> list[Flowable]:
        # A KeepTogether inside another block measures as endless and pushes the whole block
        # to a new page, so the inner ones are opened up.
        content: list[Flowable] = []
        for flowable in flowables:
            content += flowable._content if isinstance(flowable, KeepTogether) else [flowable]
        return content


class KeptUnlessTaller(KeepTogether):
    """A block kept whole on one page, as KeepTogether; one taller than a whole page (which
    no page break can help) is replaced by its other form, made by `run_on`, which splits."""

    def __init__(self, content: Flowable, run_on: Callable[[], Flowable]) -> None:
        super().__init__([content])
        self._run_on = run_on

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        frames = [getattr(self, "_frame", None)]
        peek = self._doctemplateAttr("_peekNextFrame")
        frames.append(peek() if peek else None)
        rooms = [f._height - f._topPadding - f._bottomPadding for f in frames if f is not None]
        if rooms and self._H > max(rooms):
            # Placed as any flowable is: split here, or on the next page.
            return [self.NullActionFlowable(), self._run_on()]
        return super().split(available_width, available_height)


class Together(Flowable):
    """Flowables drawn as one block (a heading and its first lines, a list's last two items).

    Only a block taller than `splits_above` points splits, keeping its first parts whole:
    a paragraph too long for any column must still run on.
    """

    def __init__(self, content: list[Flowable], splits_above: float = float("inf")) -> None:
        super().__init__()
        self.content = content
        self.splits_above = splits_above
        self._heights: list[float] = []  # each part with the gap above it
        self._gaps: list[float] = []
        # The block keeps the space its first part wants before and its last part after.
        self.spaceBefore = content[0].getSpaceBefore()
        self.spaceAfter = content[-1].getSpaceAfter()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._heights, self._gaps = [], []
        for n, flowable in enumerate(self.content):
            # the gap a frame would leave between two parts
            gap = max(self.content[n - 1].getSpaceAfter(), flowable.getSpaceBefore()) if n else 0
            height = flowable.wrapOn(self.canv, available_width, available_height)[1]
            self._gaps.append(gap)
            self._heights.append(gap + height)
        self.width = available_width
        return available_width, sum(self._heights)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Only a part too long for any column splits, and the heading keeps its first lines."""
        self.wrap(available_width, available_height)
        if sum(self._heights) <= self.splits_above:
            return []
        *lead, last = self.content
        room = available_height - sum(self._heights[:-1]) - self._gaps[-1]
        parts = last.split(available_width, room) if room > 0 else []
        if len(parts) < 2:
            return []
        return [Together([*lead, parts[0]], self.splits_above), *parts[1:]]

    def draw(self) -> None:
        y = sum(self._heights)
        for flowable, height in zip(self.content, self._heights):
            y -= height
            flowable.drawOn(self.canv, 0, y)


class PinnedToBottom(Together):
    """Blocks set at the foot of the page they start on, when they fit there.

    The warning-signs box sits at the bottom of a handout's front page, where a patient
    turning the sheet over finds it, however long the text above it runs. The room left
    above it holds ruled lines for notes, when there is enough for a few.
    """

    def __init__(self, content: list[Flowable], notes: Flowable | None = None) -> None:
        super().__init__(content)
        self.notes = notes
        self._room = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        needed = super().wrap(available_width, available_height)[1]
        self._room = available_height - needed
        # Taking all the room left draws the blocks at its foot (they are drawn top down
        # from the height they need); when they do not fit, they go to the next page.
        return available_width, max(needed, available_height) if needed <= available_height \
            else needed

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        super().draw()
        if self.notes is not None and self._room > 0:
            _, height = self.notes.wrap(self.width, self._room)
            if height:
                self.notes.drawOn(self.canv, 0, sum(self._heights) + self._room - height)


class NotesLines(Flowable):
    """A heading and ruled lines for handwriting, as many as `height` holds; none when it
    holds fewer than the settings' least."""

    def __init__(self, label: str, style: ParagraphStyle, settings: NotesSettings,
                 scale: float = 1.0) -> None:
        super().__init__()
        self.heading = Paragraph(escape(label), style)
        self.settings, self.pitch = settings, settings.line_pitch * scale
        self._lines = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        head = self.heading.wrap(available_width, available_height)[1]
        gaps = self.settings.gap_above + self.settings.gap_below
        room = available_height - head - gaps
        self._lines = int(room // self.pitch) if room > 0 else 0
        if self._lines < self.settings.least_lines:
            self._lines = 0
            return available_width, 0
        self._head = head
        return available_width, self.settings.gap_above + head + self._lines * self.pitch

    def draw(self) -> None:
        if not self._lines:
            return
        top = self._head + self._lines * self.pitch
        self.heading.drawOn(self.canv, 0, top - self._head)
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        for n in range(1, self._lines + 1):
            y = top - self._head - n * self.pitch
            self.canv.line(0, y, self.width, y)


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


def _lines(element: Element) -> list[list[Element | str]]:
    """The children of an element, cut into lines at each <br/>."""
    lines: list[list[Element | str]] = [[]]
    for child in element.children:
        if isinstance(child, Element) and child.tag == "br":
            lines.append([])
        else:
            lines[-1].append(child)
    return [line for line in lines if line]


def _spaced(flowables: list[Flowable]) -> list[Flowable]:
    """Flowables for the left column under the picture slot, each group a little apart."""
    return [Spacer(1, 1.5 * mm), *flowables] if flowables else []


def _height(flowables: list[Flowable], width: float) -> float:
    """How tall flowables stack, measured before layout (lists need a canvas to measure)."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(BytesIO())
    return sum(f.wrapOn(canvas, width, 10_000)[1] + f.getSpaceAfter() for f in flowables)


def _taller_than_a_line(flowable: Flowable, width: float, body: float) -> bool:
    """A picture, not the one-line number-and-kind panel that stands in for one."""
    return flowable.wrap(width, 10_000)[1] > body * 2


def _packed(flowables: list[Flowable]) -> list[Flowable]:
    """Parts of an exercise stacked in one cell, line after line like the rows they were."""
    for flowable in flowables:
        if isinstance(flowable, Paragraph):
            flowable.style = flowable.style.clone(f"{flowable.style.name}-packed", spaceAfter=0)
        elif isinstance(flowable, ListFlowable):
            flowable.spaceAfter = 0
    return flowables


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
                 "next_appointment": "--next-appointment",
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


def _side_note(attrs: dict[str, str]) -> bool | str:
    """Under a sheet's figure, which side it shows: the template's words (`side_note`, in
    the document's language), or careprint's English for a template that gives none."""
    if not attrs.get("log"):
        return False
    return attrs["side_note"] if "side_note" in attrs else True
