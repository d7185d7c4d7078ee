"""The library report as an HTML page and a PDF: one row per item, most urgent first."""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table

from careprint.library.reader import Library
from careprint.problems import display_path
from careprint.render.assets import font_files
from careprint.render.flowables import table_style
from careprint.render.markup import escape
from careprint.render.paragraph import Paragraph
from careprint.render.styles import RULE, URGENT, register_fonts, style_sheet
from careprint.render.templates import environment, render_markup
from careprint.review.report import ReportItem

TEMPLATE = "report.html.j2"


def review_status(item: ReportItem, today: dt.date) -> str:
    if item.reviewed is None:
        return ""
    if item.overdue(today):
        return f"overdue since {item.due.isoformat()}"
    return f"reviewed {item.reviewed.isoformat()}, due {item.due.isoformat()}"


def reading_level(item: ReportItem) -> str:
    if item.grade is None:
        return ""
    return f"grade {item.grade.flesch_kincaid:g} (SMOG {item.grade.smog:g})"


def report_html(library: Library, items: list[ReportItem], today: dt.date) -> str:
    env = environment(library.paths.templates)
    rows = [_row(item, today, library.paths.root) for item in items]
    return render_markup(env, TEMPLATE, clinic=library.clinic.name, today=today.isoformat(),
                         rows=rows, limit=library.clinic.reading_grade,
                         months=library.clinic.review_months)


def _row(item: ReportItem, today: dt.date, root) -> dict:
    return {"kind": item.kind, "id": item.id, "title": item.title,
            "file": _relative(item.path, root), "level": reading_level(item),
            "review": review_status(item, today), "overdue": item.overdue(today),
            "sources": ", ".join(item.sources),
            "problems": [f"{p.severity}: {p.message}" + (f" — {p.hint}" if p.hint else "")
                         for p in item.problems]}


def _relative(path, root) -> str:
    """The file as the library's editors know it: from the library folder."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(display_path(path))


def report_pdf(library: Library, items: list[ReportItem], today: dt.date) -> bytes:
    fonts = register_fonts(font_files(library))
    clinic = library.clinic
    sheet = style_sheet(fonts, clinic.colours.primary, clinic.colours.accent, "standard")
    small = sheet["small"]
    buffer = io.BytesIO()
    page = landscape(LETTER if clinic.page_size == "letter" else A4)
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, invariant=1,
                            initialFontName=fonts.regular, title="Library report",
                            author=clinic.name)
    width = page[0] - 24 * mm
    head = ["Item", "Reading level", "Review", "Sources", "Problems"]
    rows = [[Paragraph(f"<b>{h}</b>", small) for h in head]]
    for item in items:
        row = _row(item, today, library.paths.root)
        review = escape(row["review"])
        if row["overdue"]:
            review = f"<font color=\"#{URGENT.hexval()[2:]}\"><b>{review}</b></font>"
        rows.append([
            Paragraph(f"<b>{escape(item.title)}</b><br/>{escape(item.kind)} · "
                      f"{escape(row['file'])}", small),
            Paragraph(escape(row["level"]), small), Paragraph(review, small),
            Paragraph(escape(row["sources"]), small),
            Paragraph("<br/>".join(f"• {escape(p)}" for p in row["problems"]) or "—", small)])
    table = Table(rows, colWidths=[w * width for w in (0.22, 0.12, 0.14, 0.17, 0.35)],
                  repeatRows=1)
    table.setStyle(table_style(sheet, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                                       ("BACKGROUND", (0, 0), (-1, 0), sheet.accent)]))
    summary = (f"{len(items)} items; {sum(i.errors for i in items)} errors, "
               f"{sum(i.warnings for i in items)} warnings; "
               f"{sum(i.overdue(today) for i in items)} overdue for review "
               f"(every {clinic.review_months} months); reading grade limit "
               f"{clinic.reading_grade}. Made {today.isoformat()}.")
    doc.build([Paragraph(f"{escape(clinic.name)}: library report", sheet["h1"]),
               Paragraph(escape(summary), sheet["small"]), Spacer(1, 3 * mm), table])
    return buffer.getvalue()
