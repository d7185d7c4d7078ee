"""Figure benchmark: what built-in figures cost a patient sheet, measured side by side.

Two claims from issue #10:
1. Size: a figure adds a few kilobytes to a PDF. The same six-exercise sheet is rendered with
   its figures and with the number panels that stand in without them; the difference in PDF
   bytes, divided by six, is the cost of one figure.
2. Speed: a sheet with six figures renders within about 10 % of the same sheet without them.
   Both are rendered in-process by the same Renderer, in turns (round-robin, the order
   flipping each round), after warm-up; the figures are medians. A run works out and draws
   each figure once and keeps it for every later sheet; what that first time costs is
   measured apart (the six figures drawn from nothing, the cache emptied each round).

Run from the repo root: `.venv/bin/python bench/figures.py` (about half a minute). It prints a
table and writes the rows and every sample to bench/results/figures.json (git-ignored).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from timing import cpu_note, interleave, median

from careprint.commands.opening import open_library
from careprint.document.assemble import SheetRequest, patient_sheet
from careprint.render.renderer import Renderer

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench/results/figures.json"
EXERCISES = 6
ROUNDS = 30
SIZE_CLAIM = 8 * 1024  # "a few kilobytes" per figure: ours is at most 8 KB
TIME_CLAIM = 1.10


def six_exercise_sheet(library):
    """A patient sheet of six exercises that all have figures: the sciatica sheet's, then
    others from the library's sets, numbered 1 to 6."""
    cards, seen = [], set()
    for condition in sorted(library.conditions):
        doc = patient_sheet(library, SheetRequest(condition=condition, patient="Ann Example",
                                                  date=dt.date(2026, 12, 1)))
        for card in doc.exercises:
            if card.figure is not None and card.id not in seen and len(cards) < EXERCISES:
                seen.add(card.id)
                cards.append(replace(card, number=len(cards) + 1))
    assert len(cards) == EXERCISES, "the library needs six exercises with figures"
    base = patient_sheet(library, SheetRequest(condition="sciatica", patient="Ann Example",
                                               date=dt.date(2026, 12, 1)))
    return replace(base, exercises=tuple(cards))


def first_drawing_cost(doc) -> float:
    """Seconds to work out and draw the sheet's six figures from nothing (median of rounds):
    what a run pays once, before its drawings are kept for every later sheet."""
    from reportlab.lib import colors

    from careprint.figures.draw import figure_drawing
    from careprint.figures.pdf_ops import drawing_ops
    from careprint.figures.scene import scene

    def draw_all() -> None:
        scene.cache_clear()
        for card in doc.exercises:
            drawing = figure_drawing(scene(card.figure, card.side), 102, 82,
                                     colors.HexColor("#1F5C99"))
            drawing_ops(drawing)

    return median(interleave({"draw": draw_all}, ROUNDS)["draw"])


def main() -> int:
    library, problems = open_library(REPO)
    if any(p.severity == "error" for p in problems):
        print("fix `careprint check` errors first", file=sys.stderr)
        return 1
    renderer = Renderer(library)
    with_figures = six_exercise_sheet(library)
    without = replace(with_figures, exercises=tuple(replace(c, figure=None)
                                                    for c in with_figures.exercises))
    pdfs = {name: renderer.render(doc, name) for name, doc in
            (("with figures", with_figures), ("without", without))}
    pages = {name: len(PdfReader(io.BytesIO(r.pdf)).pages) for name, r in pdfs.items()}
    sizes = {name: len(r.pdf) for name, r in pdfs.items()}
    samples = interleave({"with figures": lambda: renderer.render(with_figures, "with"),
                          "without": lambda: renderer.render(without, "without")}, ROUNDS)
    times = {name: median(s) for name, s in samples.items()}
    once = first_drawing_cost(with_figures)
    per_figure = (sizes["with figures"] - sizes["without"]) / EXERCISES
    ratio = times["with figures"] / times["without"]
    rows = [
        ("PDF size", f"{sizes['with figures'] / 1024:.1f} KB",
         f"{sizes['without'] / 1024:.1f} KB", f"+{per_figure / 1024:.1f} KB a figure",
         per_figure <= SIZE_CLAIM),
        ("render time (median)", f"{times['with figures'] * 1000:.0f} ms",
         f"{times['without'] * 1000:.0f} ms", f"{ratio:.2f}x", ratio <= TIME_CLAIM),
        ("pages", str(pages["with figures"]), str(pages["without"]), "", True),
        ("first drawing (a run)", f"{once * 1000:.1f} ms", "", "six figures, once", True),
    ]
    print(f"Six-exercise sheet, with figures vs without ({cpu_note()}, {ROUNDS} rounds)")
    print(f"{'':24}{'with figures':>14}{'without':>12}  {'difference':<22}claim")
    for name, a, b, diff, ok in rows:
        print(f"{name:24}{a:>14}{b:>12}  {diff:<22}{'ok' if ok else 'MISSED'}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"sizes": sizes, "pages": pages, "medians": times,
                                   "first_drawing_seconds": once,
                                   "ratio": ratio, "per_figure_bytes": per_figure,
                                   "samples": samples}, indent=1))
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
