"""figures/scene: a sheet prescribing one side draws that side working; "each" says which."""

from __future__ import annotations

import math

import pytest

from careprint.figures.draw import project
from careprint.figures.scene import scene
from careprint.library.model import Figure, FigureFrame

KNEE_TO_CHEST = Figure(posture="hook-lying", working="right leg",
                       end=FigureFrame(angles=(("right_hip", 120), ("right_knee", 120))))
ABDUCTION = Figure(posture="standing", view="front", working="right leg",
                   end=FigureFrame(angles=(("right_hip_abduction", 30),)))


def nearer(frame, view, a, b) -> bool:
    return project(view, frame.points[a])[2] > project(view, frame.points[b])[2]


def test_a_left_prescription_draws_the_left_leg_working_and_nearest():
    shown = scene(KNEE_TO_CHEST, "left")
    assert shown.working_side == "left"
    assert shown.end.angles["left_hip"] == 120 and shown.end.angles["right_hip"] == 45
    chest = shown.end.points["chest"]
    assert math.dist(shown.end.points["left_knee"], chest) < \
        math.dist(shown.end.points["right_knee"], chest) - 0.1  # the left knee is pulled up
    assert nearer(shown.end, "side", "left_hip", "right_hip")
    # Turned to face the other way: lying on the back, the head is now on the right.
    assert shown.end.points["head"][0] > shown.end.points["pelvis"][0]


def test_a_right_prescription_draws_it_as_written():
    shown = scene(KNEE_TO_CHEST, "right")
    assert shown.end.angles["right_hip"] == 120 and shown.end.angles["left_hip"] == 45
    assert nearer(shown.end, "side", "right_hip", "left_hip")
    assert shown.end.points["head"][0] < shown.end.points["pelvis"][0]
    assert shown.note == ""


def test_each_side_shows_one_side_with_a_note():
    assert scene(KNEE_TO_CHEST, "each").note == "Right side shown"
    assert scene(KNEE_TO_CHEST, "both").note == ""
    assert scene(KNEE_TO_CHEST, None).note == ""


def test_a_front_view_mirrors_across_the_page():
    right = scene(ABDUCTION, "right").end
    left = scene(ABDUCTION, "left").end
    # Facing the viewer, the right leg is on the page's left; the left leg on its right.
    assert project("front", right.points["right_ankle"])[0] < -0.1
    assert project("front", left.points["left_ankle"])[0] > 0.1
    assert left.angles["left_hip_abduction"] == 30


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_figure_without_a_working_side_is_never_mirrored(side):
    bridge = Figure(posture="hook-lying", end=FigureFrame(angles=(("hip", 0),)))
    assert scene(bridge, side).end.points == scene(bridge).end.points


def test_a_turn_to_the_right_is_drawn_turning_left_for_a_left_prescription():
    turn = Figure(posture="sitting", view="front", working="right side",
                  end=FigureFrame(angles=(("neck_rotation", 60),)))
    assert scene(turn, "right").end.angles["neck_rotation"] == 60
    shown = scene(turn, "left")
    assert shown.end.angles["neck_rotation"] == -60 and shown.working_side == "left"
    # Facing the viewer, a turn to the left moves the nose to the viewer's right.
    nose = project("front", shown.end.points["nose"])[0]
    assert nose > project("front", shown.end.points["head"])[0] + 0.02
    assert scene(turn, "each").note == "Right side shown"
