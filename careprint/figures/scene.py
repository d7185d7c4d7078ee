"""A figure description becomes the poses to draw: the start and end frames on their support,
lined up on what stays still, and turned to the side a sheet prescribes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from careprint.figures import proportions as P
from careprint.figures.pose import Pose, full_angles, mirrored, pose
from careprint.figures.vocabulary import POSTURES, SIDES, split_joint

if TYPE_CHECKING:
    from careprint.library.model import Figure, FigureFrame

# Below the floor by more than this (a fraction of the body's height: 3 mm on a 1.7 m
# person) is through it; less is the give of skin and mat.
FLOOR_TOLERANCE = 0.012


@dataclass(frozen=True, slots=True)
class Scene:
    """What a figure shows: the end frame, the start frame ghosted behind it, and the props."""

    end: Pose
    start: Pose | None  # None for a still picture
    view: str
    props: tuple[str, ...]
    working_side: str | None  # the side drawn working, after any mirroring
    working_limb: str | None  # leg, arm, or side (a turn or bend of the trunk or neck)
    note: str = ""  # "Right side shown" when the sheet says each side


def mirror_axis(view: str) -> int:
    """The world axis across the page: a side view's x, a front view's z."""
    return 2 if view == "front" else 0


@lru_cache(maxsize=512)
def scene(figure: Figure, side: str | None = None) -> Scene:
    """The figure's frames; for a sheet prescribing `side` (left, right, each, both), drawn
    with that side working. Kept for the run: a batch of sheets works each figure out once."""
    drawn_side, limb = _working(figure.working)
    start, end = frames(figure)
    note = ""
    if drawn_side and side in SIDES and side != drawn_side:
        axis = mirror_axis(figure.view)
        start = mirrored(start, axis) if start else None
        end = mirrored(end, axis)
        drawn_side = side
    elif drawn_side and side == "each":
        note = f"{drawn_side.capitalize()} side shown"
    return Scene(end, start, figure.view, figure.props, drawn_side, limb, note)


def _working(words: str) -> tuple[str | None, str | None]:
    parts = words.split()
    return (parts[0], parts[1]) if len(parts) == 2 else (None, None)


# Posed once per figure description and process: `check` poses each figure to test it
# against the floor, a translated library reads it again, and a sheet draws it. The poses are
# never changed in place (mirroring makes new ones).
_POSED: dict[tuple, tuple[Pose | None, Pose]] = {}


def frames(figure: Figure) -> tuple[Pose | None, Pose]:
    """(start, end) on their support, the end lined up with the start; (None, start) for a
    figure with one frame."""
    # Everything that shapes the poses; not where the frames were written.
    key = (figure.posture, figure.view, figure.working, figure.props,
           *((f.angles, f.posture) if f else None for f in (figure.start, figure.end)))
    if key not in _POSED:
        _POSED[key] = _frames(figure)
    return _POSED[key]


def _frames(figure: Figure) -> tuple[Pose | None, Pose]:
    posture = POSTURES[figure.start.posture or figure.posture]
    start_changes = _changes(figure.start)
    start = pose(posture.name, full_angles(posture, start_changes),
                 _flat(posture, start_changes), _free(posture, start_changes))
    if figure.end is None:
        return None, start
    end_changes = _changes(figure.end)
    if figure.end.posture and figure.end.posture != posture.name:
        other = POSTURES[figure.end.posture]
        end = pose(other.name, full_angles(other, end_changes), _flat(other, end_changes),
                   _free(other, end_changes))
    else:
        both = {**start_changes, **end_changes}
        end = pose(posture.name, full_angles(posture, start_changes, end_changes),
                   _flat(posture, both), _free(posture, both))
    end = _lined_up(end, start, figure)
    return start, _on_step(end, start, figure)


def _on_step(end: Pose, start: Pose, figure: Figure) -> Pose:
    """With a step under the working foot: an end frame standing on that foot stands on the
    step, as high as the foot was at the start."""
    side, _ = _working(figure.working)
    if "step" not in figure.props or side is None:
        return end
    foot = (f"{side}_heel", f"{side}_toe")
    height = start.lowest(foot)
    if height < 0.02 or end.lowest(foot) > end.lowest() + 1e-6:
        return end
    points = {n: (p[0], p[1] + height, p[2]) for n, p in end.points.items()}
    return Pose(points, end.angles, end.posture, end.seat_height)


def _changes(frame: FigureFrame) -> dict[str, float]:
    return {name: float(value) for name, value in frame.angles}


def _flat(posture, changes: dict[str, float]) -> tuple[str, ...]:
    """Sides whose feet the posture keeps flat, unless a frame gave the ankle's angle."""
    return tuple(s for s in posture.flat_feet
                 if "ankle" not in changes and f"{s}_ankle" not in changes)


