"""The independent side of the cold-start benchmark: a hand-written ReportLab script.

It does what a competent developer would write to print one patient's exercise sheet from the
YAML library, without careprint: load the condition, its first exercise set, those exercises,
the clinic and the sources with PyYAML (libyaml's loader when present), register the same two
DejaVu Sans Condensed fonts, and lay out the same kind of two-page sheet with platypus — the
letterhead, the patient table, the note, the pain rule, one row per exercise with a week of tick
boxes, the warning signs, the disclaimer, the sources and a `Page X of Y` footer.

It imports nothing from careprint. Usage:

    python bench/cold_reference.py LIBRARY CONDITION PATIENT NOTE OUT.pdf
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CITE = re.compile(r"\s*\[@([a-z0-9-]+)\]")
DAYS = "MTWTFSS"


def read(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=LOADER)


def styles(primary: colors.Color) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="Ref", fontSize=9.5, leading=12)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName="Ref-Bold", fontSize=18, leading=22,
                                textColor=primary),
        "name": ParagraphStyle("name", base, fontName="Ref-Bold", fontSize=11, leading=14,
                               textColor=primary),
        "stop": ParagraphStyle("stop", base, textColor=colors.HexColor("#9A5B00")),
        "warn": ParagraphStyle("warn", base, fontName="Ref-Bold", textColor=colors.white,
                               fontSize=11, leading=14),
        "small": ParagraphStyle("small", base, fontSize=7, leading=8.5),
    }


class Cited:
    """Numbers each source at its first citation, as superscripts."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def __call__(self, text: str) -> str:
        def number(key: str) -> str:
            if key not in self.order:
                self.order.append(key)
            return f"<super>{self.order.index(key) + 1}</super>"

        # split() with one group alternates text and source ids.
        parts = CITE.split(text)
        return "".join(escape(part) if index % 2 == 0 else number(part)
                       for index, part in enumerate(parts))


def dosage(d: dict) -> str:
    words = []
    reps, sets = d.get("reps"), d.get("sets")
    if d.get("minutes"):
        words.append(f"{d['minutes']} minutes")
    elif sets and sets > 1 and reps:
        words.append(f"{sets} sets of {reps}")
    elif reps or sets:
        words.append(f"{reps or sets} times")
    if d.get("hold_seconds"):
        words.append(f"hold each for {d['hold_seconds']} seconds")
    if d.get("rest_seconds"):
        words.append(f"rest {d['rest_seconds']} seconds between sets")
    if d.get("side") == "each":
        words.append("each side")
    times = d.get("times_per_day", 1)
    words.append({1: "once a day", 2: "twice a day"}.get(times, f"{times} times a day"))
    days = d.get("days_per_week", 7)
    words.append("every day" if days == 7 else f"{days} days a week")
    return ", ".join(words)


def reference(entry: dict) -> str:
    authors = entry.get("authors", [])
    who = authors[0] + (", et al" if len(authors) > 1 else "") if authors else ""
    where = entry.get("journal") or entry.get("publisher", "")
    detail = f"{where}; {entry.get('year', '')}"
    if entry.get("volume"):
        detail = f"{where}. {entry['year']};{entry['volume']}:{entry.get('pages', '')}"
    link = f"doi:{entry['doi']}" if entry.get("doi") else re.sub(
        r"^https?://(www\.)?|/$", "", entry.get("url", ""))
    title = "" if entry.get("journal") else f" {entry['title']}."
    return f"{who}.{title} {detail}. {link}"


def tick_boxes(width: float) -> Table:
    pitch = width / 7
    table = Table([list(DAYS), [""] * 7], colWidths=[pitch] * 7, rowHeights=[9, pitch - 2])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Ref-Bold", 6), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("BOX", (0, 1), (-1, 1), 0.5, colors.grey), ("INNERGRID", (0, 1), (-1, 1), 0.5,
                                                     colors.grey),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def variation(value: str, exercises: Path) -> str:
    """An easier or harder version: another exercise, by its name (its file read only now),
    or a few words."""
    other = exercises / f"{value}.yaml"
    return f"Try {read(other)['name']}." if re.fullmatch(r"[a-z0-9-]+", value) and \
        other.is_file() else value


