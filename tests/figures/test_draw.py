"""figures/draw: every shipped figure draws inside its box, as vectors, in three tones that
stay apart in greyscale."""

from __future__ import annotations

from dataclasses import replace

import pytest
from reportlab.graphics.shapes import Circle, PolyLine
from reportlab.lib import colors
from reportlab.lib.units import mm

from careprint.figures.draw import FIGURE_STYLE, _tint, figure_drawing
from careprint.figures.scene import scene
from careprint.figures.vocabulary import PROPS, VIEWS
from careprint.library.model import Figure, FigureFrame

from tests.figures.helpers import shipped_figures

SHIPPED = shipped_figures()
BLUE = colors.HexColor("#1F5C99")


def grey(colour: colors.Color) -> float:
    return 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue


def shapes(drawing):
    def walk(node):
        for child in getattr(node, "contents", []):
            yield child
            yield from walk(child)
    return list(walk(drawing))


@pytest.mark.parametrize("exercise", sorted(SHIPPED))
@pytest.mark.parametrize("side", [None, "left", "each"])
def test_every_shipped_figure_draws_inside_its_box(exercise, side):
    width = 36 * mm
    drawing = figure_drawing(scene(SHIPPED[exercise], side), width, width * 0.8, BLUE)
    assert drawing.width == pytest.approx(width)
    assert 8 * mm < drawing.height <= width * 0.8 + 1e-6
    x0, y0, x1, y1 = drawing.getBounds()
    widest = max((getattr(s, "strokeWidth", 0) or 0) for s in shapes(drawing)
                 if getattr(s, "strokeColor", None) is not None)
    scale = drawing.contents[0].transform[0]
    pad = widest * scale / 2  # bounds leave out the strokes' half-widths
    assert x0 - pad >= -0.01 and y0 - pad >= -0.01, exercise
    assert x1 + pad <= drawing.width + 0.01 and y1 + pad <= drawing.height + 0.01, exercise


def test_a_figure_has_rounded_limbs_a_head_and_a_ghost_in_lighter_tones():
    drawing = figure_drawing(scene(SHIPPED["glute-bridge"]), 36 * mm, 29 * mm, BLUE)
    lines = [s for s in shapes(drawing) if isinstance(s, PolyLine)]
    assert lines and all(s.strokeLineCap == 1 for s in lines)  # round caps
    heads = [s for s in shapes(drawing) if isinstance(s, Circle)]
    assert len(heads) >= 2  # the end frame's head and the ghost's
    tones = {grey(s.strokeColor) for s in lines if s.strokeColor is not None}
    assert grey(BLUE) in {round(t, 6) for t in tones} or any(abs(t - grey(BLUE)) < 1e-6
                                                            for t in tones)
    assert any(t > grey(BLUE) + 0.3 for t in tones)  # the ghost, much lighter


def test_near_far_and_ghost_tones_stay_apart_in_greyscale():
    near = grey(BLUE)
    far = grey(_tint(BLUE, FIGURE_STYLE.far_tint))
    ghost = grey(_tint(BLUE, FIGURE_STYLE.ghost_tint))
    assert far - near > 0.2 and ghost - far > 0.15 and ghost < 0.95


STEP_UP = Figure(posture="standing", working="right leg",
                 start=FigureFrame(angles=(("right_hip", 50), ("right_knee", 70))),
                 end=FigureFrame(angles=(("right_hip", 0), ("right_knee", 0))))


@pytest.mark.parametrize("prop", sorted(PROPS))
def test_every_prop_is_drawn(prop):
    lying = prop in ("mat", "bed", "pillow", "roll", "ball")
    sitting = prop in ("chair",)
    base = Figure(posture="hook-lying" if lying else "sitting" if sitting else "standing",
                  working="right leg", end=FigureFrame(angles=(("right_hip", 60),)))
    if prop == "step":  # under the foot that starts up on it
        base = STEP_UP
    plain = figure_drawing(scene(base), 36 * mm, 29 * mm, BLUE)
    with_prop = figure_drawing(scene(replace(base, props=(prop,))), 36 * mm, 29 * mm, BLUE)
    if prop == "floor":  # always drawn: naming it changes nothing
        assert len(shapes(with_prop)) == len(shapes(plain))
    else:
        assert len(shapes(with_prop)) > len(shapes(plain)), prop


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_every_view_draws_a_whole_figure(view):
    figure = Figure(posture="standing", view=view, working="right leg",
                    end=FigureFrame(angles=(("right_hip_abduction", 30),)))
    drawing = figure_drawing(scene(figure), 36 * mm, 29 * mm, BLUE)
    heads = [s for s in shapes(drawing) if isinstance(s, Circle)]
    assert len(heads) >= 2 and drawing.height > 5 * mm