def _free(posture, changes: dict[str, float]) -> tuple[str, ...]:
    """The posture's parts that stay on the floor, unless a frame gave their angles."""
    return tuple(key for key in posture.stay_down
                 if key not in changes and key.split("_")[-1] not in changes)


# The part of the body that stays where it is during the movement, by posture.
_STILL = {
    "standing": ("left_ankle", "right_ankle"), "sitting": ("left_ankle", "right_ankle"),
    "long-sitting": ("pelvis",), "lying-on-back": ("chest",), "hook-lying": ("chest",),
    "lying-on-front": ("pelvis",), "side-lying": ("pelvis",),
    "kneeling": ("left_knee", "right_knee"), "half-kneeling": ("right_knee",),
    "hands-and-knees": ("left_knee", "right_knee"),
}


def _lined_up(end: Pose, start: Pose, figure: Figure) -> Pose:
    """The end frame moved along the floor so the part that stays still is where it was
    (a sit to stand keeps its feet; a bridge its shoulders)."""
    still = list(_STILL[start.posture])
    side, _ = _working(figure.working)
    if "step" in figure.props and side:  # the body moves up onto the foot on the step
        still = [f"{side}_ankle"]
    elif len(still) == 2:  # a foot or knee lifted in either frame moves: the other stays
        down = [n for n in still if _on_floor(start, n) and _on_floor(end, n)]
        still = down or still
    shift = [sum(start.points[n][i] - end.points[n][i] for n in still) / len(still)
             for i in (0, 2)]
    points = {n: (p[0] + shift[0], p[1], p[2] + shift[1]) for n, p in end.points.items()}
    return Pose(points, end.angles, end.posture, end.seat_height)


# What each posture rests its weight on: the rest of the body is above these.
_RESTS_ON = {
    "standing": ("left_heel", "left_toe", "right_heel", "right_toe"),
    "sitting": ("left_heel", "left_toe", "right_heel", "right_toe"),
    "long-sitting": ("pelvis",), "lying-on-back": ("chest", "pelvis", "waist", "head"),
    "hook-lying": ("chest", "pelvis", "waist", "head"), "lying-on-front": ("pelvis",),
    "side-lying": ("left_shoulder",),
    "kneeling": ("left_knee", "right_knee"),
    "half-kneeling": ("right_knee", "left_heel", "left_toe"),
    "hands-and-knees": ("left_knee", "right_knee"),
}


def _on_floor(frame: Pose, name: str) -> bool:
    return frame.points[name][1] - frame.lowest() < P.ANKLE_HEIGHT + FLOOR_TOLERANCE


def floor_problems(figure: Figure) -> list[tuple[str, str]]:
    """(frame, what is wrong) for each frame in which a part of the body would have to go
    through the floor: the body is set down on its lowest part, so such a part lifts what
    should carry the weight (the feet, the back) off the floor."""
    problems = []
    start, end = frames(figure)
    named = [("start", start), ("end", end)] if start is not None else [("start", end)]
    for name, frame in named:
        # Measured from the lowest part: a body standing on a step rests on the step.
        resting = frame.lowest(_RESTS_ON[frame.posture]) - frame.lowest()
        if resting > FLOOR_TOLERANCE:
            lowest = min((n for n in frame.points if n != "nose"),
                         key=lambda n: frame.points[n][1] - frame.radius(n))
            carried = "body" if frame.posture != "standing" else "feet"
            problems.append((name, f"puts the {joint_label(lowest)} through the floor, or "
                                   f"the {carried} would float above it"))
    return problems


def joint_label(key: str) -> str:
    side, motion = split_joint(key)
    name = motion.name if motion else key
    return f"{side} {name}".replace("_", " ") if side else name.replace("_", " ")