def exercise_row(number: int, ex: dict, dose: dict, note: str | None, st: dict, cite: Cited,
                 accent: colors.Color, width: float, exercises: Path) -> KeepTogether:
    left = 36 * mm
    panel = [Paragraph(f"<b>{number}</b> {escape(ex['kind'].capitalize())}", st["body"]),
             Spacer(1, 2), tick_boxes(left - 4 * mm)]
    marks = "".join(cite(f" [@{key}]") for key in ex.get("sources", []))
    text = [Paragraph(f"{number}. {escape(ex['name'])}{marks} – "
                      f"{escape(ex.get('subtitle', ''))}", st["name"]),
            Paragraph(f"<b>{escape(dosage(dose))}</b>", st["body"]),
            Paragraph(f"<b>Start:</b> {cite(ex['starting_position'])}", st["body"])]
    text += [Paragraph(f"{n}. {cite(step)}", st["body"]) for n, step in
             enumerate(ex["steps"], start=1)]
    if note:
        text.append(Paragraph(f"<b>Note:</b> {escape(note)}", st["body"]))
    vary = [f"<b>{label}</b> {escape(variation(ex.get(key), exercises))}"
            for key, label in (("easier", "Too hard?"), ("harder", "Too easy?")) if ex.get(key)]
    if vary:
        text.append(Paragraph(" / ".join(vary), st["body"]))
    text.append(Paragraph(cite(" ".join(ex.get("cautions", []))), st["stop"]))
    if ex.get("equipment"):
        panel.append(Paragraph(f"You will need: {escape(', '.join(ex['equipment']))}",
                               st["small"]))
    row = Table([[panel, text]], colWidths=[left, width - left])
    row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), "Ref"),
                             ("BACKGROUND", (0, 0), (0, 0), accent),
                             ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.lightgrey)]))
    return KeepTogether([row, Spacer(1, 3 * mm)])


