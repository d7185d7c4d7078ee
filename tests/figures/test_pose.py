"""figures/pose: the body keeps its proportions, bends within human limits and rests on its
support in every posture and every shipped figure."""

from __future__ import annotations

import math

import pytest

from careprint.figures import proportions as P
from careprint.figures.pose import SEGMENT_LENGTHS, full_angles, mirrored, pose
from careprint.figures.scene import FLOOR_TOLERANCE, _RESTS_ON, frames
from careprint.figures.vocabulary import MOTIONS, POSTURES
from careprint.library.model import Figure, FigureFrame

from tests.figures.helpers import shipped_figures

SHIPPED = shipped_figures()


def frames_of(figure):
    return [f for f in frames(figure) if f is not None]


def test_every_shipped_exercise_has_a_figure():
    assert len(SHIPPED) >= 21
    assert [i for i, figure in SHIPPED.items() if figure is None] == []


@pytest.mark.parametrize("exercise", sorted(SHIPPED))
def test_segments_keep_their_length_in_every_frame(exercise):
    for frame in frames_of(SHIPPED[exercise]):
        for (a, b), length in SEGMENT_LENGTHS.items():
            assert math.dist(frame.points[a], frame.points[b]) == pytest.approx(length, abs=1e-9), \
                (exercise, a, b)


@pytest.mark.parametrize("exercise", sorted(SHIPPED))
def test_every_joint_stays_within_human_limits(exercise):
    for frame in frames_of(SHIPPED[exercise]):
        for key, value in frame.angles.items():
            motion = MOTIONS[key.split("_", 1)[1]] if key.split("_", 1)[0] in ("left", "right") \
                else MOTIONS[key]
            assert motion.low <= value <= motion.high, (exercise, key, value)


@pytest.mark.parametrize("exercise", sorted(SHIPPED))
def test_the_body_rests_on_its_support_and_never_sinks_into_the_floor(exercise):
    for frame in frames_of(SHIPPED[exercise]):
        # On the floor (or a step), not through it, and resting on what should carry it.
        assert frame.lowest() == pytest.approx(0, abs=1e-9) or "step" in SHIPPED[exercise].props
        assert frame.lowest(_RESTS_ON[frame.posture]) - frame.lowest() <= FLOOR_TOLERANCE, \
            exercise


@pytest.mark.parametrize("posture", sorted(POSTURES))
def test_each_posture_rests_on_the_parts_it_should(posture):
    frame = pose(posture, full_angles(POSTURES[posture]), POSTURES[posture].flat_feet)
    assert frame.lowest() == pytest.approx(0, abs=1e-9)
    for part in _RESTS_ON[posture]:
        if posture in ("standing", "sitting", "half-kneeling") and "_" in part:
            continue  # feet: checked below, heel and toe together
        assert frame.points[part][1] - frame.radius(part) <= FLOOR_TOLERANCE, (posture, part)
    for side in POSTURES[posture].flat_feet:  # flat feet: heel and toe both down
        for end in ("heel", "toe"):
            assert frame.points[f"{side}_{end}"][1] - P.LIMB_WIDTH / 2 <= FLOOR_TOLERANCE


def test_lying_postures_lie_and_upright_ones_stand():
    standing = pose("standing", full_angles(POSTURES["standing"]))
    assert standing.points["head"][1] == pytest.approx(1 - P.HEAD_RADIUS, abs=0.03)
    for posture in ("lying-on-back", "hook-lying", "lying-on-front", "side-lying"):
        frame = pose(posture, full_angles(POSTURES[posture]))
        assert frame.points["head"][1] < 0.2, posture


def test_a_bridge_lifts_the_hips_and_keeps_shoulders_and_feet_down():
    bridge = Figure(posture="hook-lying", end=FigureFrame(angles=(("hip", 0),)))
    start, end = frames(bridge)
    assert end.points["pelvis"][1] > start.points["pelvis"][1] + 0.1  # 17 cm on 1.7 m
    assert end.points["chest"][1] - P.TRUNK_WIDTH / 2 < FLOOR_TOLERANCE
    assert min(end.points["right_heel"][1], end.points["right_toe"][1]) - P.LIMB_WIDTH / 2 \
        < FLOOR_TOLERANCE


def test_sitting_puts_a_seat_under_the_thighs_and_feet_on_the_floor():
    frame = pose("sitting", full_angles(POSTURES["sitting"]), ("left", "right"))
    hip = frame.points["right_hip"][1]
    assert frame.seat_height == pytest.approx(hip - P.LIMB_WIDTH / 2)
    assert frame.points["right_heel"][1] == pytest.approx(frame.points["right_toe"][1], abs=1e-3)


def test_mirroring_swaps_the_sides_and_keeps_the_shape():
    frame = pose("standing", full_angles(POSTURES["standing"], {"right_hip": 60}))
    other = mirrored(frame, 0)
    assert other.angles["left_hip"] == 60 and other.angles["right_hip"] == 0
    for (a, b), length in SEGMENT_LENGTHS.items():
        assert math.dist(other.points[a], other.points[b]) == pytest.approx(length)


@pytest.mark.parametrize("exercise", sorted(SHIPPED))
def test_limbs_neck_and_head_stay_joined_to_the_trunk(exercise):
    for frame in frames_of(SHIPPED[exercise]):
        p = frame.points
        for side in ("left", "right"):
            assert math.dist(p[f"{side}_hip"], p["pelvis"]) == pytest.approx(P.HIP_WIDTH / 2)
            # The shoulders ride on the chest; drawing the blades back moves them 5 cm at most.
            assert math.dist(p[f"{side}_shoulder"], p["chest"]) == pytest.approx(
                math.hypot(P.SHOULDER_WIDTH / 2, 0.012), abs=0.05)
            assert math.dist(p[f"{side}_ankle"], p[f"{side}_heel"]) < P.FOOT
        assert math.dist(p["neck"], p["chest"]) == pytest.approx(P.NECK)
        assert math.dist(p["head"], p["neck"]) < P.HEAD_RADIUS * 1.2