def warning_box(signs: dict, clinic: dict, st: dict, cite: Cited, width: float) -> Table:
    heads = {"emergency": f"Call {clinic['emergency_number']} or go to "
                          f"{clinic['emergency_service']} now if you have:",
             "today": f"Call us on {clinic['phone']} or your doctor today if you have:"}
    cells = []
    for key in ("emergency", "today"):
        items = [Paragraph(f"<b>{escape(heads[key])}</b>", st["body"])]
        items += [Paragraph(f"• {cite(sign)}", st["body"]) for sign in signs.get(key, [])]
        cells.append(items)
    red = colors.HexColor("#B3261E")
    table = Table([[Paragraph("Warning signs: get help", st["warn"]), ""], cells],
                  colWidths=[width / 2] * 2)
    table.setStyle(TableStyle([("SPAN", (0, 0), (1, 0)), ("BACKGROUND", (0, 0), (-1, 0), red),
                               ("BOX", (0, 0), (-1, -1), 1, red),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONT", (0, 0), (-1, -1), "Ref")]))
    return table


def numbered_canvas(lines: tuple[str, str], running_head: tuple[str, str]) -> type:
    class Numbered(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.pages: list[dict] = []

        def showPage(self) -> None:
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            right = self._pagesize[0] - 18 * mm
            for state in self.pages:
                self.__dict__.update(state)
                self.setFont("Ref", 7)
                self.drawString(18 * mm, 12 * mm, lines[0])
                self.drawString(18 * mm, 8 * mm, lines[1])
                self.drawRightString(right, 12 * mm,
                                     f"Page {self._pageNumber} of {len(self.pages)}")
                if self._pageNumber > 1:
                    top = self._pagesize[1] - 10 * mm
                    self.drawString(18 * mm, top, running_head[0])
                    self.drawRightString(right, top, running_head[1])
                super().showPage()
            super().save()

    return Numbered


def main(library: Path, condition_id: str, patient: str, note: str, out: Path) -> None:
    handouts = library / "handouts"
    clinic = read(handouts / "clinic.yaml")
    condition = read(handouts / "conditions" / f"{condition_id}.yaml")
    exercise_set = read(handouts / "sets" / f"{condition['exercise_sets'][0]}.yaml")
    sources = read(handouts / "sources.yaml")
    fonts = library / "assets" / "fonts"
    pdfmetrics.registerFont(TTFont("Ref", str(fonts / "DejaVuSansCondensed.ttf")))
    pdfmetrics.registerFont(TTFont("Ref-Bold", str(fonts / "DejaVuSansCondensed-Bold.ttf")))
    primary = colors.HexColor(clinic["colours"]["primary"])
    accent = colors.HexColor(clinic["colours"]["accent"])
    st, cite = styles(primary), Cited()
    width = letter[0] - 36 * mm

    logo = Image(str(library / "assets" / clinic["logo"]), width=12 * mm, height=12 * mm)
    site = re.sub(r"^https?://", "", clinic["website"])
    head = Table([[logo, [Paragraph(escape(clinic["name"]), st["name"]),
                          Paragraph("Your exercise plan", st["small"])],
                   [Paragraph(escape(clinic["phone"]), st["name"]),
                    Paragraph(escape(site), st["small"])]]],
                 colWidths=[15 * mm, width - 65 * mm, 50 * mm],
                 style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONT", (0, 0), (-1, -1), "Ref")])
    goal = exercise_set.get("goal", "")
    if exercise_set.get("weeks"):
        goal += f". Do this for {exercise_set['weeks']} weeks, then we will review it."
    story = [head,
             Paragraph(escape(exercise_set["title"]), st["title"]),
             Paragraph(f"<b>Your goal:</b> {escape(goal)}", st["body"]),
             Paragraph(f"For: {escape(condition['title'])}. <b>Questions? Call us on "
                       f"{escape(clinic['phone'])}.</b>", st["body"]), Spacer(1, 2 * mm)]
    story.append(Table([["Patient", patient, "Date", "1 December 2026"],
                        ["Clinician", "", "Next visit", ""]], colWidths=[width / 4] * 4,
                       style=[("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                              ("FONT", (0, 0), (-1, -1), "Ref", 9.5)]))
    if note:
        story.append(Paragraph(f"<b>Note from your clinician:</b> {escape(note)}", st["body"]))
    rule = clinic["pain_rule"]
    rule_marks = "".join(cite(f" [@{key}]") for key in rule.get("sources", []))
    story.append(Paragraph(
        f"<b>Pain rule:</b> Mild discomfort (up to {rule['ok_up_to']} out of 10) is OK if it "
        f"settles by {escape(rule['settles_by'])}.{rule_marks} <b>Stop and call us if "
        f"{escape(', or '.join(rule['stop_if']))}.</b> A rep is one move. A set is a group "
        f"of reps in a row.", st["body"]))
    story.append(Paragraph("<b>My exercise log:</b> tick a box for each day you do an "
                           "exercise. Week starting: ____________", st["body"]))
    for number, entry in enumerate(exercise_set["exercises"], start=1):
        entry = {"exercise": entry} if isinstance(entry, str) else entry
        ex = read(handouts / "exercises" / f"{entry['exercise']}.yaml")
        dose = {**ex.get("dosage", {}), **entry.get("dosage", {})}
        story.append(exercise_row(number, ex, dose, entry.get("note"), st, cite, accent, width,
                                  handouts / "exercises"))
    story.append(warning_box(condition["warning_signs"], clinic, st, cite, width))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(
        "<b>Important:</b> This handout gives general information only. It is not a diagnosis "
        "and does not replace advice from your own doctor or physical therapist. Stop any "
        "exercise that causes sharp pain and ask us before you go on. If you have a warning "
        "sign, get medical help at once.", st["body"]))
    # The condition's own sources close the list, as the handout they come from would cite them.
    cite.order += [key for key in condition.get("sources", []) if key not in cite.order]
    refs = [f"<b>{n}</b> {escape(reference(sources[key]))}"
            for n, key in enumerate(cite.order, start=1)]
    story.append(Paragraph("<b>Sources</b> " + " ".join(refs), st["small"]))

    lines = (f"{clinic['name']} · {clinic['phone']} · {clinic['address']}",
             f"{clinic['email']} · {site} · {clinic.get('footer', '')}")
    doc = SimpleDocTemplate(str(out), pagesize=letter, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=15 * mm, bottomMargin=20 * mm, invariant=1,
                            initialFontName="Ref", title=exercise_set["title"])
    doc.build(story, canvasmaker=numbered_canvas(lines, (clinic["name"], condition["title"])))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], Path(sys.argv[5]))
